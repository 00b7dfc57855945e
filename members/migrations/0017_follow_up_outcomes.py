"""The three-month outcome gets its own list (issue 16): job, training, internship,
housing, something else, nothing yet.

Only the choices change (no schema change). The two answers of the old list that the new
one drops, "some advice" and "an interview", were progress but not a place: they become
"something else". One UPDATE, no table rewrite.
"""

from django.db import migrations, models


def old_answers_become_something_else(apps, schema_editor):
    HelpRequest = apps.get_model("members", "HelpRequest")
    HelpRequest.objects.filter(follow_up_outcome__in=["advice", "interview"]).update(
        follow_up_outcome="other"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0016_company_contacts_and_shared_feedback"),
    ]

    operations = [
        migrations.AlterField(
            model_name="helprequest",
            name="follow_up_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("job", "Un emploi"),
                    ("training", "Une formation"),
                    ("internship", "Un stage ou une immersion"),
                    ("housing", "Un logement"),
                    ("other", "Autre chose"),
                    ("none", "Rien pour l’instant"),
                ],
                max_length=30,
                verbose_name="résultat à trois mois",
            ),
        ),
        # Going back keeps "something else": the old answer is not known any more.
        migrations.RunPython(old_answers_become_something_else, migrations.RunPython.noop),
    ]
