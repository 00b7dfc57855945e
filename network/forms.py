from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.antispam import ProtectedFormMixin
from network.models import VolunteerAnswer


class VolunteerAnswerForm(ProtectedFormMixin, forms.ModelForm):
    """The public answer to a call, with a honeypot and a time check (config.antispam)."""

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

    def answer_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self._meta.fields}
