"""Profile forms: a young person's profile, the visibility lock, anyone's own details.

:class:`AvatarFormMixin` and :func:`validate_french_phone` are meant for every form of
the members area that takes a photo or a phone number.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import avatars
from members.enums import HelpKind
from members.models import Sector, User, YoungPersonProfile
from members.models.profiles import MAX_AGE, MIN_AGE, age_on
from network.departements import DEPARTEMENT_CHOICES

# A birth date: typed as people write it, checked against the ages the association
# welcomes (the safeguarding rule of members.models.profiles).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # ISO in the value: what a browser's date picker expects.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def birth_date_field(**kwargs) -> forms.DateField:
    return forms.DateField(
        label=_("Date de naissance"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(attrs={"autocomplete": "bday"}),
        help_text=_("Par exemple 14/03/2007."),
        error_messages={"invalid": _("Saisissez une date, par exemple 14/03/2007.")},
        **kwargs,
    )


def check_age(birth_date: datetime.date | None) -> None:
    """Refuse a birth date outside 16–25 years today, saying how old it makes the person."""
    if birth_date is None:
        return
    today = timezone.localdate()
    if birth_date > today:
        raise forms.ValidationError(_("Cette date de naissance est dans le futur."))
    age = age_on(birth_date, today)
    if age < MIN_AGE or age > MAX_AGE:
        raise forms.ValidationError(
            _(
                "Un début de réseau accueille les jeunes de %(min)s à %(max)s ans. "
                "À cette date de naissance, la personne a %(age)s ans aujourd’hui."
            ),
            params={"min": MIN_AGE, "max": MAX_AGE, "age": age},
            code="age",
        )


# What people type: spaces, dots, dashes or brackets between digits, "+33" or "0033".
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
# France (33) and the overseas départements with their own country code.
_PHONE_INTERNATIONAL = re.compile(r"^(?:\+|00)(33|262|590|594|596)(\d{9})$")
_PHONE_NATIONAL = re.compile(r"^0[1-9]\d{8}$")


def normalize_french_phone(value: str) -> str:
    """``value`` as ``06 12 34 56 78``; ValidationError when it is not a French number."""
    # "+33 (0)6 …" is common: the bracketed trunk zero is dropped.
    compact = _PHONE_SEPARATORS.sub("", (value or "").replace("(0)", ""))
    if not compact:
        return ""
    international = _PHONE_INTERNATIONAL.match(compact)
    if international:
        compact = "0" + international.group(2)
    if not _PHONE_NATIONAL.match(compact):
        raise ValidationError(
            _(
                "Ce numéro de téléphone n’est pas un numéro français : écrivez 10 chiffres "
                "commençant par 0, par exemple 06 12 34 56 78, ou +33 6 12 34 56 78."
            ),
            code="invalid_phone",
        )
    return " ".join(compact[i : i + 2] for i in range(0, 10, 2))


def validate_french_phone(value: str) -> None:
    normalize_french_phone(value)


def phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=25,
        help_text=_(
            "Facultatif. Jamais montré aux professionnel·les : seules votre structure et "
            "l’équipe de l’association le voient."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class AvatarFormMixin(forms.Form):
    """A photo field checked by :func:`members.avatars.clean_avatar`, and a way to remove it.

    ``cleaned_data["avatar"]`` is a re-encoded ``ContentFile`` (or None); a browser never
    sends a file back, so when anything else in the form is wrong the person is told to
    choose the file again, next to the field.
    """

    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Facultatif. Une photo JPEG, PNG ou WebP de 5 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Supprimer ma photo"), required=False)

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        try:
            return avatars.clean_avatar(upload)
        except ValidationError as error:
            raise ValidationError(
                [*error.messages, _("Choisissez un autre fichier.")], code=error.code
            ) from error

    def _keep_file_warning(self) -> None:
        """Call at the end of ``clean``: the chosen file is lost if the form comes back."""
        if (
            self.files.get(self.add_prefix("avatar"))
            and self.errors
            and "avatar" not in self.errors
        ):
            self.add_error(
                "avatar",
                _(
                    "Votre photo n’a pas été enregistrée parce qu’un autre champ est à "
                    "corriger : choisissez à nouveau le fichier."
                ),
            )


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Langue des e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("La langue des e-mails que la plateforme vous envoie."),
    )


class ContactFieldsMixin(forms.Form):
    """Names, phone and language of emails: stored on the account (``User``)."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = phone_field()
    language = language_field()

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_phone(self) -> str:
        return normalize_french_phone(self.cleaned_data.get("phone", ""))


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.localized_name


class YoungProfileForm(ContactFieldsMixin, AvatarFormMixin):
    """Everything a young person says about themselves, on one page."""

    project = forms.CharField(
        label=_("Mon projet"),
        max_length=200,
        required=False,
        help_text=YoungPersonProfile._meta.get_field("project").help_text,
    )
    sector = SectorChoiceField(
        label=_("Secteur visé"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("— Choisissez un secteur —"),
    )
    skills = forms.CharField(
        label=_("Mes compétences"),
        max_length=1000,
        required=False,
        help_text=_(
            "Ce que vous savez faire, à l’école, au travail ou ailleurs (1000 caractères au plus)."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        error_messages={
            "max_length": _(
                "Vos compétences font %(show_value)d caractères : raccourcissez-les à "
                "%(limit_value)d caractères au plus."
            )
        },
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("Les coups de pouce que je cherche"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("Mes disponibilités"),
        max_length=300,
        required=False,
        help_text=_("Par exemple « les après-midi » ou « le mercredi »."),
    )
    departement = forms.ChoiceField(
        label=_("Mon département"),
        required=False,
        choices=[("", _("— Choisissez un département —")), *DEPARTEMENT_CHOICES],
    )
    is_visible = forms.BooleanField(
        label=YoungPersonProfile._meta.get_field("is_visible").verbose_name,
        required=False,
        help_text=YoungPersonProfile._meta.get_field("is_visible").help_text,
    )

    def __init__(self, *args, profile: YoungPersonProfile, **kwargs):
        self.profile = profile
        user = profile.user
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "phone": user.phone,
                "language": user.language,
                "project": profile.project,
                "sector": profile.sector_id,
                "skills": profile.skills,
                "help_wanted": list(profile.help_wanted),
                "availability": profile.availability,
                "departement": profile.departement
                or (user.structure.departement if user.structure_id else ""),
                "is_visible": profile.is_visible,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["help_wanted"].choices = help_kind_choices(minor=profile.is_minor)
        if profile.is_minor:
            self.fields["help_wanted"].help_text = _(
                "L’hébergement n’est pas proposé avant 18 ans."
            )
        if profile.visibility_locked:
            # A disabled field ignores what is posted: a forged POST cannot show the profile.
            field = self.fields["is_visible"]
            field.disabled = True
            self.initial["is_visible"] = False
            field.help_text = _(
                "Votre conseiller·ère a masqué votre profil : parlez-en avec lui ou elle "
                "pour le rendre de nouveau visible."
            )
        if not user.avatar:
            del self.fields["remove_avatar"]

    def clean_project(self) -> str:
        return self.cleaned_data["project"].strip()

    def clean_skills(self) -> str:
        return self.cleaned_data["skills"].strip()

    def clean_availability(self) -> str:
        return self.cleaned_data["availability"].strip()

    def clean(self):
        cleaned_data = super().clean()
        self._keep_file_warning()
        return cleaned_data


def help_kind_choices(*, minor: bool) -> list[tuple[str, str]]:
    """Minors cannot ask for hosting (DESIGN.md, "Minors and safety")."""
    return [
        (value, label)
        for value, label in HelpKind.choices
        if not (minor and value == HelpKind.HOSTING)
    ]


class OwnProfileForm(ContactFieldsMixin, AvatarFormMixin):
    """A counsellor's, referent's or moderator's own details."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "phone": user.phone,
                "language": user.language,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Facultatif. Visible des membres de votre structure.")
        if not user.avatar:
            del self.fields["remove_avatar"]

    def clean(self):
        cleaned_data = super().clean()
        self._keep_file_warning()
        return cleaned_data


class HideProfileForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi masquer ce profil ?"),
        max_length=500,
        help_text=_(
            "Gardé dans le journal de modération, pas montré au ou à la jeune "
            "(500 caractères au plus)."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class LiftLockForm(forms.Form):
    reason = forms.CharField(
        label=_("Commentaire (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


class BirthDateForm(forms.Form):
    """The counsellor checks or corrects a young person's birth date: only they may, since
    every safety rule for minors reads it (the young person's own forms never write it)."""

    birth_date = birth_date_field()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        check_age(birth_date)
        return birth_date
