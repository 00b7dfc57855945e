"""Twenty people acting on the same request at once: one transition, no server error.

PostgreSQL only: SQLite serialises writers and would show nothing. The racing threads
need committed data. A transactional test would flush the whole test database afterwards
(Wagtail's root page included) and break the next run under --reuse-db, so, as in
tests/network/test_answer_concurrency.py, the data is written and deleted from worker
threads: each has its own connection in autocommit mode, outside the test's transaction.
"""

import threading

import pytest
from django.db import connection, connections

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, HelpRequestTransition, User
from members.requests import services
from network.models import Company, Structure
from outbox.models import OutboxEmail
from tests.members.factories import ProfessionalFactory, YoungPersonFactory
from tests.support.threads import in_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 20
SENT = HelpRequestState.SENT
HOPES = "Je voudrais découvrir votre métier et savoir quelle formation choisir."


def race(action, count=THREADS):
    """Start ``action(n)`` in ``count`` threads at the same instant; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = []

    def run(n):
        barrier.wait()
        try:
            action(n)
            outcomes.append("done")
        except services.AlreadyChangedError:
            outcomes.append("already changed")
        except services.RequestError:
            outcomes.append("refused")
        except Exception as error:  # any other error fails the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def create_people():
    young = YoungPersonFactory()
    young.structure.requires_validation = False
    young.structure.save()
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    return young, professional


def delete_people(young, professional):
    HelpRequest.objects.filter(young_person=young).delete()
    structure_id = young.structure_id
    company_id = professional.pro_profile.company_id
    User.objects.filter(pk__in=[young.pk, professional.pk]).delete()
    Structure.objects.filter(pk=structure_id).delete()
    Company.objects.filter(pk=company_id).delete()
    # The emails their actions wrote to the outbox (committed too, as everything here).
    OutboxEmail.objects.all().delete()


@pytest.fixture
def committed_people():
    young, professional = in_thread(create_people)
    yield young, professional
    in_thread(delete_people, young, professional)


def test_twenty_people_acting_on_one_sent_request_make_one_transition(committed_people):
    young, professional = committed_people
    help_request = in_thread(
        lambda: services.create(
            young, professional.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=True
        )
    )
    assert help_request.state == HelpRequestState.SENT

    def act(n):
        if n % 3 == 0:
            services.transition(help_request.pk, "accept", professional, seen_state=SENT)
        elif n % 3 == 1:
            services.transition(
                help_request.pk, "decline", professional, seen_state=SENT, reason="no_time"
            )
        else:
            services.transition(help_request.pk, "withdraw", young, seen_state=SENT)

    outcomes = race(act)
    log = in_thread(
        lambda: list(
            HelpRequestTransition.objects.filter(request_id=help_request.pk)
            .exclude(name="submit")
            .values_list("name", "to_state")
        )
    )
    state = in_thread(lambda: HelpRequest.objects.get(pk=help_request.pk).state)
    assert sorted(outcomes) == ["already changed"] * (THREADS - 1) + ["done"]
    assert len(log) == 1
    assert log[0][1] == state


def test_twenty_tabs_sending_the_same_request_make_one_request(committed_people):
    young, professional = committed_people

    def send(n):
        services.create(
            young, professional.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=True
        )

    outcomes = race(send)
    count = in_thread(lambda: HelpRequest.objects.filter(young_person=young).count())
    assert sorted(outcomes) == ["done"] + ["refused"] * (THREADS - 1)
    assert count == 1


def test_the_last_place_of_the_month_is_given_once(committed_people):
    _, professional = committed_people

    def fill_up():
        profile = professional.pro_profile
        profile.monthly_capacity = 1
        profile.save()
        # The same structure as the fixture's young person: deleted with it afterwards.
        structure = Structure.objects.get(pk=committed_people[0].structure_id)
        return [YoungPersonFactory(structure=structure) for _ in range(5)]

    others = in_thread(fill_up)

    def send(n):
        services.create(
            others[n],
            professional.pro_profile,
            kind=HelpKind.TRADE_ADVICE,
            hopes=HOPES,
            submit=True,
        )

    try:
        outcomes = race(send, count=len(others))
        sent = in_thread(
            lambda: HelpRequest.objects.filter(
                professional=professional, state=HelpRequestState.SENT
            ).count()
        )
        assert sent == 1
        assert "done" in outcomes
        assert all(outcome in ("done", "refused") for outcome in outcomes)
    finally:
        in_thread(
            lambda: (
                HelpRequest.objects.filter(professional=professional).delete(),
                User.objects.filter(pk__in=[o.pk for o in others]).delete(),
            )
        )
