"""Photos uploaded before they became private move out of the public media: once by
migration members 0013, again at will with `manage.py move_avatars_to_private_storage`."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command

from members.models import User
from tests.members.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

OLD_NAME = "avatars/0123456789abcdef0123456789abcdef.webp"


@pytest.fixture(autouse=True)
def empty_storages(settings):
    """Fresh in-memory storages: files of earlier tests would count here."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def old_photo(professional):
    """A photo stored the old way: in the public media."""
    default_storage.save(OLD_NAME, ContentFile(b"old photo"))
    User.objects.filter(pk=professional.pk).update(avatar=OLD_NAME)
    return OLD_NAME


def move(*args) -> str:
    out = io.StringIO()
    call_command("move_avatars_to_private_storage", *args, stdout=out)
    return out.getvalue()


def test_a_public_photo_becomes_private(old_photo):
    output = move()

    assert "1 moved, 0 already private, 0 missing" in output
    assert storages["private"].open(old_photo).read() == b"old photo"
    assert not default_storage.exists(old_photo)


def test_running_it_again_changes_nothing(old_photo):
    move()

    output = move()

    assert "0 moved, 1 already private, 0 missing" in output
    assert storages["private"].open(old_photo).read() == b"old photo"


def test_a_public_copy_left_behind_is_deleted_and_the_private_file_kept(old_photo):
    storages["private"].save(old_photo, ContentFile(b"newer private copy"))

    move()

    assert not default_storage.exists(old_photo)
    assert storages["private"].open(old_photo).read() == b"newer private copy"


def test_a_photo_in_neither_storage_is_counted_and_left_alone(professional, caplog):
    User.objects.filter(pk=professional.pk).update(avatar=OLD_NAME)

    output = move()

    assert "0 moved, 0 already private, 1 missing" in output
    assert OLD_NAME in caplog.text
    assert User.objects.get(pk=professional.pk).avatar.name == OLD_NAME


def test_a_dry_run_only_counts(old_photo):
    output = move("--dry-run")

    assert "1 would move" in output
    assert default_storage.exists(old_photo)
    assert not storages["private"].exists(old_photo)


def test_the_migration_moves_them_the_same_way_and_back(old_photo):
    migration = importlib.import_module("members.migrations.0013_avatar_private_storage")
    newer = ProfessionalFactory(email="nouvelle-photo@example.org")
    newer.avatar.save("avatar.webp", ContentFile(b"new photo"))

    migration.to_private(apps, None)
    migration.to_private(apps, None)

    assert storages["private"].open(old_photo).read() == b"old photo"
    assert not default_storage.exists(old_photo)
    assert storages["private"].open(newer.avatar.name).read() == b"new photo"

    migration.to_public(apps, None)

    assert default_storage.open(old_photo).read() == b"old photo"
    assert not storages["private"].exists(old_photo)
