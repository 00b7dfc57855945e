from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import VolunteerAnswer

HONEYPOT_FIELD = "homepage"


class VolunteerAnswerForm(forms.ModelForm):
    """The public answer to a call. ``homepage`` is a honeypot: hidden from people
    (CSS and aria-hidden), bots that fill every field give themselves away."""

    homepage = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = VolunteerAnswer
        fields = ["name", "email", "company", "message"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "email": _("Nous vous écrirons à cette adresse pour confirmer votre réponse."),
            "company": _("Facultatif."),
            "message": _("Vos disponibilités, votre métier, ce que vous aimeriez apporter."),
        }
        error_messages = {
            "name": {"required": _("Indiquez votre nom.")},
            "email": {
                "required": _("Indiquez votre adresse e-mail."),
                "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
            },
            "message": {"required": _("Écrivez quelques mots à l'association.")},
        }

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def is_from_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def answer_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self._meta.fields}
