import pytest
from bs4 import BeautifulSoup

from stories.models import STORIES_PER_PAGE, StoryIndexPage
from tests.stories.factories import StoryPageFactory


def card_titles(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in html.select(".story-card h2")]


@pytest.fixture
def many_stories(story_index, monkeypatch):
    """Three pages of two, two and one stories (small pages keep the tests fast).

    The factory makes each story one day newer than the previous one.
    """
    monkeypatch.setattr(StoryIndexPage, "stories_per_page", 2)
    return [StoryPageFactory(parent=story_index, title=f"Histoire {n:02d}") for n in range(5)]


def test_stories_are_listed_newest_first(client, story_index):
    StoryPageFactory(parent=story_index, title="La plus ancienne")
    StoryPageFactory(parent=story_index, title="La plus récente")
    assert card_titles(client.get(story_index.get_url())) == ["La plus récente", "La plus ancienne"]


def test_drafts_are_not_listed(client, story_index):
    StoryPageFactory(parent=story_index, title="Publiée")
    StoryPageFactory(parent=story_index, title="Brouillon", live=False)
    assert card_titles(client.get(story_index.get_url())) == ["Publiée"]


def test_tag_filter_lists_only_stories_with_that_tag(client, story_index):
    StoryPageFactory(parent=story_index, title="Un CV relu", tags=["CV"])
    StoryPageFactory(parent=story_index, title="Un entretien", tags=["Entretien"])
    response = client.get(story_index.get_url(), {"tag": "cv"})
    assert response.status_code == 200
    assert card_titles(response) == ["Un CV relu"]
    html = BeautifulSoup(response.content, "html.parser")
    assert "1 histoire avec le mot-clé « CV »." in html.select_one(".filter-status").get_text()
    current = html.select_one('.tag-filter a[aria-current="true"]')
    assert current.get_text(strip=True) == "CV"
    assert current["href"] == "?tag=cv"


def test_tag_cloud_lists_tags_of_live_stories_most_used_first(client, story_index):
    StoryPageFactory(parent=story_index, tags=["Entretien", "CV"])
    StoryPageFactory(parent=story_index, tags=["Entretien"])
    StoryPageFactory(parent=story_index, tags=["Secret"], live=False)
    html = BeautifulSoup(client.get(story_index.get_url()).content, "html.parser")
    names = [a.get_text(strip=True) for a in html.select(".tag-filter a")]
    assert names == ["Toutes les histoires", "Entretien", "CV"]


def test_unknown_tag_says_nothing_matches_and_links_back(client, story_index):
    StoryPageFactory(parent=story_index, tags=["CV"])
    response = client.get(story_index.get_url(), {"tag": "n-existe-pas"})
    assert response.status_code == 200
    assert card_titles(response) == []
    html = BeautifulSoup(response.content, "html.parser")
    status = html.select_one(".filter-status")
    assert "Aucune histoire ne porte ce mot-clé." in status.get_text()
    assert status.a["href"] == story_index.get_url()


def test_first_page_shows_twelve_newest_stories_and_a_labelled_pagination(client, story_index):
    stories = [StoryPageFactory(parent=story_index) for _ in range(STORIES_PER_PAGE + 1)]
    response = client.get(story_index.get_url())
    titles = card_titles(response)
    assert titles == [story.title for story in reversed(stories[1:])]
    html = BeautifulSoup(response.content, "html.parser")
    nav = html.select_one("nav.pagination")
    assert nav["aria-label"] == "Pagination des histoires"
    assert nav.select_one('[aria-current="page"]').get_text(" ", strip=True) == "Page 1"
    assert nav.select_one('a[rel="next"]')["href"] == "?page=2"


def test_second_page_continues_the_list(client, story_index, many_stories):
    response = client.get(story_index.get_url(), {"page": "2"})
    assert card_titles(response) == ["Histoire 02", "Histoire 01"]
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one('nav.pagination a[rel="prev"]')["href"] == "?page=1"


def test_page_past_the_end_shows_the_last_page(client, story_index, many_stories):
    response = client.get(story_index.get_url(), {"page": "99"})
    assert response.status_code == 200
    assert card_titles(response) == ["Histoire 00"]


@pytest.mark.parametrize("garbage", ["abc", "-1", "0", "1.5", "", "2%00"])
def test_garbage_page_number_shows_the_first_page(client, story_index, many_stories, garbage):
    response = client.get(story_index.get_url(), {"page": garbage})
    assert response.status_code == 200
    assert card_titles(response) == ["Histoire 04", "Histoire 03"]


def test_pagination_keeps_the_tag_filter(client, story_index, monkeypatch):
    monkeypatch.setattr(StoryIndexPage, "stories_per_page", 2)
    for _ in range(3):
        StoryPageFactory(parent=story_index, tags=["CV"])
    StoryPageFactory(parent=story_index, tags=["Autre"])
    response = client.get(story_index.get_url(), {"tag": "cv"})
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one('nav.pagination a[rel="next"]')["href"] == "?tag=cv&page=2"
    second = client.get(story_index.get_url(), {"tag": "cv", "page": "2"})
    assert len(card_titles(second)) == 1
