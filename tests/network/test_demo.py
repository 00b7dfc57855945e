import io

import pytest

from network import demo
from network.models import (
    Company,
    CompanyIndexPage,
    Structure,
    StructureIndexPage,
    VolunteerAnswer,
    VolunteerCallIndexPage,
    VolunteerCallPage,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "structures": Structure.objects.count(),
        "approved": Structure.objects.approved().count(),
        "companies": Company.objects.count(),
        "structure_indexes": StructureIndexPage.objects.count(),
        "call_indexes": VolunteerCallIndexPage.objects.count(),
        "company_indexes": CompanyIndexPage.objects.count(),
        "shown_companies": Company.objects.filter(is_partner=True, show_on_site=True).count(),
        "calls": VolunteerCallPage.objects.count(),
        "answers": VolunteerAnswer.objects.count(),
    }


def test_demo_load_creates_the_network_content_and_is_idempotent(
    home_page, english_home_page, locales
):
    demo.load(home_page, english_home_page, io.StringIO())
    first = snapshot()
    assert first["approved"] >= 20
    assert first["structures"] - first["approved"] == 2
    assert first["companies"] == 5
    assert first["structure_indexes"] == 2  # French and English
    assert first["call_indexes"] == 2
    assert first["company_indexes"] == 2
    assert first["shown_companies"] == 1
    assert first["calls"] == 12  # six calls, each in French and English
    assert len({s.departement for s in Structure.objects.approved()}) >= 10

    french_calls = VolunteerCallPage.objects.filter(locale=locales["fr"])
    open_calls = french_calls.open()
    assert open_calls.count() == 4
    closed = {c.slug: c.closed_reason() for c in french_calls if c not in open_calls}
    assert set(closed) == {"decouverte-metiers-batiment-lille", "visite-entreprise-lyon"}

    demo.load(home_page, english_home_page, io.StringIO())
    assert snapshot() == first


def test_demo_pages_render_in_both_languages(client, home_page, english_home_page):
    from django.utils import translation

    demo.load(home_page, english_home_page, io.StringIO())
    pages = [
        *StructureIndexPage.objects.all(),
        *CompanyIndexPage.objects.all(),
        *VolunteerCallPage.objects.all()[:4],
    ]
    for page in pages:
        with translation.override(page.locale.language_code):
            url = page.url
        assert client.get(url).status_code == 200, url
