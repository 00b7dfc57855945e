"""A translation goes online through the same moderation as its source (issue 14, point 3).

An editor translates a French story with wagtail-localize: the English copy is a draft, not
a live page with the French text; once the strings are translated the editor submits it
for moderation; a moderator approves and the English page is live, in English, at an
English address. "Sync translated pages" publishes only for those who may publish.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import StringTranslation, Translation

from stories.models import StoryPage
from tests.home.factories import StandardPageFactory
from tests.stories.factories import StoryPageFactory


@pytest.fixture
def story(story_index, english_story_index):
    return StoryPageFactory(
        parent=story_index, title="Un premier entretien", slug="un-premier-entretien"
    )


def translate_page(client, page, locales):
    """The editor's "Translate this page" into English, as the admin posts it."""
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locales["en"].pk]},
    )
    assert response.status_code == 302
    return StoryPage.objects.get(translation_key=page.translation_key, locale=locales["en"])


def translate_strings(page, english):
    """Type translations in wagtail-localize's editor: French string -> English string."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    for segment in translation.source.stringsegment_set.select_related("string", "context"):
        if segment.string.data in english:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=page.locale,
                context=segment.context,
                defaults={"data": english[segment.string.data]},
            )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit(client, page):
    return client.post(edit_url(page), {"submit-translation-for-moderation": "1"})


def test_translate_makes_a_draft_never_a_live_copy_in_french(client, story, editor, locales):
    client.force_login(editor)
    english = translate_page(client, story, locales)

    assert not english.live
    client.logout()
    assert client.get(f"/en/stories/{english.slug}/").status_code == 404


def test_the_editor_submits_the_translation_and_a_moderator_publishes_it(
    client, story, editor, moderator, locales
):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    translate_strings(english, {"Un premier entretien": "A first interview"})

    page = client.get(edit_url(english)).content.decode()
    assert "Soumettre la traduction à la modération" in page
    response = submit(client, english)
    assert response.status_code == 302

    english = StoryPage.objects.get(pk=english.pk)
    assert not english.live
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    draft = english.get_latest_revision_as_object()
    assert draft.title == "A first interview"
    # The address follows the English title, not the French slug.
    assert draft.slug == "a-first-interview"

    client.force_login(moderator)
    task_state = english.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[english.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302

    client.logout()
    response = client.get("/en/stories/a-first-interview/")
    assert response.status_code == 200
    assert "A first interview" in response.content.decode()
    # The French story keeps its address.
    assert StoryPage.objects.get(pk=story.pk).slug == "un-premier-entretien"


def test_the_editor_cannot_publish_the_translation_directly(client, story, editor, locales):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    translate_strings(english, {"Un premier entretien": "A first interview"})

    page = client.get(edit_url(english)).content.decode()
    assert "canPublish&quot;: false" in page
    response = client.post(edit_url(english), {"action": "publish"})

    assert response.status_code in (302, 403)
    assert not StoryPage.objects.get(pk=english.pk).live


def test_a_translation_sent_back_for_changes_is_submitted_again(
    client, story, editor, moderator, locales
):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    submit(client, english)
    client.force_login(moderator)
    task_state = StoryPage.objects.get(pk=english.pk).current_workflow_task_state
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[english.pk, "reject", task_state.pk],
        ),
        {"comment": "Le titre n'est pas traduit."},
    )
    assert (
        StoryPage.objects.get(pk=english.pk).current_workflow_state.status
        == WorkflowState.STATUS_NEEDS_CHANGES
    )

    client.force_login(editor)
    translate_strings(english, {"Un premier entretien": "A first interview"})
    submit(client, english)

    english = StoryPage.objects.get(pk=english.pk)
    assert english.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert english.get_latest_revision_as_object().title == "A first interview"


def test_a_moderator_publishes_directly_and_sees_no_submit_button(
    client, story, moderator, locales, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    english = translate_page(client, story, locales)
    translate_strings(english, {"Un premier entretien": "A first interview"})

    assert "Soumettre la traduction" not in client.get(edit_url(english)).content.decode()
    # wagtail-localize publishes once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(english), {"action": "publish"})

    english = StoryPage.objects.get(pk=english.pk)
    assert english.live
    assert english.url_path.endswith("/stories/a-first-interview/")


def test_submitting_a_page_that_is_not_a_translation_changes_nothing(client, story, editor):
    client.force_login(editor)
    response = submit(client, story)

    assert response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).current_workflow_state is None


def test_a_slug_the_translator_typed_is_kept(client, story, editor, locales):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    translate_strings(
        english,
        {"Un premier entretien": "A first interview", "un-premier-entretien": "first-interview"},
    )
    submit(client, english)

    assert StoryPage.objects.get(pk=english.pk).get_latest_revision_as_object().slug == (
        "first-interview"
    )


def test_a_published_translation_keeps_its_address_when_its_title_changes(
    story, english_story_index, locales
):
    english = story.copy_for_translation(locales["en"])
    english.title = "A first interview"
    english.save_revision().publish()
    english = StoryPage.objects.get(pk=english.pk)
    assert english.slug == "a-first-interview"

    english.title = "A first mock interview"
    english.save_revision().publish()

    assert StoryPage.objects.get(pk=english.pk).slug == "a-first-interview"


def test_sync_cannot_publish_for_an_editor_even_with_a_forged_box(
    client, story, editor, moderator, locales, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    source = Translation.objects.get(
        source__object_id=story.translation_key, target_locale=locales["en"]
    ).source
    url = reverse("wagtail_localize:update_translations", args=[source.pk])

    form = client.get(url).context["form"]
    assert form.fields["publish_translations"].disabled
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"publish_translations": "on"})
    assert not StoryPage.objects.get(pk=english.pk).live

    client.force_login(moderator)
    assert not client.get(url).context["form"].fields["publish_translations"].disabled
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"publish_translations": "on"})
    assert StoryPage.objects.get(pk=english.pk).live


def test_only_a_moderator_turns_a_translation_into_an_alias_of_the_live_french_page(
    client, story, editor, moderator, locales
):
    client.force_login(editor)
    english = translate_page(client, story, locales)
    url = reverse("wagtail_localize:convert_to_alias", args=[english.pk])

    response = client.post(url)
    assert response.status_code == 302
    english = StoryPage.objects.get(pk=english.pk)
    assert english.alias_of_id is None
    assert not english.live

    client.force_login(moderator)
    client.post(url)
    english = StoryPage.objects.get(pk=english.pk)
    assert english.alias_of_id == story.pk


def test_an_untranslated_parent_becomes_an_english_draft_not_a_live_french_alias(
    client, home_page, english_home_page, editor, locales
):
    section = StandardPageFactory(parent=home_page, title="Ressources", slug="ressources")
    guide = StandardPageFactory(parent=section, title="Le guide", slug="le-guide")
    client.force_login(editor)

    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[guide.pk]),
        {"locales": [locales["en"].pk]},
    )

    assert response.status_code == 302
    english_section = Page.objects.get(
        translation_key=section.translation_key, locale=locales["en"]
    )
    assert english_section.alias_of_id is None
    assert not english_section.live
    assert english_section.get_latest_revision() is not None
    client.logout()
    assert client.get("/en/ressources/").status_code == 404
