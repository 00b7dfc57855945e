"""The notifications page's preference: emails at once or one summary a day."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import EmailFrequency


class EmailFrequencyForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("Recevoir les notifications par e-mail"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Le résumé part une fois par jour, avec tout ce que vous n’avez pas encore reçu "
            "par e-mail."
        ),
        error_messages={"required": _("Choisissez comment recevoir vos notifications.")},
    )
