"""Who publishes what: stories go through the moderators, partner sections do not.

Wagtail's own migrations create the "Editors" group (add and edit on the whole tree, no
publish) and the "Moderators" group (add, edit, publish on the whole tree). On top of that:

- every story index page gets the "Modération des histoires" workflow, whose single task
  is a group approval by the Moderators: an editor submits a story, a moderator publishes
  it (or asks for changes);
- Editors get the publish permission on the partner structures and volunteer calls
  sections, so that they publish those pages themselves, without moderation.

Page permissions only add up down the tree, so Editors must never get publish on the home
page or above: that would let them publish stories directly.

The data migration ``stories/0002`` sets this up for existing databases; the signal
receivers connected in ``StoriesConfig.ready`` do it for every section page created later
(by an editor, by a translation, by ``load_demo``).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
STORY_WORKFLOW_NAME = "Modération des histoires"
STORY_TASK_NAME = "Relecture par les modérateurs"
# Sections whose pages editors publish without moderation (models of the network app).
EDITOR_PUBLISHED_SECTIONS = ("network.StructureIndexPage", "network.VolunteerCallIndexPage")


def story_workflow() -> Workflow:
    """The stories' workflow, created with its task if a database lacks it."""
    workflow = Workflow.objects.filter(name=STORY_WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=STORY_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=STORY_TASK_NAME)
        task.groups.set([moderators])
    workflow = Workflow.objects.create(name=STORY_WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_story_workflow(index_page) -> None:
    """Put a story index (and so its stories) under the stories' workflow.

    A workflow an administrator already chose for this page is kept.
    """
    if not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=story_workflow())


def let_editors_publish(section_page) -> None:
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.get_or_create(group=editors, page=section_page, permission=publish)


def on_story_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_story_workflow(instance)


def on_editor_published_section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        let_editors_publish(instance)
