"""Vocabulary shared by the members area and the public site.

The kinds of coup de pouce and their outcomes are used by requests (members), by
success stories (stories) and by the figures on the home page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HelpKind(models.TextChoices):
    TRADE_ADVICE = "trade_advice", _("Conseils sur un métier")
    CV_REVIEW = "cv_review", _("Relecture de CV ou de lettre")
    MOCK_INTERVIEW = "mock_interview", _("Entretien blanc")
    OBSERVATION = "observation", _("Journée d’observation ou immersion")
    INTRODUCTION = "introduction", _("Mise en relation")
    COMPANY_VISIT = "company_visit", _("Visite d’entreprise")
    HOSTING = "hosting", _("Hébergement la veille d’un entretien")
    OTHER = "other", _("Autre")


class Outcome(models.TextChoices):
    ADVICE = "advice", _("Des conseils")
    INTERVIEW = "interview", _("Un entretien obtenu")
    INTERNSHIP = "internship", _("Un stage ou une immersion")
    TRAINING = "training", _("Une formation")
    JOB = "job", _("Un emploi")
    OTHER = "other", _("Autre")


class FollowUpOutcome(models.TextChoices):
    """Where the young person stands three months after a coup de pouce (the impact
    figures' outcomes: issue 16)."""

    JOB = "job", _("Un emploi")
    TRAINING = "training", _("Une formation")
    INTERNSHIP = "internship", _("Un stage ou une immersion")
    HOUSING = "housing", _("Un logement")
    OTHER = "other", _("Autre chose")
    NONE = "none", _("Rien pour l’instant")


class Role(models.TextChoices):
    """What a member is on the platform. Staff who only edit pages have no role."""

    YOUNG_PERSON = "young", _("Jeune")
    PROFESSIONAL = "professional", _("Professionnel·le")
    COUNSELLOR = "counsellor", _("Conseiller·ère")
    REFERENT = "referent", _("Référent·e de structure")
    MODERATOR = "moderator", _("Modérateur·rice")
    # A partner company's contact: reads the figures of the company's volunteers, never a
    # young person's data (not in ROLES_REQUIRING_MFA for that reason).
    COMPANY_CONTACT = "company_contact", _("Contact entreprise")


# Roles that see young people's personal data: their account needs a second factor.
ROLES_REQUIRING_MFA = frozenset({Role.COUNSELLOR, Role.REFERENT, Role.MODERATOR})


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Approuvé")
    REJECTED = "rejected", _("Refusé")


class InvitationKind(models.TextChoices):
    REFERENT = "referent", _("Référent·e de structure")
    COUNSELLOR = "counsellor", _("Conseiller·ère")
    YOUNG_PERSON = "young", _("Jeune")
    # Sent by a moderator for a partner company (Invitation.company, no structure).
    COMPANY_CONTACT = "company_contact", _("Contact entreprise")


# Kinds of invitation issued for a company rather than a structure.
COMPANY_INVITATION_KINDS = frozenset({InvitationKind.COMPANY_CONTACT})


class ConsentDocument(models.TextChoices):
    TERMS = "terms", _("Conditions d’utilisation")
    CHARTER = "charter", _("Charte du bénévole")


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approbation")
    REJECT = "reject", _("Refus")
    DEACTIVATE = "deactivate", _("Désactivation")
    REACTIVATE = "reactivate", _("Réactivation")
    VERIFY_IN_PERSON = "verify_in_person", _("Vérification pour l’accueil en personne")
    HIDE_PROFILE = "hide_profile", _("Profil masqué")
    # A moderator read a request and its messages (DESIGN.md: "yes, audited").
    READ_REQUEST = "read_request", _("Lecture d’une demande")
    HIDE_MESSAGE = "hide_message", _("Message masqué")
    RESOLVE_REPORT = "resolve_report", _("Signalement traité")


class HelpRequestState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    AWAITING_COUNSELLOR = "awaiting_counsellor", _("À valider par le conseiller")
    SENT = "sent", _("Envoyée")
    ACCEPTED = "accepted", _("Acceptée")
    COMPLETED = "completed", _("Terminée")
    DECLINED = "declined", _("Déclinée")
    EXPIRED = "expired", _("Expirée")
    WITHDRAWN = "withdrawn", _("Retirée")
    # A context: Wagtail's catalog translates the bare "Close" as the verb "Fermer".
    CLOSED = "closed", pgettext_lazy("request state", "Close")


OPEN_REQUEST_STATES = frozenset(
    {
        HelpRequestState.DRAFT,
        HelpRequestState.AWAITING_COUNSELLOR,
        HelpRequestState.SENT,
        HelpRequestState.ACCEPTED,
    }
)
# Kinds that happen in person: with a minor, the counsellor always validates them.
IN_PERSON_KINDS = frozenset(
    {HelpKind.OBSERVATION, HelpKind.COMPANY_VISIT, HelpKind.HOSTING, HelpKind.MOCK_INTERVIEW}
)


class DeclineReason(models.TextChoices):
    NOT_MY_FIELD = "not_my_field", _("Ce n’est pas mon domaine")
    NO_TIME = "no_time", _("Pas le temps en ce moment")
    ALREADY_HELPED = "already_helped", _("J’aide déjà assez de jeunes")
    OTHER = "other", _("Autre raison")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Un e-mail à chaque fois")
    DAILY = "daily", _("Un résumé par jour")


class ReportReason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", _("Propos déplacés ou blessants")
    HARASSMENT = "harassment", _("Harcèlement ou pression")
    CONTACT = "contact", _("Demande de coordonnées ou de rendez-vous hors de la plateforme")
    SPAM = "spam", _("Publicité ou arnaque")
    OTHER = "other", _("Autre")
