"""The site's search backend: Wagtail's database backend, with a SQLite search that scales.

`WAGTAILSEARCH_BACKENDS` points here. On PostgreSQL (and MySQL) this is exactly
``wagtail.search.backends.database``. On SQLite with FTS5, searches ordered by relevance
read the full-text index once and at most `MAX_MATCHES` matches (home/search_sqlite.py)
instead of running the match again for every matching row.
"""

from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_search_backend(params)
    if backend.__class__.__module__ == "modelsearch.backends.database.sqlite.sqlite":
        # Imported here: modelsearch's SQLite modules need its SQLite-only model.
        from home.search_sqlite import BoundedSQLiteSearchBackend

        return BoundedSQLiteSearchBackend(params)
    return backend
