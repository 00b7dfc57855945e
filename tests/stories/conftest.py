import pytest

from tests.stories.factories import StoryIndexPageFactory


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def english_story_index(story_index, english_home_page, locales):
    index = story_index.copy_for_translation(locales["en"])
    index.title = "Stories"
    index.slug = "stories"
    index.save_revision().publish()
    index.refresh_from_db()
    return index
