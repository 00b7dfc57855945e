"""Stories go through the Moderators; editors publish partner sections themselves.

See stories/moderation.py: this migration sets the same things up on a database that
already has pages; the signal receivers there handle pages created later.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
STORY_WORKFLOW_NAME = "Modération des histoires"
STORY_TASK_NAME = "Relecture par les modérateurs"
EDITOR_PUBLISHED_SECTIONS = [("network", "structureindexpage"), ("network", "volunteercallindexpage")]


def set_up_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)

    task = GroupApprovalTask.objects.filter(name=STORY_TASK_NAME).first()
    if task is None:
        # Historical models do not fill in the polymorphic content type themselves.
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=STORY_TASK_NAME, content_type=task_type, active=True
        )
        task.groups.set([moderators])
    workflow = Workflow.objects.filter(name=STORY_WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=STORY_WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    for page in Page.objects.filter(
        content_type__app_label="stories", content_type__model="storyindexpage"
    ):
        if not WorkflowPage.objects.filter(page=page).exists():
            WorkflowPage.objects.create(page=page, workflow=workflow)

    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if publish is None:
        # A brand-new database: wagtailcore's permissions are created after migrating,
        # and no section page exists yet; the signal receivers will grant it.
        return
    for app_label, model in EDITOR_PUBLISHED_SECTIONS:
        for page in Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ):
            GroupPagePermission.objects.get_or_create(
                group=editors, page=page, permission=publish
            )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(set_up_moderation, migrations.RunPython.noop)]
