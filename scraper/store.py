"""The store: the database engine, its schema history, stored articles and source state.

SQLAlchemy lives here and in `alerts.store` (events and deliveries), which adds
its tables to this module's `metadata`. The schema is one Alembic chain in
`scraper/migrations`, applied by `Store.upgrade()`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .article import Article
from .errors import ScraperError

log = logging.getLogger(__name__)

metadata = sa.MetaData()


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every dialect."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_status", sa.String(16)),
    sa.Column("last_error", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime),
    sa.Column("articles_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("empty_runs", sa.Integer, nullable=False, server_default="0"),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("guid", sa.Text),
    sa.Column("source", sa.String(64), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published_at", UTCDateTime),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Column("detected_at", UTCDateTime),
    sa.Index(
        "ix_articles_undetected",
        "id",
        sqlite_where=sa.text("detected_at IS NULL"),
        postgresql_where=sa.text("detected_at IS NULL"),
    ),
)

# A link a crawl followed to a story stored under another URL (it redirected, or the page
# named its canonical URL): known, the link is not requested again, whoever stored the story.
links = sa.Table(
    "links",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("article_url", sa.Text, nullable=False),
    sa.Column("source", sa.String(64), nullable=False, index=True),
    sa.Column("seen_at", UTCDateTime, nullable=False),
)

# One row per run of a source in one scheduling interval (`tick`) under `executor: celery`:
# inserted before the fetch, so however many workers and retries hold the task, one fetches.
source_ticks = sa.Table(
    "source_ticks",
    metadata,
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("tick", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("status", sa.String(16), nullable=False),  # running | done
    sa.Column("claimed_by", sa.Text, nullable=False),  # host:pid:run/task id
    sa.Column("claimed_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("result", sa.String(16)),  # ok | not_modified | error | skipped
)


DatabaseError = sa.exc.SQLAlchemyError
"""What a database failure raises (connection lost, disk full...); `describe_db_error` words it."""


def describe_db_error(e: BaseException) -> str:
    """One line about a database failure, without SQL parameters or passwords."""
    return _one_line(e)


class StoreError(ScraperError):
    """The database cannot be opened, upgraded or written; names the database (no password)."""


class Unreachable(StoreError):
    """The database cannot be connected to at all (down, wrong host or port, no such file)."""

    def __str__(self) -> str:
        url = self.url.replace("+psycopg://", "://", 1)  # the driver is ours, not the user's
        return f"cannot reach the database at {url}: {self.message}"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its row id beside the `Article` value."""

    id: int
    article: Article
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store remembers about one source between runs."""

    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_attempt_at: datetime | None = None
    articles_total: int = 0
    empty_runs: int = 0  # successful runs in a row that found no article at all


def backoff(every: timedelta, failures: int, cap: timedelta = timedelta(hours=6)) -> timedelta:
    """How long a source that failed `failures` times in a row waits: doubling, capped."""
    if failures <= 0:
        return timedelta(0)
    return min(every * (1 << min(failures - 1, 20)), max(cap, every))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    for pragma in (
        "journal_mode=WAL",
        "busy_timeout=10000",
        "foreign_keys=ON",
        "synchronous=NORMAL",
    ):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so busy_timeout applies instead of
    # a deferred transaction failing at once when it upgrades to write.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str) -> Engine:
    """An engine for `sqlite:///path` (WAL, busy timeout, foreign keys) or `postgresql://`."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        engine = sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, ImportError) as e:
        raise StoreError(safe_url(url), str(e)) from e
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def safe_url(url: str | sa.URL) -> str:
    """The database URL with any password hidden."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparsable database URL>"


_MIGRATIONS = Path(__file__).with_name("migrations")
# Alembic's own bookkeeping table, as Alembic creates it.
_ALEMBIC_VERSION = sa.Table(
    "alembic_version",
    sa.MetaData(),
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
_REVISION = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*[\"']?([\w-]+)", re.M)


@cache
def schema_head() -> str | None:
    """The newest migration's revision, read from the migration files as text (one head; None
    if they do not make one chain). Alembic, which would say the same, is slow to import."""
    revisions, parents = set(), set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


MAX_TEXT = 200_000
"""Characters of an article's text kept by default (`detection.max_text`); the rest is cut."""

# Where a long text may end: after a paragraph, else a sentence, else a word
_CUTS = (("\n\n", 0), ("\n", 0), (". ", 1), ("! ", 1), ("? ", 1), (" ", 0))


def cap_text(text: str, limit: int) -> str:
    """`text` if it is at most `limit` characters, else its start cut at the last paragraph
    break in its second half, else the last sentence end, else the last space, else hard."""
    if len(text) <= limit:
        return text
    for mark, keep in _CUTS:
        at = text.rfind(mark, limit // 2, limit - keep)
        if at >= 0:
            return text[: at + keep].rstrip()
    return text[:limit]


class Store:
    """Articles and source state in one database; the only channel from ingestion to alerts.

    An article's text longer than `max_text` characters is cut before it is stored (one log
    line names its URL): detection and the database then stay bounded whatever a page holds.
    """

    def __init__(self, url: str, max_text: int = MAX_TEXT) -> None:
        self.engine = create_engine(url)
        self.url = safe_url(self.engine.url)
        self.max_text = max_text

    def close(self) -> None:
        self.engine.dispose()

    def release_idle(self) -> None:
        """Close the pooled SQLite connections no thread is using; each holds a page cache
        of up to 2 MB, and a daemon between polls needs none. A connection in use stays
        open until its work is done; the next query opens a new one (a millisecond). Other
        databases keep their pool: a PostgreSQL connection costs the server, not us."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self.engine.dispose()

    def missing(self) -> str | None:
        """For a SQLite file that does not exist yet, its path: a command that only reads
        says so rather than leave an empty database behind (a mistyped path, a wrong
        directory). None for an existing file and for every other database."""
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        if url.query.get("uri") or url.database.startswith("file:"):
            return None  # a SQLite URI filename: SQLite reads it, not us
        path = Path(url.database)
        return None if path.exists() else str(path.resolve())

    def upgrade(self, create_new: bool = False) -> None:
        """Apply every pending migration (idempotent).

        A database already at the newest revision is told by one query, without importing
        Alembic (and Mako): a restarted daemon then starts sooner and stays smaller. With
        `create_new`, a new, empty SQLite database is given `metadata`'s tables at once and
        marked at the newest revision: the schema the migrations build (`test_store.py`
        compares the two), for a twentieth of the CPU. Only for callers whose `metadata`
        holds every table, that is which have imported `alerts` as well.
        """
        self.reach()
        if self.at_head():
            return
        if create_new and self._created_at_head():
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # machines starting together: one at a time
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(7314285, 1)"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(self.url, f"cannot upgrade the schema: {_one_line(e)}") from e

    def _created_at_head(self) -> bool:
        """Create the schema directly if the database is SQLite and has no table at all."""
        head = schema_head()
        if head is None or self.engine.dialect.name != "sqlite":
            return False
        try:
            with self.engine.begin() as conn:  # BEGIN IMMEDIATE: a second process waits here
                if sa.inspect(conn).get_table_names():
                    return False  # not new: Alembic's to judge
                metadata.create_all(conn)
                _ALEMBIC_VERSION.create(conn)
                conn.execute(_ALEMBIC_VERSION.insert().values(version_num=head))
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(self.url, f"cannot create the schema: {_one_line(e)}") from e
        return True

    def at_head(self) -> bool:
        """Whether the schema is at the newest migration (False for a new database)."""
        try:
            with self.engine.connect() as conn:
                found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        except sa.exc.SQLAlchemyError:  # no such table yet: a new database
            return False
        return [row[0] for row in found] == [schema_head()]

    def reach(self) -> None:
        """Connect once; a database that cannot be reached raises `StoreError` saying so."""
        try:
            with self.engine.connect():
                pass
        except sa.exc.SQLAlchemyError as e:
            raise Unreachable(self.url, _one_line(e)) from e

    def add_articles(self, items: Iterable[Article], now: datetime) -> list[Article]:
        """Store `items`; return those that were new (by canonical URL), in order, as stored."""
        batch = list(_unique(items))
        if not batch:
            return []
        insert = insert_for(self.engine, articles).on_conflict_do_nothing(index_elements=["url"])
        with self.engine.begin() as conn:
            rows = [_article_row(a, now, self.max_text) for a in batch]
            new = set(conn.execute(insert.returning(articles.c.url), rows).scalars())
        stored = []
        for a, row in zip(batch, rows, strict=True):
            if a.url not in new:
                continue
            if len(row["text"]) < len(a.text):
                log.warning(
                    "%s: text of %d characters cut to %d before storing (detection.max_text)",
                    a.url,
                    len(a.text),
                    len(row["text"]),
                )
                a = replace(a, text=row["text"])
            stored.append(a)
        return stored

    def pending_articles(self, limit: int = 500) -> list[StoredArticle]:
        """Stored articles that detection has not seen yet, oldest first."""
        query = (
            sa.select(articles)
            .where(articles.c.detected_at.is_(None))
            .order_by(articles.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_stored(row) for row in conn.execute(query).mappings()]

    def recent_articles(self, limit: int = 50, source: str | None = None) -> list[StoredArticle]:
        """The latest stored articles, newest first (optionally of one source)."""
        query = sa.select(articles).order_by(articles.c.id.desc()).limit(limit)
        if source is not None:
            query = query.where(articles.c.source == source)
        with self.engine.connect() as conn:
            return [_stored(row) for row in conn.execute(query).mappings()]

    def recent_guids(self, source: str, limit: int) -> set[str]:
        """The guids of `source`'s latest `limit` articles (for a crawl, the link it followed)
        and the latest `limit` links it followed to stories stored under another URL."""
        guids = (
            sa.select(articles.c.guid)
            .where(articles.c.source == source)
            .order_by(articles.c.id.desc())
            .limit(limit)
        )
        followed = (
            sa.select(links.c.url)
            .where(links.c.source == source)
            .order_by(links.c.seen_at.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            found = set(conn.execute(guids).scalars()) | set(conn.execute(followed).scalars())
        return {url for url in found if url}

    def add_links(self, items: Iterable[Article], now: datetime) -> None:
        """Remember the link each item was reached by (its `guid`) where that is not its URL."""
        rows = [
            {"url": a.guid, "article_url": a.url, "source": a.source, "seen_at": now}
            for a in items
            if a.guid and a.guid != a.url
        ]
        if rows:
            insert = insert_for(self.engine, links).on_conflict_do_nothing(index_elements=["url"])
            with self.engine.begin() as conn:
                conn.execute(insert, rows)

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(articles).where(articles.c.id == article_id))
                .mappings()
                .first()
            )
        return _stored(row) if row else None

    def find_article(self, url: str) -> StoredArticle | None:
        """The stored article at canonical `url`, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.url == url)).mappings().first()
        return _stored(row) if row else None

    def mark_detected(self, conn: Connection, article_id: int, now: datetime) -> None:
        conn.execute(articles.update().where(articles.c.id == article_id).values(detected_at=now))

    def mark_all_detected(self, conn: Connection, ids: list[int], now: datetime) -> None:
        """Mark a batch of articles detected in one statement."""
        if ids:
            done = articles.c.id.in_(ids)
            conn.execute(articles.update().where(done).values(detected_at=now))

    def source_state(self, name: str, url: str) -> SourceState:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sources).where(sources.c.name == name)).mappings().first()
        return SourceState(**row) if row else SourceState(name=name, url=url)

    def source_states(self) -> list[SourceState]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(sources).order_by(sources.c.name)).mappings()
            return [SourceState(**row) for row in rows]

    def save_source_state(self, state: SourceState) -> None:
        values = {k: getattr(state, k) for k in SourceState.__slots__}
        upsert = insert_for(self.engine, sources).values(values)
        upsert = upsert.on_conflict_do_update(index_elements=["name"], set_=values)
        with self.engine.begin() as conn:
            conn.execute(upsert)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            total = conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0
            pending = (
                conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(articles)
                    .where(articles.c.detected_at.is_(None))
                )
                or 0
            )
        return {"articles": total, "undetected": pending}


def insert_for(engine: Engine | Connection, table: sa.Table) -> Any:
    """The dialect's INSERT (with ON CONFLICT support) for `table`."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _article_row(a: Article, now: datetime, max_text: int) -> dict[str, Any]:
    return {
        "url": a.url,
        "guid": a.guid,
        "source": a.source,
        "title": a.title,
        "text": cap_text(a.text, max_text),
        "published_at": a.published,
        "fetched_at": now,
    }


def _unique(items: Iterable[Article]) -> Iterator[Article]:
    seen: set[str] = set()
    for a in items:
        if a.url not in seen:
            seen.add(a.url)
            yield a


def _stored(row: Any) -> StoredArticle:
    article = Article(
        row["url"], row["title"], row["text"], row["source"], row["guid"], row["published_at"]
    )
    return StoredArticle(row["id"], article, row["fetched_at"])


def _one_line(e: BaseException) -> str:
    return str(getattr(e, "orig", None) or e).strip().splitlines()[0]
