"""`manage.py recover_stale_tasks`: run every 5 minutes by a timer.

Puts back in the queue the tasks a killed worker left ``RUNNING`` for longer than
``TASKS_STALE_AFTER_SECONDS``, and gives a task again to every email of the outbox that
should be sending and has none (see :mod:`outbox.recovery`). Safe to run twice, or at the
same time as workers.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from outbox import recovery


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks left running by a dead worker, and queue again "
        "the emails of the outbox that have no task."
    )

    def handle(self, *args, **options):
        self.stdout.write(str(recovery.recover()))
