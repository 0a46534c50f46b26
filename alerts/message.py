"""Renders an alert into a one-line title and a Markdown body with Jinja2 templates.

Owns the wording of alerts: the phrase for each event lives in `SUMMARIES`, the
layout in `templates/alert_title.j2` and `templates/alert_body.j2`. Text that
comes from stories (headline, network, outlet, link) is untrusted: it is escaped
so it cannot add links, images or formatting to the body.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:  # Jinja2 is imported when a template is first compiled (70 ms at start-up)
    from jinja2 import Environment, Template

# event -> (summary with a season, summary without one)
SUMMARIES = {
    "renewed": ("{series} renewed for season {season}", "{series} renewed"),
    "cancelled": ("{series} cancelled after season {season}", "{series} cancelled"),
    "ending": ("{series}: season {season} is the final season", "{series}: final season announced"),
    "revived": ("{series} revived for season {season}", "{series} revived"),
}
EVENT_WORDS = {
    "renewed": "renewed",
    "cancelled": "cancelled",
    "ending": "final season",
    "revived": "revived",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
_BLANK_RUNS = re.compile(r"\n\s*\n")
_URL_UNSAFE = "()<>[]\"' `{}|\\^"


@dataclass(frozen=True, slots=True)
class Alert:
    """One event, as one subscriber will read it."""

    series: str
    event: str  # renewed | cancelled | ending | revived
    season: int | None
    network: str | None
    headline: str
    url: str
    outlet: str | None = None  # the source name
    reports: int = 1  # how many outlets or stories confirm it
    subscriber: str = ""
    manage_url: str | None = None  # a web fan's signed page to change or unsubscribe


def render(
    alert: Alert, title_template: str | None = None, body_template: str | None = None
) -> tuple[str, str]:
    """(title, Markdown body) for `alert`; templates given as source replace the shipped ones.

    Every body ends by saying how to unsubscribe: a custom body that leaves it out gets it.
    """
    context = _context(alert)
    title = _template(title_template, "alert_title.j2").render(context)
    body = _template(body_template, "alert_body.j2").render(context)
    return one_line(title), with_unsubscribe(body, alert.subscriber, alert.manage_url)


def unsubscribe_line(subscriber: str = "", manage_url: str | None = None) -> str:
    """The Markdown line telling a fan how to stop alerts: their signed page if they have one."""
    if manage_url and (link := safe_link(manage_url)):
        return f"_Change what you follow or unsubscribe in one click: <{link}>_"
    who = f" ({escape_markdown(subscriber)})" if subscriber else ""
    return f"_To stop these alerts, ask this service's operator to remove you{who}._"


def with_unsubscribe(body: str, subscriber: str = "", manage_url: str | None = None) -> str:
    """`body` tidied (blank-line runs squeezed), ending with the unsubscribe line."""
    body = _BLANK_RUNS.sub("\n\n", body).strip()
    line = unsubscribe_line(subscriber, manage_url)
    if line not in body:
        body = f"{body}\n\n{line}" if body else line
    return body + "\n"


def summary(alert: Alert) -> str:
    """The event in one plain sentence, e.g. "Jessica Jones renewed for season 2"."""
    if alert.event not in SUMMARIES:
        raise ValueError(f"unknown event {alert.event!r}; expected one of {', '.join(SUMMARIES)}")
    with_season, without = SUMMARIES[alert.event]
    pattern = without if alert.season is None else with_season
    return pattern.format(series=one_line(alert.series), season=alert.season)


def escape_markdown(text: str) -> str:
    """`text` on one line with Markdown's link, image, emphasis and HTML characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def safe_link(url: str) -> str:
    """An http(s) URL made safe inside `[text](url)`, or "" for any other scheme."""
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return ""
    return "".join(quote(char, safe="") if char in _URL_UNSAFE else char for char in url)


def one_line(text: str) -> str:
    """`text` with every run of whitespace, newlines included, made one space."""
    return " ".join(text.split())


def _context(alert: Alert) -> dict[str, Any]:
    """What templates see: the alert's fields plus the derived wording."""
    return asdict(alert) | {
        "alert": alert,
        "summary": summary(alert),
        "event_words": EVENT_WORDS[alert.event],
        "link": safe_link(alert.url),
        "unsubscribe": unsubscribe_line(alert.subscriber, alert.manage_url),
    }


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("alerts", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: untrusted text goes through `md` instead
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    return env


@cache
def _template(source: str | None, name: str) -> Template:
    """The given template source, or the shipped template `name`; compiled once."""
    env = _environment()
    return env.get_template(name) if source is None else env.from_string(source)


def render_digest(
    alerts: list[Alert],
    subscriber: str = "",
    body_template: str | None = None,
    manage_url: str | None = None,
) -> tuple[str, str]:
    """One message listing several alerts: (title, Markdown body).

    A custom body sees `alerts` (each with an alert template's names) and `unsubscribe`.
    """
    items = [_context(a) for a in alerts]
    n = len(items)
    title = f"Renewal Radar: {n} series update{'s' if n != 1 else ''}"
    if n == 1:
        title = one_line(items[0]["summary"])
    context = _digest_context(items, subscriber, manage_url)
    body = _template(body_template, "digest_body.j2").render(context)
    return title, with_unsubscribe(body, subscriber, manage_url)


def _digest_context(
    items: list[dict[str, Any]], subscriber: str, manage_url: str | None = None
) -> dict[str, Any]:
    line = unsubscribe_line(subscriber, manage_url)
    return {"alerts": items, "subscriber": subscriber, "unsubscribe": line}


def check_template(source: str, digest: bool = False) -> str | None:
    """None if `source` compiles and renders every kind of alert (or a digest), else the reason.

    Rendering samples catches a misspelt name (`{{ seires }}`) when the config is
    read, not when the first alert fails to go out.
    """
    try:
        template = _environment().from_string(source)
    except Exception as e:  # Jinja2's TemplateSyntaxError and friends
        return f"template does not compile: {one_line(str(e))}"
    contexts = [_context(sample) for sample in _SAMPLES]
    if digest:
        contexts = [_digest_context(contexts, "alice"), _digest_context(contexts[:1], "")]
    try:
        for context in contexts:
            template.render(context)
    except Exception as e:  # UndefinedError, a filter given the wrong type, ...
        return f"template cannot render {'a digest' if digest else 'an alert'}: {one_line(str(e))}"
    return None


_SAMPLES = [
    Alert("Severance", event, season, network, "Severance Renewed", "https://example.com/s",
          outlet, reports, subscriber)
    for event in SUMMARIES
    for season, network, outlet, reports, subscriber in (
        (2, "Apple TV+", "deadline", 3, "alice"), (None, None, None, 1, ""),
    )
]  # fmt: skip
"""Alerts a custom template must render: every event, with and without the optional fields."""
