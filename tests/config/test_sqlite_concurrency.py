"""On SQLite, two requests writing at once wait for each other instead of one failing with
"database is locked" (seen once: the Wagtail admin's autosave and "submit for
moderation" at the same moment). PostgreSQL locks rows and waits by nature."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL makes concurrent writers wait by nature"
)


def file_database(path) -> dict:
    """The site's SQLite settings on a file (the test database lives in memory, where
    SQLite's shared cache locks tables its own way)."""
    return {**settings.DATABASES["default"], "NAME": str(path), "TEST": {}}


def run_writer(database: dict, alias: str, both_read: threading.Barrier, errors: list) -> None:
    wrapper = DatabaseWrapper(database, alias)
    connections[alias] = wrapper  # this thread's connection under that name
    try:
        with transaction.atomic(using=alias), wrapper.cursor() as cursor:
            # Read, then write, as a view does: a transaction that read first cannot wait
            # for the write lock once the other holds it, unless it took it on BEGIN.
            cursor.execute("SELECT COUNT(*) FROM saves")
            try:
                both_read.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass  # the other one waits for our commit: expected
            cursor.execute("INSERT INTO saves (who) VALUES (%s)", [alias])
    except Exception as error:  # the test reports any failure
        errors.append(error)
    finally:
        wrapper.close()
        del connections[alias]


@sqlite_only
def test_two_writers_at_once_both_succeed(tmp_path):
    database = file_database(tmp_path / "site.sqlite3")
    setup = DatabaseWrapper(database, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, who TEXT)")
    setup.close()

    both_read = threading.Barrier(2)
    errors: list = []
    writers = [
        threading.Thread(target=run_writer, args=(database, alias, both_read, errors))
        for alias in ("autosave", "submit")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=30)

    assert errors == []
    check = DatabaseWrapper(database, "check")
    with check.cursor() as cursor:
        cursor.execute("SELECT who FROM saves ORDER BY who")
        assert [row[0] for row in cursor.fetchall()] == ["autosave", "submit"]
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    check.close()


@sqlite_only
def test_the_site_waits_for_the_write_lock():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
