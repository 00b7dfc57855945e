"""Rows built once for a whole test module, as Django's ``TestCase.setUpTestData`` does.

The permission matrix asks hundreds of questions (one URL, one person) of the same people
and objects: building them again for each question was a third of the suite's time.
"""

import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction


def rows_built_once(build: Callable[[], Any]):
    """A module-scoped fixture running ``build()`` before the module's first test, inside
    a transaction rolled back after its last one, so nothing leaks into other modules.

    Each test still runs in its own savepoint (pytest-django's ``db``), so what it writes
    is undone; take a ``copy.deepcopy()`` of the result in a function-scoped fixture so that
    what a test changes on the objects in memory is undone too."""

    @pytest.fixture(scope="module")
    def rows(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build()
            except BaseException:
                outer.__exit__(*sys.exc_info())
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return rows
