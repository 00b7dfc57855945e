"""Stories go through the Moderators: an editor submits, a moderator publishes."""

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import GroupApprovalTask, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from stories.models import StoryPage
from stories.moderation import STORY_WORKFLOW_NAME
from tests.stories.factories import StoryPageFactory


def edit_form_data(client, page):
    """The page's edit form as the admin shows it, ready to post back."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamField editor is drawn by JavaScript: post its fields as the browser would.
    body = nested_form_data(
        {"body": streamfield([("paragraph", rich_text("<p>Un CV relu, un entretien.</p>"))])}
    )
    for name, value in body.items():
        data[name] = value
    return data


def test_story_indexes_of_every_language_use_the_moderators_workflow(
    story_index, english_story_index
):
    for index in (story_index, english_story_index):
        workflow = index.get_workflow()
        assert workflow.name == STORY_WORKFLOW_NAME
        [task] = workflow.tasks.specific()
        assert isinstance(task, GroupApprovalTask)
        assert [group.name for group in task.groups.all()] == ["Moderators"]


def test_editor_can_edit_but_not_publish_a_story(story_index, editor, moderator):
    story = StoryPageFactory(parent=story_index)
    assert story.permissions_for_user(editor).can_edit()
    assert not story.permissions_for_user(editor).can_publish()
    assert story_index.permissions_for_user(editor).can_add_subpage()
    assert story.permissions_for_user(moderator).can_publish()


def test_editor_publish_request_only_saves_a_draft(client, story_index, editor):
    story = StoryPageFactory(parent=story_index, title="Avant", live=False)
    client.force_login(editor)
    data = edit_form_data(client, story)
    data["title"] = "Après"
    data["action-publish"] = "action-publish"

    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)

    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live
    assert story.get_latest_revision_as_object().title == "Après"


def test_editor_submits_a_story_and_a_moderator_publishes_it(
    client, story_index, editor, moderator
):
    story = StoryPageFactory(parent=story_index, title="Brouillon", live=False)

    client.force_login(editor)
    data = edit_form_data(client, story)
    data["title"] = "Le CV de Lina"
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert response.status_code == 302

    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == STORY_WORKFLOW_NAME
    assert state.requested_by == editor
    # While it waits, the editor cannot approve it themselves.
    assert [name for name, *_ in story.current_workflow_task.get_actions(story, editor)] == []

    client.force_login(moderator)
    task_state = story.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    assert story.title == "Le CV de Lina"
    assert story.current_workflow_state is None
    assert client.get(story.get_url()).status_code == 200


@pytest.mark.parametrize("label", ["network.StructureIndexPage", "network.VolunteerCallIndexPage"])
def test_editors_publish_partner_sections_without_moderation(home_page, editor, label):
    try:
        model = apps.get_model(label)
    except LookupError:
        pytest.skip(f"{label} is not defined by the network app")
    section = model(title="Section", slug="section")
    for field in model._meta.concrete_fields:
        # Fill any required text field of the section page, whatever the network app adds.
        if not field.blank and not field.has_default() and not field.null:
            if field.get_internal_type() in ("CharField", "TextField") and not getattr(
                section, field.attname
            ):
                setattr(section, field.attname, "Texte")
    home_page.add_child(instance=section)

    assert section.permissions_for_user(editor).can_publish()
    if model.allowed_subpage_models():
        assert section.permissions_for_user(editor).can_publish_subpage()
