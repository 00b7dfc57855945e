"""`manage.py send_request_reminders`: nobody waits in silence.

A scheduler runs it every hour or every day. For requests nobody answered: reminders at
day 3 and day 7, the counsellors alerted at day 10, expiry at day 14 (days in
``settings.REQUEST_ESCALATION``); for completed requests, a follow-up three months later.
Running it twice, or twice at once, sends nothing twice (see
:mod:`members.requests.reminders`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from members.requests import reminders


class Command(BaseCommand):
    help = "Remind, alert, expire unanswered requests; ask for news of completed ones."

    def handle(self, *args, **options):
        for result in reminders.run():
            self.stdout.write(str(result))
