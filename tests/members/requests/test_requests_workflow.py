"""The request's state machine, as a table (DESIGN.md, "The coup-de-pouce request").

For every transition, every state and every role, a POST to the transition's URL goes
through exactly where the table below says; everywhere else it is refused (403, 404 or
a clear message) and the request is left as it was. The table is written out here, not
read from members.requests.workflow, so that a change there has to be made twice on purpose.
"""

import copy
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, HelpRequestTransition
from members.requests import services
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from tests.members.factories import (
    CounsellorFactory,
    ModeratorFactory,
    ProfessionalFactory,
    ReferentFactory,
    YoungPersonFactory,
)
from tests.module_rows import rows_built_once
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db

S = HelpRequestState
OPEN = {S.DRAFT, S.AWAITING_COUNSELLOR, S.SENT, S.ACCEPTED}

# name: (states it leaves, state it reaches, roles that may fire it)
TABLE = {
    "submit": ({S.DRAFT}, S.SENT, {"young_owner"}),
    "validate": ({S.AWAITING_COUNSELLOR}, S.SENT, {"counsellor"}),
    "return": ({S.AWAITING_COUNSELLOR}, S.DRAFT, {"counsellor"}),
    "accept": ({S.SENT}, S.ACCEPTED, {"professional"}),
    "decline": ({S.SENT}, S.DECLINED, {"professional"}),
    "complete": ({S.ACCEPTED}, S.COMPLETED, {"young_owner", "professional"}),
    "withdraw": (OPEN, S.WITHDRAWN, {"young_owner"}),
    "close": (OPEN, S.CLOSED, {"counsellor", "moderator"}),
}
# Each action form on the request's page has the transition's name as its prefix.
DATA = {
    "return": {"return-comment": "Précise ton projet."},
    "decline": {"decline-reason": "no_time"},
    "close": {"close-reason": "Échange inadapté."},
    "complete": {"complete-outcome": "advice", "complete-feedback": "Merci, très utile."},
}
ROLES = [
    "young_owner",
    "other_young",
    "professional",
    "other_professional",
    "counsellor",
    "other_counsellor",
    "referent",
    "moderator",
]


def build_people() -> dict:
    structure = StructureFactory(requires_validation=False)
    other_structure = StructureFactory(name="Mission locale de Lyon", postcode="69003", city="Lyon")
    return {
        "young_owner": YoungPersonFactory(structure=structure),
        "other_young": YoungPersonFactory(structure=structure),
        "professional": ProfessionalFactory(profile__monthly_capacity=20),
        "other_professional": ProfessionalFactory(),
        "counsellor": CounsellorFactory(structure=structure),
        "other_counsellor": CounsellorFactory(structure=other_structure),
        "referent": ReferentFactory(structure=structure),
        "moderator": ModeratorFactory(),
    }


# Built once for the module, each test gets its own copy (tests/module_rows.py).
people_rows = rows_built_once(build_people)


@pytest.fixture
def people(db, people_rows):
    return copy.deepcopy(people_rows)


def make_request(people, state) -> HelpRequest:
    young = people["young_owner"]
    return HelpRequest.objects.create(
        young_person=young,
        professional=people["professional"],
        structure=young.structure,
        state=state,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier et savoir quelle formation choisir.",
        sent_at=timezone.now() if state != S.DRAFT else None,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_transition_goes_through_only_where_the_table_says(client, people, name, role):
    sources, target, roles = TABLE[name]
    client.force_login(people[role])
    for state in S:
        help_request = make_request(people, state)
        response = client.post(TRANSITIONS[name].url(help_request.pk), DATA.get(name, {}))
        help_request.refresh_from_db()
        log = HelpRequestTransition.objects.filter(request=help_request)
        if state in sources and role in roles:
            assert response.status_code == 302, (name, state, role)
            assert help_request.state == target, (name, state, role)
            assert [(t.name, t.from_state, t.to_state, t.actor) for t in log] == [
                (name, state, target, people[role])
            ]
        else:
            assert help_request.state == state, (name, state, role)
            assert not log.exists(), (name, state, role)
            assert response.status_code in (302, 403, 404), (name, state, role)
            if response.status_code == 302:
                # The right person too late: told plainly, on the request's page.
                assert response.url == reverse(
                    "members:request-detail", kwargs={"pk": help_request.pk}
                )
                text = [str(m) for m in get_messages(response.wsgi_request)]
                assert any("a déjà changé" in m for m in text), (name, state, role)
        help_request.delete()


@pytest.mark.parametrize("role", ROLES)
def test_a_request_page_is_a_404_for_strangers_and_a_403_for_referents(client, people, role):
    help_request = make_request(people, S.SENT)
    client.force_login(people[role])
    response = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    expected = {
        "young_owner": 200,
        "professional": 200,
        "counsellor": 200,
        "moderator": 200,
        "referent": 403,
    }.get(role, 404)
    assert response.status_code == expected


def test_the_request_page_shows_only_the_actions_of_this_person_in_this_state(client, people):
    help_request = make_request(people, S.SENT)
    client.force_login(people["professional"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    content = page.content.decode()
    assert TRANSITIONS[N.ACCEPT].url(help_request.pk) in content
    assert TRANSITIONS[N.DECLINE].url(help_request.pk) in content
    assert TRANSITIONS[N.WITHDRAW].url(help_request.pk) not in content
    assert TRANSITIONS[N.CLOSE].url(help_request.pk) not in content


@pytest.mark.parametrize("state", list(S))
def test_only_a_sent_request_expires(people, state):
    help_request = make_request(people, state)
    assert services.expire(help_request) is (state == S.SENT)
    help_request.refresh_from_db()
    assert help_request.state == (S.EXPIRED if state == S.SENT else state)
    transitions = list(help_request.transitions.all())
    if state == S.SENT:
        assert [(t.name, t.actor) for t in transitions] == [("expire", None)]
    else:
        assert transitions == []


@pytest.mark.parametrize("role", ROLES)
def test_nobody_expires_a_request_by_hand(people, role):
    help_request = make_request(people, S.SENT)
    with pytest.raises(services.TransitionNotAllowedError):
        services.transition(help_request.pk, "expire", people[role])
    help_request.refresh_from_db()
    assert help_request.state == S.SENT


def test_the_second_click_gets_a_clear_message_not_an_error(client, people):
    help_request = make_request(people, S.SENT)
    client.force_login(people["professional"])
    url = TRANSITIONS[N.ACCEPT].url(help_request.pk)
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "a déjà changé" in response.content.decode()
    assert help_request.transitions.count() == 1


def test_decline_for_another_reason_needs_a_text_and_keeps_the_state(client, people):
    help_request = make_request(people, S.SENT)
    client.force_login(people["professional"])
    response = client.post(
        TRANSITIONS[N.DECLINE].url(help_request.pk),
        {"decline-reason": "other"},
    )
    assert response.status_code == 200
    assert "Précisez le motif." in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.state == S.SENT


def test_decline_stores_the_reason_and_the_answer_time(client, people):
    help_request = make_request(people, S.SENT)
    client.force_login(people["professional"])
    client.post(
        TRANSITIONS[N.DECLINE].url(help_request.pk),
        {"decline-reason": "other", "decline-text": "Je change de poste."},
    )
    help_request.refresh_from_db()
    assert help_request.state == S.DECLINED
    assert (help_request.decline_reason, help_request.decline_text) == (
        "other",
        "Je change de poste.",
    )
    assert help_request.answered_at is not None
    assert help_request.transitions.get().reason == "Autre raison Je change de poste."


def test_complete_needs_an_outcome(client, people):
    help_request = make_request(people, S.ACCEPTED)
    client.force_login(people["young_owner"])
    response = client.post(TRANSITIONS[N.COMPLETE].url(help_request.pk))
    assert response.status_code == 200
    help_request.refresh_from_db()
    assert help_request.state == S.ACCEPTED


def test_the_other_side_adds_feedback_after_completion(client, people):
    help_request = make_request(people, S.ACCEPTED)
    client.force_login(people["young_owner"])
    client.post(
        TRANSITIONS[N.COMPLETE].url(help_request.pk),
        {"complete-outcome": "interview", "complete-feedback": "J’ai décroché un entretien."},
    )
    client.force_login(people["professional"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert reverse("members:request-feedback", kwargs={"pk": help_request.pk}) in (
        page.content.decode()
    )
    client.post(
        reverse("members:request-feedback", kwargs={"pk": help_request.pk}),
        {"feedback": "Une jeune très motivée."},
    )
    help_request.refresh_from_db()
    assert help_request.state == S.COMPLETED
    assert help_request.outcome == "interview"
    assert help_request.young_feedback == "J’ai décroché un entretien."
    assert help_request.professional_feedback == "Une jeune très motivée."
    assert help_request.completed_at is not None
    assert help_request.transitions.count() == 1


def test_the_timeline_shows_every_transition(client, people):
    help_request = make_request(people, S.DRAFT)
    services.transition(help_request.pk, "submit", people["young_owner"])
    services.transition(help_request.pk, "accept", people["professional"])
    client.force_login(people["counsellor"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    content = page.content.decode()
    assert "Envoyée" in content and "Acceptée" in content
    assert people["professional"].get_full_name() in content


def test_a_stale_tab_does_not_withdraw_a_request_accepted_meanwhile(client, people):
    help_request = make_request(people, S.SENT)
    client.force_login(people["young_owner"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert 'name="seen_state" value="sent"' in page.content.decode()
    services.transition(help_request.pk, "accept", people["professional"])
    response = client.post(
        TRANSITIONS[N.WITHDRAW].url(help_request.pk),
        {"seen_state": "sent"},
        follow=True,
    )
    assert "a déjà changé" in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.state == S.ACCEPTED


def test_the_counsellors_action_forms_never_share_a_field_id(client, people):
    help_request = make_request(people, S.AWAITING_COUNSELLOR)
    client.force_login(people["counsellor"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    ids = re.findall(r'\sid="([^"]+)"', page.content.decode())
    assert {"id_validate-comment", "id_return-comment", "id_close-reason"} <= set(ids)
    assert len(ids) == len(set(ids))
