"""Give Wagtail's "Moderators" group what handling the network in the admin needs.

Moderators handle reports (view and change: resolving one, hiding the message), and read
requests and their messages (view only: every read is logged). Editors get nothing here:
they never see people, requests or messages.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "members": [
        "view_report",
        "change_report",
        "view_helprequest",
        "view_message",
    ],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in GRANTS.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Moderators").first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Moderators").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_messages_notifications_reports"),
        ("members", "0004_moderator_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
