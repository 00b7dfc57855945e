"""A monthly counter of the requests sent to each professional (capacity left, read from
the row), filled for the current month from the existing requests."""

from django.db import migrations, models


def fill_counters(apps, schema_editor):
    """Every profile's counter = the requests sent to them this month: ONE UPDATE with a
    subquery per database (members.services.capacity.recount)."""
    from members.services.capacity import recount

    recount(
        apps.get_model("members", "ProfessionalProfile"),
        apps.get_model("members", "HelpRequest"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_request_list_indexes"),
    ]

    operations = [
        # Cheap on a live table: a nullable column, and a constant default.
        migrations.AddField(
            model_name="professionalprofile",
            name="capacity_month",
            field=models.DateField(
                blank=True, null=True, verbose_name="mois du compteur de demandes"
            ),
        ),
        migrations.AddField(
            model_name="professionalprofile",
            name="sent_in_month",
            field=models.PositiveIntegerField(default=0, verbose_name="demandes reçues ce mois-là"),
        ),
        # Going back drops the columns: nothing to undo in the data.
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
    ]
