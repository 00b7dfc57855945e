"""Two volunteers racing for the last place: only one gets it (PostgreSQL only, where
SELECT … FOR UPDATE really locks; SQLite serialises writers and shows nothing)."""

import threading

import pytest
from django.db import connection, connections

from network.models import VolunteerAnswer
from network.services import CallClosedError, record_answer
from tests.network.factories import (
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_last_place_is_not_given_twice(home_page):
    index = VolunteerCallIndexPageFactory(parent=home_page)
    call = VolunteerCallPageFactory(parent=index, places=1)
    barrier = threading.Barrier(4)
    outcomes = []

    def answer(n):
        try:
            barrier.wait()
            record_answer(
                call,
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
    assert sorted(outcomes) == ["closed", "closed", "closed", "stored"]
    assert VolunteerAnswer.objects.count() == 1
