"""The story index's cost does not grow with the number of stories.

The pager shows a handful of numbers whatever the number of pages; the count and the tag
cloud are cached until a page changes; a deep page costs the queries of the first one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.models import StoryIndexPage, page_window
from tests.stories.factories import StoryPageFactory


@pytest.mark.parametrize(
    ("number", "num_pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (200, 419, [1, None, 198, 199, 200, 201, 202, None, 419]),
    ],
)
def test_the_pager_shows_first_last_and_two_pages_around_the_current_one(
    number, num_pages, expected
):
    assert page_window(number, num_pages) == expected


@pytest.fixture
def one_story_per_page(monkeypatch):
    monkeypatch.setattr(StoryIndexPage, "stories_per_page", 1)


def _pager(html):
    start = html.index('<nav class="pagination"')
    return html[start : html.index("</nav>", start)]


def test_the_pager_of_many_pages_stays_short(client, story_index, one_story_per_page):
    StoryPageFactory.create_batch(12, parent=story_index)

    pager = _pager(client.get(story_index.url, {"page": 6}).content.decode())

    assert pager.count("…") == 2
    for number in (1, 4, 5, 6, 7, 8, 12):
        assert f"page={number}" in pager
    assert 'page=2"' not in pager and 'page=11"' not in pager


def test_a_new_story_is_counted_and_listed_at_once(client, story_index):
    StoryPageFactory(parent=story_index, title="Première histoire", tags=["stage"])
    first = client.get(story_index.url)
    assert first.context["paginator"].count == 1

    StoryPageFactory(parent=story_index, title="Deuxième histoire", tags=["cuisine"])

    second = client.get(story_index.url)
    assert second.context["paginator"].count == 2
    assert "Deuxième histoire" in second.content.decode()
    assert {tag.name for tag in second.context["tags"]} == {"stage", "cuisine"}


def test_a_deep_page_costs_the_queries_of_the_first(client, story_index, one_story_per_page):
    StoryPageFactory.create_batch(30, parent=story_index)
    # Warm-up: the order, the tag cloud and each page's cards cached (the first view of a
    # page reads its stories, whichever page it is).
    for page in (1, 25):
        client.get(story_index.url, {"page": page})

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(story_index.url, {"page": page})
        assert response.status_code == 200
        return len(captured)

    assert queries(25) == queries(1)
