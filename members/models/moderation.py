"""The audit trail of what moderators do to people and structures."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import ModerationAction


class ModerationLog(models.Model):
    """Who did what to whom, when and why. Rows are never edited."""

    wagtail_reference_index_ignore = True  # see members.models

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    # Kept when the moderator's account is deleted; empty for automatic decisions.
    actor_email = models.EmailField(_("e-mail de l’auteur·rice"), blank=True)
    action = models.CharField(_("action"), max_length=30, choices=ModerationAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(_("concerne"), max_length=255)
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.target_repr}"

    @classmethod
    def record(cls, actor, action: str, target: models.Model, reason: str = "") -> ModerationLog:
        """Log ``action`` on ``target``; ``actor`` is None for an automatic decision."""
        return cls.objects.create(
            actor=actor,
            actor_email=actor.email if actor is not None else "",
            action=action,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            target_repr=str(target)[:255],
            reason=reason,
        )
