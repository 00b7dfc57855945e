"""The migrated SQLite test database, kept between runs.

On SQLite each test process builds its database in memory by running every migration:
some 15 seconds per process, on every run. The first run saves the migrated database in
``.test-databases/`` under a name made of a digest of every migration file and of the
pinned requirements (third-party migrations come with them); later runs copy it into
memory, and ``migrate`` then finds nothing to apply. A new or edited migration changes the
digest, so the database is built again; ``pytest --create-db`` always builds it.
PostgreSQL needs none of this: ``--reuse-db`` keeps its test databases.
"""

import hashlib
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections

FOLDER = settings.BASE_DIR / ".test-databases"
# Django's name for the in-memory test database of the default alias.
IN_MEMORY = "file:memorydb_default?mode=memory&cache=shared"


def in_memory_sqlite() -> bool:
    database = settings.DATABASES["default"]
    return (
        database["ENGINE"] == "django.db.backends.sqlite3"
        and connections["default"].creation._get_test_db_name() == IN_MEMORY
    )


def template_path() -> Path:
    digest = hashlib.sha256()
    sources = sorted(settings.BASE_DIR.glob("*/migrations/*.py"))
    sources += sorted(settings.BASE_DIR.glob("requirements*.txt"))
    for source in sources:
        digest.update(str(source.relative_to(settings.BASE_DIR)).encode())
        digest.update(source.read_bytes())
    return FOLDER / f"{digest.hexdigest()[:16]}.sqlite3"


def restore() -> sqlite3.Connection | None:
    """Copy the saved database into memory; the returned connection keeps it alive (an
    in-memory database lives as long as a connection to it is open)."""
    template = template_path()
    if not template.exists():
        return None
    keeper = sqlite3.connect(IN_MEMORY, uri=True)
    with closing(sqlite3.connect(template)) as source:
        source.backup(keeper)
    return keeper


def save() -> None:
    """Save the freshly migrated in-memory database (atomically: a parallel run that
    saves it at the same time leaves one whole file)."""
    template = template_path()
    FOLDER.mkdir(exist_ok=True)
    for stale in FOLDER.glob("*.sqlite3"):
        if stale != template:
            stale.unlink(missing_ok=True)
    handle, partial = tempfile.mkstemp(dir=FOLDER, suffix=".partial")
    os.close(handle)
    with (
        closing(sqlite3.connect(IN_MEMORY, uri=True)) as source,
        closing(sqlite3.connect(partial)) as target,
    ):
        source.backup(target)
    os.replace(partial, template)
