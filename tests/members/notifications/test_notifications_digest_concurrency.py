"""Ten daily runs at once: each person gets ONE summary holding every line.

PostgreSQL only: SQLite serialises writers and would show nothing. As in
test_requests_concurrency.py, the data is written and deleted from worker threads (their
own connections, in autocommit), so that the racing threads see it and no transactional
test flushes the database.
"""

import re

import pytest
from django.core import mail
from django.db import connection

from members.enums import EmailFrequency
from members.models import Notification, User
from members.notifications import services
from network.models import Company
from outbox.models import OutboxEmail
from tests.members.factories import ProfessionalFactory
from tests.members.requests.test_requests_concurrency import in_thread, race

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

RUNS = 10
LINES = 5


def create_people():
    people = [ProfessionalFactory(email_frequency=EmailFrequency.DAILY) for _ in range(2)]
    for person in people:
        for n in range(LINES):
            Notification.objects.create(
                recipient=person, event="request_sent", text=f"Demande {n}", url="/fr/"
            )
    return people


def delete_people(people):
    companies = [person.pro_profile.company_id for person in people]
    User.objects.filter(pk__in=[person.pk for person in people]).delete()
    Company.objects.filter(pk__in=companies).delete()
    # The emails their actions wrote to the outbox (committed too, as everything here).
    OutboxEmail.objects.all().delete()


@pytest.fixture
def committed_people():
    people = in_thread(create_people)
    yield people
    in_thread(delete_people, people)


def test_ten_runs_at_once_send_one_summary_per_person_with_every_line(committed_people):
    outcomes = race(lambda n: services.send_digests(), count=RUNS)
    assert outcomes == ["done"] * RUNS
    for person in committed_people:
        summaries = [message for message in mail.outbox if message.to == [person.email]]
        assert len(summaries) == 1, person.email
        assert sorted(re.findall(r"Demande \d", summaries[0].body)) == [
            f"Demande {n}" for n in range(LINES)
        ]
    left = in_thread(
        lambda: Notification.objects.filter(recipient__in=committed_people, emailed_at=None).count()
    )
    assert left == 0
