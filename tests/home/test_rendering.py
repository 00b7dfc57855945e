"""Every page type of the home app renders in French and in English."""

import pytest
from django.urls import reverse

from tests.home.factories import ContactPageFactory, StandardPageFactory, publish_translation
from tests.members.factories import ProfessionalFactory


@pytest.fixture
def about(home_page, english_home_page, locales):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    page.show_in_menus = True
    page.save_revision().publish()
    english = publish_translation(page, locales["en"], title="About", slug="about")
    return page, english


def test_home_page_renders_in_french_with_the_right_language(client, home_page):
    response = client.get("/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Un premier réseau" in html
    assert 'href="#contenu"' in html  # skip link


def test_home_page_renders_in_english(client, english_home_page):
    english_home_page.hero_title = "A first network"
    english_home_page.save_revision().publish()
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "A first network" in html


def test_standard_page_renders_in_both_languages_with_its_body(client, about):
    french = client.get("/fr/a-propos/")
    english = client.get("/en/about/")
    assert french.status_code == english.status_code == 200
    assert "<h2>Comment ça marche</h2>" in french.content.decode()
    assert "<details>" in french.content.decode()  # FAQ accordion without JavaScript
    assert '<html lang="en">' in english.content.decode()


def test_nested_standard_page_shows_a_breadcrumb(client, about):
    child = StandardPageFactory(parent=about[0], title="Équipe", slug="equipe")
    response = client.get(child.url)
    assert response.status_code == 200
    assert 'aria-label="Fil d’Ariane"' in response.content.decode()


def test_language_switcher_links_to_the_translation_of_the_page(client, about):
    html = client.get("/fr/a-propos/").content.decode()
    assert 'href="/en/about/" lang="en" hreflang="en"' in html
    assert 'href="/fr/a-propos/" lang="fr" hreflang="fr" aria-current="true"' in html


def test_language_switcher_falls_back_on_the_other_home_page(client, about, home_page):
    untranslated = StandardPageFactory(parent=home_page, title="Presse", slug="presse")
    html = client.get(untranslated.url).content.decode()
    assert 'href="/en/" lang="en"' in html


def test_language_switcher_works_on_views_that_are_not_pages(client, home_page):
    html = client.get(reverse("home:search"), {"q": "stage"}).content.decode()
    assert 'href="/en/search/?q=stage" lang="en"' in html


def test_menu_lists_pages_shown_in_menus_and_marks_the_current_one(client, about, home_page):
    StandardPageFactory(parent=home_page, title="Caché", slug="cache", show_in_menus=False)
    html = client.get("/fr/a-propos/").content.decode()
    assert '<a href="/fr/a-propos/" aria-current="page">À propos</a>' in html
    assert "Caché" not in html
    english_html = client.get("/en/").content.decode()
    assert '<a href="/en/about/">About</a>' in english_html


def test_meta_description_and_open_graph_come_from_the_page(client, about):
    page = about[0]
    page.search_description = "Pourquoi l’association existe."
    page.save_revision().publish()
    html = client.get("/fr/a-propos/").content.decode()
    assert '<meta name="description" content="Pourquoi l’association existe.">' in html
    assert '<meta property="og:title" content="À propos">' in html
    assert '<meta property="og:url" content="http://testserver/fr/a-propos/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in html


def test_canonical_and_open_graph_addresses_are_the_configured_one(client, about, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://undebutdereseau.fr"
    html = client.get("/fr/a-propos/").content.decode()
    assert '<link rel="canonical" href="https://undebutdereseau.fr/fr/a-propos/">' in html
    assert '<meta property="og:url" content="https://undebutdereseau.fr/fr/a-propos/">' in html
    assert 'hreflang="en" href="https://undebutdereseau.fr/en/about/"' in html


def test_contact_page_renders_its_form_in_both_languages(
    client, home_page, english_home_page, locales
):
    contact = ContactPageFactory(parent=home_page)
    publish_translation(contact, locales["en"], title="Contact us")
    french = client.get("/fr/contact/")
    # The translation's address follows its own title (home/translations.py).
    english = client.get("/en/contact-us/")
    assert french.status_code == english.status_code == 200
    assert '<label for="id_nom_et_prenom">Nom et prénom' in french.content.decode()
    assert "Contact us" in english.content.decode()


def test_editors_get_the_userbar_on_pages_and_members_elsewhere_pay_nothing_for_it(
    admin_client, home_page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = admin_client
    assert "wagtail-userbar" in client.get(home_page.url).content.decode()

    assert "wagtail-userbar" not in client.get(reverse("home:search")).content.decode()

    client.force_login(ProfessionalFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home:search")).status_code == 200
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
