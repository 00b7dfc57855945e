"""Volunteers racing for the last place: only one gets it.

PostgreSQL only, where SELECT … FOR UPDATE really locks (SQLite serialises writers and
shows nothing). The racing threads need committed data. A transactional test would
flush the whole test database afterwards (Wagtail's root page included) and break the
next run under --reuse-db, so the data is written and deleted from worker threads: each
has its own connection in autocommit mode, outside the test's transaction.
"""

import threading

import pytest
from django.db import connection, connections
from wagtail.models import Page

from network.models import VolunteerAnswer
from network.services import CallClosedError, record_answer
from outbox.models import OutboxEmail
from tests.network.factories import VolunteerCallIndexPageFactory, VolunteerCallPageFactory
from tests.support.threads import in_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def create_call():
    root = Page.get_first_root_node()
    index = VolunteerCallIndexPageFactory(parent=root, slug="concurrence-appels")
    return index, VolunteerCallPageFactory(parent=index, places=1)


def delete_call(index, call):
    VolunteerAnswer.objects.filter(call_translation_key=call.translation_key).delete()
    Page.objects.get(pk=index.pk).delete()
    # The emails their actions wrote to the outbox (committed too, as everything here).
    OutboxEmail.objects.all().delete()


@pytest.fixture
def committed_call():
    index, call = in_thread(create_call)
    yield call
    in_thread(delete_call, index, call)


def test_last_place_is_not_given_twice(committed_call):
    barrier = threading.Barrier(4)
    outcomes = []

    def answer(n):
        barrier.wait()
        try:
            record_answer(
                committed_call,
                {"name": f"P{n}", "email": f"p{n}@exemple.fr", "company": "", "message": "Oui"},
                "fr",
            )
            outcomes.append("stored")
        except CallClosedError:
            outcomes.append("closed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = in_thread(
        lambda: VolunteerAnswer.objects.filter(
            call_translation_key=committed_call.translation_key
        ).count()
    )
    assert sorted(outcomes) == ["closed", "closed", "closed", "stored"]
    assert stored == 1
