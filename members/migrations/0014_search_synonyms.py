"""Synonyms of the directory search (members.SearchSynonym), seeded with the common
abbreviations of trades; editors and moderators extend them in the admin.

A new table and a few rows: safe on a live database. Unapplying drops the table.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SEED = {
    "BTP": "bâtiment, travaux publics",
    "RH": "ressources humaines, recrutement",
    "dev": "développeur, développement, informatique, programmeur",
    "informatique": "informaticien, développeur, numérique",
    "IDE": "infirmier",
    "ASH": "agent de service hospitalier",
    "AS": "aide-soignant",
    "AP": "auxiliaire de puériculture",
    "ATSEM": "agent territorial spécialisé des écoles maternelles",
    "VTC": "chauffeur",
    "SAP": "services à la personne, aide à domicile",
    "CHR": "hôtellerie, restauration, cuisine",
    "compta": "comptable, comptabilité",
    "kiné": "kinésithérapeute",
    "prof": "professeur, enseignant",
}
PERMISSIONS = [
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
    "view_searchsynonym",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("members", "SearchSynonym")
    for term, equivalents in SEED.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="members", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=["Moderators", "Editors"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0013_avatar_private_storage"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "term",
                    models.CharField(
                        help_text="Un seul mot, tel qu’on le tape : « BTP », « RH », « dev »…",
                        max_length=60,
                        unique=True,
                        verbose_name="mot",
                    ),
                ),
                (
                    "equivalents",
                    models.TextField(
                        help_text="Séparés par des virgules : « bâtiment, travaux publics ». Une recherche de l’un trouve aussi les autres.",  # noqa: E501
                        verbose_name="équivalents",
                    ),
                ),
            ],
            options={
                "verbose_name": "synonyme de recherche",
                "verbose_name_plural": "synonymes de recherche",
                "ordering": ["term"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
