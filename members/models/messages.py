"""The conversation on a request, who read it up to when, and reports of abuse.

A message belongs to one request and is read by the people who may read the request
(DESIGN.md, visibility table). Bodies are stored exactly as typed: escaping, links and
the masking of contact details for minors happen when they are shown
(:mod:`members.conversations.services`), so a counsellor still reads what was written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.enums import ReportReason


class Message(models.Model):
    wagtail_reference_index_ignore = True  # see members.models

    request = models.ForeignKey(
        "members.HelpRequest",
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # Kept as "deleted member" when the author's account is deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    # A moderator hid it after a report; the participants see that a message was removed.
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class ReadMarker(models.Model):
    """How far one person read one request's conversation."""

    wagtail_reference_index_ignore = True  # see members.models

    request = models.ForeignKey(
        "members.HelpRequest", on_delete=models.CASCADE, related_name="read_markers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_markers"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "request"], name="one_read_marker_per_request")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.request_id} · {self.read_at}"


class Report(models.Model):
    """A member reports a message or a profile; moderators handle it in the admin."""

    wagtail_reference_index_ignore = True  # see members.models

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre signalé·e"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports_received",
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("précision"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("suite donnée"), blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(message__isnull=False) | Q(reported_user__isnull=False),
                name="report_has_a_target",
            ),
            # Reporting the same message twice adds nothing for the moderators.
            models.UniqueConstraint(
                fields=["reporter", "message"],
                condition=Q(message__isnull=False),
                name="one_report_per_message_and_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.created_at:%d/%m/%Y}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
