"""The coup-de-pouce request and its transition log (DESIGN.md, "The coup-de-pouce request").

The state changes only through :mod:`members.requests.services`, which checks the
transition table of :mod:`members.requests.workflow`, updates the row with a conditional UPDATE
and writes a :class:`HelpRequestTransition` in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from members.enums import (
    OPEN_REQUEST_STATES,
    DeclineReason,
    FollowUpOutcome,
    HelpKind,
    HelpRequestState,
    Outcome,
    Role,
)


class HelpRequestQuerySet(models.QuerySet):
    def open(self) -> HelpRequestQuerySet:
        return self.filter(state__in=OPEN_REQUEST_STATES)

    def with_people_names(self) -> HelpRequestQuerySet:
        """Each request with the first and last names of its young person and professional
        (``young_first_name``..., None for a deleted member) instead of their two accounts:
        what lists of requests show, without building two users a row."""
        return self.annotate(
            young_first_name=F("young_person__first_name"),
            young_last_name=F("young_person__last_name"),
            professional_first_name=F("professional__first_name"),
            professional_last_name=F("professional__last_name"),
        )

    def visible_to(self, user) -> HelpRequestQuerySet:
        """The requests ``user`` may read (DESIGN.md, visibility table).

        Referents see figures only, never a request.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_moderator:
            return self.all()
        if user.role == Role.YOUNG_PERSON:
            # A professional's offer reaches them once sent: their counsellor reads it first
            # when it needs validation (a minor, hosting, the structure's choice).
            return self.filter(young_person=user).exclude(
                state__in=[HelpRequestState.DRAFT, HelpRequestState.AWAITING_COUNSELLOR],
                offered_by_professional=True,
            )
        if user.role == Role.PROFESSIONAL:
            # A draft or a request waiting for the counsellor is not addressed to them yet,
            # unless they wrote it (an offer).
            return self.filter(professional=user).exclude(
                state__in=[HelpRequestState.DRAFT, HelpRequestState.AWAITING_COUNSELLOR],
                offered_by_professional=False,
            )
        if user.role == Role.COUNSELLOR and user.structure_id:
            return self.filter(structure_id=user.structure_id)
        return self.none()


class HelpRequest(models.Model):
    wagtail_reference_index_ignore = True  # see members.models

    # What people wrote on the request itself: emptied when one of them erases their
    # account, and when the request is anonymised at the end of its retention.
    FREE_TEXT_FIELDS = (
        "hopes",
        "availability",
        "counsellor_comment",
        "decline_text",
        "close_reason",
        "young_feedback",
        "professional_feedback",
    )

    # Both sides are kept as "deleted member" when an account is deleted (GDPR).
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jeune"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professionnel·le"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="received_help_requests",
    )
    # The young person's structure when the request was written: its counsellors follow it.
    structure = models.ForeignKey(
        "network.Structure",
        verbose_name=_("structure"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )
    state = models.CharField(
        _("état"),
        max_length=30,
        choices=HelpRequestState.choices,
        default=HelpRequestState.DRAFT,
    )
    kind = models.CharField(_("coup de pouce"), max_length=30, choices=HelpKind.choices)
    hopes = models.TextField(_("ce que j’espère"), max_length=2000)
    availability = models.CharField(_("mes disponibilités"), max_length=300, blank=True)
    # An offer made by a professional to a visible young person becomes a request too.
    offered_by_professional = models.BooleanField(_("proposée par le ou la pro"), default=False)

    counsellor_comment = models.TextField(_("commentaire du conseiller"), blank=True)
    decline_reason = models.CharField(
        _("motif du refus"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_text = models.TextField(_("précision"), blank=True)
    close_reason = models.TextField(_("motif de clôture"), blank=True)
    outcome = models.CharField(_("résultat"), max_length=30, choices=Outcome.choices, blank=True)
    young_feedback = models.TextField(_("retour du jeune"), blank=True)
    professional_feedback = models.TextField(_("retour du ou de la pro"), blank=True)
    # Each author agreed, when typing it, that their feedback be quoted without any name
    # on the page of the professional's company (members.impact.company).
    young_feedback_shared = models.BooleanField(
        _("retour du jeune partagé avec l’entreprise"), default=False, db_default=False
    )
    professional_feedback_shared = models.BooleanField(
        _("retour du ou de la pro partagé avec l’entreprise"), default=False, db_default=False
    )
    follow_up_outcome = models.CharField(
        _("résultat à trois mois"), max_length=30, choices=FollowUpOutcome.choices, blank=True
    )

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # How far the escalation ladder went (0 none, 1 day-3 reminder, 2 day-7, 3 counsellor).
    reminder_level = models.PositiveSmallIntegerField(default=0)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    # When the young person asked their counsellors for help after a decline or an expiry:
    # they are told once (a conditional UPDATE claims it).
    counsellor_asked_at = models.DateTimeField(
        _("conseiller·ère prévenu·e le"), null=True, blank=True
    )
    # Kept with each message so that "conversations to read" compares two dates per
    # request instead of counting messages.
    last_message_at = models.DateTimeField(_("dernier message le"), null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de coup de pouce")
        verbose_name_plural = _("demandes de coup de pouce")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "sent_at"]),
            models.Index(fields=["professional", "state"]),
            # Requests sent to each professional this month (capacity left, in the
            # directory and the suggestions): only this month's rows are visited.
            models.Index(fields=["professional", "sent_at"]),
            models.Index(fields=["young_person", "state"]),
            models.Index(fields=["structure", "state"]),
            # A professional's and a structure's requests lists, latest change first:
            # the first page is read in this order instead of sorting them all.
            models.Index(fields=["professional", "updated_at"]),
            models.Index(fields=["structure", "updated_at"]),
        ]
        constraints = [
            # Abuse limit: one open request per young person and professional.
            models.UniqueConstraint(
                fields=["young_person", "professional"],
                condition=Q(
                    state__in=[
                        "draft",
                        "awaiting_counsellor",
                        "sent",
                        "accepted",
                    ]
                ),
                name="one_open_request_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_state_display()}"

    def path_in(self, language: str) -> str:
        """The request's page in ``language`` (the link of a notification or an email)."""
        with translation.override(language):
            return reverse("members:request-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REQUEST_STATES

    @property
    def is_sent(self) -> bool:
        """Waiting for the professional's (or, for an offer, the young person's) answer."""
        return self.state == HelpRequestState.SENT

    @property
    def is_accepted(self) -> bool:
        return self.state == HelpRequestState.ACCEPTED


class HelpRequestTransition(models.Model):
    """One line of a request's timeline: who moved it, when, from where to where, why."""

    wagtail_reference_index_ignore = True  # see members.models

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("de"), max_length=30, choices=HelpRequestState.choices)
    to_state = models.CharField(_("vers"), max_length=30, choices=HelpRequestState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_state} → {self.to_state}"
