"""Routing, locales and view restrictions: what an editor changes applies at once.

(Wagtail's own lookups are not replaced: a page built again reads its site, locale and
restrictions as Wagtail does. What an anonymous visitor gets again comes whole from the
page cache, tests/config/test_page_cache.py.)"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from stories.models import StoryPage
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory


def _tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_restriction_added_after_pages_were_served_applies_at_once(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, title="Une histoire à protéger")
    assert client.get(story.url).status_code == 200
    assert list(StoryPage.objects.live().public()) == [story]

    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(story.url)
    assert response.status_code == 302 and f"next={story.url}" in response["Location"]
    assert list(StoryPage.objects.live().public()) == []
    assert "Une histoire à protéger" not in client.get(index.url).content.decode()


def test_a_restriction_removed_makes_the_pages_public_again(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index)
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(story.url).status_code == 302

    restriction.delete()

    assert client.get(story.url).status_code == 200
    assert list(StoryPage.objects.live().public()) == [story]


def test_the_active_locale_is_the_one_of_the_language(home_page, locales):
    from django.utils import translation

    with translation.override("en"):
        assert Locale.get_active() == locales["en"]
    with translation.override("fr"):
        assert Locale.get_active() == locales["fr"]


def _route_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries.captured_queries)


def test_a_path_served_again_is_routed_in_one_query(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index)
    _, first = _route_queries(client, story.url)

    response, again = _route_queries(client, story.url)

    assert response.status_code == 200 and response.context["page"] == story
    # The site, then two queries per step of the path (index, story) are saved.
    assert again <= first - 4


def test_a_renamed_page_leaves_its_old_address_at_once(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index)
    old_url = story.url
    assert client.get(old_url).status_code == 200

    story.slug = "nouveau-titre"
    story.save_revision().publish()
    story.refresh_from_db()

    assert story.url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(story.url).status_code == 200


def test_an_unpublished_page_is_not_found_at_once(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index)
    url = story.url
    assert client.get(url).status_code == 200

    story.unpublish()

    assert client.get(url).status_code == 404


def test_a_routable_page_still_serves_its_own_addresses_from_the_cache(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=index, title="Une histoire du flux")
    feed = index.url + index.reverse_subpage("feed-rss")

    for _ in range(2):
        response = client.get(feed)
        assert response.status_code == 200
        assert "Une histoire du flux" in response.content.decode()
    assert client.get(index.url + "inconnu/").status_code == 404


def test_the_same_path_in_each_language_leads_to_its_own_page(client, home_page, english_home_page):
    for _ in range(2):
        assert client.get("/fr/").context["page"] == home_page
        assert client.get("/en/").context["page"] == english_home_page


def test_a_remembered_route_to_a_page_gone_meanwhile_falls_back_to_wagtails_walk(client, home_page):
    """Between a page's deletion and the commit that outdates the routes, a request may
    read the old route: it then finds its page as Wagtail does."""
    from config import caching

    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, title="Toujours là")
    components = [index.slug, story.slug]
    caching.store(
        caching.make_key("route", [home_page.pk, *components]),
        (987654, story.content_type_id, 2),
    )

    response = client.get(story.url)

    assert response.status_code == 200
    assert response.context["page"] == story
