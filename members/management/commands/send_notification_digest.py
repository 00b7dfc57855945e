"""`manage.py send_notification_digest`: the daily summary of notifications.

A scheduler runs it once a day. Each active person who chose one summary a day gets ONE
email listing their notifications not emailed yet; people who chose immediate emails got
each of theirs already and are never in it. Running it twice, or twice at once, sends
nothing twice (see :func:`members.notifications.services.send_digest`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from members.notifications import services as notifications


class Command(BaseCommand):
    help = "Email each person who chose the daily summary their notifications not emailed yet."

    def handle(self, *args, **options):
        self.stdout.write(str(notifications.send_digests()))
