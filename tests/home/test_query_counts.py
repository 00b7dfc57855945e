"""A standard page costs a fixed number of queries, whatever the content of the site."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.home.factories import StandardPageFactory
from tests.network.factories import (
    StructureFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory


def _queries(client, url):
    client.get(url)  # fills Wagtail's per-process caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_content(story_index, call_index, count):
    StoryPageFactory.create_batch(count, parent=story_index, featured=True)
    VolunteerCallPageFactory.create_batch(count, parent=call_index)
    StructureFactory.create_batch(count)


def test_standard_page_queries_are_bounded_and_do_not_grow(
    client, home_page, django_assert_max_num_queries
):
    page = StandardPageFactory(parent=home_page, show_in_menus=True)
    story_index = StoryIndexPageFactory(parent=home_page)
    call_index = VolunteerCallIndexPageFactory(parent=home_page)
    _add_content(story_index, call_index, 2)
    few = _queries(client, page.url)
    _add_content(story_index, call_index, 12)
    many = _queries(client, page.url)
    assert many == few
    with django_assert_max_num_queries(15):
        client.get(page.url)
