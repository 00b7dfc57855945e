"""Members' records leave Wagtail's reference index (see members.models): what it holds of
them, as the source of a reference, is removed. Rows only, in one DELETE; nothing else
reads them."""

from django.db import migrations

MODELS = [
    "user",
    "message",
    "readmarker",
    "report",
    "moderationlog",
    "notification",
    "invitation",
    "consent",
    "youngpersonprofile",
    "professionalprofile",
    "helprequest",
    "helprequesttransition",
]


def forget_members_records(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    members = ContentType.objects.filter(app_label="members", model__in=MODELS)
    ReferenceIndex.objects.filter(content_type__in=members).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0018_minors_feedback_not_shared"),
        ("wagtailcore", "0078_referenceindex"),
    ]

    # Going back leaves the index without them: `manage.py rebuild_references_index`
    # would put them back.
    operations = [migrations.RunPython(forget_members_records, migrations.RunPython.noop)]
