"""The site's search backend: relevance order, and a bounded cost on SQLite.

On SQLite a search reads at most MAX_MATCHES full-text matches (the newest) whatever the
number of matching pages, instead of running the match again for every matching row.
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


@pytest.mark.skipif(not SQLITE, reason="the bounded path is the SQLite backend's")
def test_sqlite_uses_the_bounded_backend(db):
    from home.search_sqlite import BoundedSQLiteSearchBackend

    assert isinstance(get_search_backend(), BoundedSQLiteSearchBackend)


@pytest.mark.skipif(not SQLITE, reason="the bounded path is the SQLite backend's")
def test_sqlite_results_keep_modelsearchs_relevance_order(story_index):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    StoryPageFactory(parent=story_index, title="La menuiserie", summary="Un stage.")
    StoryPageFactory(parent=story_index, title="Un emploi", summary="Un atelier de menuiserie.")
    StoryPageFactory(
        parent=story_index, title="Menuiserie et menuiserie", summary="La menuiserie, encore."
    )
    StoryPageFactory(parent=story_index, title="Un autre emploi", summary="Rien à voir.")
    pages = Page.objects.live().public()

    stock = SQLiteSearchBackend({}).search("menuiserie", pages)
    bounded = get_search_backend().search("menuiserie", pages)

    assert [page.pk for page in bounded] == [page.pk for page in stock]
    assert len(list(bounded)) == 3


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


@pytest.mark.skipif(not SQLITE, reason="the bounded path is the SQLite backend's")
def test_sqlite_considers_only_the_newest_matches(story_index):
    stories = StoryPageFactory.create_batch(6, parent=story_index, summary="Un stage de reliure.")
    with _backend_settings(MAX_MATCHES=4):
        results = _search("reliure")
        assert results.count() == 4
        assert {page.pk for page in results} == {story.pk for story in stories[-4:]}


@pytest.mark.skipif(not SQLITE, reason="the bounded path is the SQLite backend's")
def test_sqlite_search_reads_the_index_once_whatever_the_number_of_matches(
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
    full_text = [q for q in many.captured_queries if "MATCH" in q["sql"]]
    assert len(full_text) == 1
    assert len(many.captured_queries) == len(few.captured_queries)
