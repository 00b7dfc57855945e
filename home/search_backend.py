"""The site's search backend: Wagtail's database backend, with searches whose cost is bounded.

`WAGTAILSEARCH_BACKENDS` points here. A search ordered by relevance considers at most the
newest `MAX_MATCHES` matches (200 by default) of the searched queryset, ranks them and
fetches only the slice shown, whatever the number of matching objects:
- SQLite with FTS5 (home/search_sqlite.py): modelsearch ran the full-text match again
  for every matching row (tens of seconds for a common word among 5,000 stories);
- PostgreSQL (home/search_postgres.py): modelsearch read every index entry of the
  searched models and ranked every match.
Other databases get ``wagtail.search.backends.database`` unchanged.
"""

from modelsearch.backends.database import SearchBackend as database_search_backend

# Imported only for their database: modelsearch's SQLite modules need a SQLite-only model.
BOUNDED_BACKENDS = {
    "modelsearch.backends.database.sqlite.sqlite": (
        "home.search_sqlite",
        "BoundedSQLiteSearchBackend",
    ),
    "modelsearch.backends.database.postgres.postgres": (
        "home.search_postgres",
        "BoundedPostgresSearchBackend",
    ),
}


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    from importlib import import_module

    backend = database_search_backend(params)
    bounded = BOUNDED_BACKENDS.get(type(backend).__module__)
    if bounded is None:
        return backend
    module, name = bounded
    return getattr(import_module(module), name)(params)
