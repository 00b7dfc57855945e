"""Past a rate limit, the browser solves the proof of work (static/js/antispam.js) under the
site's strict CSP, and the page stays accessible (config.antispam)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from network.models import VolunteerAnswer
from tests.e2e.helpers import assert_accessible, follow, page_path
from tests.e2e.test_volunteer_call import fill_answer, roomy_call  # noqa: F401 - fixture


@pytest.fixture
def one_answer_an_hour(settings):
    settings.ANTISPAM_LIMITS = {"volunteer-answer": {"address": (1, 3600)}}
    settings.ANTISPAM_POW_BITS = 10
    settings.ANTISPAM_POW_MAX_BITS = 12


def test_past_the_limit_the_browser_solves_the_challenge_and_the_answer_goes_through(
    visitor,
    roomy_call,  # noqa: F811
    one_answer_an_hour,
):
    visitor.goto(page_path(roomy_call))
    fill_answer(visitor, name="Léa Dupont", email="lea@example.org", message="Le mardi.")
    follow(visitor.get_by_role("button", name="Envoyer ma réponse"))
    visitor.goto(page_path(roomy_call))
    fill_answer(visitor, name="Karim Benali", email="karim@example.org", message="Le jeudi.")
    follow(visitor.get_by_role("button", name="Envoyer ma réponse"))

    # Held: what was typed is kept, the browser checks, then the form can be sent.
    expect(visitor.get_by_role("alert")).to_contain_text("courte vérification automatique")
    expect(visitor.get_by_label("Nom et prénom")).to_have_value("Karim Benali")
    expect(visitor.get_by_role("status").filter(has_text="Vérification")).to_contain_text(
        "Vérification terminée"
    )
    assert not VolunteerAnswer.objects.filter(email="karim@example.org").exists()
    assert_accessible(visitor)

    follow(visitor.get_by_role("button", name="Envoyer ma réponse"))
    expect(visitor.get_by_role("status").filter(has_text="Merci")).to_be_visible()
    assert VolunteerAnswer.objects.filter(email="karim@example.org").exists()
