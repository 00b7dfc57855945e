"""`manage.py purge_inactive_members`: warn, then delete, accounts nobody uses any more.

A scheduler runs it daily. Idempotent: an account is warned once (``inactivity_warned_at``),
deleted once, and running it twice in a row sends and deletes nothing more.

1. A warned member who signed in since the warning keeps their account: warning cleared.
2. A warned member still inactive ``INACTIVITY_GRACE_DAYS`` after the warning is deleted
   (:func:`members.privacy.erasure.delete_member`).
3. A member inactive for ``INACTIVITY_WARNING_DAYS`` (last sign-in, or sign-up if they
   never signed in) gets a warning email in their language.

Staff accounts and superusers are left alone: they are never warned nor deleted
automatically.

4. Requests closed for ``RETENTION_CLOSED_REQUESTS_MONTHS`` lose their people, texts,
   messages and notifications (:mod:`members.privacy.retention`), batch by batch; safe to
   run twice, or twice at once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone, translation

from config.site_url import absolute_url
from members.emails import send_later
from members.models import User
from members.privacy.erasure import delete_member
from members.privacy.retention import anonymise_closed_requests

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Warn long-inactive members; delete those still inactive after the grace period; "
        "anonymise the requests closed for longer than the retention limit."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        members = User.objects.filter(is_staff=False, is_superuser=False)

        cleared = members.filter(
            inactivity_warned_at__isnull=False, last_login__gt=F("inactivity_warned_at")
        ).update(inactivity_warned_at=None)

        grace = datetime.timedelta(days=settings.INACTIVITY_GRACE_DAYS)
        deleted = 0
        doomed = members.filter(inactivity_warned_at__lte=now - grace).values_list("pk", flat=True)
        for pk in list(doomed):
            with transaction.atomic():
                user = User.objects.select_for_update().filter(pk=pk).first()
                if user is None or user.inactivity_warned_at is None:
                    continue
                if user.last_login and user.last_login > user.inactivity_warned_at:
                    continue  # signed in while this command was running
                delete_member(user, inactive=True)
                deleted += 1

        cutoff = now - datetime.timedelta(days=settings.INACTIVITY_WARNING_DAYS)
        inactive = members.filter(inactivity_warned_at__isnull=True).filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        warned = 0
        while batch := list(inactive.order_by("pk")[:BATCH_SIZE]):
            for user in batch:
                # Conditional update: two runs at once cannot warn the same person twice,
                # and each pass leaves the set, so the loop ends.
                if User.objects.filter(pk=user.pk, inactivity_warned_at__isnull=True).update(
                    inactivity_warned_at=now
                ):
                    self._warn(user, now + grace)
                    warned += 1

        self.stdout.write(
            f"Comptes inactifs : {warned} prévenu(s), {deleted} supprimé(s), "
            f"{cleared} revenu(s) après l’avertissement."
        )
        anonymised = anonymise_closed_requests(now)
        self.stdout.write(f"Demandes closes anonymisées (durée de conservation) : {anonymised}.")

    def _warn(self, user: User, deletion: datetime.datetime) -> None:
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            login_path = reverse("account_login")
            deletion_date = formats.date_format(timezone.localdate(deletion), "DATE_FORMAT")
        send_later(
            user.email,
            "privacy_inactivity_warning",
            {
                "first_name": user.first_name,
                "months": round(settings.INACTIVITY_WARNING_DAYS / 30.4),
                "deletion_date": deletion_date,
                "login_url": absolute_url(login_path),
            },
            language,
        )
