from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage
from tests.stories.factories import StoryPageFactory


def test_story_index_is_created_only_under_the_home_page(home_page, story_index):
    assert StoryIndexPage.allowed_parent_page_models() == [HomePage]
    assert StoryIndexPage.allowed_subpage_models() == [StoryPage]


def test_a_home_page_has_at_most_one_story_index(home_page, story_index):
    assert not StoryIndexPage.can_create_at(home_page)


def test_story_index_can_be_added_to_a_home_page_without_one(home_page):
    assert StoryIndexPage.can_create_at(home_page)


def test_story_is_created_only_under_a_story_index(home_page, story_index):
    assert StoryPage.can_create_at(story_index)
    assert not StoryPage.can_create_at(home_page)
    assert StoryPage.allowed_parent_page_models() == [StoryIndexPage]


def test_a_story_has_no_subpages(story_index):
    story = StoryPageFactory(parent=story_index)
    assert StoryPage.allowed_subpage_models() == []
    assert not StoryPage.can_create_at(story)
    assert not StoryIndexPage.can_create_at(story)
