"""Professional sectors: the 14 domains of France Travail's ROME classification."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """Data, not code: staff may rename a sector or add one without a deployment.

    A young person's project and a professional's trade point at the same rows, which
    is what lets suggestions match them.
    """

    code = models.CharField(
        _("code ROME"), max_length=3, unique=True, help_text=_("Lettre du grand domaine ROME.")
    )
    name = models.CharField(_("nom (français)"), max_length=150)
    name_en = models.CharField(_("nom (anglais)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class SearchSynonym(models.Model):
    """Words the directory search takes as equivalent ("BTP" finds "bâtiment"): data that
    editors and moderators extend in the admin, read by members.search (cached)."""

    term = models.CharField(
        _("mot"),
        max_length=60,
        unique=True,
        help_text=_("Un seul mot, tel qu’on le tape : « BTP », « RH », « dev »…"),
    )
    equivalents = models.TextField(
        _("équivalents"),
        help_text=_(
            "Séparés par des virgules : « bâtiment, travaux publics ». Une recherche de "
            "l’un trouve aussi les autres."
        ),
    )

    class Meta:
        verbose_name = _("synonyme de recherche")
        verbose_name_plural = _("synonymes de recherche")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from members.search import split_words

        if len(split_words(self.term)) != 1:
            raise ValidationError({"term": _("Un seul mot d’au moins deux lettres.")})
        if not self.equivalent_list():
            raise ValidationError({"equivalents": _("Au moins un équivalent.")})

    def equivalent_list(self) -> list[str]:
        return [part.strip() for part in (self.equivalents or "").split(",") if part.strip()]
