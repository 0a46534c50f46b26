"""The `web:` section: validated with paths like the rest of config.yaml; secrets from ${VAR}."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alerts import ConfigError, load_config
from alerts.config import WEB_SCHEMES
from alerts.web.signing import Signer

WEB = """\
version: 1
web:
  base_url: {base_url}
  secret: {secret}
  listen: {listen}
  allowed_schemes: [discord, {scheme}]
  stale_fetch: {stale_fetch}
"""


def problems(tmp_path: Path, environ: dict[str, str], **fields: str) -> list[str]:
    values = {"base_url": "https://radar.example.org", "secret": "${RR_SECRET}",
              "listen": "127.0.0.1:8080", "scheme": "ntfys", "stale_fetch": "6h"}  # fmt: skip
    values |= fields
    path = tmp_path / "c.yaml"
    path.write_text(WEB.format(**values))
    try:
        load_config(path, environ=environ)
    except ConfigError as e:
        return e.problems
    return []


def test_a_good_web_section_loads(tmp_path: Path) -> None:
    assert problems(tmp_path, {"RR_SECRET": "x" * 32}) == []


def test_every_web_mistake_is_reported_with_its_line_and_path(tmp_path: Path) -> None:
    found = problems(
        tmp_path, {"RR_SECRET": "short"}, base_url="radar.example.org", listen="8080",
        scheme="nosuchservice", stale_fetch="soon",
    )  # fmt: skip
    text = "\n".join(found)
    assert "line 3: web.base_url: not an http(s) URL" in text
    assert "line 4: web.secret: must be at least 16 characters" in text
    assert "line 5: web.listen: not HOST:PORT: '8080'" in text
    assert "line 6: web.allowed_schemes[1]: unknown Apprise service nosuchservice://" in text
    assert "line 7: web.stale_fetch: not a duration" in text
    assert "short" not in text  # the secret's value is never echoed


def test_the_web_secret_must_come_from_the_environment(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, {}, secret="literally-in-the-file-0123456789")
    assert problem == (
        "line 4: web.secret: must come from the environment: write ${VAR} and set VAR"
    )
    [missing] = problems(tmp_path, {})
    assert missing == "line 4: web.secret: environment variable RR_SECRET is not set"


@pytest.mark.parametrize("raw", ["json", "jsons", "xml", "form", "apprise"])
def test_raw_http_posting_is_not_on_the_default_allow_list(raw: str) -> None:
    assert raw not in WEB_SCHEMES
    assert {"discord", "tgram", "slack", "ntfys", "pover", "mailtos"} <= set(WEB_SCHEMES)


def test_readme_web_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = re.search(r"```yaml\n(web:\n.*?)```", readme, re.S)
    assert example, "README lost its web: example"
    path = tmp_path / "c.yaml"
    path.write_text("version: 1\n" + example.group(1))
    environ = {"RADAR_WEB_SECRET": "s" * 64, "RADAR_ADMIN_TOKEN": "t" * 32}
    web = load_config(path, environ=environ).web
    assert web is not None and web.listen == "127.0.0.1:8080"


def test_signed_tokens_carry_any_name_and_refuse_tampering_and_other_purposes() -> None:
    signer = Signer("a-secret-of-sixteen-or-more")
    name = "Zoë the fan / ünïcode.name"
    token = signer.sign("manage", name)
    assert re.fullmatch(r"[\w-]+\.[\w-]+", token)  # fits a URL path as it is
    assert signer.unsign("manage", token) == name
    assert signer.unsign("confirm", token) is None
    value, mac = token.split(".")
    tampered = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert signer.unsign("manage", f"{tampered}.{mac}") is None
    assert Signer("another-secret-of-16+").unsign("manage", token) is None
    assert signer.decrypt(Signer("another-secret-of-16+").encrypt("discord://a/b")) is None
    assert signer.decrypt(signer.encrypt("discord://a/b")) == "discord://a/b"
