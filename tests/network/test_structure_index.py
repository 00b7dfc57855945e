import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from network.enums import StructureKind
from network.models import StructureIndexPage
from tests.network.factories import StructureFactory, StructureIndexPageFactory, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures():
    return {
        "e2c_93": StructureFactory(name="E2C Seine-Saint-Denis", kind=StructureKind.E2C),
        "ml_93": StructureFactory(name="Mission locale de Bobigny", postcode="93000"),
        "ml_59": StructureFactory(name="Mission locale de Lille", postcode="59000", city="Lille"),
        "epide_77": StructureFactory(
            name="EPIDE de Meaux", kind=StructureKind.EPIDE, postcode="77100", city="Meaux"
        ),
        "pending": StructureFactory(
            name="Structure en attente", postcode="59000", is_approved=False
        ),
    }


def names_in(response):
    listing = response.text.split('id="structures"', 1)[1]
    return set(re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', listing))


def test_index_lists_approved_structures_only(client, structure_index, structures):
    response = client.get(structure_index.url)
    assert response.status_code == 200
    assert names_in(response) == {
        "E2C Seine-Saint-Denis",
        "Mission locale de Bobigny",
        "Mission locale de Lille",
        "EPIDE de Meaux",
    }


def test_a_structure_approved_or_renamed_shows_in_the_list_at_once(
    client, structure_index, structures
):
    before = names_in(client.get(structure_index.url, {"departement": "59"}))
    assert before == {"Mission locale de Lille"}
    pending = structures["pending"]
    pending.is_approved = True
    pending.save()
    structures["ml_59"].name = "Mission locale de Lille Métropole"
    structures["ml_59"].save()

    names = names_in(client.get(structure_index.url, {"departement": "59"}))
    assert names == {"Structure en attente", "Mission locale de Lille Métropole"}


def test_index_filters_by_kind(client, structure_index, structures):
    response = client.get(structure_index.url, {"kind": "mission_locale"})
    assert names_in(response) == {"Mission locale de Bobigny", "Mission locale de Lille"}


def test_index_filters_by_departement(client, structure_index, structures):
    response = client.get(structure_index.url, {"departement": "93"})
    assert names_in(response) == {"E2C Seine-Saint-Denis", "Mission locale de Bobigny"}


def test_index_filters_by_kind_and_departement(client, structure_index, structures):
    response = client.get(structure_index.url, {"kind": "mission_locale", "departement": "93"})
    assert names_in(response) == {"Mission locale de Bobigny"}


@pytest.mark.parametrize(
    "params", [{"kind": "banque"}, {"departement": "20"}, {"departement": "<script>"}]
)
def test_invalid_filter_values_show_an_error_and_the_whole_list(
    client, structure_index, structures, params
):
    response = client.get(structure_index.url, params)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "errorlist" in response.text
    assert len(names_in(response)) == 4
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_filter_form_keeps_the_chosen_values(client, structure_index, structures):
    response = client.get(structure_index.url, {"kind": "epide", "departement": "77"})
    assert '<option value="epide" selected>' in response.text
    assert '<option value="77" selected>' in response.text


def test_filter_form_shows_each_visitor_their_own_choice(client, structure_index, structures):
    # The rendered fields are cached per value: one choice never shows for another.
    client.get(structure_index.url, {"departement": "77"})
    response = client.get(structure_index.url, {"departement": "93"})
    assert '<option value="93" selected>' in response.text
    assert '<option value="77" selected>' not in response.text
    response = client.get(structure_index.url, {"departement": "20"})
    assert "errorlist" in response.text
    assert '<option value="93" selected>' not in response.text


def test_map_shows_count_per_departement_with_accessible_links(client, structure_index, structures):
    response = client.get(structure_index.url)
    text = response.text
    assert 'aria-label="Seine-Saint-Denis (93) : 2 structures"' in text
    assert 'aria-label="Nord (59) : 1 structure"' in text  # the pending one is not counted
    assert 'href="?departement=93#structures"' in text
    # A département without structure is drawn but is not a link.
    assert 'aria-label="Ain (01)' not in text
    assert text.count('class="dep dep-') == 96 + 4  # with the Paris inset


def test_map_counts_follow_the_kind_filter_and_links_keep_it(client, structure_index, structures):
    response = client.get(structure_index.url, {"kind": "mission_locale"})
    assert 'aria-label="Seine-Saint-Denis (93) : 1 structure"' in response.text
    assert 'href="?kind=mission_locale&amp;departement=93#structures"' in response.text


def test_map_lists_overseas_departements(client, structure_index):
    StructureFactory(name="Mission locale de Pointe-à-Pitre", postcode="97110")
    response = client.get(structure_index.url)
    assert "Guadeloupe (971) : 1 structure" in response.text
    assert "Mayotte (976) : 0 structure" in response.text


def test_index_is_paginated_by_twenty(client, structure_index):
    StructureFactory.create_batch(25)
    first = client.get(structure_index.url)
    assert len(names_in(first)) == 20
    second = client.get(structure_index.url, {"page": 2})
    assert len(names_in(second)) == 5
    assert client.get(structure_index.url, {"page": "abc"}).status_code == 200


def test_pagination_links_keep_the_filters(client, structure_index):
    StructureFactory.create_batch(25, kind=StructureKind.E2C)
    response = client.get(structure_index.url, {"kind": "e2c"})
    assert "?kind=e2c&amp;page=2" in response.text


def test_structure_page_shows_its_details(client, structure_index, structures):
    structure = structures["epide_77"]
    response = client.get(structure_index.structure_url(structure))
    assert response.status_code == 200
    assert "<h1>EPIDE de Meaux</h1>" in response.text
    assert "77100 Meaux" in response.text
    assert "Seine-et-Marne (77)" in response.text


def test_unknown_or_pending_structure_is_a_404(client, structure_index, structures):
    assert client.get(f"{structure_index.url}inconnue/").status_code == 404
    pending = structures["pending"]
    assert client.get(f"{structure_index.url}{pending.slug}/").status_code == 404


def test_structure_index_only_under_home_and_once(home_page):
    assert StructureIndexPage.can_create_at(home_page)
    StructureIndexPageFactory(parent=home_page)
    assert not StructureIndexPage.can_create_at(home_page)


def test_english_index_and_structure_page_show_english_description(
    client, locales, structure_index, english_home_page
):
    structure = StructureFactory(description="Texte français", description_en="English text")
    english_index = translate(structure_index, locales["en"], title="Partner structures")
    with translation.override("en"):
        url = english_index.url
        assert url.startswith("/en/")
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="en">' in response.text
        assert "Partner structures" in response.text
        detail = client.get(english_index.structure_url(structure))
    assert detail.status_code == 200
    assert "English text" in detail.text
    french = client.get(structure_index.structure_url(structure))
    assert "Texte français" in french.text
    assert '<html lang="fr">' in french.text


def test_language_switcher_keeps_the_structure_and_the_filters(
    client, locales, structure_index, english_home_page
):
    structure = StructureFactory()
    english_index = translate(structure_index, locales["en"], title="Partner structures")
    with translation.override("en"):
        english_url = english_index.structure_url(structure)

    detail = client.get(structure_index.structure_url(structure)).text
    filtered = client.get(structure_index.url, {"kind": "e2c"}).text

    assert f'href="{english_url}" lang="en"' in detail
    assert f'href="{english_index.url}?kind=e2c" lang="en"' in filtered


def count_queries(client, url, params=None):
    # Warm-up: the layout and the rendered map are cached until a page or a structure
    # changes, so both counts compared are those of a page built with them cached.
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx)


def test_index_queries_are_bounded_and_do_not_grow(
    client, structure_index, django_assert_max_num_queries
):
    StructureFactory.create_batch(3)
    client.get(structure_index.url)  # warm the per-process caches (site, locales)
    few = count_queries(client, structure_index.url)
    few_filtered = count_queries(client, structure_index.url, {"kind": "e2c", "departement": "93"})
    for n in range(40):
        StructureFactory(postcode=f"{(n % 9) + 1:02d}100")
    assert count_queries(client, structure_index.url) == few
    filtered = {"kind": "e2c", "departement": "93"}
    assert count_queries(client, structure_index.url, filtered) == few_filtered
    with django_assert_max_num_queries(25):
        client.get(structure_index.url, {"page": 2})


def test_structure_page_queries_are_bounded(client, structure_index, django_assert_max_num_queries):
    structure = StructureFactory()
    client.get(structure_index.structure_url(structure))
    with django_assert_max_num_queries(20):
        client.get(structure_index.structure_url(structure))


def test_structure_page_has_its_own_description_and_canonical_url(
    client, structure_index, structures
):
    structure = structures["ml_59"]
    response = client.get(structure_index.structure_url(structure))
    assert f'<link rel="canonical" href="http://localhost{structure_index.url}' in response.text
    assert f'{structure.slug}/">' in response.text
    assert '<meta name="description" content="Accompagne les jeunes' in response.text


def test_sitemap_urls_include_approved_structure_pages(structure_index, structures):
    locations = [url["location"] for url in structure_index.get_sitemap_urls()]
    assert locations[0].endswith(structure_index.url)
    assert locations[0] + f"{structures['ml_59'].slug}/" in locations
    assert not any(structures["pending"].slug in location for location in locations)
    assert len(locations) == 1 + 4


def test_the_rendered_map_is_cached_until_a_structure_changes(client, structure_index):
    StructureFactory(postcode="93200")
    assert "Bouches-du-Rhône (13) : 1 structure" not in client.get(structure_index.url).text
    StructureFactory(name="E2C de Marseille", postcode="13001", city="Marseille")
    response = client.get(structure_index.url)
    assert "Bouches-du-Rhône (13) : 1 structure" in response.text
