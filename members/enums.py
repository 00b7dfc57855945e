"""Vocabulary shared by the members area and the public site.

The kinds of coup de pouce and their outcomes are used by requests (members), by
success stories (stories) and by the figures on the home page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
