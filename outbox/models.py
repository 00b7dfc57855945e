"""One row per email: what to send, and where its sending stands."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.enums import EmailState

PENDING = (EmailState.QUEUED, EmailState.SENDING)


class OutboxEmailQuerySet(models.QuerySet):
    def with_state_rank(self):
        """``state_rank``: 0 failed, 1 waiting or sending, 2 sent (the admin's listing)."""
        return self.annotate(
            state_rank=models.Case(
                models.When(state=EmailState.FAILED, then=0),
                models.When(state__in=PENDING, then=1),
                default=2,
                output_field=models.IntegerField(),
            )
        )

    def claimable(self, now: datetime.datetime, stale_before: datetime.datetime):
        """Rows a sender may take now: queued and due, or claimed by a sender that must
        have died (its claim is older than ``stale_before``)."""
        return self.filter(
            Q(state=EmailState.QUEUED, next_attempt_at__lte=now)
            | Q(state=EmailState.SENDING, claimed_at__lt=stale_before)
        )


class OutboxEmail(models.Model):
    # What the email is (a template name: "members/request_accepted",
    # "account/email/password_reset_key"…), for the administrators' listing and the logs.
    kind = models.CharField(_("type"), max_length=100, blank=True)
    from_email = models.CharField(_("expéditeur"), max_length=320)
    to = models.JSONField(_("destinataires"), default=list)
    cc = models.JSONField(_("copie"), default=list, blank=True)
    bcc = models.JSONField(_("copie cachée"), default=list, blank=True)
    reply_to = models.JSONField(_("répondre à"), default=list, blank=True)
    # Message-ID is chosen once, when the row is written: a message sent again after a crash
    # carries the same one, so mail clients show it once.
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    subject = models.TextField(_("objet"))
    body = models.TextField(_("texte"))
    html_body = models.TextField(_("version HTML"), blank=True)
    language = models.CharField(_("langue"), max_length=10, blank=True)

    state = models.CharField(
        _("état"), max_length=10, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # A queued row is not sent before this (the retries' back-off).
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    # When a sender took the row (state "sending"): the fence of its claim.
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        indexes = [
            # The sweep of recover_stale_tasks reads only the few rows not sent yet.
            models.Index(
                fields=["state", "next_attempt_at"],
                name="outbox_pending_idx",
                condition=Q(state__in=PENDING),
            ),
            # The listing (newest first) and the pruning of old rows.
            models.Index(fields=["created_at"], name="outbox_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind or _('courriel')} #{self.pk}"
