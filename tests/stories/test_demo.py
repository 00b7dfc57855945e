import copy
import io

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model
from wagtail.models import Revision

from stories import demo
from stories.demo_data import STORIES
from stories.models import StoryIndexPage, StoryPage
from tests.home.factories import english_translation_of, site_with_a_home_page
from tests.module_rows import rows_built_once

pytestmark = pytest.mark.django_db


def load_the_demo() -> dict:
    """The stories' demo loaded once for the module, on the two home pages."""
    home = site_with_a_home_page()
    english = english_translation_of(home)
    index_fr, index_en = demo.load(home, english, io.StringIO())
    return {"home": home, "english": english, "indexes": (index_fr, index_en)}


demo_rows = rows_built_once(load_the_demo)


@pytest.fixture
def loaded(db, demo_rows):
    return copy.deepcopy(demo_rows)


def test_demo_creates_twelve_stories_at_least_in_french_and_english(loaded):
    index_fr, index_en = loaded["indexes"]

    assert (index_fr.slug, index_en.slug) == ("histoires", "stories")
    assert index_en.translation_key == index_fr.translation_key
    french = StoryPage.objects.child_of(index_fr).live()
    english = StoryPage.objects.child_of(index_en).live()
    assert french.count() == len(STORIES) >= 12
    assert english.count() == french.count()
    assert set(english.values_list("translation_key", flat=True)) == set(
        french.values_list("translation_key", flat=True)
    )
    assert french.filter(featured=True).exists()
    assert french.filter(featured=False).exists()
    for story in french:
        assert story.hero_image is not None
        assert story.tags.exists()
        assert [block.block_type for block in story.body].count("quote") == 1
        assert "paragraph" in [block.block_type for block in story.body]


def test_demo_illustrations_are_small_local_images(loaded):
    images = get_image_model().objects.filter(title__startswith="Illustration")
    assert images.count() == len(STORIES)
    for image in images:
        assert image.file_size < 60_000
        assert (image.width, image.height) == demo.IMAGE_SIZE
        assert image.description


def test_demo_load_twice_changes_nothing(loaded):
    counts = (
        StoryIndexPage.objects.count(),
        StoryPage.objects.count(),
        get_image_model().objects.count(),
        Revision.objects.count(),
    )

    output = io.StringIO()
    demo.load(loaded["home"], loaded["english"], output)

    assert (
        StoryIndexPage.objects.count(),
        StoryPage.objects.count(),
        get_image_model().objects.count(),
        Revision.objects.count(),
    ) == counts
    assert "0 created, 0 translated" in output.getvalue()


def test_demo_stories_render_in_both_languages(client, loaded):
    index_fr, index_en = loaded["indexes"]
    for index in (index_fr, index_en):
        response = client.get(index.get_url())
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        assert len(html.select(".story-card")) == 12
        story = StoryPage.objects.child_of(index).first()
        assert client.get(story.get_url()).status_code == 200
