"""A counsellor's dashboard panels are rendered once and then read from the cache
(members.dashboard_cache): every change they show appears on the next view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.conversations import services as messages
from members.enums import HelpKind, HelpRequestState, Outcome
from members.models import HelpRequest, Invitation, Sector
from members.onboarding import invitations
from members.requests import outcomes, reminders
from members.requests import services as requests
from tests.members.factories import (
    InvitationFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)

S = HelpRequestState


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def make_request(young, pro, state, **fields) -> HelpRequest:
    return HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=young.structure,
        state=state,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier de cheffe de chantier.",
        **fields,
    )


@pytest.fixture
def viewer(client, counsellor):
    """The counsellor's dashboard as they see it, and the queries it took."""
    client.force_login(counsellor)

    def view(path=None) -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path or reverse("members:dashboard"))
        assert response.status_code == 200
        return response.content.decode(), [query["sql"] for query in queries]

    view()  # the session, the layout cache and the panels, once
    return view


def panels(body: str) -> str:
    """The panels of the page (the rest holds a CSRF token that changes every time)."""
    return body[body.index('id="awaiting-title"') : body.index('class="dashboard-privacy"')]


def reads_requests(queries: list[str]) -> bool:
    return any('"members_helprequest"' in sql for sql in queries)


@pytest.fixture
def pro(db):
    return ProfessionalFactory(first_name="Camille", last_name="Roux")


def test_the_panels_are_read_from_the_cache_until_something_changes(viewer, young_person, pro):
    make_request(young_person, pro, S.AWAITING_COUNSELLOR)

    built, built_queries = viewer()
    again, again_queries = viewer()

    assert "1 demande attend votre validation" in built
    assert panels(again) == panels(built)
    assert reads_requests(built_queries)
    assert not reads_requests(again_queries)
    assert len(again_queries) < len(built_queries)


def test_a_change_in_another_structure_keeps_the_panels(other_structure, pro, viewer):
    elsewhere = YoungPersonFactory(structure=other_structure)
    make_request(elsewhere, pro, S.AWAITING_COUNSELLOR)

    _body, queries = viewer()

    assert not reads_requests(queries)


def test_the_panels_follow_the_language(viewer, young_person, pro):
    make_request(young_person, pro, S.AWAITING_COUNSELLOR)
    viewer()

    with translation.override("en"):
        english, _queries = viewer(reverse("members:dashboard"))

    assert "Requests to approve" in english
    assert "Demandes à valider" not in english


# Requests ------------------------------------------------------------------------------


def test_a_request_submitted_for_validation_shows_at_once(viewer, structure, young_person, pro):
    structure.requires_validation = True
    structure.save()
    draft = make_request(young_person, pro, S.DRAFT)
    assert "Aucune demande n’attend votre validation" in viewer()[0]

    requests.transition(draft.pk, "submit", young_person)

    assert "1 demande attend votre validation" in viewer()[0]


def test_a_validated_request_leaves_the_list_at_once(viewer, counsellor, young_person, pro):
    awaiting = make_request(young_person, pro, S.AWAITING_COUNSELLOR)
    assert "1 demande attend votre validation" in viewer()[0]

    requests.transition(awaiting.pk, "validate", counsellor)

    assert "Aucune demande n’attend votre validation" in viewer()[0]


def test_a_new_message_and_the_counsellor_reading_it_show_at_once(viewer, young_person, pro):
    accepted = make_request(young_person, pro, S.ACCEPTED, sent_at=ago(3), answered_at=ago(2))
    assert "Vous avez lu toutes les conversations" in viewer()[0]

    messages.post(pro, accepted, "Bonjour, on se voit mardi ?")
    assert "1 conversation a de nouveaux messages" in viewer()[0]

    viewer(reverse("members:request-detail", kwargs={"pk": accepted.pk}))
    assert "Vous avez lu toutes les conversations" in viewer()[0]


def test_a_follow_up_asked_then_recorded_shows_at_once(viewer, young_person, pro):
    completed = make_request(
        young_person,
        pro,
        S.COMPLETED,
        sent_at=ago(120),
        answered_at=ago(118),
        completed_at=ago(100),
        outcome=Outcome.ADVICE,
    )
    assert "Aucun résultat à recueillir" in viewer()[0]

    reminders.follow_up(timezone.now())
    assert "Trois mois après : 1 jeune" in viewer()[0]

    completed.refresh_from_db()
    outcomes.record_follow_up(completed, young_person, Outcome.JOB)
    assert "Aucun résultat à recueillir" in viewer()[0]


# People --------------------------------------------------------------------------------


def test_a_renamed_young_person_shows_under_the_new_name_at_once(viewer, young_person, pro):
    make_request(young_person, pro, S.AWAITING_COUNSELLOR)
    viewer()

    young_person.first_name = "Yasmina"
    young_person.save()

    assert "Yasmina" in viewer()[0]


def test_a_renamed_professional_shows_under_the_new_name_at_once(viewer, young_person, pro):
    make_request(young_person, pro, S.AWAITING_COUNSELLOR)
    assert "Camille Roux" in viewer()[0]

    pro.last_name = "Lefèvre"
    pro.save(update_fields=["last_name"])

    assert "Camille Lefèvre" in viewer()[0]


def test_a_deactivated_or_moved_young_person_leaves_the_panels_at_once(
    viewer, structure, other_structure
):
    leaving = YoungPersonFactory(structure=structure, first_name="Noé", profile__project="")
    moving = YoungPersonFactory(structure=structure, first_name="Léa", profile__project="")
    body = viewer()[0]
    assert "Noé" in body and "Léa" in body

    leaving.is_active = False
    leaving.save(update_fields=["is_active"])
    moving.structure = other_structure
    moving.save()

    body = viewer()[0]
    assert "Noé" not in body
    assert "Léa" not in body


def test_a_young_person_newly_followed_or_with_a_completed_profile_shows_at_once(
    viewer, counsellor, structure
):
    person = YoungPersonFactory(structure=structure, first_name="Sami", profile__project="")
    body = viewer()[0]
    assert "1 jeune n’a pas fini son profil" in body
    assert "Aucun·e jeune ne vous est rattaché·e" in body

    profile = person.young_profile
    profile.project = "Boulanger"
    profile.counsellor = counsellor
    profile.save()

    body = viewer()[0]
    assert "Tous les profils sont complets" in body
    assert "Vous suivez 1 jeune" in body


def test_a_deleted_sector_shows_its_profiles_as_incomplete_at_once(viewer, structure):
    sector = Sector.objects.create(code="Z", name="Secteur à retirer")
    YoungPersonFactory(structure=structure, profile__sector=sector)
    assert "Tous les profils sont complets" in viewer()[0]

    sector.delete()

    assert "1 jeune n’a pas fini son profil" in viewer()[0]


# Invitations ---------------------------------------------------------------------------


def test_an_invitation_issued_then_revoked_shows_at_once(viewer, structure, counsellor):
    assert "0 invitation en attente" in viewer()[0]

    invitation, _token = InvitationFactory.issue(structure=structure, invited_by=counsellor)
    assert "1 invitation en attente" in viewer()[0]

    assert invitations.revoke(invitation)
    assert "0 invitation en attente" in viewer()[0]


def test_an_expired_invitation_resent_shows_as_pending_at_once(viewer, structure, counsellor):
    invitation, _token = InvitationFactory.issue(structure=structure, invited_by=counsellor)
    # Issuing outdated the panels; the UPDATE that ages the invitation needs not.
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=ago(1))
    assert "1 invitation a expiré" in viewer()[0]

    # A conditional UPDATE sends no signal: the service outdates the panels itself.
    assert invitations.resend(invitation)
    body = viewer()[0]
    assert "1 invitation en attente" in body
    assert "a expiré" not in body
