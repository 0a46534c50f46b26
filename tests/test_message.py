"""Alert titles and Markdown bodies rendered from the shipped Jinja2 templates."""

from __future__ import annotations

from dataclasses import replace

import pytest
from jinja2 import UndefinedError

from alerts.message import Alert, check_template, escape_markdown, render, render_digest, safe_link

JJ = Alert(
    series="Jessica Jones",
    event="renewed",
    season=2,
    network="Netflix",
    headline="'Marvel's Jessica Jones' Renewed For Season 2 By Netflix",
    url="https://deadline.com/2016/01/jessica-jones-renewed-season-2-netflix-1201684524/",
    outlet="deadline-tv",
    subscriber="alice",
)


@pytest.mark.parametrize(
    ("event", "season", "network", "title"),
    [
        ("renewed", 2, "Netflix", "Jessica Jones renewed for season 2 (Netflix)"),
        ("renewed", None, "Netflix", "Jessica Jones renewed (Netflix)"),
        ("renewed", 2, None, "Jessica Jones renewed for season 2"),
        ("cancelled", 3, "Netflix", "Jessica Jones cancelled after season 3 (Netflix)"),
        ("cancelled", None, None, "Jessica Jones cancelled"),
        ("ending", 5, "Netflix", "Jessica Jones: season 5 is the final season (Netflix)"),
        ("ending", None, None, "Jessica Jones: final season announced"),
        ("revived", 4, "Disney+", "Jessica Jones revived for season 4 (Disney+)"),
        ("revived", None, None, "Jessica Jones revived"),
    ],
)
def test_title_says_the_event_in_words(
    event: str, season: int | None, network: str | None, title: str
) -> None:
    alert = replace(JJ, event=event, season=season, network=network)

    assert render(alert)[0] == title


@pytest.mark.parametrize(
    ("event", "words"),
    [
        ("renewed", "renewed"),
        ("cancelled", "cancelled"),
        ("ending", "final season"),
        ("revived", "revived"),
    ],
)
def test_body_names_the_event_in_words(event: str, words: str) -> None:
    _, body = render(replace(JJ, event=event))

    assert f"- **Status:** {words}\n" in body


def test_body_carries_series_season_network_headline_outlet_and_link() -> None:
    _, body = render(JJ)

    assert body.startswith("**Jessica Jones renewed for season 2**\n")
    assert "- **Series:** Jessica Jones\n" in body
    assert "- **Season:** 2\n" in body
    assert "- **Network:** Netflix\n" in body
    assert "> 'Marvel's Jessica Jones' Renewed For Season 2 By Netflix\n" in body
    assert "> — deadline-tv\n" in body
    assert f"Read the story: <{JJ.url}>\n" in body


def test_body_leaves_out_what_is_unknown() -> None:
    _, body = render(replace(JJ, season=None, network=None, outlet=None))

    assert "**Season:**" not in body
    assert "**Network:**" not in body
    assert "—" not in body
    assert "\n\n\n" not in body


def test_season_zero_is_still_a_season() -> None:
    _, body = render(replace(JJ, season=0))

    assert "- **Season:** 0\n" in body


def test_confirmed_by_n_outlets_only_when_more_than_one() -> None:
    assert "Confirmed by" not in render(JJ)[1]
    assert "Confirmed by 4 outlets." in render(replace(JJ, reports=4))[1]


def test_last_line_tells_the_fan_how_to_unsubscribe() -> None:
    _, body = render(JJ)

    last = body.rstrip("\n").splitlines()[-1]
    assert last == "_To stop these alerts, ask this service's operator to remove you (alice)._"


def test_unsubscribe_line_without_a_subscriber_name() -> None:
    _, body = render(replace(JJ, subscriber=""))

    assert "remove you._" in body


def test_a_hostile_headline_cannot_add_links_images_html_or_lines() -> None:
    headline = (
        "Renewed! [click](https://evil.example) ![x](https://e.example/p.png) <a href=x>y</a>"
    )
    headline += "\n# Fake"
    _, body = render(replace(JJ, headline=headline))

    quoted = next(line for line in body.splitlines() if line.startswith("> Renewed"))
    assert "](" not in quoted.replace("\\](", "")
    assert "[click\\]" in quoted and "\\<a href=x\\>" in quoted
    assert "\\# Fake" in quoted  # joined onto the quote line, not a heading of its own
    assert "\n# Fake" not in body


def test_a_story_url_cannot_close_the_autolink() -> None:
    _, body = render(replace(JJ, url="https://evil.example/a> **x** <https://worse.example"))

    assert "Read the story: <https://evil.example/a%3E%20**x**%20%3Chttps://worse.example>" in body


def test_a_hostile_story_url_cannot_break_out_of_the_link() -> None:
    url = "https://evil.example/a) [more](https://worse.example"
    _, body = render(replace(JJ, url=url))

    link_line = next(line for line in body.splitlines() if line.startswith("Read the story"))
    assert (
        link_line
        == "Read the story: <https://evil.example/a%29%20%5Bmore%5D%28https://worse.example>"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "", "ftp://x/y"])
def test_non_http_story_urls_are_left_out(url: str) -> None:
    _, body = render(replace(JJ, url=url))

    assert "Read the story" not in body
    assert safe_link(url) == ""


def test_escape_markdown_leaves_plain_text_alone() -> None:
    assert (
        escape_markdown("The Crown: Season 6, Part 2 (2023)")
        == "The Crown: Season 6, Part 2 (2023)"
    )
    assert escape_markdown("a*b_c`d") == "a\\*b\\_c\\`d"


def test_custom_templates_replace_the_shipped_ones() -> None:
    title, body = render(JJ, "{{ series }}: {{ event_words }}", "{{ headline | md }} {{ link }}")

    assert title == "Jessica Jones: renewed"
    assert body == (
        f"'Marvel's Jessica Jones' Renewed For Season 2 By Netflix {JJ.url}\n\n"
        "_To stop these alerts, ask this service's operator to remove you (alice)._\n"
    )


def test_a_custom_body_placing_the_unsubscribe_line_itself_gets_it_once() -> None:
    _, body = render(JJ, None, "{{ unsubscribe }}\n\n{{ summary }}")

    assert body.count("To stop these alerts") == 1
    assert body.startswith("_To stop these alerts")


def test_the_link_shows_as_text_so_plain_text_mail_keeps_it() -> None:
    from apprise import NotifyFormat
    from apprise.conversion import convert_between

    _, body = render(JJ)
    html = convert_between(NotifyFormat.MARKDOWN, NotifyFormat.HTML, body)
    text = convert_between(NotifyFormat.HTML, NotifyFormat.TEXT, html)

    assert f'<a href="{JJ.url}">{JJ.url}</a>' in html
    assert JJ.url in text


def test_a_digest_lists_every_alert_with_its_link_and_the_unsubscribe_line() -> None:
    bear = replace(JJ, series="The Bear", event="cancelled", season=None, network=None,
                   headline="The Bear Cancelled", url="https://variety.com/bear",
                   reports=2)  # fmt: skip

    title, body = render_digest([JJ, bear], "alice")

    assert title == "Renewal Radar: 2 series updates"
    assert "- **Jessica Jones renewed for season 2** (Netflix)\n" in body
    assert f"— deadline-tv: <{JJ.url}>" in body
    assert "- **The Bear cancelled**, confirmed by 2 outlets\n" in body
    assert "<https://variety.com/bear>" in body
    assert body.rstrip().endswith("remove you (alice)._")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ series ", "template does not compile"),
        ("{{ seires }}", "template cannot render an alert: 'seires' is undefined"),
        ("{{ season + 1 }}", "template cannot render an alert"),  # season may be None
    ],
)
def test_check_template_catches_what_would_fail_at_send_time(source: str, reason: str) -> None:
    message = check_template(source)

    assert message is not None
    assert message.startswith(reason)


def test_check_template_accepts_every_documented_name() -> None:
    names = "series event season network headline url outlet reports subscriber summary"
    source = " ".join(f"{{{{ {n} }}}}" for n in (*names.split(), "event_words", "link"))

    assert check_template(source + " {{ unsubscribe }} {{ alert.series }}") is None


def test_a_custom_template_with_an_unknown_name_fails_loudly() -> None:
    with pytest.raises(UndefinedError):
        render(JJ, "{{ seires }}")


def test_an_unknown_event_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown event 'renewal'"):
        render(replace(JJ, event="renewal"))


def test_a_custom_digest_body_lists_the_alerts_and_still_says_how_to_unsubscribe() -> None:
    source = "{% for a in alerts %}* {{ a.series }}: {{ a.event_words }} {{ a.link }}\n{% endfor %}"

    title, body = render_digest([JJ, replace(JJ, series="Luke Cage")], "alice", source)

    assert title == "Renewal Radar: 2 series updates"
    assert body.startswith(f"* Jessica Jones: renewed {JJ.url}\n* Luke Cage: renewed {JJ.url}\n")
    assert body.rstrip().endswith("remove you (alice)._")


def test_check_template_for_a_digest_knows_the_digest_names() -> None:
    assert check_template("{% for a in alerts %}{{ a.summary }}{% endfor %}", digest=True) is None
    assert check_template("{{ series }}", digest=True) == (
        "template cannot render a digest: 'series' is undefined"
    )
