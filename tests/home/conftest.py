import pytest
from django.core.cache import cache
from django.utils import translation

from tests.home.factories import publish_translation


@pytest.fixture(autouse=True)
def empty_cache():
    # The home figures live in the default cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def french_by_default():
    with translation.override("fr"):
        yield


@pytest.fixture
def live_english_home(english_home_page):
    english_home_page.save_revision().publish()
    english_home_page.refresh_from_db()
    return english_home_page


@pytest.fixture
def translate():
    return publish_translation


# Warnings that the suite turns into errors but that are not ours to fix (same list as
# tests/stories/conftest.py; reported to the lead, pyproject.toml is not ours):
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
