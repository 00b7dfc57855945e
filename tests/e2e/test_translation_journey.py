"""The editor's whole translation journey in the admin, in a real browser (issue 14, point 3).

The demo editor translates a new French story into English with wagtail-localize: the
English copy is a draft, invisible to visitors; she translates the title in the
translation editor and submits it for moderation; the demo moderator approves it from
his dashboard; the English story is then live at once, in English, at an English address,
for an anonymous visitor.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.demo import DEMO_TOTP_SECRETS, MODERATOR_EMAIL
from stories.models import StoryIndexPage, StoryPage
from tests.e2e.helpers import follow, sign_in
from tests.stories.factories import StoryPageFactory

EDITOR = ("editrice@undebutdereseau.fr", "Editrice-demo-2026!")
MODERATOR = (MODERATOR_EMAIL, "Moderateur-demo-2026!")
FRENCH_TITLE = "Un stage trouvé grâce à un café"
ENGLISH_TITLE = "An internship found over a coffee"


@pytest.fixture
def french_story(demo_site):
    index = StoryIndexPage.objects.get(locale__language_code="fr")
    return StoryPageFactory(parent=index, title=FRENCH_TITLE, slug="un-stage-trouve-cafe")


def english_story(french):
    return StoryPage.objects.filter(
        translation_key=french.translation_key, locale__language_code="en"
    ).first()


def test_editor_translates_submits_and_the_moderator_publishes(
    open_context, demo_site, french_story
):
    editor = open_context().new_page()
    sign_in(editor, *EDITOR)

    # "Translate this page", into English.
    editor.goto(reverse("wagtail_localize:submit_page_translation", args=[french_story.pk]))
    editor.get_by_label("English").check()
    follow(editor.locator("form button[type=submit], form input[type=submit]").last)

    english = english_story(french_story)
    assert english is not None and not english.live
    visitor = open_context(locale="en-GB").new_page()
    english_index = StoryIndexPage.objects.get(locale__language_code="en")
    response = visitor.goto(f"{english_index.url}{english.slug}/")
    assert response.status == 404, "the French copy is not live in English"

    # The translation editor: translate the title, then submit for moderation.
    editor.goto(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    # Its screens in French, even the strings wagtail-localize's script writes itself.
    expect(
        editor.get_by_role("heading", name="Traduction de Français vers English")
    ).to_be_visible()
