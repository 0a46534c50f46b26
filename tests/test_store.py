"""The store on SQLite and PostgreSQL: schema from migrations, new-row detection, source state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import alerts  # noqa: F401  (registers the alerting tables on the shared metadata)
import scraper.store
from scraper import Article, SourceState, Store, StoreError, backoff, metadata
from scraper.store import cap_text, schema_head

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def story(n: int, query: str = "") -> Article:
    return Article.make(f"https://tv.example.com/story-{n}/{query}", f"Story {n}", "Words.", "src")


def test_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(store: Store) -> None:
    store.upgrade()
    assert store.counts() == {"articles": 0, "undetected": 0}


def test_a_batch_insert_tells_which_articles_are_new(store: Store) -> None:
    first = store.add_articles([story(1), story(2), story(1)], NOW)
    assert [a.url for a in first] == [story(1).url, story(2).url]
    again = store.add_articles([story(2, "?utm_source=rss&fbclid=x"), story(3)], NOW)
    assert [a.url for a in again] == [story(3).url]
    assert store.counts() == {"articles": 3, "undetected": 3}


def test_pending_articles_keep_their_values_and_times(store: Store) -> None:
    published = NOW - timedelta(hours=3)
    article = Article.make("https://tv.example.com/x", "T", "Body.", "src", "guid-1", published)
    store.add_articles([article], NOW)
    [stored] = store.pending_articles()
    assert stored.article == article
    assert stored.fetched_at == NOW
    with store.engine.begin() as conn:
        store.mark_detected(conn, stored.id, NOW)
    assert store.pending_articles() == []


def test_source_state_round_trips(store: Store) -> None:
    assert store.source_state("a", "https://a/feed") == SourceState("a", "https://a/feed")
    state = SourceState(
        "a", "https://a/feed", etag='"x"', last_attempt_at=NOW,
        consecutive_failures=2, next_attempt_at=NOW + timedelta(minutes=20),
    )  # fmt: skip
    store.save_source_state(state)
    store.save_source_state(state)
    assert store.source_state("a", "https://a/feed") == state
    assert store.source_states() == [state]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    store.close()


def test_an_unreachable_database_is_one_error_without_its_password() -> None:
    store = Store("postgresql://radar:pw-secret@127.0.0.1:1/radar")
    with pytest.raises(StoreError) as caught:
        store.upgrade()
    store.close()
    assert "pw-secret" not in str(caught.value)
    assert "127.0.0.1:1" in str(caught.value)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, timedelta(0)), (1, timedelta(minutes=10)), (2, timedelta(minutes=20)),
     (3, timedelta(minutes=40)), (30, timedelta(hours=6))],
)  # fmt: skip
def test_a_failing_source_waits_longer_each_time_up_to_a_cap(
    failures: int, wait: timedelta
) -> None:
    assert backoff(timedelta(minutes=10), failures) == wait


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        store.add_articles([story(9)], datetime(2026, 1, 1))


def test_cap_text_cuts_at_a_paragraph_else_a_sentence_else_a_word() -> None:
    para = "First paragraph ends here.\n\n" + "x " * 30
    assert cap_text(para, 40) == "First paragraph ends here."
    sentence = "A first sentence ends here. " + "word " * 30
    assert cap_text(sentence, 40) == "A first sentence ends here."
    words = "word " * 30
    assert cap_text(words, 42) == "word " * 7 + "word"
    assert cap_text("x" * 100, 40) == "x" * 40
    assert cap_text("short", 40) == "short"


def test_a_long_text_is_cut_before_storing_with_one_line_naming_its_url(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.max_text = 1_000
    text = ("A paragraph of the story, long enough to matter. " * 8 + "\n\n") * 10
    long = Article.make("https://tv.example.com/long/", "Long", text, "src")
    with caplog.at_level("WARNING"):
        [kept] = store.add_articles([long, story(1)], NOW)[:1]
        store.add_articles([long], NOW)  # already stored: no second line
    assert kept.text == store.pending_articles()[0].article.text
    assert len(kept.text) <= 1_000 and long.text.startswith(kept.text) and kept.text.endswith(".")
    assert "\n\n" in kept.text  # whole paragraphs kept
    lines = [r.getMessage() for r in caplog.records if "cut to" in r.getMessage()]
    assert lines == [f"{long.url}: text of {len(long.text)} characters cut to {len(kept.text)} "
                     "before storing (detection.max_text)"]  # fmt: skip


def test_releasing_idle_connections_keeps_what_is_stored_and_a_transaction_in_flight(
    store: Store,
) -> None:
    now = datetime(2026, 11, 2, tzinfo=UTC)
    a = Article.make("https://tv.example.com/a", "A", "text", "s")
    b = Article.make("https://tv.example.com/b", "B", "text", "s")
    store.add_articles([a], now)
    pending = store.pending_articles()[0].id
    with store.engine.begin() as conn:  # another thread's work, under way while the daemon idles
        store.release_idle()
        store.mark_all_detected(conn, [pending], now)
    store.release_idle()
    assert [s.url for s in store.add_articles([a, b], now)] == [b.url]
    assert store.counts() == {"articles": 2, "undetected": 1}


def test_the_schema_head_read_from_the_files_is_alembics(tmp_path: Path) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option(
        "script_location", str(Path(scraper.store.__file__).parent / "migrations")
    )
    assert ScriptDirectory.from_config(config).get_heads() == [schema_head()]
    fresh = Store(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert not fresh.at_head()  # a new database: upgrade runs Alembic
        fresh.upgrade()
        assert fresh.at_head()  # and the next start skips it
    finally:
        fresh.close()


def _sqlite_schema(store: Store) -> dict[str, object]:
    """Everything SQLite says about a database's schema, apart from the DDL's wording."""
    schema: dict[str, object] = {}
    with store.engine.connect() as conn:
        run = conn.exec_driver_sql
        names = run("SELECT type, name, tbl_name FROM sqlite_master ORDER BY name").all()
        schema["objects"] = [tuple(r) for r in names]
        for (table,) in run("SELECT name FROM sqlite_master WHERE type = 'table'").all():
            schema[f"{table}.columns"] = [tuple(r) for r in run(f"PRAGMA table_info('{table}')")]
            schema[f"{table}.keys"] = sorted(
                tuple(r)[2:] for r in run(f"PRAGMA foreign_key_list('{table}')")
            )
            for index in run(f"PRAGMA index_list('{table}')").all():
                columns = [tuple(r) for r in run(f"PRAGMA index_xinfo('{index[1]}')")]
                schema[f"{table}.index.{index[1]}"] = (tuple(index)[2:], columns)
        schema["checks"] = sorted(
            sql.count("CHECK") for (sql,) in run("SELECT sql FROM sqlite_master WHERE sql != ''")
        )
        schema["version"] = run("SELECT version_num FROM alembic_version").all()
    return schema


def test_a_new_sqlite_database_created_at_once_has_the_migrated_schema(tmp_path: Path) -> None:
    """`upgrade(create_new=True)` builds a new database from `metadata`: the same tables,
    columns in the same order, keys and indexes as the migrations. A migration that adds a
    column needs it last in its table's declaration too."""
    migrated, created = (
        Store(f"sqlite:///{tmp_path / 'm.db'}"),
        Store(f"sqlite:///{tmp_path / 'c.db'}"),
    )
    try:
        migrated.upgrade()
        created.upgrade(create_new=True)
        assert created.at_head()
        assert _sqlite_schema(created) == _sqlite_schema(migrated)
        with created.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        created.upgrade(create_new=True)  # at head: nothing to do
        assert created.counts() == {"articles": 0, "undetected": 0}
    finally:
        migrated.close()
        created.close()


def test_a_database_with_tables_is_left_to_the_migrations(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        store.upgrade(create_new=True)  # not new: Alembic runs, and keeps the table
        assert store.at_head()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 0
    finally:
        store.close()
