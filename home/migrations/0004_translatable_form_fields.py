"""Contact form fields become translatable (wagtail-localize translates their labels).

Existing fields take the locale of their page; the fields of a page and of its
translations share a translation key, matched by position in the form.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_locale_and_key(apps, schema_editor):
    FormField = apps.get_model("home", "FormField")
    ContactPage = apps.get_model("home", "ContactPage")
    keys = {}
    # Values only: the historical ContactPage cannot be instantiated (FormMixin).
    pages = ContactPage.objects.order_by("pk").values_list("pk", "translation_key", "locale_id")
    for page_id, page_key, locale_id in pages:
        fields = FormField.objects.filter(page_id=page_id).order_by("sort_order", "pk")
        for position, field_id in enumerate(fields.values_list("pk", flat=True)):
            key = keys.setdefault((page_key, position), uuid.uuid4())
            FormField.objects.filter(pk=field_id).update(locale_id=locale_id, translation_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_pages_and_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="formfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="formfield",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="formfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="formfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="formfield",
            unique_together={("translation_key", "locale")},
        ),
    ]
