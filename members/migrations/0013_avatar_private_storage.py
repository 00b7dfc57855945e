"""Profile photos move to the private storage (``STORAGES["private"]``, config.media).

The field now names ``config.media.storages.private_storage``, a callable: this migration
does not depend on which storage the environment chose.

The photos already uploaded are in the public media (``STORAGES["default"]``): each is
copied to the private storage under the same name, then its public copy is deleted. A
photo already private only loses a public copy left behind, so a rerun (or an interrupted
run started again) is safe. ``manage.py move_avatars_to_private_storage`` does the same at
any time. Frozen code: later changes to that command do not reach this migration.

Going back moves them to the public media again.
"""

import logging

import django.core.files.storage
from django.db import migrations, models

import config.media.storages
import members.models.accounts

logger = logging.getLogger(__name__)


def _move(apps, source_alias: str, target_alias: str) -> None:
    storages = django.core.files.storage.storages
    source, target = storages[source_alias], storages[target_alias]
    User = apps.get_model("members", "User")
    names = User.objects.exclude(avatar="").values_list("avatar", flat=True).iterator()
    for name in names:
        if target.exists(name):
            if source.exists(name):
                source.delete(name)
        elif source.exists(name):
            with source.open(name, "rb") as file:
                saved = target.save(name, file)
            if saved != name:
                target.delete(saved)
                raise RuntimeError(f"The {target_alias} storage refused the name {name!r}.")
            source.delete(name)
        else:
            logger.warning("Profile photo %s is in neither storage.", name)


def to_private(apps, schema_editor):
    _move(apps, "default", "private")


def to_public(apps, schema_editor):
    _move(apps, "private", "default")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_professional_search_document"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="avatar",
            field=models.ImageField(
                blank=True,
                storage=config.media.storages.private_storage,
                upload_to=members.models.accounts.avatar_path,
                verbose_name="photo",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
