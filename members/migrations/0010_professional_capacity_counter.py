"""A monthly counter of the requests sent to each professional (capacity left, read from
the row), filled for the current month from the existing requests."""

import datetime

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


def fill_counters(apps, schema_editor):
    """Every profile's counter = the requests sent to them this month (site time zone):
    ONE UPDATE with a subquery. A frozen copy of members.services.capacity.recount as it
    was when this migration was written: later changes to the service do not reach it."""
    using = schema_editor.connection.alias
    profile_model = apps.get_model("members", "ProfessionalProfile")
    request_model = apps.get_model("members", "HelpRequest")
    month = timezone.localdate().replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time.min))
    sent = (
        request_model._default_manager.using(using)
        .filter(professional_id=OuterRef("user_id"), sent_at__gte=start, sent_at__lt=end)
        .order_by()
        .values("professional_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    profile_model._default_manager.using(using).update(
        capacity_month=month,
        sent_in_month=Coalesce(Subquery(sent, output_field=IntegerField()), Value(0)),
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
