"""A minor's feedback is never quoted on a company's page (issue 16, members.requests.sharing).

Consents stored before the rule by a young person who was a minor when the coup de pouce
was completed (so a minor today too) are withdrawn: they would otherwise be hidden while
the person is a minor and shown on their eighteenth birthday. Only rows with a consent
are read; an UPDATE per 500 of them, no schema change. Nothing to undo.
"""

from django.db import migrations

MAJORITY = 18


def _age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def minors_consents_withdrawn(apps, schema_editor):
    from django.utils import timezone

    HelpRequest = apps.get_model("members", "HelpRequest")
    today = timezone.localdate()
    rows = HelpRequest.objects.filter(young_feedback_shared=True).values_list(
        "pk", "completed_at", "young_person__young_profile__birth_date"
    )
    minors = [
        pk
        for pk, completed_at, birth_date in rows.iterator()
        if birth_date is None
        or _age_on(birth_date, timezone.localdate(completed_at) if completed_at else today)
        < MAJORITY
    ]
    for start in range(0, len(minors), 500):  # SQLite's limit of parameters
        HelpRequest.objects.filter(pk__in=minors[start : start + 500]).update(
            young_feedback_shared=False
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0017_follow_up_outcomes"),
    ]

    operations = [
        migrations.RunPython(minors_consents_withdrawn, migrations.RunPython.noop),
    ]
