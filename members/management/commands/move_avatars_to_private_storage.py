"""`manage.py move_avatars_to_private_storage`: profile photos left in the public media.

Photos used to be stored with the public media (``STORAGES["default"]``); they now live in
the private storage. Migration members 0013 moves them once; this command does the same
again whenever public copies may have come back (media restored from an old backup, a
machine that missed the migration's move). Safe to run any number of times: a photo
already private only loses a public copy left behind.
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from members.avatar_access import move_to_private_storage
from members.models import User


class Command(BaseCommand):
    help = "Move profile photos from the public media to the private storage (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would move; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        names = User.objects.exclude(avatar="").values_list("avatar", flat=True).iterator()
        counts = move_to_private_storage(
            names, storages["default"], storages["private"], dry_run=dry_run
        )
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            f"Profile photos: {counts['moved']} {verb}, {counts['already_private']} already "
            f"private, {counts['missing']} missing."
        )
