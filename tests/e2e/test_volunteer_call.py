"""A professional answers a volunteer call of the demo, in a real browser (in French)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from network.enums import CallClosedReason
from network.models import VolunteerAnswer, VolunteerCallPage
from tests.e2e.helpers import assert_accessible, follow, page_path

PLACES_LEFT = re.compile(r"(\d+) places? restantes? sur (\d+)")


def french_calls():
    return VolunteerCallPage.objects.live().filter(locale__language_code="fr")


def places_left_shown(page) -> int:
    match = PLACES_LEFT.search(page.locator("main").inner_text())
    assert match, "the call shows its places left"
    return int(match.group(1))


def fill_answer(page, *, name="", email="", company="", message=""):
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Entreprise").fill(company)
    page.get_by_label("Message").fill(message)


@pytest.fixture
def roomy_call(demo_site):
    """The open French call with the most places left: it stays open after one answer."""
    call = (
        french_calls()
        .open()
        .annotate(left=F("places") - F("answers_count"))
        .filter(left__gte=2)
        .order_by("-left", "pk")
        .first()
    )
    assert call, "the demo has an open call with at least two places left"
    return call


@pytest.fixture
def full_call(demo_site, roomy_call):
    """A full French call: the demo's own, or else an open call that we fill up."""
    for call in french_calls().with_answer_count():
        if call.closed_reason() == CallClosedReason.FULL:
            return call
    call = french_calls().open().exclude(pk=roomy_call.pk).order_by("places", "pk").first()
    VolunteerAnswer.objects.bulk_create(
        VolunteerAnswer(
            call_translation_key=call.translation_key,
            call=call,
            name=f"Bénévole {n}",
            email=f"benevole{n}@example.org",
            message="Disponible un samedi.",
        )
        for n in range(call.places_left)
    )
    return call


@pytest.fixture
def past_call(demo_site, roomy_call, full_call):
    """A French call whose deadline has passed: the demo's own, or one we make so."""
    today = timezone.localdate()
    call = french_calls().filter(deadline__lt=today).first()
    if call is None:
        call = french_calls().open().exclude(pk__in=[roomy_call.pk, full_call.pk]).first()
        VolunteerCallPage.objects.filter(pk=call.pk).update(deadline=today - timedelta(days=1))
        call.refresh_from_db()
    return call


def test_a_visitor_answers_an_open_call(visitor, roomy_call, mailoutbox):
    visitor.goto(page_path(roomy_call))
    places_before = places_left_shown(visitor)
    assert places_before == roomy_call.places_left

    fill_answer(
        visitor,
        name="Camille Martin",
        email="camille.martin@example.org",
        company="Transports du Rhône",
        message="Je peux recevoir deux jeunes un mercredi après-midi.",
    )
    follow(visitor.get_by_role("button", name="Envoyer ma réponse"))

    expect(visitor.get_by_role("status").filter(has_text="Merci")).to_contain_text(
        "votre réponse a bien été envoyée"
    )
    assert places_left_shown(visitor) == places_before - 1
    answer = VolunteerAnswer.objects.get(email="camille.martin@example.org")
    assert answer.call_translation_key == roomy_call.translation_key
    assert answer.company == "Transports du Rhône"
    recipients = [address for email in mailoutbox for address in email.to]
    assert "camille.martin@example.org" in recipients, "the volunteer is told by email"
    assert len(mailoutbox) >= 2, "the association is told by email too"
    assert_accessible(visitor)


def test_an_invalid_answer_keeps_what_was_typed_and_says_what_is_wrong(visitor, roomy_call):
    answers_before = VolunteerAnswer.objects.count()
    visitor.goto(page_path(roomy_call))
    places_before = places_left_shown(visitor)

    fill_answer(
        visitor,
        name="Karim Benali",
        email="karim.benali-at-example.org",
        company="Banque du Sud",
        message="",
    )
    follow(visitor.get_by_role("button", name="Envoyer ma réponse"))

    expect(visitor.get_by_role("alert")).to_contain_text("dans le formulaire")
    expect(visitor.locator("[data-error-summary]")).to_be_focused()
    email = visitor.get_by_label("Adresse e-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Saisissez une adresse e-mail valide"))
    expect(visitor.get_by_label("Message")).to_have_accessible_description(
        re.compile("Écrivez quelques mots")
    )
    expect(visitor.get_by_label("Nom et prénom")).to_have_value("Karim Benali")
    expect(email).to_have_value("karim.benali-at-example.org")
    expect(visitor.get_by_label("Entreprise")).to_have_value("Banque du Sud")
    assert places_left_shown(visitor) == places_before
    assert VolunteerAnswer.objects.count() == answers_before
    assert_accessible(visitor)


def test_a_full_call_says_it_is_closed_and_takes_no_answer(visitor, full_call):
    visitor.goto(page_path(full_call))

    expect(visitor.locator("main")).to_contain_text("Cet appel est clos.")
    expect(visitor.locator("main")).to_contain_text(str(CallClosedReason.FULL.label))
    assert places_left_shown(visitor) == 0
    expect(visitor.get_by_role("button", name="Envoyer ma réponse")).to_have_count(0)
    assert_accessible(visitor)

    follow(visitor.get_by_role("link", name="Voir les appels ouverts"))
    card = visitor.locator(f'main li:has(a[href="{page_path(full_call)}"])')
    expect(card).to_contain_text("Complet")


def test_a_call_past_its_deadline_says_it_is_closed_and_takes_no_answer(visitor, past_call):
    visitor.goto(page_path(past_call))

    expect(visitor.locator("main")).to_contain_text("Cet appel est clos.")
    expect(visitor.locator("main")).to_contain_text(str(CallClosedReason.PAST_DEADLINE.label))
    expect(visitor.get_by_role("button", name="Envoyer ma réponse")).to_have_count(0)
