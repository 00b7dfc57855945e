import datetime

import pytest
from bs4 import BeautifulSoup

from members.enums import HelpKind, Outcome
from tests.stories.factories import ImageFactory, StoryPageFactory, translate


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_index_renders_in_french_with_its_stories(client, story_index):
    StoryPageFactory(parent=story_index, title="Inès et l’entretien blanc")
    response = client.get(story_index.get_url())
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "fr"
    assert html.h1.get_text(strip=True) == "Histoires"
    assert [h.get_text(strip=True) for h in html.select(".story-card h2")] == [
        "Inès et l’entretien blanc"
    ]


def test_index_renders_in_english_with_english_stories_only(
    client, story_index, english_story_index, locales
):
    story = StoryPageFactory(parent=story_index, title="Inès et l’entretien blanc")
    translate(story, locales["en"], title="Inès and the mock interview", slug="ines")
    StoryPageFactory(parent=story_index, title="Seulement en français")

    response = client.get(english_story_index.get_url())

    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "en"
    assert english_story_index.get_url().startswith("/en/")
    assert [h.get_text(strip=True) for h in html.select(".story-card h2")] == [
        "Inès and the mock interview"
    ]


def test_story_renders_its_fields_in_french(client, story_index):
    story = StoryPageFactory(
        parent=story_index,
        title="Karim visite un atelier",
        date=datetime.date(2026, 3, 14),
        summary="Une journée d’observation chez un ébéniste.",
        help_kind=HelpKind.OBSERVATION,
        outcome=Outcome.INTERNSHIP,
        tags=["immersion", "artisanat"],
    )
    response = client.get(story.get_url())
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "Karim visite un atelier"
    assert html.find("time")["datetime"] == "2026-03-14"
    text = html.main.get_text(" ", strip=True)
    assert "Une journée d’observation chez un ébéniste." in text
    assert "Journée d’observation ou immersion" in text
    assert "Un stage ou une immersion" in text
    # The pull quote of the body.
    assert html.select_one(".story-body blockquote").get_text(strip=True) == (
        "Je ne savais pas que j’y avais droit."
    )
    tag_links = {a.get_text(strip=True): a["href"] for a in html.select(".story-tags a")}
    assert tag_links == {
        "artisanat": f"{story_index.get_url()}?tag=artisanat",
        "immersion": f"{story_index.get_url()}?tag=immersion",
    }


def test_story_renders_in_english(client, story_index, english_story_index, locales):
    story = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW)
    english = translate(story, locales["en"], title="Lina's CV", slug="lina-cv")
    response = client.get(english.get_url())
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "en"
    assert html.h1.get_text(strip=True) == "Lina's CV"
    assert english.get_url().startswith("/en/stories/")


def test_hero_image_is_a_webp_rendition_with_alt_text_and_size(client, story_index):
    image = ImageFactory(title="Deux silhouettes", description="Deux silhouettes devant un CV")
    story = StoryPageFactory(parent=story_index, hero_image=image)
    html = soup(client.get(story.get_url()))
    img = html.select_one(".story-hero img")
    assert img["alt"] == "Deux silhouettes devant un CV"
    assert img["src"].endswith(".webp")
    assert img["width"] and img["height"]


def test_hero_image_alt_text_falls_back_to_the_title(client, story_index):
    story = StoryPageFactory(parent=story_index, hero_image=ImageFactory(title="Un atelier"))
    html = soup(client.get(story.get_url()))
    assert html.select_one(".story-hero img")["alt"] == "Un atelier"
    card_html = soup(client.get(story_index.get_url()))
    card_img = card_html.select_one(".story-card img")
    assert card_img["alt"] == "Un atelier"
    assert card_img["src"].endswith(".webp")


def test_story_without_hero_image_renders(client, story_index):
    story = StoryPageFactory(parent=story_index, hero_image=None)
    response = client.get(story.get_url())
    assert response.status_code == 200
    assert soup(response).select_one(".story-hero") is None


@pytest.mark.parametrize("page_name", ["index", "story"])
def test_pages_link_to_their_feeds(client, story_index, page_name):
    story = StoryPageFactory(parent=story_index)
    page = story_index if page_name == "index" else story
    html = soup(client.get(page.get_url()))
    links = {link["type"]: link["href"] for link in html.select('head link[rel="alternate"][type]')}
    assert links["application/rss+xml"] == f"{story_index.get_url()}flux/rss/"
    assert links["application/atom+xml"] == f"{story_index.get_url()}flux/atom/"


def test_headings_follow_each_other_on_a_story(client, story_index):
    story = StoryPageFactory(parent=story_index)
    StoryPageFactory(parent=story_index)  # a related story, shown under an h2
    html = soup(client.get(story.get_url()))
    levels = [int(h.name[1]) for h in html.main.find_all(["h1", "h2", "h3", "h4"])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
