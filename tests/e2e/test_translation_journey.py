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
    heading = editor.get_by_role("heading", name="Traduction de Français vers English")
    expect(heading).to_be_visible()
    expect(editor.locator("main")).not_to_contain_text("to English translation")
    expect(editor.locator(".w-sr-only", has_text="More actions")).to_have_count(0)
    expect(editor.locator(".w-sr-only", has_text="Plus d’actions").first).to_be_attached()
    # The title's segment (wagtail-localize's React editor marks it with the class "title").
    title_segment = editor.locator("li:has(> p.title)")
    title_segment.get_by_role("button", name="Traduire").click()
    title_segment.locator("textarea").fill(ENGLISH_TITLE)
    title_segment.get_by_role("button", name="Enregistrer").click()
    expect(title_segment).to_contain_text(ENGLISH_TITLE)
    follow(editor.get_by_role("button", name="Soumettre la traduction à la modération"))
    expect(editor.locator(".messages")).to_contain_text("soumise à la modération")
    assert visitor.goto(f"{english_index.url}an-internship-found-over-a-coffee/").status == 404

    # The moderator approves it from the dashboard's "awaiting your review" panel.
    moderator = open_context().new_page()
    sign_in(moderator, *MODERATOR, totp_secret=DEMO_TOTP_SECRETS[MODERATOR_EMAIL])
    moderator.goto(reverse("wagtailadmin_home"))
    review = moderator.locator("#awaiting-review-content tr", has_text=ENGLISH_TITLE)
    review.locator("[data-w-dropdown-target=toggle]").click()
    moderator.get_by_role("button", name="Approuver", exact=True).click()
    # The dashboard posts the approval and reloads: the review is then gone from it.
    expect(moderator.locator("#awaiting-review-content tr", has_text=ENGLISH_TITLE)).to_have_count(
        0
    )

    # Live at once, in English, at the English address, for an anonymous visitor.
    response = visitor.goto(f"{english_index.url}an-internship-found-over-a-coffee/")
    assert response.status == 200
    expect(visitor.locator("h1")).to_have_text(ENGLISH_TITLE)
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
