"""Shared fixtures: databases (a SQLite file; PostgreSQL on loopback when it runs), configs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from alerts import secrets
from scraper import Store

# The tests talk to loopback servers only: a proxy this machine's environment names (fetching
# and Apprise honour HTTP_PROXY and the like) would carry them elsewhere. A test of proxies
# sets its own.
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_name, None)

PG_URL = os.environ.get("RENEWAL_RADAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_HOWTO = (
    "PostgreSQL is not reachable at 127.0.0.1:5432 (database test); start it with "
    "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
    "or set RENEWAL_RADAR_TEST_PG"
)


def _postgres_or_skip() -> None:
    try:
        engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as e:  # any failure to connect means "not available here"
        if os.environ.get("RENEWAL_RADAR_REQUIRE_SERVICES"):
            pytest.fail(f"{PG_HOWTO}: {e}")
        pytest.skip(PG_HOWTO)


@pytest.fixture(autouse=True)
def _secrets_of_this_test_only() -> Iterator[None]:
    """Values a test's config took from `${VAR}` are masked in that test, not in the next."""
    yield
    secrets.forget()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    _postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes it runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'radar.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An upgraded store on each database `db_url` names."""
    s = Store(db_url)
    s.upgrade()
    yield s
    s.close()
