"""How people arrive: invitations sent by structures, and the documents they accept."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import ConsentDocument, InvitationKind

INVITATION_VALIDITY = datetime.timedelta(days=7)


def hash_token(raw_token: str) -> str:
    # Only a hash is stored: a leaked database does not leak usable invitation links.
    return hashlib.sha256(raw_token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> InvitationQuerySet:
        return self.pending().filter(expires_at__gt=timezone.now())

    def for_token(self, raw_token: str) -> Invitation | None:
        """The invitation whose link carries ``raw_token``, whatever its state."""
        if not raw_token or len(raw_token) > 100:
            return None
        return (
            self.select_related("structure", "company")
            .filter(token_hash=hash_token(raw_token))
            .first()
        )


class Invitation(models.Model):
    """A single-use link, valid 7 days, that lets someone create their account.

    The raw token exists only in the email; :meth:`renew` replaces it (resend), which
    makes the previous link useless.
    """

    wagtail_reference_index_ignore = True  # see members.models

    kind = models.CharField(_("type"), max_length=20, choices=InvitationKind.choices)
    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    # The structure the person joins; a company contact's invitation has a company instead
    # (InvitationKind.COMPANY_CONTACT), never both (the constraint below).
    structure = models.ForeignKey(
        "network.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    company = models.ForeignKey(
        "network.Company",
        verbose_name=_("entreprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte créé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["structure", "kind", "accepted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(structure__isnull=False, company__isnull=True)
                    & ~Q(kind=InvitationKind.COMPANY_CONTACT)
                )
                | Q(
                    structure__isnull=True,
                    company__isnull=False,
                    kind=InvitationKind.COMPANY_CONTACT,
                ),
                name="invitation_for_a_structure_or_a_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def inviting_name(self) -> str:
        """The structure's name, or the company's for a company contact's invitation."""
        holder = self.company if self.company_id else self.structure
        return holder.name if holder is not None else ""

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @classmethod
    def issue(cls, **fields) -> tuple[Invitation, str]:
        """Create an invitation; returns it with the raw token to put in the link."""
        invitation = cls(**fields)
        raw_token = invitation._new_token()
        invitation.save()
        return invitation, raw_token

    def renew(self) -> str | None:
        """A new link valid 7 days from now; the old link stops working.

        A conditional UPDATE: None, and nothing written, when the invitation was accepted
        or revoked meanwhile (a link sent then would lead nowhere). Like any UPDATE it
        sends no signal.
        """
        raw_token = self._new_token()
        renewed = (
            type(self)
            .objects.pending()
            .filter(pk=self.pk)
            .update(token_hash=self.token_hash, sent_at=self.sent_at, expires_at=self.expires_at)
        )
        return raw_token if renewed else None

    def _new_token(self) -> str:
        raw_token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(raw_token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + INVITATION_VALIDITY
        return raw_token


class Consent(models.Model):
    """A version of the terms or of the volunteer charter, accepted on a date."""

    wagtail_reference_index_ignore = True  # see members.models

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    document = models.CharField(_("document"), max_length=20, choices=ConsentDocument.choices)
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepté le"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptation")
        verbose_name_plural = _("acceptations")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document", "version"], name="consent_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.version}"

    @classmethod
    def record(cls, user, document: str) -> Consent:
        """Record that ``user`` accepts the current version of ``document``."""
        version = settings.CONSENT_VERSIONS[document]
        consent, _created = cls.objects.get_or_create(user=user, document=document, version=version)
        return consent
