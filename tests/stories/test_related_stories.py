from bs4 import BeautifulSoup

from members.enums import HelpKind
from tests.stories.factories import StoryPageFactory, translate


def related_titles(story):
    return [related.title for related in story.related_stories()]


def test_related_stories_share_tags_or_the_kind_of_help(story_index):
    story = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW, tags=["CV"])
    same_tag = StoryPageFactory(parent=story_index, help_kind=HelpKind.HOSTING, tags=["CV"])
    same_kind = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW)
    StoryPageFactory(parent=story_index, help_kind=HelpKind.HOSTING, tags=["Paris"])
    assert related_titles(story) == [same_tag.title, same_kind.title]


def test_related_stories_prefer_more_shared_tags_and_stop_at_three(story_index):
    story = StoryPageFactory(parent=story_index, tags=["CV", "Entretien"])
    two_tags = StoryPageFactory(parent=story_index, tags=["CV", "Entretien"])
    one_tag = [StoryPageFactory(parent=story_index, tags=["CV"]) for _ in range(3)]
    assert related_titles(story) == [two_tags.title, one_tag[2].title, one_tag[1].title]


def test_related_stories_exclude_drafts_and_other_languages(
    story_index, english_story_index, locales
):
    story = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW)
    StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW, live=False)
    other = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW)
    translate(other, locales["en"], title="In English", slug="in-english")
    assert related_titles(story) == [other.title]


def test_story_page_shows_related_stories_as_links(client, story_index):
    story = StoryPageFactory(parent=story_index, tags=["CV"])
    related = StoryPageFactory(parent=story_index, tags=["CV"], title="Un autre CV")
    html = BeautifulSoup(client.get(story.get_url()).content, "html.parser")
    section = html.select_one(".related-stories")
    assert section.h2.get_text(strip=True) == "D’autres histoires"
    link = section.select_one(".story-card h3 a")
    assert link.get_text(strip=True) == "Un autre CV"
    assert link["href"] == related.get_url()


def test_a_story_published_later_joins_the_related_stories_at_once(story_index):
    story = StoryPageFactory(parent=story_index, help_kind=HelpKind.CV_REVIEW, tags=["CV"])
    assert related_titles(story) == []  # and the answer is cached

    later = StoryPageFactory(parent=story_index, help_kind=HelpKind.HOSTING, tags=["CV"])

    assert related_titles(story) == [later.title]
    later.unpublish()
    assert related_titles(story) == []
