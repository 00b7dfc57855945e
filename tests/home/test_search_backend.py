"""The site's search backend: relevance order, and a bounded cost.

A search ranks at most MAX_MATCHES matches (the newest) whatever the number of matching
pages: on SQLite instead of running the match again for every matching row, on
PostgreSQL instead of reading and ranking every index entry.
"""

import pytest
from django.db import connection
from django.test import override_settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory

SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


def _search(query, **kwargs):
    return Page.objects.live().public().search(query, **kwargs)


def _backend_settings(**params):
    from django.conf import settings

    default = {**settings.WAGTAILSEARCH_BACKENDS["default"], **params}
    return override_settings(WAGTAILSEARCH_BACKENDS={"default": default})


def test_the_bounded_backend_is_used(db):
    assert type(get_search_backend()).__name__.startswith("Bounded")


def test_results_keep_modelsearchs_relevance_order(story_index):
    from django.conf import settings
    from modelsearch.backends.database import SearchBackend as modelsearch_backend

    StoryPageFactory(parent=story_index, title="La menuiserie", summary="Un stage.")
    StoryPageFactory(parent=story_index, title="Un emploi", summary="Un atelier de menuiserie.")
    StoryPageFactory(
        parent=story_index, title="Menuiserie et menuiserie", summary="La menuiserie, encore."
    )
    StoryPageFactory(parent=story_index, title="Un autre emploi", summary="Rien à voir.")
    pages = Page.objects.live().public()

    stock = modelsearch_backend(settings.WAGTAILSEARCH_BACKENDS["default"])
    bounded = get_search_backend()

    expected = [page.pk for page in stock.search("menuiserie", pages)]
    assert [page.pk for page in bounded.search("menuiserie", pages)] == expected
    assert len(expected) == 3


def test_count_and_slices_agree(story_index):
    StoryPageFactory.create_batch(7, parent=story_index, summary="Un atelier de soudure.")
    results = _search("soudure")

    assert results.count() == 7
    first, rest = list(results[:5]), list(results[5:])
    assert len(first) == 5 and len(rest) == 2
    assert not {page.pk for page in first} & {page.pk for page in rest}


def test_a_negated_query_still_works(story_index):
    from modelsearch.query import Not, PlainText

    StoryPageFactory(parent=story_index, title="Atelier de soudure")
    kept = StoryPageFactory(parent=story_index, title="Atelier de couture")

    found = {page.pk for page in _search(Not(PlainText("soudure")))}

    assert kept.pk in found


def test_a_search_considers_only_the_newest_matches(story_index):
    stories = StoryPageFactory.create_batch(6, parent=story_index, summary="Un stage de reliure.")
    with _backend_settings(MAX_MATCHES=4):
        results = _search("reliure")
        assert results.count() == 4
        assert {page.pk for page in results} == {story.pk for story in stories[-4:]}


def test_search_queries_do_not_grow_with_the_number_of_matches(
    story_index, django_assert_max_num_queries
):
    StoryPageFactory.create_batch(3, parent=story_index, summary="Un stage de vannerie.")

    def search_and_read():
        results = _search("vannerie")
        return results.count(), list(results[:2]), list(results[2:4])

    with django_assert_max_num_queries(10) as few:
        search_and_read()
    StoryPageFactory.create_batch(20, parent=story_index, summary="Un stage de vannerie.")
    with django_assert_max_num_queries(10) as many:
        search_and_read()
    if SQLITE:
        full_text = [q for q in many.captured_queries if "MATCH" in q["sql"]]
        assert len(full_text) == 1
    assert len(many.captured_queries) == len(few.captured_queries)
