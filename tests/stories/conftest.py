import pytest

from tests.stories.factories import StoryIndexPageFactory, member_of


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


@pytest.fixture
def editor(db):
    return member_of("Editors", "editrice@example.org")


@pytest.fixture
def moderator(db):
    return member_of("Moderators", "moderateur@example.org")
