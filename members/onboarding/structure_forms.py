"""Forms of the structures feature: public registration, the referent's team and settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.antispam import ProtectedFormMixin
from members.onboarding.structures import find_duplicate
from network.departements import departement_from_postcode
from network.models import Structure


class StructureRegistrationForm(ProtectedFormMixin, forms.ModelForm):
    """ "Inscrire ma structure", with a honeypot and a time check (config.antispam)."""

    referent_first_name = forms.CharField(
        label=_("Prénom du ou de la référent·e"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={
            "required": _("Indiquez le prénom du ou de la référent·e."),
            "max_length": _("100 caractères au plus."),
        },
    )
    referent_last_name = forms.CharField(
        label=_("Nom du ou de la référent·e"),
        max_length=99,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={
            "required": _("Indiquez le nom du ou de la référent·e."),
            "max_length": _("99 caractères au plus."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "Le ou la référent·e accepte que l’association Un début de réseau le ou la "
            "contacte au sujet de cette inscription."
        ),
        error_messages={
            "required": _("Cochez cette case : nous devons pouvoir contacter le ou la référent·e.")
        },
    )
    # Longer than the 14 digits: people copy it with spaces, which clean_siret removes.
    siret = forms.CharField(
        label=_("Numéro SIRET"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Facultatif. 14 chiffres, par exemple 123 456 789 01234."),
        error_messages={"max_length": _("Un numéro SIRET compte 14 chiffres.")},
    )
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("Facultatif. Par exemple https://www.exemple.fr"),
        error_messages={
            "invalid": _("Saisissez une adresse web complète, par exemple https://www.exemple.fr"),
            "max_length": _("L’adresse du site compte 200 caractères au plus."),
        },
    )

    class Meta:
        model = Structure
        fields = ["kind", "name", "address", "postcode", "city", "siret", "website"]
        labels = {
            "kind": _("Type de structure"),
            "name": _("Nom de la structure"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "address": _("Numéro et rue."),
            "postcode": _("5 chiffres, par exemple 93200 : il nous donne le département."),
        }
        error_messages = {
            "kind": {"required": _("Choisissez le type de structure.")},
            "name": {
                "required": _("Indiquez le nom de la structure."),
                "max_length": _("Le nom compte 200 caractères au plus."),
            },
            "address": {
                "required": _("Indiquez l’adresse de la structure."),
                "max_length": _("L’adresse compte 255 caractères au plus."),
            },
            "postcode": {"required": _("Indiquez le code postal.")},
            "city": {
                "required": _("Indiquez la ville."),
                "max_length": _("La ville compte 120 caractères au plus."),
            },
        }

    referent_email = forms.EmailField(
        label=_("E-mail du ou de la référent·e"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Nous y envoyons un accusé de réception, puis, une fois la structure validée, "
            "l’invitation à créer le compte."
        ),
        error_messages={
            "required": _("Indiquez l’adresse e-mail du ou de la référent·e."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        },
    )

    field_order = [
        "kind",
        "name",
        "address",
        "postcode",
        "city",
        "siret",
        "website",
        "referent_first_name",
        "referent_last_name",
        "referent_email",
        "consent",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The address matters to the moderator and to young people: required here,
        # though the model leaves it blank for structures the staff adds by hand.
        self.fields["address"].required = True
        self.fields["kind"].choices = [("", _("Choisissez…")), *self.fields["kind"].choices[1:]]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        # The model's validator gives the message for a malformed postcode (runs later).
        if postcode.isdigit() and len(postcode) == 5 and not departement_from_postcode(postcode):
            raise forms.ValidationError(
                _("Ce code postal ne correspond à aucun département français."),
                code="unknown_departement",
            )
        return postcode

    def clean_siret(self) -> str:
        return "".join(self.cleaned_data["siret"].split())

    def clean_referent_email(self) -> str:
        return self.cleaned_data["referent_email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        if postcode:
            self.instance.departement = departement_from_postcode(postcode) or ""
        duplicate_field = find_duplicate(
            siret=cleaned.get("siret", ""), name=cleaned.get("name", ""), postcode=postcode or ""
        )
        if duplicate_field is not None:
            self.add_error(
                duplicate_field,
                _(
                    "Cette structure est déjà inscrite sur Un début de réseau, ou son "
                    "inscription est en cours d’examen. Vérifiez le nom, le code postal et le "
                    "SIRET ; si c’est bien elle, l’association reviendra vers son ou sa "
                    "référent·e : inutile de l’inscrire à nouveau."
                ),
            )
        return cleaned

    def save(self, commit: bool = True) -> Structure:
        structure = super().save(commit=False)
        structure.is_approved = False
        structure.referent_name = (
            f"{self.cleaned_data['referent_first_name'].strip()} "
            f"{self.cleaned_data['referent_last_name'].strip()}"
        )
        structure.referent_email = self.cleaned_data["referent_email"]
        if commit:
            structure.save()
        return structure


class CounsellorInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Indiquez le prénom."),
            "max_length": _("150 caractères au plus."),
        },
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Indiquez le nom."),
            "max_length": _("150 caractères au plus."),
        },
    )
    email = forms.EmailField(
        label=_("Adresse e-mail professionnelle"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Le lien d’invitation y est envoyé ; il reste valable 7 jours."),
        error_messages={
            "required": _("Indiquez l’adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def already_member_error(self) -> None:
        self.add_error(
            "email",
            _(
                "Cette adresse a déjà un compte sur Un début de réseau : aucune invitation "
                "n’a été envoyée. Si cette personne doit rejoindre votre équipe, écrivez à "
                "l’association."
            ),
        )


class DeactivateCounsellorForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        error_messages={"max_length": _("500 caractères au plus.")},
    )


class StructureSettingsForm(forms.Form):
    requires_validation = forms.BooleanField(
        label=_(
            "Les conseillers et conseillères valident chaque demande de coup de pouce "
            "avant son envoi"
        ),
        required=False,
        help_text=_(
            "Décoché, les demandes des jeunes majeurs partent directement aux "
            "professionnels. Les demandes des mineurs et les demandes à risque sont "
            "toujours validées, quel que soit ce choix."
        ),
    )
