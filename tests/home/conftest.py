import pytest

from tests.home.factories import publish_translation


@pytest.fixture
def translate():
    return publish_translation
