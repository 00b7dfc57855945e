"""Two clicks on "create my account" at the same moment make one account.

PostgreSQL only, where SELECT … FOR UPDATE really locks (SQLite serialises writers and
shows nothing). Like tests/network/test_answer_concurrency.py, the racing threads work
on committed data written and deleted from worker threads with their own connections.
"""

import threading

import pytest
from django.db import connection, connections

from members.enums import InvitationKind
from members.models import Invitation, User
from members.onboarding import invitations
from members.onboarding.invitations import InvitationUnusableError
from members.onboarding.services import EmailTakenError, accept_invitation
from network.models import Structure
from outbox.models import OutboxEmail
from tests.members.factories import PASSWORD, birth_date_for_age
from tests.network.test_answer_concurrency import in_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
EMAIL = "course-invitation@example.org"


def create_invitation():
    structure = Structure.objects.create(
        name="Structure de la course", kind="e2c", postcode="93200", city="Saint-Denis"
    )
    invitation, _token = Invitation.issue(
        kind=InvitationKind.YOUNG_PERSON,
        structure=structure,
        email=EMAIL,
        first_name="Inès",
        last_name="Course",
        birth_date=birth_date_for_age(19),
    )
    return invitation


def delete_everything(invitation):
    User.objects.filter(email=EMAIL).delete()
    Structure.objects.filter(pk=invitation.structure_id).delete()
    # The emails their actions wrote to the outbox (committed too, as everything here).
    OutboxEmail.objects.all().delete()


@pytest.fixture
def committed_invitation():
    invitation = in_thread(create_invitation)
    yield invitation
    in_thread(delete_everything, invitation)


RACERS = 8


def race(action) -> list:
    """What ``action()`` returned (or the error it raised) in each of RACERS threads that
    start it at the same moment, each on its own connection."""
    barrier = threading.Barrier(RACERS)
    outcomes = []

    def run():
        barrier.wait()
        try:
            outcomes.append(action())
        except Exception as error:  # the test reads every outcome
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_racing_submissions_of_one_invitation_create_one_account(committed_invitation):
    data = {
        "first_name": "Inès",
        "last_name": "Course",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "birth_date": birth_date_for_age(19),
        "project": "",
        "departement": "",
        "accept_terms": True,
    }

    outcomes = race(lambda: accept_invitation(committed_invitation, data))

    refused = [o for o in outcomes if isinstance(o, InvitationUnusableError | EmailTakenError)]
    created = [o for o in outcomes if isinstance(o, User)]
    assert (len(created), len(refused)) == (1, RACERS - 1), outcomes
    assert in_thread(lambda: User.objects.filter(email=EMAIL).count()) == 1


def test_racing_revokes_of_a_team_invitation_revoke_once(committed_invitation):
    in_thread(
        lambda: Invitation.objects.filter(pk=committed_invitation.pk).update(
            kind=InvitationKind.COUNSELLOR
        )
    )

    outcomes = race(lambda: invitations.revoke(committed_invitation))

    assert sorted(outcomes) == [False] * (RACERS - 1) + [True]
    assert in_thread(lambda: Invitation.objects.get(pk=committed_invitation.pk).revoked_at)
