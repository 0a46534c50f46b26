"""Reads and validates `config.yaml` (version 1): every problem at once, each with its path.

Owns the file's shape and its error messages. It turns the file into plain typed
values (`Config`); it does not schedule, fetch or send anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ByteSize,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .deliver import check_target
from .secrets import mask, remember
from .timing import parse_clock, parse_quiet

EVENTS = ("renewed", "cancelled", "ending", "revived")
EventName = Literal["renewed", "cancelled", "ending", "revived"]
DEFAULT_DATABASE = "sqlite:///renewal-radar.db"

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """The config file cannot be used; `problems` holds one line per problem."""

    def __init__(self, path: str | os.PathLike[str], problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))


def parse_duration(value: Any) -> timedelta:
    """`30s`, `10m`, `1h`, `1d` as a `timedelta`; a bare number is refused (which unit?)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML reads `1:30` unquoted as the number 90, and a bare `10` leaves its unit unsaid
        raise ValueError(f"not a duration: {value!r} (give a unit, as in 10m or 90s)")
    m = _DURATION.match(value) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"not a duration: {value!r} (use a number and s, m, h or d, as in 10m)")
    return timedelta(**{_UNITS[m[2]]: int(m[1])})


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


Duration = Annotated[timedelta, BeforeValidator(parse_duration), PlainSerializer(format_duration)]


def expand_env(value: str, environ: Mapping[str, str]) -> str:
    """Replace each `${VAR}` from `environ`; a missing variable is an error naming it.

    Every value put in place is remembered as a secret (`secrets.mask` hides it).
    """
    missing = [name for name in _ENV_REF.findall(value) if name not in environ]
    if missing:
        raise ValueError(f"environment variable {', '.join(missing)} is not set")
    for name in _ENV_REF.findall(value):
        remember(environ[name])
    return _ENV_REF.sub(lambda m: environ[m[1]], value)


def _expand_env_field(value: str, info: ValidationInfo) -> str:
    environ = (info.context or {}).get("environ", os.environ)
    return expand_env(value, environ)


EnvString = Annotated[str, AfterValidator(_expand_env_field)]
"""A string in which `${VAR}` is replaced from the environment (a notify URL, the database)."""


def _notify_url(value: str) -> str:
    reason = check_target(value)
    if reason:
        raise ValueError(reason)
    return value


NotifyURL = Annotated[EnvString, AfterValidator(_notify_url)]
"""An Apprise URL, checked without ever echoing its secrets."""


def _template(value: str) -> str:
    from .message import check_template  # Jinja loads only for a config that has a template

    reason = check_template(value)
    if reason:
        raise ValueError(reason)
    return value


def _digest_template(value: str) -> str:
    from .message import check_template

    reason = check_template(value, digest=True)
    if reason:
        raise ValueError(reason)
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name such as Europe/Berlin)"
        ) from None
    return value


def _quiet(value: str) -> str:
    parse_quiet(value)
    return value


Template = Annotated[str, AfterValidator(_template)]
DigestTemplate = Annotated[str, AfterValidator(_digest_template)]
ZoneName = Annotated[str, AfterValidator(_zone)]
QuietHours = Annotated[str, AfterValidator(_quiet)]


def _clock(value: Any) -> Any:
    if isinstance(value, str):
        return parse_clock(value)
    if isinstance(value, int) and not isinstance(value, bool):  # YAML's 9:00 is 540
        raise ValueError(f'not a time of day: {value!r} (quote it, as in "09:00")')
    return value


Clock = Annotated[time, BeforeValidator(_clock)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+[^\s]*$", value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _selector(value: str) -> str:
    from scraper import check_selector  # only a config that crawls has selectors

    reason = check_selector(value)
    if reason:
        raise ValueError(reason)
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as e:
        raise ValueError(f"not a regular expression: {e}") from None
    return value


HttpURL = Annotated[str, BeforeValidator(str), AfterValidator(_http_url)]
Selector = Annotated[str, AfterValidator(_selector)]
Regex = Annotated[str, AfterValidator(_regex)]


_KINDS_PROBLEM = "give exactly one of feed, sitemap or crawl"
_LINKS_PROBLEM = "give follow (a CSS selector) or allow (a URL regex) for article links"
_SPIDER_KEYS = ("max_age", "max_pages", "delay", "timeout")


def _second(value: timedelta | None) -> timedelta | None:
    if value is not None and value < timedelta(seconds=1):
        raise ValueError("must be at least 1s")
    return value


class CrawlConfig(_Strict):
    """Listing pages to crawl: article links by CSS selector (`follow`) or URL regex (`allow`)."""

    start: list[HttpURL] = Field(min_length=1)
    follow: Selector | None = None
    allow: Regex | None = None
    next: Selector | None = None
    pages: int = Field(default=3, ge=1, le=100)

    @model_validator(mode="after")
    def _has_links(self) -> CrawlConfig:
        if self.follow is None and self.allow is None:
            raise ValueError(_LINKS_PROBLEM)
        return self


class SourceConfig(_Strict):
    """One source: a `feed`, a news `sitemap`, or listing pages to `crawl` (exactly one)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)
    feed: HttpURL | None = None
    sitemap: HttpURL | None = None
    crawl: CrawlConfig | None = None
    every: Duration = timedelta(minutes=15)
    max_age: Duration = timedelta(days=2)  # spider jobs: older sitemap entries are skipped
    max_pages: int = Field(default=200, ge=1, le=10_000)  # spider jobs: pages per run
    delay: Duration = timedelta(seconds=1)  # spider jobs: least wait between two requests
    timeout: Duration = timedelta(minutes=5)  # spider jobs: a crawl is killed after this
    fetch_timeout: Duration | None = None  # feeds: replaces the top-level fetch_timeout

    @field_validator("every", "timeout", "max_age", "fetch_timeout")
    @classmethod
    def _not_too_often(cls, value: timedelta | None) -> timedelta | None:
        return _second(value)

    @model_validator(mode="after")
    def _one_kind(self) -> SourceConfig:
        given = [k for k in ("feed", "sitemap", "crawl") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(_KINDS_PROBLEM)
        return self

    @property
    def url(self) -> str:
        """The URL that names this source: the feed, the sitemap, or the first listing page."""
        return self.feed or self.sitemap or (self.crawl.start[0] if self.crawl else "")


class SeriesConfig(_Strict):
    title: str = Field(min_length=1)
    aliases: list[Annotated[str, Field(min_length=1)]] = []
    network: str | None = None


class TemplateConfig(_Strict):
    title: Template | None = None  # an instant alert's
    body: Template | None = None
    digest: DigestTemplate | None = None  # a digest's body


class SubscriberConfig(_Strict):
    name: str = Field(min_length=1)
    notify: list[NotifyURL] = Field(min_length=1)
    series: Literal["all"] | list[str] = "all"
    events: list[EventName] = ["renewed", "cancelled", "ending", "revived"]
    mode: Literal["instant", "digest"] = "instant"
    digest_at: Clock = time(8, 0)
    timezone: ZoneName = "UTC"
    quiet_hours: QuietHours | None = None
    min_reports: int = Field(default=1, ge=1, le=20)
    template: TemplateConfig = TemplateConfig()

    def follows(self, series: str, event: str) -> bool:
        wanted = self.series == "all" or series.casefold() in {s.casefold() for s in self.series}
        return wanted and event in self.events


class DetectionConfig(_Strict):
    # "rules": alerts/detect.py; "model": alerts/detection (learned; see the README's figures)
    detector: Literal["rules", "model"] = "rules"
    # an event alerts once its reports weigh this much (outlets combine: alerts.events.weight)
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    # claims from here up to min_confidence are kept as reports that wait for another outlet
    report_floor: float = Field(default=0.3, ge=0.0, le=1.0)
    max_age: Duration = timedelta(days=7)  # older stories are stored but never alert
    # characters of a story's text stored (and read); "200KB" = 200,000, or a plain number
    max_text: ByteSize = Field(default=ByteSize(200_000), ge=1_000)

    @model_validator(mode="after")
    def _floor_below_alert(self) -> DetectionConfig:
        if self.report_floor > self.min_confidence:
            raise ValueError(
                f"report_floor ({self.report_floor}) must not exceed min_confidence "
                f"({self.min_confidence}): a report that alone alerts cannot wait for another"
            )
        return self


class HealthConfig(_Strict):
    failures_before_alert: int = Field(default=3, ge=1)  # a source's failures in a row
    empty_runs_before_alert: int = Field(default=3, ge=1)  # runs in a row finding no article


class DeliveryConfig(_Strict):
    retry: list[Duration] = [parse_duration(d) for d in ("1m", "5m", "30m", "2h", "12h")]
    timeout: Duration = timedelta(seconds=15)


CRAWL_MARGIN = timedelta(seconds=30)
"""How much longer than the longest crawl a task may stay unacknowledged before redelivery."""


class CeleryConfig(_Strict):
    """Scale-out over Celery workers (`executor: celery`): the queue and its redelivery."""

    queue: str = Field(default="renewal-radar", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    concurrency: int = Field(default=4, ge=1, le=256)  # tasks at once in one worker
    # A task whose worker vanished is handed to another after this; longer than any crawl.
    visibility_timeout: Duration = timedelta(hours=1)

    @field_validator("visibility_timeout")
    @classmethod
    def _long_enough(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=10):
            raise ValueError("must be at least 10s")
        return value


WEB_SCHEMES = (
    "discord", "slack", "tgram", "matrix", "matrixs", "mmost", "mmosts", "rocket", "rockets",
    "gchat", "zulip", "revolt", "guilded", "wxteams", "webex", "workflow", "workflows",
    "ntfy", "ntfys", "pover", "pbul", "gotify", "gotifys", "pjet", "pjets", "prowl", "join",
    "bark", "barks", "spush", "pushed", "signal", "signals", "mastodon", "mastodons",
    "mailto", "mailtos",
)  # fmt: skip
"""Chat, push and mail services: what fans may submit on the web unless `web.allowed_schemes`
says otherwise. Raw HTTP posting (json, xml, form, apprise) is left out: it reaches any host."""


def _from_environment(value: Any) -> Any:
    if isinstance(value, str) and not _ENV_REF.search(value):
        raise ValueError("must come from the environment: write ${VAR} and set VAR")
    return value


def _scheme_name(value: str) -> str:
    from .deliver import known_scheme

    value = value.strip().lower().removesuffix("://")
    if not known_scheme(value):
        raise ValueError(f"unknown Apprise service {value}://")
    return value


def _long(value: str) -> str:
    if len(value) < 16:
        raise ValueError("must be at least 16 characters (e.g. `openssl rand -hex 32`)")
    return value


def _listen(value: str) -> str:
    if not re.match(r"^(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]*):\d{1,5}$", value):
        raise ValueError(f"not HOST:PORT: {value!r} (as in 127.0.0.1:8080 or [::1]:8080)")
    return value


class WebConfig(_Strict):
    """The fans' web face (`renewal-radar web`): pages, subscriptions, feeds, API, /healthz."""

    base_url: HttpURL
    secret: Annotated[EnvString, BeforeValidator(_from_environment), AfterValidator(_long)]
    listen: Annotated[str, BeforeValidator(str), AfterValidator(_listen)] = "127.0.0.1:8080"
    admin_token: Annotated[EnvString, BeforeValidator(_from_environment)] | None = None
    allowed_schemes: list[Annotated[str, AfterValidator(_scheme_name)]] = list(WEB_SCHEMES)
    digests: bool = True  # fans may choose a daily digest
    digest_at: Clock = time(8, 0)  # the form's default time
    timezone: ZoneName = "UTC"  # the form's default zone
    subscribe_per_hour: int = Field(default=10, ge=1)  # per client address
    codes_per_day: int = Field(default=3, ge=1)  # confirmation messages per target URL
    behind_proxy: bool = False  # trust X-Forwarded-For's last hop as the client address
    stale_heartbeat: Duration = timedelta(minutes=5)  # /healthz: the scheduler's last beat
    stale_fetch: Duration = timedelta(hours=6)  # /healthz: the last successful fetch
    allow_loopback: bool = False  # tests only: lets fans' URLs reach 127.0.0.1


class Config(_Strict):
    version: Literal[1]
    executor: Literal["local", "celery"] = "local"
    broker_url: EnvString | None = None  # redis://host:6379/0, or RENEWAL_RADAR_BROKER_URL
    celery: CeleryConfig = CeleryConfig()
    database: EnvString = DEFAULT_DATABASE
    user_agent: str | None = None
    fetch_timeout: Duration = timedelta(seconds=60)  # one feed fetch, headers and body together
    feed_parser: Literal["fast", "feedparser"] = "fast"  # scraper.feeds.FeedParser
    contact: HttpURL | None = None  # named in the User-Agent, so publishers can reach you
    sources: list[SourceConfig] = []
    series: list[SeriesConfig] = []
    subscribers: list[SubscriberConfig] = []
    maintainers: list[NotifyURL] = []
    detection: DetectionConfig = DetectionConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    health: HealthConfig = HealthConfig()
    web: WebConfig | None = None

    def summary(self) -> str:
        """`5 sources, 8 series, 1 subscriber`: what check-config and the daemon say it holds."""
        counts = ((self.sources, "source", "sources"), (self.series, "series", "series"),
                  (self.subscribers, "subscriber", "subscribers"))  # fmt: skip
        return ", ".join(f"{len(items)} {one if len(items) == 1 else many}"
                         for items, one, many in counts)  # fmt: skip

    @field_validator("fetch_timeout")
    @classmethod
    def _fetch_timeout(cls, value: timedelta) -> timedelta | None:
        return _second(value)

    @field_validator("database")
    @classmethod
    def _database(cls, url: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", url):
            raise ValueError("must start with sqlite:// or postgresql://")
        return url


def _path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _lines(
    node: yaml.Node, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Every path in a composed YAML document with its 1-based line number."""
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _lines(value, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _lines(item, (*loc, i))


def _cross_checks(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Problems between fields, found on the raw data so they show beside field errors."""

    def items(key: str) -> list[tuple[int, dict[str, Any]]]:
        value = data.get(key)
        return (
            [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]
            if isinstance(value, list)
            else []
        )

    for key, field in (("sources", "name"), ("series", "title"), ("subscribers", "name")):
        seen: dict[str, int] = {}
        for i, item in items(key):
            name = item.get(field)
            if not isinstance(name, str):
                continue
            # Titles may differ in case only ("black-ish", "Black-ish" from merged lists):
            # detection treats them as one series. Names of sources and fans must be unique.
            name = name.strip() if key == "series" else name.strip().casefold()
            if name in seen:
                yield (key, i, field), f"duplicate {field} {name!r} (also {key}[{seen[name]}])"
            else:
                seen[name] = i
    watched = {
        str(name).casefold()
        for _, s in items("series")
        for name in [s.get("title"), *(s.get("aliases") or [])]
        if isinstance(name, str)
    }
    for i, sub in items("subscribers"):
        names = sub.get("series")
        for j, name in enumerate(names if isinstance(names, list) else []):
            if isinstance(name, str) and name.casefold() not in watched:
                yield ("subscribers", i, "series", j), f"{name!r} is not in the watchlist (series:)"


def _source_checks(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """What each source lacks, on the raw data: the models' own checks only run on valid fields."""
    sources = data.get("sources")
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(source, dict):
            continue
        if sum(source.get(k) is not None for k in ("feed", "sitemap", "crawl")) != 1:
            yield ("sources", i), _KINDS_PROBLEM
        crawl = source.get("crawl")
        if isinstance(crawl, dict) and crawl.get("follow") is None and crawl.get("allow") is None:
            yield ("sources", i, "crawl"), _LINKS_PROBLEM
        if source.get("feed") is not None:
            for key in (k for k in _SPIDER_KEYS if k in source):
                yield (
                    ("sources", i, key),
                    "only sitemap and crawl sources take it (a feed is read whole)",
                )
        elif "fetch_timeout" in source:
            yield ("sources", i, "fetch_timeout"), "only feed sources take it (a crawl has timeout)"


def load_config(path: str | os.PathLike[str], environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate the file at `path`. Raises `ConfigError` listing every problem."""
    text = _read(path)
    try:
        node, data = _parsed(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(path, [f"{where}not valid YAML: {getattr(e, 'problem', e)}"]) from None
    if not isinstance(data, dict):
        raise ConfigError(path, ["(top level): must be a mapping with version: 1"])
    environ = os.environ if environ is None else environ
    lines = dict(_lines(node)) if node is not None else {}
    problems: list[tuple[tuple[Any, ...], str]] = [*_cross_checks(data), *_source_checks(data)]
    config = None
    try:
        config = Config.model_validate(data, context={"environ": environ})
    except ValidationError as e:
        problems += [(err["loc"], _message(err)) for err in e.errors()]
    if problems or config is None:
        described = sorted({mask(_describe(loc, msg, lines)) for loc, msg in problems})
        raise ConfigError(path, sorted(described, key=_line_number))
    override = {
        key: environ[var]
        for key, var in (("database", "RENEWAL_RADAR_DATABASE_URL"),
                         ("broker_url", "RENEWAL_RADAR_BROKER_URL"))
        if environ.get(var)
    }  # fmt: skip
    config = config.model_copy(update=override) if override else config
    if problems := list(_executor_checks(config)):
        raise ConfigError(path, [_describe(loc, msg, lines) for loc, msg in problems])
    return config


def _parsed(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, from one parse by libyaml
    (PyYAML's Python parser took a tenth of a second over a config of 100 titles, twice).
    A document libyaml refuses is parsed again in Python, whose errors we have always shown."""
    try:
        return _parse(text, _FAST_LOADER)
    except yaml.YAMLError:
        if _FAST_LOADER is yaml.SafeLoader:
            raise
        return _parse(text, yaml.SafeLoader)


def _parse(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _executor_checks(config: Config) -> Iterator[tuple[tuple[Any, ...], str]]:
    """What `executor: celery` needs: a shared PostgreSQL store, a broker, a long redelivery."""
    if config.executor != "celery":
        return
    if not config.database.startswith("postgresql"):
        why = "workers on several machines share one store; SQLite suits executor: local"
        yield ("database",), f"executor: celery needs a postgresql:// database ({why})"
    if not config.broker_url:
        how = "redis://host:6379/0, or set RENEWAL_RADAR_BROKER_URL"
        yield ("broker_url",), f"field required with executor: celery ({how})"
    elif not re.match(r"^rediss?://", config.broker_url):
        yield ("broker_url",), "must start with redis:// or rediss:// (the broker is Redis)"
    crawls = [s.timeout for s in config.sources if not s.feed]
    fetches = [s.fetch_timeout or config.fetch_timeout for s in config.sources if s.feed]
    visibility = config.celery.visibility_timeout
    if crawls and visibility <= max(crawls) + CRAWL_MARGIN:
        longest, margin = format_duration(max(crawls)), format_duration(CRAWL_MARGIN)
        why = "a crawl still running would be handed to a second worker"
        yield (
            ("celery", "visibility_timeout"),
            (f"must be longer than the longest crawl timeout ({longest}) plus {margin}: {why}"),
        )
    elif fetches and visibility <= max(fetches):
        longest, why = format_duration(max(fetches)), "a fetch still running would be handed"
        yield (
            ("celery", "visibility_timeout"),
            f"must be longer than the longest fetch_timeout ({longest}): {why} to a second worker",
        )


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            path, ["file not found (pass -c PATH or set RENEWAL_RADAR_CONFIG)"]
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(path, [f"cannot read: {e}"]) from None


def _line_number(problem: str) -> int:
    m = re.match(r"line (\d+):", problem)
    return int(m[1]) if m else 0


def _message(err: Any) -> str:
    msg: str = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "field required"
    bounds = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le")}
    if err["type"] in bounds:
        words, key = bounds[err["type"]]
        return f"must be {words} {err['ctx'][key]}"
    if err["type"] == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return "must not be empty"
    if err["type"] == "model_type":
        return "must be a mapping of keys (key: value lines), not a single value"
    if err["type"] == "string_pattern_mismatch":
        return (f"{err['input']!r}: use letters, digits, '.', '_' and '-' only, no spaces "
                "(as in deadline-tv)")  # fmt: skip
    if err["type"] in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err['input']!r} is not one of {expected}"
    if err["type"] == "string_type" and isinstance(err.get("input"), int | float):
        return f"{err['input']!r} must be text: quote it"
    return msg[0].lower() + msg[1:] if msg else msg


def _describe(loc: tuple[Any, ...], msg: str, lines: dict[tuple[Any, ...], int]) -> str:
    # pydantic names the branch of a union (`list[str]`, `literal['all']`) in its loc: drop it.
    loc = tuple(
        p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("literal")))
    )
    line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
    return f"line {line}: {_path(loc)}: {msg}" if line else f"{_path(loc)}: {msg}"
