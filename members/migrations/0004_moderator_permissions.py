"""Give Wagtail's "Moderators" group what moderation in the admin needs.

Moderators (staff with the moderator role and a second factor) review professionals and
young people, approve or refuse structures, read the moderation log and maintain the
ROME sectors. Editors get nothing here: they never see people.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "wagtailadmin": ["access_admin"],
    "members": [
        "view_professionalprofile",
        "change_professionalprofile",
        "view_youngpersonprofile",
        "change_youngpersonprofile",
        "view_moderationlog",
        "view_sector",
        "add_sector",
        "change_sector",
    ],
    "network": [
        "view_structure",
        "change_structure",
        "view_company",
        "change_company",
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
    for app_label in ("members", "network"):
        app_config = apps.get_app_config(app_label)
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
        # access_admin and the change rights on structures and companies predate this
        # migration (Wagtail's and network's own): keep them.
        added_here = [
            p
            for p in _permissions(apps)
            if p.content_type.app_label == "members" or p.codename.startswith("view_")
        ]
        group.permissions.remove(*added_here)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_rome_sectors"),
        ("network", "0003_structure_registration_and_company_domains"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
