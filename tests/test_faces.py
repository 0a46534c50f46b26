"""The packages' lazy public faces, `check-config`'s small import, and Apprise's plugins loaded
one scheme at a time (issue 12: start-up time and idle memory)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import alerts
import scraper
from alerts import plugins
from alerts.config import WEB_SCHEMES

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> list[str]:
    """`code` in a new interpreter (a fresh Apprise plugin manager): its output lines."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)  # fmt: skip
    return done.stdout.strip().splitlines()


def type_checking_names(package: ModuleType) -> dict[str, tuple[str, str]]:
    """What the face's `if TYPE_CHECKING:` imports say: public name -> (module, its name there)."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.dump(n))
    return {
        alias.asname or alias.name: ("." + str(node.module), alias.name)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


@pytest.mark.parametrize("package", [alerts, scraper], ids=["alerts", "scraper"])
def test_a_face_names_each_public_name_where_the_type_checker_finds_it(
    package: ModuleType,
) -> None:
    declared = type_checking_names(package)
    homes = {
        name: home if isinstance(home, tuple) else (home, name)
        for name, home in package._HOMES.items()
    }
    assert homes == declared
    assert set(package.__all__) - {"model_detect", "model_explain"} == set(declared)


@pytest.mark.parametrize("package", [alerts, scraper], ids=["alerts", "scraper"])
def test_every_public_name_is_the_object_its_module_defines(package: ModuleType) -> None:
    for name, (module, attr) in type_checking_names(package).items():
        home = importlib.import_module(module, package.__name__)
        assert getattr(package, name) is getattr(home, attr), name


def test_detect_and_events_stay_the_function_and_the_table_after_their_modules_load() -> None:
    lines = run(
        "import sys\n"
        "import alerts.detect, alerts.events  # the submodules of the same names load first\n"
        "import alerts\n"
        "print(alerts.detect is sys.modules['alerts.detect'].detect,"
        " alerts.events is sys.modules['alerts.tables'].events)\n"
    )
    assert lines == ["True True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        _ = alerts.nothing_here
    with pytest.raises(ImportError):
        exec("from scraper import nothing_here", {})


def test_check_config_imports_the_config_path_and_one_apprise_plugin_only(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "version: 1\nsources:\n  - name: tv\n    feed: http://127.0.0.1:9/feed/\n"
        "series:\n  - title: Harbor Lights\nsubscribers:\n  - name: fan\n"
        "    notify: ['json://127.0.0.1:9/']\n"
    )
    lines = run(
        "import sys, radar_cli\n"
        f"code = radar_cli.main(['-c', {str(config)!r}, 'check-config'])\n"
        "heavy = ('sqlalchemy', 'feedparser', 'httpx', 'scrapy', 'apscheduler', 'jinja2',"
        " 'alembic', 'scheduler', 'scraper.store', 'alerts.detect')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))\n"
        "from alerts import plugins\n"
        "print(plugins.loaded())\n"
    )
    assert lines == [f"{config}: ok (1 source, 1 series, 1 subscriber)", "0 []", "['custom_json']"]


def test_only_the_plugins_of_the_schemes_used_load_and_a_native_url_loads_them_all() -> None:
    lines = run(
        "from alerts import check_target, plugins\n"
        "print(check_target('json://127.0.0.1:9/'), check_target('tgram://123456789:abcdefg_hijklmnop/12315544/'))\n"
        "print(plugins.loaded())\n"
        "print(check_target('tgram://'))\n"
        # Apprise reads a service's own https:// URL by trying every plugin's native parser
        "print(check_target('https://discord.com/api/webhooks/4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js'))\n"
        "print(len(plugins.loaded()) > 100, check_target('json://127.0.0.1:9/'))\n"
        "print(check_target('nosuch://x'))\n"
    )  # fmt: skip
    assert lines == [
        "None None",
        "['custom_json', 'telegram']",
        "tgram:// URL is incomplete or malformed for that service (see the Apprise wiki)",
        "None",
        "True None",
        "unknown Apprise service nosuch://",
    ]


def test_an_unknown_scheme_first_loads_every_plugin_then_says_it_is_unknown() -> None:
    lines = run(
        "from alerts import check_target, plugins\n"
        "print(check_target('nosuch://x'), len(plugins.loaded()) > 100)\n"
    )
    assert lines == ["unknown Apprise service nosuch:// True"]


def test_the_plugin_found_for_a_scheme_is_the_one_a_full_load_maps_it_to() -> None:
    plugins.need_all()
    manager = plugins._MANAGER
    schemes = sorted(manager.schemas())
    assert set(WEB_SCHEMES) | {"json", "jsons", "xml", "form", "apprise"} <= set(schemes)
    found = {scheme: plugins.find(scheme) for scheme in schemes}
    for scheme, hit in found.items():
        # None only for a plugin that builds its protocol list (D-Bus): those load everything
        assert hit is None or hit[2] is manager[scheme], scheme
    assert all(found[s] is not None for s in (*WEB_SCHEMES, "json", "jsons", "xml", "form"))
    missed = [s for s, hit in found.items() if hit is None]
    assert len(missed) <= 10, missed


def test_httpx_loads_without_its_command_line_client() -> None:
    lines = run(
        "import sys, scraper, httpx\n"
        "print(sys.modules.get('httpx._main'), 'rich' in sys.modules, callable(httpx.main))\n"
    )
    assert lines == ["None False True"]


def test_the_installed_command_runs_the_service_with_the_cycle_collector_on(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("version: 1\nseries:\n  - title: Harbor Lights\n")
    (tmp_path / "empty.jsonl").write_text("")
    code = (
        "import gc, sys, radar_cli, scheduler\n"
        "config, stories = sys.argv[1:]\n"
        "seen = []\n"
        "real = scheduler.run\n"
        "scheduler.run = lambda args: seen.append(gc.isenabled()) or real(args)\n"
        "for command in (['check-config'], ['detect', '--jsonl', stories]):\n"
        "    sys.argv[1:] = ['-c', config, *command]\n"
        "    gc.enable()\n"
        "    print(radar_cli.cli(), gc.isenabled(), seen)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(config), str(tmp_path / "empty.jsonl")],
                          capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    # check-config reads one file and ends with the collector paused; the service turns it on
    assert done.stdout.splitlines()[-2:] == ["0 False []", "0 True [True]"]
