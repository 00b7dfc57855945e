"""The demo's home page buttons each lead where their label says (issue 14, point 4)."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.module_rows import rows_built_once

BUTTON = re.compile(r'<a class="button" href="([^"]+)">([^<]+)</a>')


def _load() -> None:
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())


# The demo, loaded once for the module (tests/module_rows.py); the tests read the database.
demo_loaded = rows_built_once(_load)
pytestmark = pytest.mark.django_db


def _buttons(client, path):
    page = client.get(path).content.decode()
    cards = page[page.index("audience-card") :]
    return {html.unescape(label).strip(): href for href, label in BUTTON.findall(cards)}


def test_the_demo_home_pages_buttons_lead_where_their_labels_say(demo_loaded, client):
    expected = {
        "fr": {
            "Rejoindre avec le code de ma structure": "members:join",
            "Devenir bénévole": "account_signup",
            "Inscrire ma structure": "members:structure-register",
        },
        "en": {
            "Join with my organisation's code": "members:join",
            "Volunteer": "account_signup",
            "Register my organisation": "members:structure-register",
        },
    }
    partner = {"fr": "Nous écrire pour devenir partenaire", "en": "Write to us to become a partner"}
    for language, targets in expected.items():
        buttons = _buttons(client, f"/{language}/")
        with translation.override(language):
            for label, name in targets.items():
                assert buttons[label] == reverse(name), (language, label)
        # No company sign-up exists: the partner button says it writes to the team.
        assert buttons[partner[language]].startswith(f"/{language}/")
        assert client.get(buttons[partner[language]]).status_code == 200
        assert len(buttons) == 4
        for href in buttons.values():
            assert client.get(href).status_code == 200, href


def test_loading_the_demo_again_repairs_its_old_buttons_and_keeps_an_editors(demo_loaded, client):
    """`make run` on a database loaded before the fix: the demo's own old cards are
    replaced, a card an editor wrote stays as it is."""
    from home.models import ContactPage, HomePage

    home = HomePage.objects.get(locale__language_code="fr")
    contact = ContactPage.objects.get(locale__language_code="fr")
    old = {"title": "T", "text": "T", "page": contact.pk, "url": ""}
    home.audiences = [
        {
            "type": "audience_call",
            "value": {**old, "audience": "professional", "link_label": "Devenir bénévole"},
        },
        {
            "type": "audience_call",
            "value": {**old, "audience": "company", "link_label": "Écrivez-nous"},
        },
    ]
    home.save_revision().publish()

    _load()

    buttons = _buttons(client, "/fr/")
    with translation.override("fr"):
        assert buttons["Devenir bénévole"] == reverse("account_signup")
    assert buttons["Écrivez-nous"] == contact.get_url()
    assert len(buttons) == 2
