from django.db import models
from django.utils.translation import gettext_lazy as _


class StructureKind(models.TextChoices):
    E2C = "e2c", _("École de la 2e chance")
    EPIDE = "epide", _("EPIDE")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    OTHER = "other", _("Autre structure")


class CallClosedReason(models.TextChoices):
    FULL = "full", _("Toutes les places ont été prises.")
    PAST_DEADLINE = "past_deadline", _("La date limite pour répondre est passée.")
