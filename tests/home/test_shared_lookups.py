"""The locale and view restrictions Wagtail reads on every page are read once, and a
restriction an editor adds applies at once all the same."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from stories.models import StoryPage
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory


def _tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_page_served_again_reads_neither_locales_nor_restrictions(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index)
    client.get(story.url)

    sql = _tables_read(client, story.url)

    assert "wagtailcore_locale" not in sql
    assert "wagtailcore_pageviewrestriction" not in sql


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
