"""config.yaml: the shipped file loads; every mistake is reported at once, with its path."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

import scheduler
from alerts import ConfigError, load_config
from alerts.config import _FAST_LOADER, _lines, _parse, parse_duration

ROOT = Path(__file__).resolve().parent.parent


def problems(path: Path, text: str) -> list[str]:
    """What `load_config` refuses in a config file holding `text`."""
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    return caught.value.problems


BROKEN = """\
version: 1
database: mysql://nope
sources:
  - name: deadline
    feed: not-a-url
    every: 10x
  - name: deadline
    feed: https://deadline.com/v/tv/feed/
    colour: red
series:
  - title: Jessica Jones
  - title: Jessica Jones
  - aliases: [JJ]
subscribers:
  - name: alice
    notify: ["discord://${RR_TEST_MISSING_ID}/${RR_TEST_MISSING_TOKEN}"]
    series: [Daredevil]
    events: [renewed, exploded]
"""


def test_shipped_config_is_valid_and_watches_real_trade_feeds() -> None:
    config = load_config(ROOT / "config.yaml", environ={})
    feeds = " ".join(s.feed for s in config.sources)
    for outlet in ("deadline.com", "variety.com", "hollywoodreporter.com", "tvline.com"):
        assert outlet in feeds
    assert config.series
    assert config.database.startswith("sqlite:///")


def test_every_problem_is_reported_with_its_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(BROKEN)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    problems = caught.value.problems
    expected = [
        ("line 2", "database:"),
        ("line 5", "sources[0].feed: not an http(s) URL"),
        ("line 6", "sources[0].every: not a duration"),
        ("line 7", "sources[1].name: duplicate name 'deadline'"),
        ("line 9", "sources[1].colour: unknown key"),
        ("line 12", "series[1].title: duplicate title"),
        ("line 13", "series[2].title: field required"),
        ("line 16", "subscribers[0].notify[0]: environment variable RR_TEST_MISSING_ID"),
        ("line 17", "subscribers[0].series[0]: 'Daredevil' is not in the watchlist"),
        ("line 18", "subscribers[0].events[1]:"),
    ]
    assert len(problems) == len(expected)
    for (line, text), problem in zip(expected, problems, strict=True):
        assert problem.startswith(f"{line}: {text}"), problem


def test_check_config_exits_2_with_one_line_per_problem_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(BROKEN)
    assert scheduler.main(["-c", str(path), "check-config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 10
    assert all(line.startswith(f"{path}: line ") for line in err)
    assert "Traceback" not in "\n".join(err)


def test_a_missing_file_and_bad_yaml_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert scheduler.main(["-c", str(tmp_path / "nope.yaml"), "check-config"]) == 2
    assert "nope.yaml: file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nseries: [\n")
    assert scheduler.main(["-c", str(bad), "check-config"]) == 2
    assert re.search(r"bad.yaml: line \d+: not valid YAML", capsys.readouterr().err)


def test_libyaml_and_the_python_parser_read_the_shipped_config_alike() -> None:
    text = (ROOT / "config.yaml").read_text()
    fast, python = _parse(text, _FAST_LOADER), _parse(text, yaml.SafeLoader)
    assert fast[1] == python[1] == yaml.safe_load(text)
    assert fast[0] is not None and python[0] is not None
    assert list(_lines(fast[0])) == list(_lines(python[0]))


def test_notify_secrets_come_from_the_environment_and_never_show_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "version: 1\nseries: [{title: Severance}]\nsubscribers:\n"
        "  - name: a\n    notify: ['json://u:${RR_TOKEN}@127.0.0.1:9/x', 'zz://u:SECRET99@h']\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={"RR_TOKEN": "hunter2"})
    assert "SECRET99" not in str(caught.value)
    assert caught.value.problems == [
        "line 5: subscribers[0].notify[1]: unknown Apprise service zz://"
    ]
    path.write_text(path.read_text().replace(", 'zz://u:SECRET99@h'", ""))
    config = load_config(path, environ={"RR_TOKEN": "hunter2"})
    assert config.subscribers[0].notify == ["json://u:hunter2@127.0.0.1:9/x"]


def test_the_database_url_can_come_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\n")
    url = "postgresql://radar@db.internal/radar"
    assert load_config(path, environ={"RENEWAL_RADAR_DATABASE_URL": url}).database == url


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30s", timedelta(seconds=30)), ("10m", timedelta(minutes=10)), ("1h", timedelta(hours=1)),
     ("1d", timedelta(days=1)), (" 2h ", timedelta(hours=2))],
)  # fmt: skip
def test_durations_read_as_written(text: str | int, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["10", "10x", "m", "-5m", "1.5h", "", True, 90])
def test_bad_durations_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_unquoted_clock_times_and_sexagesimal_durations_are_refused_not_misread(
    tmp_path: Path,
) -> None:
    """YAML 1.1 reads `9:00` unquoted as 540 and `1:30` as 90: neither may pass as seconds."""
    found = problems(
        tmp_path / "config.yaml",
        "version: 1\nseries: [Severance]\n"
        "sources: [{name: a, feed: 'https://example.com/feed', every: 1:30}]\n"
        "subscribers: [{name: me, notify: ['json://127.0.0.1:9/x'], digest_at: 9:00}]\n",
    )
    text = "\n".join(found)
    assert "sources[0].every: not a duration: 90 (give a unit, as in 10m or 90s)" in text
    assert 'subscribers[0].digest_at: not a time of day: 540 (quote it, as in "09:00")' in text


def test_a_wrong_word_or_name_is_quoted_back_with_what_would_do(tmp_path: Path) -> None:
    assert problems(
        tmp_path / "config.yaml",
        "version: 1\nseries: [{title: 24}]\n"
        "sources: [{name: Deadline TV, feed: 'https://example.com/feed'}]\n"
        "subscribers: [{name: me, notify: ['json://127.0.0.1:9/x'], events: [canceled]}]\n",
    ) == [
        "line 2: series[0].title: 24 must be text: quote it",
        "line 3: sources[0].name: 'Deadline TV': use letters, digits, '.', '_' and '-' only, "
        "no spaces (as in deadline-tv)",
        "line 4: subscribers[0].events[0]: 'canceled' is not one of 'renewed', 'cancelled', "
        "'ending' or 'revived'",
    ]


def test_readme_subscriber_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"```yaml\n(subscribers:\n.*?)```", readme, re.S)
    assert example, "README lost its subscriber example"
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\nseries: [{title: Severance}, {title: The Bear}]\n" + example[1])
    environ = {"DISCORD_ID": "1234", "DISCORD_TOKEN": "abcd" * 8, "SMTP_USER": "radar",
               "SMTP_PASS": "pw"}  # fmt: skip
    config = load_config(path, environ=environ)
    assert config.subscribers[0].series == ["Severance", "The Bear"]
    assert config.subscribers[1].mode == "digest"


def test_readme_spider_source_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"```yaml\n(sources:\n  - name: tvline-sitemap\n.*?)```", readme, re.S)
    assert example, "README lost its spider source example"
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\n" + example[1])
    config = load_config(path, environ={})
    assert [s.url for s in config.sources] == [
        "https://tvline.com/news-sitemap.xml", "https://deadline.com/v/tv/",
    ]  # fmt: skip
    crawl = config.sources[1].crawl
    assert crawl is not None
    assert re.match(crawl.allow or "", "https://deadline.com/2026/11/some-story-123/")


def test_shipped_config_spider_examples_are_valid_when_uncommented(tmp_path: Path) -> None:
    text = (ROOT / "config.yaml").read_text()
    uncommented = re.sub(r"(?m)^  # (?=[- ])", "  ", text.split("series:")[0])
    path = tmp_path / "config.yaml"
    path.write_text(uncommented)
    kinds = [("feed" if s.feed else "sitemap" if s.sitemap else "crawl")
             for s in load_config(path, environ={}).sources]  # fmt: skip
    assert kinds[-2:] == ["sitemap", "crawl"]


def test_a_template_with_a_syntax_error_or_an_unknown_name_is_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "version: 1\nseries: [{title: Severance}]\nsubscribers:\n"
        "  - name: a\n    notify: ['json://127.0.0.1:9/x']\n"
        "    template: {title: '{{ series ', body: '{{ seires }}'}\n"
    )

    assert scheduler.main(["-c", str(path), "check-config"]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{path}: line 6: subscribers[0].template.body: template cannot render an alert: "
        "'seires' is undefined",
        f"{path}: line 6: subscribers[0].template.title: template does not compile: "
        "unexpected end of template, expected 'end of print statement'.",
    ]


def test_a_digest_template_is_checked_against_a_digest(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    assert problems(
        path,
        "version: 1\nseries: [{title: Severance}]\nsubscribers:\n"
        "  - name: a\n    notify: ['json://127.0.0.1:9/x']\n    mode: digest\n"
        "    template: {digest: '{{ headline }}'}\n",
    ) == [
        "line 7: subscribers[0].template.digest: template cannot render a digest: "
        "'headline' is undefined"
    ]
    path.write_text(path.read_text().replace("{{ headline }}", "{{ alerts | length }} news"))
    assert (
        load_config(path, environ={}).subscribers[0].template.digest == "{{ alerts | length }} news"
    )


def test_stored_text_cap_reads_sizes_and_refuses_nonsense(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\ndetection:\n  max_text: 1MB\n")
    assert load_config(path, environ={}).detection.max_text == 1_000_000
    path.write_text("version: 1\n")
    assert load_config(path, environ={}).detection.max_text == 200_000
    [problem] = problems(path, "version: 1\ndetection:\n  max_text: lots\n")
    assert problem.startswith("line 3: detection.max_text:"), problem


def test_fetch_timeout_is_a_top_level_key_a_feed_may_override_and_the_readme_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\nfetch_timeout: 2m\nsources:\n"
        "  - {name: a, feed: 'https://a.example/feed'}\n"
        "  - {name: b, feed: 'https://b.example/feed', fetch_timeout: 5s}\n"
    )
    config = load_config(path, environ={})
    assert config.fetch_timeout == timedelta(minutes=2)
    assert [s.fetch_timeout for s in config.sources] == [None, timedelta(seconds=5)]
    assert load_config(ROOT / "config.yaml", environ={}).fetch_timeout == timedelta(seconds=60)
    assert "| `fetch_timeout` |" in (ROOT / "README.md").read_text()


def test_fetch_timeout_is_refused_on_a_crawl_and_below_a_second(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\nfetch_timeout: 0s\nsources:\n"
        "  - {name: a, sitemap: 'https://a.example/s.xml', fetch_timeout: 5s}\n"
    )
    with pytest.raises(ConfigError) as e:
        load_config(path, environ={})
    assert e.value.problems == [
        "line 2: fetch_timeout: must be at least 1s",
        "line 4: sources[0].fetch_timeout: only feed sources take it (a crawl has timeout)",
    ]
