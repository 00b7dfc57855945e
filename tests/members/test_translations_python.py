"""Texts built in Python (template tags, services) are translated like the templates':
literal msgids that makemessages extracts, plurals, a sentence of its own for today, and
French elision before a name. An English page shows no French."""

import ast
import datetime
import pathlib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from members import dashboard_cache
from members.dashboards.services import _young_next_step
from members.enums import HelpRequestState
from members.models import HelpRequest
from members.templatetags.request_tags import days_ago_note, message_of
from tests.members.factories import HelpRequestFactory, ProfessionalFactory

pytestmark = pytest.mark.usefixtures("home_page")

S = HelpRequestState
ROOT = pathlib.Path(settings.BASE_DIR)
GETTEXT_NAMES = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}


def _python_files():
    for path in sorted((ROOT / "members").rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _untranslatable_calls(path: pathlib.Path) -> list[str]:
    """The gettext calls of a module whose msgids are not string literals: makemessages
    cannot find them, so no catalog ever translates them."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = getattr(function, "id", None) or getattr(function, "attr", None)
        literals = GETTEXT_NAMES.get(name)
        if literals and not all(
            isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            for argument in node.args[:literals]
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)[:70]}")
    return found


def test_every_text_built_in_python_has_a_literal_msgid():
    found = [call for path in _python_files() for call in _untranslatable_calls(path)]

    assert found == []


def _request(young, pro, state, **fields) -> HelpRequest:
    return HelpRequestFactory(
        young_person=young,
        professional=pro,
        state=state,
        hopes="Je voudrais découvrir votre métier de cheffe de chantier.",
        **{"sent_at": None, **fields},
    )


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_the_counsellor_dashboard_in_english_says_how_long_ago_in_english(
    client, counsellor, young_person
):
    _request(young_person, ProfessionalFactory(), S.SENT, sent_at=_ago(8))
    _request(
        young_person, ProfessionalFactory(), S.ACCEPTED, sent_at=_ago(40), answered_at=_ago(31)
    )
    dashboard_cache.outdate_all()
    client.force_login(counsellor)

    with translation.override("en"):
        body = client.get(reverse("members:dashboard")).content.decode()

    assert "Sent 8 days ago" in body
    assert "Accepted 31 days ago" in body
    assert "Envoyée il y a" not in body
    assert "Acceptée il y a" not in body


@pytest.mark.parametrize(
    ("note", "days", "text"),
    [
        ("stale", 0, "Envoyée aujourd’hui"),
        ("stale", 1, "Envoyée il y a 1 jour"),
        ("stale", 8, "Envoyée il y a 8 jours"),
        ("long", 0, "Acceptée aujourd’hui"),
        ("long", 1, "Acceptée il y a 1 jour"),
        ("long", 31, "Acceptée il y a 31 jours"),
    ],
)
def test_days_ago_in_french_with_plurals_and_today(note, days, text):
    with translation.override("fr"):
        assert days_ago_note(note, days) == text


def test_a_request_sent_today_waits_since_today_on_the_professionals_dashboard(
    client, young_person, professional
):
    _request(young_person, professional, S.SENT, sent_at=timezone.now())
    client.force_login(professional)

    with translation.override("fr"):
        body = client.get(reverse("members:dashboard")).content.decode()

    assert "En attente depuis aujourd’hui" in body
    assert "depuis 0 jour" not in body


def test_a_request_sent_today_is_sent_today_for_the_young_person(young_person, professional):
    help_request = _request(young_person, professional, S.SENT, sent_at=timezone.now())

    with translation.override("fr"):
        text = _young_next_step(help_request, timezone.now())

    assert text.startswith("Envoyée aujourd’hui : ")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Inès", "le message d’Inès"),
        ("Yves", "le message d’Yves"),
        ("Élodie", "le message d’Élodie"),
        ("Karim", "le message de Karim"),
        ("Yann", "le message de Yann"),
    ],
)
def test_the_report_link_elides_de_before_a_vowel(name, text):
    with translation.override("fr"):
        assert message_of(name) == text
