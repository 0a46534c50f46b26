"""Sends one rendered alert to one Apprise target URL; with `plugins`, the home of Apprise.

Owns target labels (safe to log), target keys (safe to store), URL checks and one
send. It does not retry, schedule or remember anything: the outbox does. Apprise's
plugin for a URL's scheme is loaded when a URL of that scheme is first parsed
(`plugins.need`), not all 180-odd of them at import.

Secrets: Apprise and urllib3 log full request URLs at DEBUG (a Discord webhook
token is part of its path) and some errors at ERROR with the raw URL. While a
target is being parsed or sent to, a filter on those loggers masks that
target's secret parts in every record, so the operator keeps Apprise's
diagnostics without the tokens. Values from `${VAR}` (`secrets.py`) are masked
in every label and error too, wherever they sit in the URL.

Connections: Apprise's generic webhooks (json://, form://, xml:// and their s-forms)
post with `requests.request`, a new connection for every message. Sent with a
`Connections` (one delivery pass, `connections.py`), those posts go through the
sending thread's kept-alive `requests.Session` instead, so a burst to one host uses
one connection, and Apprise calls them in that thread (no thread hop a message);
Apprise still parses the URL and builds, times and checks every request, and the
send is cut at the same deadline. A session whose send failed is dropped.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import apprise
import requests
from apprise.plugins import custom_form, custom_json, custom_xml

from . import plugins
from .connections import Connections, current_session, keeping
from .secrets import MASK, known, mask

log = logging.getLogger(__name__)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]{0,31})://")
_TOKEN_SPLIT = re.compile(r"[/:@?&=#,;\s]+")
_MIN_SECRET = 3  # shorter pieces ("1", "ab") would mask half of every log line
_SECRET_PARAM = re.compile(r"^[+\-:]|token|key|secret|pass|auth|sig|code", re.IGNORECASE)
# Generic webhooks: Apprise treats their path as an address, but tokens often live there.
_WEBHOOK_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})
_TOKEN_LENGTH = 20  # a path segment this long reads as a key ("hooks" and "alice" do not)
_MIXED_TOKEN_LENGTH = 8  # nor does "v2"; "2a7f9c1e" does
# Options Apprise writes into every URL it prints, at their defaults.
_DEFAULT_OPTIONS = frozenset({"overflow=upstream", "retry=0", "wait=0.5", "optional=no"})
# Filters apply only to records logged on the logger itself, not on its children,
# so every urllib3 module that can log a request URL (path tokens) is listed.
_LOGGERS = (
    "apprise",
    "urllib3.connection",
    "urllib3.connectionpool",
    "urllib3.poolmanager",
    "urllib3.response",
    "urllib3.util.retry",
)


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send: `error` is one line without secrets."""

    ok: bool
    error: str | None = None


class _Redactor(logging.Filter):
    """Masks the secrets of every target currently in use in the records of a logger."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._active: Counter[str] = Counter()

    @contextmanager
    def hiding(self, secrets: Iterable[str]) -> Iterator[None]:
        held = list(secrets)
        with self._lock:
            self._active.update(held)
        try:
            yield
        finally:
            with self._lock:
                self._active.subtract(held)
                self._active += Counter()  # drops the zero counts

    def scrub(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._active, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return mask(text)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._active:
            return True
        record.msg, record.args = self.scrub(record.getMessage()), None
        if record.exc_info:
            trace = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = self.scrub(trace), None
        return True


_REDACTOR = _Redactor()
for _name in _LOGGERS:
    logging.getLogger(_name).addFilter(_REDACTOR)


class QuietApprise(logging.Filter):
    """For a console handler: leaves out Apprise's records below ERROR.

    The outbox says each send in one line, with Apprise's reason when it failed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or not record.name.startswith("apprise")


def target_key(url: str) -> str:
    """A stable sha256 hex of the full URL: keys outbox rows without storing the secret."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def target_label(url: str) -> str:
    """The privacy form of a target URL, safe to log and show; `scheme://…` if unparseable."""
    return _label(url, _instantiate(url))


class _Silence(logging.Filter):
    """Drops Apprise's records from the threads that are only checking a URL."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread not in self.threads


_SILENCE = _Silence()
logging.getLogger("apprise").addFilter(_SILENCE)


def check_target(url: str) -> str | None:
    """None if Apprise understands `url`, else a reason that does not repeat its secrets.

    Apprise's own complaints are silenced here: the reason returned says it once.
    """
    me = threading.get_ident()
    _SILENCE.threads.add(me)
    try:
        service = _instantiate(url)
    finally:
        _SILENCE.threads.discard(me)
    if service is not None:
        return None
    scheme = _scheme(url)
    if scheme is None:
        return "not an Apprise URL: it must start with a service scheme such as discord://"
    if scheme not in apprise.plugins.N_MGR:  # every plugin is loaded when `need` found none
        return f"unknown Apprise service {scheme}://"
    return f"{scheme}:// URL is incomplete or malformed for that service (see the Apprise wiki)"


def send(
    url: str, title: str, body: str, timeout: float = 15.0, connections: Connections | None = None
) -> SendResult:
    """Send one Markdown alert to one target; never raises.

    `timeout` is both the connect and the read timeout (a URL's own `cto=` or `rto=`
    wins), so the call takes at most about twice it. With `connections` (a pass), the
    URL is parsed once for the pass and a webhook's connection is kept for the next
    message to its host.
    """
    kept = connections if connections is not None and keeping() else None
    target = kept.remember(url, lambda: _Target.of(url, kept=True)) if kept else _Target.of(url)
    if target.service is None:
        return _failed(target.label, "Apprise cannot parse this URL")
    with _REDACTOR.hiding(target.secrets):
        result = _notify(target, title, body, timeout, kept)
    log.debug("alert %s: %s", "sent" if result.ok else "not sent", target.label)
    return result


@dataclass(frozen=True, slots=True)
class _Target:
    """A URL as sending needs it: Apprise's service, the label, its secrets, the options it
    sets; `in_thread` when its requests go through a kept session in the sending thread."""

    service: Any
    label: str
    secrets: frozenset[str]
    given: frozenset[str]
    apprise: Any  # an Apprise holding only `service`, reused (it loads its locale when made)
    in_thread: bool = False

    @classmethod
    def of(cls, url: str, kept: bool = False) -> _Target:
        in_thread = kept and _scheme(url) in _WEBHOOK_SCHEMES
        service = _instantiate(url, _IN_THREAD if in_thread else None)
        label = _label(url, service)
        holder = apprise.Apprise(service) if service is not None else None
        return cls(service, label, frozenset(_secrets(url, label)), frozenset(_options(url)),
                   holder, in_thread)  # fmt: skip


_IN_THREAD = apprise.AppriseAsset(service_timeout=0)
"""For webhooks sent through a kept session: Apprise calls them in the sending thread (its
own deadline, a thread to abandon, is off); `Connections.sending` cuts them at theirs."""


class _Requests:
    """`requests` as Apprise's webhook plugins see it: `request` goes through the kept
    session of the message being sent, if any; everything else is `requests` itself."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    @staticmethod
    def request(method: str, url: str, **kwargs: Any) -> requests.Response:
        session = current_session()
        if session is None:
            return requests.request(method, url, **kwargs)
        return session.request(method, url, **kwargs)


for _plugin in (custom_json, custom_form, custom_xml):
    _plugin.requests = _Requests()  # type: ignore[attr-defined]  # see the module's docstring


def _options(url: str) -> set[str]:
    """The names of the options `url` sets itself (`?rto=30&cto=5`), lower case."""
    try:
        return {key.lower() for key, _ in parse_qsl(urlsplit(url.strip()).query)}
    except ValueError:
        return set()


def _notify(
    target: _Target, title: str, body: str, timeout: float, kept: Connections | None
) -> SendResult:
    """One Apprise call with the service's connect and read timeouts set to `timeout`."""
    service, label = target.service, target.label
    if "cto" not in target.given:
        service.socket_connect_timeout = timeout
    if "rto" not in target.given:
        service.socket_read_timeout = timeout
    client = getattr(service, "client", None)  # MQTT's paho client keeps its own 5 s connect
    if client is not None and isinstance(getattr(client, "connect_timeout", None), float):
        client.connect_timeout = timeout
    deadline = service.socket_connect_timeout + service.socket_read_timeout + 1.0
    kwargs = {"body": body, "title": title, "body_format": apprise.NotifyFormat.MARKDOWN}
    try:
        if kept is not None and target.in_thread:
            return _in_thread(target, kwargs, deadline, kept)
        outcome = target.apprise.notify(**kwargs, timeout=deadline)
    except Exception as error:  # Apprise reports most failures as values; a bug must not escape
        return _failed(label, f"{type(error).__name__}: {error}")
    if outcome:
        return SendResult(ok=True)
    return _failed(label, _reason(outcome))


def _in_thread(
    target: _Target, kwargs: dict[str, Any], deadline: float, kept: Connections
) -> SendResult:
    """A webhook sent in this thread over its kept session, cut at `deadline`.

    With no retries asked for (`retry=0`, Apprise's default), the service is called
    directly: Apprise's dispatch would add only the retry loop and a result object
    costing as much as the request, and the reason for a failure is the last warning
    the service logged, as in Apprise's result.
    """
    with kept.sending(deadline) as watch, _LAST_WORDS.listening() as heard:
        if getattr(target.service, "retry", 0):
            outcome = target.apprise.notify(**kwargs)
            ok, reason = bool(outcome), "" if outcome else _reason(outcome)
        else:
            ok = bool(target.service.notify(**kwargs))
            reason = f"failure: {heard[-1]}" if heard else "failure"
    if not ok:
        kept.drop()  # a connection left half-used or closed: the next send opens one
    if watch.expired:
        return _failed(target.label, f"timeout: no complete answer within {deadline:g}s")
    return SendResult(ok=True) if ok else _failed(target.label, reason)


class _LastWords(logging.Filter):
    """Keeps what Apprise warns of in a thread while it listens (on the `apprise` logger)."""

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()

    @contextmanager
    def listening(self) -> Iterator[list[str]]:
        heard: list[str] = []
        self._local.heard = heard
        try:
            yield heard
        finally:
            self._local.heard = None

    def filter(self, record: logging.LogRecord) -> bool:
        heard = getattr(self._local, "heard", None)
        if heard is not None and record.levelno >= logging.WARNING:
            heard.append(record.getMessage())
        return True


_LAST_WORDS = _LastWords()
logging.getLogger("apprise").addFilter(_LAST_WORDS)


def _reason(outcome: Any) -> str:
    """Apprise's status plus the last warning or error it logged for the service."""
    status = outcome.status.name.lower()
    entries = [entry for service in outcome.results for entry in service.logs()]  # WARNING+
    return f"{status}: {entries[-1].message}" if entries else status


def _failed(label: str, reason: str) -> SendResult:
    """A failed result with one scrubbed line; the caller says it (the outbox in its one line)."""
    return SendResult(ok=False, error=" ".join(_REDACTOR.scrub(f"{label}: {reason}").split()))


def _instantiate(url: str, asset: Any = None) -> Any:
    """Apprise's service object for `url`, or None; secrets hidden while Apprise logs about it."""
    plugins.need(url)
    with _REDACTOR.hiding(_secrets(url, f"{_scheme(url) or ''}://")):
        try:
            return apprise.Apprise.instantiate(url, asset=asset)
        except Exception:  # a malformed URL is reported by check_target, not raised
            return None


def _label(url: str, service: Any) -> str:
    """The privacy form, with secrets Apprise leaves in the path or query masked too.

    Apprise masks a password but shows a generic webhook's path as is, so a token
    there (`json://host/hooks/TOKEN`), or the password repeated in the path, would
    show. Apprise's default options are left out: they say nothing about the target.
    """
    if service is None:
        return f"{_scheme(url) or '?'}://…"
    privacy = str(service.url(privacy=True))
    parts = urlsplit(privacy)
    hidden = {unquote(t) for t in _secrets(url, privacy) | _password(url) | set(known())}
    webhook = parts.scheme.lower() in _WEBHOOK_SCHEMES
    path = "/".join(
        MASK if unquote(seg) in hidden or (webhook and _looks_like_token(unquote(seg))) else seg
        for seg in parts.path.split("/")
    )
    pairs = [pair for pair in parts.query.split("&") if pair and pair not in _DEFAULT_OPTIONS]
    query = "&".join(_mask_param(pair, hidden) for pair in pairs)
    return mask(urlunsplit(parts._replace(path=path, query=query)))


def _password(url: str) -> set[str]:
    """The password in `url`'s user info, if any: a secret wherever else it appears."""
    try:
        password = urlsplit(url.strip()).password
    except ValueError:
        return set()
    return {password} if password and len(password) >= _MIN_SECRET else set()


def _looks_like_token(segment: str) -> bool:
    """A path segment that reads like a key: long, or letters mixed with digits."""
    if len(segment) >= _TOKEN_LENGTH:
        return True
    mixed = any(c.isdigit() for c in segment) and any(c.isalpha() for c in segment)
    return mixed and len(segment) >= _MIXED_TOKEN_LENGTH


def _mask_param(pair: str, hidden: set[str]) -> str:
    """`key=value` as Apprise wrote it, the value masked if it is or may carry a secret."""
    key, equals, value = pair.partition("=")
    secret = _SECRET_PARAM.search(unquote(key)) or unquote(value) in hidden
    return f"{key}{equals}{MASK}" if equals and secret else pair


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else None


def _secrets(url: str, label: str) -> set[str]:
    """The pieces of `url` that its label does not show: tokens, passwords, webhook ids."""
    shown = set(_tokens(label))
    return {t for t in _tokens(url) if len(t) >= _MIN_SECRET and t not in shown}


def _tokens(text: str) -> Iterator[str]:
    """The pieces of `text`, raw and decoded; a decoded piece is split again.

    Apprise's label writes `to=fan%40example.com`; the pieces of the decoded form
    (`fan`, `example.com`) must count as shown, or every error line masks them.
    """
    for piece in _TOKEN_SPLIT.split(text):
        yield piece
        decoded = unquote(piece)
        if decoded != piece:
            yield decoded
            yield from _TOKEN_SPLIT.split(decoded)


def known_scheme(scheme: str) -> bool:
    """Whether Apprise has a service for `scheme` (`discord`, `mailto`; no `://`)."""
    plugins.need_all()  # `web.allowed_schemes` names many at once: a scan for each costs more
    return scheme in apprise.plugins.N_MGR
