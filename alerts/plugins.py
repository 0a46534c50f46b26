"""Apprise's plugins loaded one scheme at a time; with `deliver`, the only home of Apprise.

Apprise's plugin manager imports every one of its 180-odd plugin modules the first
time any scheme is looked up (about 20 MiB and 0.2 s of CPU), though a service sends
to two or three schemes. `need(url)` finds the module that serves the URL's scheme,
imports it alone and enters it in the manager's maps exactly as the manager's own
`load_modules` enters each module it finds, then marks the manager loaded; Apprise
parses, checks and sends as ever. What this cannot place makes the manager load
everything, as Apprise does by itself: a URL without a scheme, a scheme that no
plugin names in its source (such as https://, which Apprise reads by trying each
plugin's native-URL parser), or a manager whose insides differ from the ones read here.
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import apprise.plugins

_MANAGER: Any = apprise.plugins.N_MGR  # untyped; a singleton shared by all of Apprise
_LOCK = threading.Lock()
_SCHEME = re.compile(r"\s*([a-z0-9]{1,32})://", re.IGNORECASE)  # Apprise's `url_to_dict`'s
_MODULE = re.compile(r"^(?P<name>(?!base|_)[a-z0-9_]+)(\.py)?$", re.IGNORECASE)  # load_modules'
_DECLARED = re.compile(r"protocol\s*=\s*(\([^)]*\)|\[[^\]]*\]|\"[^\"]*\"|'[^']*')")
"""A plugin's `protocol` or `secure_protocol` as its source spells it: a string or a list."""


class _State:
    partial = False  # the manager holds only the plugins entered here


def need(url: str) -> None:
    """Make sure Apprise's plugin manager knows the plugin for `url`'s scheme."""
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else None
    with _LOCK:
        if _MANAGER and not _State.partial:
            return  # everything is loaded
        if scheme is not None and _State.partial and scheme in _MANAGER._schema_map:
            return
        if scheme is None or not _enter(scheme):
            _load_all()


def need_all() -> None:
    """Make the manager load every plugin (to list or look up schemes no URL names yet)."""
    with _LOCK:
        if not _MANAGER or _State.partial:
            _load_all()


def loaded() -> list[str]:
    """The names of the plugin modules the manager holds (for tests and diagnostics)."""
    return sorted(_MANAGER._module_map or ()) if _MANAGER else []


def _load_all() -> None:
    if _State.partial:
        _MANAGER.unload_modules()  # forgets the partial maps; the modules stay imported
        _State.partial = False
    with _hushed():
        _MANAGER.load_modules()


def _enter(scheme: str) -> bool:
    """Enter the plugin that serves `scheme` in the manager; False if none was found."""
    found = find(scheme)
    if found is not None:
        _register(*found)
    return found is not None


def find(scheme: str) -> tuple[str, ModuleType, Any, set[str]] | None:
    """The first module (in `load_modules`' order) whose plugin declares `scheme`: its name,
    the module, the plugin class and all its schemes. Imports only the modules it tries."""
    try:
        for name in _candidates(scheme):
            module = _import(name)
            plugin = _plugin_of(module)
            schemas = set(plugin.schemas(plugin)) if plugin is not None else set()
            if scheme in schemas:
                return name, module, plugin, schemas
    except (AttributeError, ImportError, OSError, TypeError):  # an Apprise unlike this one
        pass
    return None


def _candidates(scheme: str) -> Iterator[str]:
    """The plugin modules whose source declares `scheme` as a protocol: those named after it
    first (custom_json for json://), then in `load_modules`' order. Apprise maps a scheme to
    one plugin, so the order only spares reading the other files."""
    root = Path(_MANAGER.module_path)
    quoted = (f'"{scheme}"', f"'{scheme}'")
    for entry in sorted(os.listdir(root), key=lambda entry: scheme not in entry.lower()):
        match = _MODULE.match(entry)
        if not match:
            continue
        path = root / entry
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            data = file.read_bytes()
            if scheme.encode() not in data:  # most files: no need to decode and search them
                continue
            text = data.decode("utf-8", errors="replace")
            if any(q in found for found in _DECLARED.findall(text) for q in quoted):
                yield match.group("name")
                break


def _import(name: str) -> ModuleType:
    with _hushed():
        return import_module(f"{_MANAGER.module_name_prefix}.{name}")


@contextmanager
def _hushed() -> Iterator[None]:
    """Apprise's e-mail plugin imports the stdlib `imghdr` (for PGPy), deprecated in 3.11 and
    removed in 3.13, where Apprise installs its own shim: that warning alone is hushed."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'imghdr' is deprecated", DeprecationWarning)
        yield


def _plugin_of(module: ModuleType) -> Any:
    """The module's plugin class, chosen as `load_modules` chooses it (first name with app_id)."""
    for attr in dir(module):
        if _MANAGER.module_filter_re.match(attr) and hasattr(getattr(module, attr), "app_id"):
            return getattr(module, attr)
    return None


def _register(name: str, module: ModuleType, plugin: Any, schemas: set[str]) -> None:
    """The module in the manager's maps as `load_modules` puts it; the manager marked loaded."""
    with _MANAGER._lock:
        if not _State.partial:
            _MANAGER._module_map, _MANAGER._schema_map = {}, {}
            _MANAGER._custom_module_map = {}
            _MANAGER._loaded.add(_MANAGER.module_path)
            _State.partial = True
        _MANAGER._module_map[name] = {
            "plugin": {plugin},
            "module": module,
            "path": f"{_MANAGER.module_name_prefix}.{name}",
            "native": True,
        }
        for schema in schemas:
            _MANAGER._schema_map.setdefault(schema, plugin)  # load_modules keeps the first too
