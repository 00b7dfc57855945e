"""A professional's offer, end to end through the pages: it becomes a request the young
person accepts or declines, read first by their counsellor where the rules say so."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, HelpRequestTransition
from members.requests import services
from members.requests.workflow import TRANSITIONS
from tests.members.factories import (
    CounsellorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
OFFER = {
    "kind": HelpKind.TRADE_ADVICE,
    "hopes": "Je suis cheffe de chantier : je peux vous raconter une journée sur un chantier.",
    "availability": "Le mercredi après-midi",
}


@pytest.fixture
def people(structure):
    structure.requires_validation = False
    structure.save()
    counsellor = CounsellorFactory(structure=structure, email="conseillere@example.org")
    return {
        "pro": ProfessionalFactory(
            first_name="Claire",
            last_name="Dubois",
            email="claire@example.org",
            profile__monthly_capacity=20,
        ),
        "adult": YoungPersonFactory(
            structure=structure,
            first_name="Inès",
            last_name="Benali",
            email="ines@example.org",
            profile__is_visible=True,
            profile__counsellor=counsellor,
        ),
        "minor": YoungPersonFactory(
            structure=structure,
            first_name="Léo",
            last_name="Petit",
            email="leo@example.org",
            profile__is_visible=True,
            profile__birth_date=birth_date_for_age(17),
            profile__counsellor=counsellor,
        ),
        "counsellor": counsellor,
    }


def offer(client, capture, pro, young, data=OFFER):
    client.force_login(pro)
    with capture(execute=True):
        response = client.post(
            reverse("members:offer-create", kwargs={"young_pk": young.young_profile.pk}), data
        )
    return response


def act(client, capture, person, help_request, name, data=None):
    client.force_login(person)
    with capture(execute=True):
        response = client.post(
            TRANSITIONS[name].url(help_request.pk),
            {"seen_state": help_request.state, **(data or {})},
        )
    help_request.refresh_from_db()
    return response


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def emails() -> dict:
    return {message.to[0]: message for message in mail.outbox}


def test_the_limited_profile_has_the_offer_button(client, people):
    client.force_login(people["pro"])
    profile = people["adult"].young_profile

    content = client.get(
        reverse("members:young-limited-profile", kwargs={"pk": profile.pk})
    ).content.decode()

    assert "Proposer un coup de pouce" in content
    assert reverse("members:offer-create", kwargs={"young_pk": profile.pk}) in content


def test_the_counsellor_sees_no_offer_button_on_the_limited_profile(client, people):
    client.force_login(people["counsellor"])
    profile = people["adult"].young_profile

    content = client.get(
        reverse("members:young-limited-profile", kwargs={"pk": profile.pk})
    ).content.decode()

    assert "Proposer un coup de pouce" not in content


def test_the_guided_form_asks_three_questions_and_shows_the_limited_profile_only(client, people):
    client.force_login(people["pro"])

    response = client.get(
        reverse("members:offer-create", kwargs={"young_pk": people["adult"].young_profile.pk})
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Quel coup de pouce proposez-vous ?" in content
    assert "Que lui proposez-vous ?" in content
    assert "Quand êtes-vous disponible ?" in content
    assert "Par exemple" in content
    assert "Inès B." in content
    assert "Benali" not in content
    assert "ines@example.org" not in content


def test_an_adults_offer_goes_straight_to_them_and_they_accept_it(
    client, people, django_capture_on_commit_callbacks
):
    pro, young = people["pro"], people["adult"]

    response = offer(client, django_capture_on_commit_callbacks, pro, young)

    help_request = HelpRequest.objects.get()
    assert response.url == reverse("members:request-detail", kwargs={"pk": help_request.pk})
    assert any("proposition est envoyée" in text for text in flash(response))
    assert help_request.offered_by_professional
    assert (help_request.young_person, help_request.professional) == (young, pro)
    assert help_request.structure == young.structure
    assert help_request.state == S.SENT
    assert help_request.sent_at is not None
    assert help_request.availability == "Le mercredi après-midi"
    assert [(t.name, t.to_state, t.actor) for t in HelpRequestTransition.objects.all()] == [
        ("submit", S.SENT, pro)
    ]
    # The young person is told, in words that fit an offer.
    sent = emails()
    assert list(sent) == ["ines@example.org"]
    assert sent["ines@example.org"].subject == "Claire Dubois vous propose un coup de pouce"
    assert "vous propose un coup de pouce : Conseils sur un métier" in sent["ines@example.org"].body

    # The young person finds it among the offers to answer, and reads it.
    client.force_login(young)
    listing = client.get(reverse("members:requests"))
    assert listing.context["offers"] == [help_request]
    assert "Des professionnel·les vous proposent un coup de pouce" in listing.content.decode()
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    content = page.content.decode()
    assert "Claire Dubois vous propose un coup de pouce." in content
    assert "Ce qui est proposé" in content
    assert "Proposition écrite" in content
    assert [action["spec"].name for action in page.context["actions"]] == ["accept", "decline"]

    mail.outbox.clear()
    response = act(client, django_capture_on_commit_callbacks, young, help_request, "accept")

    assert help_request.state == S.ACCEPTED
    assert any("Vous avez accepté ce coup de pouce" in text for text in flash(response))
    sent = emails()
    assert list(sent) == ["claire@example.org"]
    assert sent["claire@example.org"].subject == "Votre proposition est acceptée !"
    assert "Inès B. a accepté votre proposition" in sent["claire@example.org"].body


def test_the_professional_does_not_see_their_own_offer_as_one_to_answer(
    client, people, django_capture_on_commit_callbacks
):
    offer(client, django_capture_on_commit_callbacks, people["pro"], people["adult"])
    help_request = HelpRequest.objects.get()

    listing = client.get(reverse("members:requests"))
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))

    assert listing.context["to_answer"] == []
    assert list(listing.context["page_obj"].object_list) == [help_request]
    assert "Vous proposez ce coup de pouce à Inès B." in page.content.decode()
    assert "Benali" not in page.content.decode()
    # The author may take it back; only the young person answers it.
    assert [action["spec"].name for action in page.context["actions"]] == ["withdraw"]


def test_a_minors_offer_waits_for_the_counsellor_who_validates_it_then_they_accept(
    client, people, django_capture_on_commit_callbacks
):
    pro, minor, counsellor = people["pro"], people["minor"], people["counsellor"]

    response = offer(client, django_capture_on_commit_callbacks, pro, minor)

    help_request = HelpRequest.objects.get()
    assert help_request.state == S.AWAITING_COUNSELLOR
    assert help_request.sent_at is None
    assert any("conseiller ou sa conseillère" in text for text in flash(response))
    sent = emails()
    assert list(sent) == ["conseillere@example.org"]
    assert sent["conseillere@example.org"].subject == (
        "Une proposition pour Léo P. attend votre validation"
    )
    assert "Claire Dubois propose un coup de pouce (Conseils sur un métier) à Léo P." in (
        sent["conseillere@example.org"].body
    )

    # Not shown to the minor before the counsellor has read it.
    client.force_login(minor)
    assert (
        client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk})).status_code
        == 404
    )
    assert list(client.get(reverse("members:requests")).context["page_obj"].object_list) == []

    # The counsellor finds it among the requests to validate and reads who offers what.
    client.force_login(counsellor)
    assert client.get(reverse("members:requests")).context["awaiting"] == [help_request]
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert "Claire Dubois propose ce coup de pouce à Léo Petit." in page.content.decode()

    mail.outbox.clear()
    response = act(client, django_capture_on_commit_callbacks, counsellor, help_request, "validate")

    assert help_request.state == S.SENT
    assert any("transmise au ou à la jeune" in text for text in flash(response))
    assert list(emails()) == ["leo@example.org"]

    mail.outbox.clear()
    act(client, django_capture_on_commit_callbacks, minor, help_request, "accept")

    assert help_request.state == S.ACCEPTED
    assert list(emails()) == ["claire@example.org"]
    assert [t.name for t in help_request.transitions.all()] == ["submit", "validate", "accept"]


def test_a_structure_that_validates_every_request_validates_offers_too(
    client, people, structure, django_capture_on_commit_callbacks
):
    structure.requires_validation = True
    structure.save()

    offer(client, django_capture_on_commit_callbacks, people["pro"], people["adult"])

    assert HelpRequest.objects.get().state == S.AWAITING_COUNSELLOR


def test_the_young_person_declines_with_a_reason_that_fits_them(
    client, people, django_capture_on_commit_callbacks
):
    offer(client, django_capture_on_commit_callbacks, people["pro"], people["adult"])
    help_request = HelpRequest.objects.get()
    young = people["adult"]
    client.force_login(young)

    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    decline = next(a for a in page.context["actions"] if a["spec"].name == "decline")
    reasons = [value for value, _label in decline["form"].fields["reason"].choices]
    assert "already_helped" not in reasons
    assert "Le ou la professionnel·le la lira." in page.content.decode()

    mail.outbox.clear()
    response = act(
        client,
        django_capture_on_commit_callbacks,
        young,
        help_request,
        "decline",
        {"decline-reason": "no_time"},
    )

    assert help_request.state == S.DECLINED
    assert help_request.decline_reason == "no_time"
    assert any("Vous avez décliné cette proposition" in text for text in flash(response))
    sent = emails()
    assert list(sent) == ["claire@example.org"]
    assert sent["claire@example.org"].subject == "Réponse à votre proposition"
    assert "Inès B. a décliné votre proposition" in sent["claire@example.org"].body
    # Nobody suggests three other professionals after turning an offer down.
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert "D’autres professionnel·les à qui demander" not in page.content.decode()


def test_an_offer_the_young_person_may_not_refuse_with_the_professionals_reason(
    client, people, django_capture_on_commit_callbacks
):
    offer(client, django_capture_on_commit_callbacks, people["pro"], people["adult"])
    help_request = HelpRequest.objects.get()

    response = act(
        client,
        django_capture_on_commit_callbacks,
        people["adult"],
        help_request,
        "decline",
        {"decline-reason": "already_helped"},
    )

    assert response.status_code == 200  # the form again, with its error
    assert help_request.state == S.SENT


def test_a_returned_offer_goes_back_to_the_professional_who_may_withdraw_it(
    client, people, django_capture_on_commit_callbacks
):
    pro, minor, counsellor = people["pro"], people["minor"], people["counsellor"]
    offer(client, django_capture_on_commit_callbacks, pro, minor)
    help_request = HelpRequest.objects.get()
    mail.outbox.clear()

    act(
        client,
        django_capture_on_commit_callbacks,
        counsellor,
        help_request,
        "return",
        {"return-comment": "Proposez plutôt un échange en visio."},
    )

    assert help_request.state == S.DRAFT
    sent = emails()
    assert list(sent) == ["claire@example.org"]
    assert sent["claire@example.org"].subject == "Votre proposition est à revoir"
    assert "Léo P. a relu votre proposition" in sent["claire@example.org"].body
    assert "Proposez plutôt un échange en visio." in sent["claire@example.org"].body

    client.force_login(pro)
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert [a["spec"].name for a in page.context["actions"]] == ["submit", "withdraw"]

    response = act(client, django_capture_on_commit_callbacks, pro, help_request, "withdraw")

    assert help_request.state == S.WITHDRAWN
    assert any("La proposition est retirée." in text for text in flash(response))


def test_an_offer_nobody_answered_expires_with_words_that_fit(
    people, django_capture_on_commit_callbacks, client
):
    from members.requests import services

    offer(client, django_capture_on_commit_callbacks, people["pro"], people["adult"])
    help_request = HelpRequest.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire(help_request)

    sent = emails()
    assert list(sent) == ["ines@example.org"]
    assert sent["ines@example.org"].subject == "Une proposition de coup de pouce a expiré"
    assert "La proposition de coup de pouce (Conseils sur un métier) de Claire Dubois" in (
        sent["ines@example.org"].body
    )


def test_a_young_person_asking_a_professional_whose_offer_awaits_learns_nothing_of_it(
    client, people, django_capture_on_commit_callbacks
):
    offer(client, django_capture_on_commit_callbacks, people["pro"], people["minor"])
    client.force_login(people["minor"])

    response = client.get(
        reverse("members:request-create", kwargs={"professional_pk": people["pro"].pro_profile.pk})
    )

    assert response.url == reverse("members:requests")
    # The offer their counsellor still reads is not revealed: the generic duplicate message.
    assert services.duplicate_message() in flash(response)
    assert not any("coup de pouce" in text for text in flash(response))
