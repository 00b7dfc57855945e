"""Forms of onboarding: accepting an invitation, inviting a young person, the join code."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.antispam import ProtectedFormMixin
from members.enums import InvitationKind
from members.models import User
from members.profiles.forms import birth_date_field, check_age
from network.departements import DEPARTEMENT_CHOICES
from network.models import Structure

NAME_MAX_LENGTH = 150


MAX_LENGTH_ERROR = {
    "max_length": _("%(limit_value)d caractères au plus (vous en avez saisi %(show_value)d).")
}


def name_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=NAME_MAX_LENGTH,
        error_messages=MAX_LENGTH_ERROR,
    )


class NamesMixin(forms.Form):
    first_name = name_field(_("Prénom"))
    last_name = name_field(_("Nom"))

    def _set_name_autocomplete(self) -> None:
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class PasswordMixin(forms.Form):
    """Password twice, checked by Django's validators (12 characters, common passwords)."""

    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères. Une phrase facile à retenir convient très bien."),
    )
    password2 = forms.CharField(
        label=_("Mot de passe, une deuxième fois"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _check_passwords(self, cleaned_data: dict, email: str) -> None:
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if not password1:
            return
        if password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
            return
        # A user not saved yet, so that the similarity check compares with the names typed.
        user = User(
            email=email or "",
            first_name=cleaned_data.get("first_name", ""),
            last_name=cleaned_data.get("last_name", ""),
        )
        try:
            password_validation.validate_password(password1, user)
        except forms.ValidationError as error:
            self.add_error("password1", error)


EMAIL_ERRORS = {
    "invalid": _("Saisissez une adresse e-mail complète, par exemple prenom.nom@exemple.fr.")
}


def terms_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("J’ai lu et j’accepte les conditions d’utilisation d’Un début de réseau"),
        error_messages={"required": _("Cochez cette case pour créer votre compte.")},
    )


class AcceptInvitationForm(NamesMixin, PasswordMixin):
    """What the invited person types; the email comes from the invitation."""

    email = forms.EmailField(label=_("Adresse e-mail"), disabled=True, required=False)
    accept_terms = terms_field()

    field_order = [
        "email",
        "first_name",
        "last_name",
        "birth_date",
        "birth_date_claimed",
        "project",
        "departement",
        "password1",
        "password2",
        "accept_terms",
    ]

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        kwargs.setdefault(
            "initial",
            {
                "email": invitation.email,
                "first_name": invitation.first_name,
                "last_name": invitation.last_name,
                "birth_date": invitation.birth_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "L’adresse où vous avez reçu l’invitation ; vous pourrez la changer ensuite."
        )
        self._set_name_autocomplete()
        if invitation.kind == InvitationKind.YOUNG_PERSON:
            self.fields["birth_date"] = birth_date_field()
            if invitation.birth_date is not None:
                self._lock_birth_date()
            self.fields["project"] = forms.CharField(
                label=_("Votre projet"),
                max_length=200,
                required=False,
                error_messages=MAX_LENGTH_ERROR,
                help_text=_(
                    "Facultatif. Le métier ou le secteur que vous visez, "
                    "par exemple « aide-soignante »."
                ),
            )
            self.fields["departement"] = forms.ChoiceField(
                label=_("Votre département"),
                choices=[("", _("— Choisir plus tard —")), *DEPARTEMENT_CHOICES],
                required=False,
            )
            self.order_fields(self.field_order)

    def _lock_birth_date(self) -> None:
        """The counsellor's birth date is shown, not editable: every safety rule for minors
        reads it. A disabled field keeps its initial value whatever the browser sends. A
        young person who says it is wrong writes theirs beside it, for the counsellor to
        check (members.onboarding.services.accept_invitation tells them)."""
        field = self.fields["birth_date"]
        field.disabled = True
        field.required = False
        field.help_text = _(
            "Indiquée par votre conseiller ou votre conseillère. Si elle est fausse, "
            "écrivez la bonne date ci-dessous : il ou elle la vérifiera."
        )
        self.fields["birth_date_claimed"] = birth_date_field(required=False)
        self.fields["birth_date_claimed"].label = _(
            "Votre date de naissance, si celle-ci est fausse"
        )
        self.fields["birth_date_claimed"].help_text = _(
            "Facultatif. Par exemple 14/03/2007. Votre conseiller ou votre conseillère est "
            "prévenu·e et corrige la date s’il le faut."
        )
        self.fields["birth_date_claimed"].widget.attrs["autocomplete"] = "off"

    def clean_birth_date(self):
        # What the counsellor entered, never what was posted, when they entered one.
        birth_date = self.invitation.birth_date or self.cleaned_data.get("birth_date")
        check_age(birth_date)
        return birth_date

    def clean_birth_date_claimed(self):
        claimed = self.cleaned_data.get("birth_date_claimed")
        if claimed is not None and claimed > timezone.localdate():
            raise forms.ValidationError(_("Cette date de naissance est dans le futur."))
        return claimed

    def clean(self):
        cleaned_data = super().clean()
        self._check_passwords(cleaned_data, self.invitation.email)
        return cleaned_data


class InviteYoungPersonForm(NamesMixin):
    email = forms.EmailField(
        label=_("Adresse e-mail du ou de la jeune"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("L’invitation y est envoyée ; le lien est valable 7 jours."),
    )
    birth_date = birth_date_field()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        check_age(birth_date)
        return birth_date


def normalize_join_code(raw: str) -> str:
    """Case and spaces (or dashes) do not matter: the code is read aloud and retyped."""
    return re.sub(r"[\s\-]+", "", raw or "").upper()


class JoinForm(ProtectedFormMixin, NamesMixin, PasswordMixin):
    """A young person applies to a structure with the code their counsellor gave them,
    with a honeypot and a time check (config.antispam)."""

    join_code = forms.CharField(
        label=_("Code de votre structure"),
        max_length=40,
        error_messages=MAX_LENGTH_ERROR,
        help_text=_(
            "Votre conseiller ou votre conseillère vous l’a donné, par exemple « K7M2 PQ4X »."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Vous y recevrez un lien pour confirmer votre adresse."),
    )
    birth_date = birth_date_field()
    accept_terms = terms_field()

    field_order = [
        "join_code",
        "first_name",
        "last_name",
        "email",
        "birth_date",
        "password1",
        "password2",
        "accept_terms",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_name_autocomplete()
        self.structure: Structure | None = None

    def clean_join_code(self) -> str:
        code = normalize_join_code(self.cleaned_data["join_code"])
        self.structure = (
            Structure.objects.approved().filter(join_code=code).first() if code else None
        )
        if self.structure is None:
            raise forms.ValidationError(
                _(
                    "Ce code ne correspond à aucune structure. Vérifiez-le auprès de "
                    "votre conseiller ou de votre conseillère."
                )
            )
        return code

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        check_age(birth_date)
        return birth_date

    def clean(self):
        cleaned_data = super().clean()
        self._check_passwords(cleaned_data, cleaned_data.get("email", ""))
        return cleaned_data


class RejectApplicantForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif, envoyé au ou à la jeune)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
