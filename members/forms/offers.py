"""The guided form a professional fills in to offer a coup de pouce to a young person."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MIN_MESSAGE_LENGTH = 20


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Quel coup de pouce proposez-vous ?"),
        widget=forms.RadioSelect,
        help_text=_(
            "Seuls les coups de pouce que vous proposez et que ce ou cette jeune peut recevoir "
            "sont dans la liste (pas d’hébergement pour un·e mineur·e). Ceux qu’il ou elle "
            "recherche viennent en premier."
        ),
    )
    hopes = forms.CharField(
        label=_("Que lui proposez-vous ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Dites qui vous êtes, ce que vous proposez et pourquoi à cette personne. Par "
            "exemple : « Je suis cheffe de chantier en électricité. J’ai vu votre projet : je "
            "peux vous raconter une journée sur un chantier et vous conseiller sur les "
            "formations, en une heure en visio. »"
        ),
    )
    availability = forms.CharField(
        label=_("Quand êtes-vous disponible ?"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : « le mercredi après-midi », « en semaine après 18 h »."),
    )

    def __init__(
        self, *args, kinds: list[tuple[str, str]], wanted: frozenset[str] = frozenset(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, _("%(kind)s (recherché)") % {"kind": label} if value in wanted else label)
            for value, label in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    def clean_hopes(self) -> str:
        hopes = self.cleaned_data["hopes"].strip()
        if len(hopes) < MIN_MESSAGE_LENGTH:
            raise forms.ValidationError(
                _("Écrivez au moins une ou deux phrases : le ou la jeune comprendra mieux."),
                code="too_short",
            )
        return hopes
