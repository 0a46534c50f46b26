"""Secrets by provenance: every value the config took from `${VAR}`, masked wherever text goes.

The config loader calls `remember` for each value it puts in place of a `${VAR}`;
`mask` hides them (raw, URL-decoded and URL-encoded) in any text, whatever their
length or alphabet, and every log record is masked as it is made. This is on top
of Apprise's privacy form, which knows a service's secret fields but not which of
its other parts (a webhook path, a user name) the operator keeps secret.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any
from urllib.parse import quote, quote_plus, unquote

MASK = "****"
MIN_SECRET = 4
"""Shorter values are not masked: a 1-3 character secret guards nothing, and masking it
would blank every port number and count that happens to contain it."""

_lock = threading.Lock()
_forms: list[str] = []  # every form of every remembered value, longest first


def remember(value: str) -> None:
    """Take `value` (from the environment) as a secret: `mask` hides it from now on."""
    if len(value) < MIN_SECRET:
        return
    plain = unquote(value)
    forms = {value, plain, quote(plain, safe=""), quote(plain), quote_plus(plain)}
    forms |= {quote(value, safe=""), quote_plus(value), _decoded_but_slashes(value)}
    with _lock:
        global _forms
        _forms = sorted(set(_forms) | {f for f in forms if len(f) >= MIN_SECRET}, key=len)[::-1]
    _install()


def _decoded_but_slashes(value: str) -> str:
    """`value` URL-decoded except `%2F`, as a URL path keeps it (and Apprise logs it)."""
    return "%2F".join(unquote(part) for part in re.split("%2[Ff]", value))


def mask(text: str) -> str:
    """`text` with every remembered secret, in any of its forms, replaced by `****`."""
    for form in _forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def forget() -> None:
    """Forget every remembered value (a test's environment is its own)."""
    global _forms
    with _lock:
        _forms = []


def known() -> list[str]:
    """The forms being masked, longest first (to hide them from Apprise's own logs too)."""
    return list(_forms)


_installed = False


def _install() -> None:
    """Mask every log record as it is made, from any logger, once a secret is known."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _mask_record(record)
        return record

    logging.setLogRecordFactory(factory)


def _mask_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging reports it when the record is emitted
        return
    if (masked := mask(message)) != message:
        record.msg, record.args = masked, None
    if record.exc_info:
        trace = logging.Formatter().formatException(record.exc_info)
        if (masked := mask(trace)) != trace:
            record.exc_text, record.exc_info = masked, None
