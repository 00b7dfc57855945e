"""Issue 14, "First contact", its smaller points: the decline form, the state a professional
awaiting approval is told, the validation rule the request form explains, asking one's
counsellor once."""

import re

import pytest
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import ProfessionalProfile
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from tests.members.factories import HelpRequestFactory, ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

S = HelpRequestState


def sent(people):
    return HelpRequestFactory(
        young_person=people["young"],
        professional=people["pro"],
        state=S.SENT,
        sent_at=None,
        hopes="Pouvez-vous relire mon CV d’électricienne ?",
    )


def test_no_decline_reason_is_preselected(client, request_people):
    help_request = sent(request_people)
    client.force_login(request_people["pro"])
    html = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk})).content
    select = re.search(rb'<select name="decline-reason".*?</select>', html, re.S).group(0)
    # Only the empty first choice may be selected: a browser shows it, not a reason.
    assert re.findall(rb'<option value="([^"]*)" selected', select) in ([], [b""])
    assert re.search(rb'<select[^>]*>\s*<option value=""', select)


def test_declining_without_a_reason_explains_and_keeps_the_message(client, request_people):
    help_request = sent(request_people)
    client.force_login(request_people["pro"])
    response = client.post(
        TRANSITIONS[N.DECLINE].url(help_request.pk),
        {"seen_state": S.SENT, "decline-reason": "", "decline-text": "Je pars trois mois."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez le motif du refus dans la liste." in html
    assert "Je pars trois mois." in html
    assert "data-error-summary" in html
    help_request.refresh_from_db()
    assert help_request.state == S.SENT


# A professional awaiting approval ------------------------------------------------------


@pytest.fixture
def pending_professional():
    return ProfessionalFactory(profile__status=ReviewStatus.PENDING)


def test_a_pending_professional_is_not_told_they_can_receive_requests(client, pending_professional):
    client.force_login(pending_professional)
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "Pas encore disponible" in dashboard
    assert "vous ne pouvez pas encore recevoir de demandes" in dashboard
    assert "Vous pouvez recevoir des demandes" not in dashboard
    profile = client.get(reverse("members:pro-profile")).content.decode()
    assert "vous ne pouvez pas recevoir de demandes" in profile


def test_a_pending_professional_out_of_pause_waits_for_approval(client, pending_professional):
    ProfessionalProfile.objects.filter(user=pending_professional).update(is_paused=True)
    client.force_login(pending_professional)
    response = client.post(reverse("members:pro-pause"), {"paused": "false"}, follow=True)
    html = response.content.decode()
    assert "dès que l’équipe de modération aura validé votre profil" in html
    assert "Vous pouvez de nouveau recevoir des demandes" not in html
    assert "Pas encore disponible" in html


def test_an_approved_professional_is_still_told_they_are_available(client):
    professional = ProfessionalFactory()
    client.force_login(professional)
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "Vous pouvez recevoir des demandes" in dashboard
    assert "Pas encore disponible" not in dashboard


# What the request form says of the counsellor's validation ------------------------------


def form_page(client, young, professional):
    client.force_login(young)
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    return client.get(url).content.decode()


CHECKED = "relit votre demande avant qu’elle parte"
DIRECT = "Votre demande part directement à"


def test_a_structure_that_validates_every_request_is_explained_to_an_adult(client, request_people):
    young = request_people["young"]
    young.structure.requires_validation = True
    young.structure.save()
    html = form_page(client, young, ProfessionalFactory(first_name="Marc"))
    assert "Votre conseiller·ère relit votre demande avant qu’elle parte à Marc." in html
    assert DIRECT not in html


def test_a_request_sent_directly_says_so(client, request_people):
    html = form_page(client, request_people["young"], ProfessionalFactory(first_name="Marc"))
    assert "Votre demande part directement à Marc ; votre conseiller·ère peut la lire." in html
    assert CHECKED not in html


def test_a_minor_is_told_every_request_is_read_first(client, request_people):
    # The structure sends without validation, but a minor's requests are always read.
    html = form_page(client, request_people["minor"], ProfessionalFactory())
    assert CHECKED in html
    assert DIRECT not in html


def test_only_hosting_is_read_first_for_an_adult_of_a_structure_without_validation(
    client, request_people
):
    professional = ProfessionalFactory(
        first_name="Marc",
        profile__help_kinds=[HelpKind.TRADE_ADVICE, HelpKind.HOSTING],
        profile__verified_in_person=True,
    )
    html = form_page(client, request_people["young"], professional)
    assert "Votre demande part directement à Marc, sauf une demande de ce type" in html
    assert str(HelpKind.HOSTING.label) in html.split("sauf une demande de ce type")[1]


# The young person's profile button ------------------------------------------------------


def test_a_complete_profile_is_edited_not_completed(client, request_people):
    client.force_login(request_people["young"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Votre profil est complet" in html
    assert "Modifier mon profil" in html
    assert "Compléter mon profil" not in html


def test_an_incomplete_profile_is_to_complete(client, structure):
    young = YoungPersonFactory(structure=structure, profile__project="")
    client.force_login(young)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Compléter mon profil" in html
