"""Let the association's editors and moderators manage partner structures and companies.

Wagtail's "Editors" and "Moderators" groups start with page, image and document rights
only; without these, structures and companies would need a superuser. Answers to calls
hold volunteers' personal data: staff may read them, but only moderators may delete one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        "add_structure",
        "change_structure",
        "add_company",
        "change_company",
        "view_volunteeranswer",
    ],
    "Moderators": [
        "add_structure",
        "change_structure",
        "delete_structure",
        "add_company",
        "change_company",
        "delete_company",
        "view_volunteeranswer",
        "delete_volunteeranswer",
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("network")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="network", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="network", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
