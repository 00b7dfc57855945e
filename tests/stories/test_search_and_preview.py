from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from members.enums import HelpKind, Outcome
from stories.models import StoryPage
from tests.stories.factories import StoryPageFactory


def found(query):
    return [story.title for story in StoryPage.objects.live().search(query)]


def test_stories_are_found_by_summary_body_and_tag(story_index):
    StoryPageFactory(
        parent=story_index,
        title="Une nuit à Paris",
        summary="Hébergé la veille, il signe un contrat de magasinier.",
        tags=["Hébergement"],
    )
    StoryPageFactory(parent=story_index, title="Autre chose", summary="Rien à voir.")
    assert found("magasinier") == ["Une nuit à Paris"]
    assert found("hébergement") == ["Une nuit à Paris"]
    # The factory's body says "une porte qui s’ouvre".
    assert "Une nuit à Paris" in found("porte")


def test_a_new_story_can_be_previewed_before_it_is_saved(admin_client, story_index):
    data = nested_form_data(
        {
            "title": "Un aperçu",
            "slug": "un-apercu",
            "date": "2026-11-20",
            "summary": "Le résumé de l’aperçu.",
            "help_kind": HelpKind.CV_REVIEW,
            "outcome": Outcome.INTERVIEW,
            "tags": "CV, Aperçu",
            "body": streamfield([("paragraph", rich_text("<p>Le corps de l’aperçu.</p>"))]),
        }
    )
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["stories", "storypage", story_index.pk]
    )
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Le corps de l’aperçu." in response.content.decode()
