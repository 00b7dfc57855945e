"""Forms of the conversation on a request: writing a message, reporting one or a profile."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.conversations.services import MAX_LENGTH
from members.enums import ReportReason


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Écrivez votre message avant de l’envoyer."),
            "max_length": _(
                "Votre message est trop long : %(limit_value)d caractères au plus "
                "(il en a %(show_value)d). Coupez-le en deux messages."
            ),
        },
    )

    def __init__(self, *args, masked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if masked:
            self.fields["body"].help_text = _(
                "Les adresses e-mail, les comptes de réseaux sociaux et les numéros de "
                "téléphone ne sont pas montrés dans cette conversation : tout passe par la "
                "plateforme."
            )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un motif.")},
    )
    text = forms.CharField(
        label=_("Précisez si vous le souhaitez"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seule l’équipe de modération lira votre signalement."),
    )
