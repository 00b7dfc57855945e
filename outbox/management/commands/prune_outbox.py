"""`manage.py prune_outbox --days 90`: run once a day by a timer.

Deletes the emails sent or failed more than ``--days`` days ago: their bodies hold
personal data that nobody needs once they have left. Emails still queued or sending are
never deleted.
"""

from __future__ import annotations

from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand

from outbox import recovery


def positive_days(value: str) -> int:
    days = int(value)
    if days < 1:
        raise ArgumentTypeError("must be 1 or more")
    return days


class Command(BaseCommand):
    help = "Delete the outbox's sent and failed emails older than --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=positive_days,
            default=90,
            help="Age in days of the emails to delete (default: %(default)s).",
        )

    def handle(self, *args, days: int, **options):
        deleted = recovery.prune(days)
        self.stdout.write(f"{deleted} courriel(s) de plus de {days} jour(s) supprimé(s)")
