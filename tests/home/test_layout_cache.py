"""The layout (menu, footer links, language links) is cached, and never outdated.

Every public page shows the same menu, footer links and language links: they are cached
per site and language, and any change of the page tree, sites or site settings outdates
them at once.
"""

import pytest
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from tests.home.factories import StandardPageFactory


@pytest.fixture
def about(home_page):
    return StandardPageFactory(
        parent=home_page, title="À propos", slug="a-propos", show_in_menus=True
    )


def _menu(html):
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


def _footer(html):
    return html[html.index('<footer class="site-footer">') :]


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_second_page_built_does_not_query_the_layout_again(client, home_page, about):
    first, _html = _queries(client, about.url)
    second, html = _queries(client, about.url)
    assert second < first
    assert 'aria-current="page">À propos<' in _menu(html)


def test_the_current_page_is_marked_in_the_cached_menu(client, home_page, about):
    child = StandardPageFactory(parent=about, title="Équipe", slug="equipe")
    client.get(about.url)
    menu = _menu(client.get(child.url).content.decode())
    assert 'aria-current="true">À propos<' in menu


def test_a_page_published_appears_in_the_menu_at_once(client, home_page, about):
    faq = StandardPageFactory(
        parent=home_page, title="Questions", slug="faq", show_in_menus=True, live=False
    )
    assert "Questions" not in _menu(client.get("/fr/").content.decode())

    faq.save_revision().publish()

    assert "Questions" in _menu(client.get("/fr/").content.decode())


def test_a_page_unpublished_leaves_the_menu_at_once(client, home_page, about):
    assert "À propos" in _menu(client.get("/fr/").content.decode())
    about.unpublish()
    assert "À propos" not in _menu(client.get("/fr/").content.decode())


def test_a_page_moved_out_of_the_top_level_leaves_the_menu(client, home_page, about):
    other = StandardPageFactory(parent=home_page, title="Autre", slug="autre")
    assert "À propos" in _menu(client.get("/fr/").content.decode())
    about.move(other, pos="last-child")
    assert "À propos" not in _menu(client.get("/fr/").content.decode())


def test_a_new_legal_page_in_the_settings_shows_in_the_footer_at_once(client, home_page):
    first = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions")
    second = StandardPageFactory(parent=home_page, title="Mentions v2", slug="mentions-v2")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.legal_page = first
    settings.save()
    assert "Mentions légales" in _footer(client.get("/fr/").content.decode())

    settings.legal_page = second
    settings.save()

    footer = _footer(client.get("/fr/").content.decode())
    assert "Mentions v2" in footer and "Mentions légales" not in footer


def test_a_translation_published_shows_in_the_language_links_at_once(
    client, home_page, english_home_page, locales, about
):
    html = client.get(about.url).content.decode()
    assert 'href="/en/"' in html  # no translation yet: the English home page

    english = about.copy_for_translation(locales["en"])
    english.slug = "about"
    english.save_revision().publish()

    assert 'href="/en/about/"' in client.get(about.url).content.decode()


def test_a_story_featured_shows_on_the_home_page_at_once(client, home_page):
    from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory

    index = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=index, title="Une première histoire", featured=True)
    assert "Une première histoire" in client.get("/fr/").content.decode()

    newer = StoryPageFactory(parent=index, title="Une histoire à la une", featured=False)
    assert "Une histoire à la une" not in client.get("/fr/").content.decode()
    newer.featured = True
    newer.save_revision().publish()

    assert "Une histoire à la une" in client.get("/fr/").content.decode()


def test_a_page_restricted_leaves_the_menu_at_once(client, home_page, about):
    from wagtail.models import PageViewRestriction

    assert "À propos" in _menu(client.get("/fr/").content.decode())
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "À propos" not in _menu(client.get("/fr/").content.decode())
