import pytest
from django.utils import translation

from tests.stories.factories import StoryIndexPageFactory


@pytest.fixture(autouse=True)
def french_by_default():
    # Some tests render pages outside a request; keep the site's default language.
    with translation.override("fr"):
        yield


@pytest.fixture
def live_english_home(english_home_page):
    english_home_page.save_revision().publish()
    english_home_page.refresh_from_db()
    return english_home_page


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def english_story_index(story_index, live_english_home, locales):
    index = story_index.copy_for_translation(locales["en"])
    index.title = "Stories"
    index.slug = "stories"
    index.save_revision().publish()
    index.refresh_from_db()
    return index


# Warnings that the suite turns into errors but that are not ours to fix; ignored for this
# folder only, and reported to the lead (pyproject.toml is not ours):
# - Whitenoise warns once per process when STATIC_ROOT was never collected;
# - Wagtail never closes the SpooledTemporaryFile in which it renders an image rendition.
THIRD_PARTY_WARNINGS = [
    "ignore:No directory at:UserWarning",
    "ignore:Exception ignored in. <function SpooledTemporaryFile:"
    "pytest.PytestUnraisableExceptionWarning",
    "ignore:unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning",
]


def pytest_collection_modifyitems(config, items):
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            for spec in THIRD_PARTY_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))
