"""Professionals: the public sign-up (allauth's form, extended) and their profile form."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.antispam import ProtectedFormMixin
from members.enums import HelpKind
from members.models import Sector, User
from members.profiles.forms import AvatarFormMixin, language_field, normalize_french_phone
from members.profiles.professionals import ProfessionalDetails, register_professional
from network.departements import DEPARTEMENT_CHOICES
from network.models import Company

CAPACITY_MIN = 1
CAPACITY_MAX = 20
# GET parameters the sign-up page accepts to prefill (from a volunteer call's answer).
PREFILL_FIELDS = ("first_name", "last_name", "company")


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Company) -> str:
        return obj.name


class ProfessionalDetailsForm(forms.Form):
    """What a professional offers: shared by the sign-up and the profile edit."""

    job_title = forms.CharField(
        label=_("Métier"),
        max_length=150,
        help_text=_("Par exemple « cheffe de chantier » ou « conseiller bancaire »."),
        error_messages={"required": _("Indiquez votre métier.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    company = CompanyChoiceField(
        label=_("Votre entreprise, dans la liste"),
        queryset=Company.objects.none(),
        required=False,
        empty_label=_("— Elle n’est pas dans la liste —"),
        error_messages={
            "invalid_choice": _(
                "Cette entreprise n’est pas dans la liste : choisissez-en une autre, "
                "ou tapez son nom dans le champ suivant."
            )
        },
    )
    new_company = forms.CharField(
        label=_("Ou le nom de votre entreprise, si elle n’est pas dans la liste"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Secteurs dans lesquels vous travaillez"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins un secteur."),
            "invalid_choice": _("Ce secteur n’existe pas."),
            "invalid_pk_value": _("Ce secteur n’existe pas."),
        },
    )
    help_kinds = forms.MultipleChoiceField(
        label=_("Les coups de pouce que vous proposez"),
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "L’hébergement la veille d’un entretien ne vous sera demandé qu’après une "
            "vérification par un·e modérateur·rice de l’association, qui vous contactera."
        ),
        error_messages={
            "required": _("Cochez au moins un coup de pouce."),
            "invalid_choice": _("Ce coup de pouce n’existe pas."),
        },
    )
    departements = forms.MultipleChoiceField(
        label=_("Départements où vous pouvez aider en personne"),
        choices=DEPARTEMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Ce département n’existe pas.")},
    )
    remote = forms.BooleanField(
        label=_("Je peux aussi aider à distance (téléphone, visio)"), required=False
    )
    monthly_capacity = forms.IntegerField(
        label=_("Nombre de demandes par mois, au plus"),
        min_value=CAPACITY_MIN,
        max_value=CAPACITY_MAX,
        initial=2,
        help_text=_("De 1 à 20. Vous pourrez le changer à tout moment."),
        error_messages={
            "required": _("Indiquez combien de demandes vous acceptez par mois."),
            "invalid": _("Indiquez un nombre entier, de 1 à 20."),
            "min_value": _("Indiquez au moins 1 demande par mois."),
            "max_value": _("Indiquez au plus 20 demandes par mois."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The list holds partner companies only: names typed by people who signed up are
        # not shown to the public until staff make the company a partner (a typed name
        # still finds an existing company, see services.professionals.company_for).
        self.fields["company"].queryset = self.company_queryset()

    def company_queryset(self):
        return Company.objects.filter(is_partner=True).order_by("name")

    def clean_new_company(self) -> str:
        return " ".join(self.cleaned_data.get("new_company", "").split())

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if "company" not in self.errors and "new_company" not in self.errors:
            company = cleaned_data.get("company")
            new_company = cleaned_data.get("new_company")
            if company is None and not new_company:
                self.add_error(
                    "company",
                    _(
                        "Choisissez votre entreprise dans la liste, ou tapez son nom si "
                        "elle n’y est pas."
                    ),
                )
            elif company is not None and new_company:
                self.add_error(
                    "new_company",
                    _(
                        "Choisissez votre entreprise dans la liste ou tapez un nouveau nom, "
                        "pas les deux : videz l’un des deux champs."
                    ),
                )
        if (
            "departements" not in self.errors
            and not cleaned_data.get("departements")
            and not cleaned_data.get("remote")
        ):
            self.add_error(
                "departements",
                _("Choisissez au moins un département, ou cochez « à distance »."),
            )
        return cleaned_data

    def details(self) -> ProfessionalDetails:
        data = self.cleaned_data
        return ProfessionalDetails(
            job_title=data["job_title"].strip(),
            company=data.get("company"),
            new_company=data.get("new_company", ""),
            sectors=list(data["sectors"]),
            help_kinds=list(data["help_kinds"]),
            departements=list(data["departements"]),
            remote=data["remote"],
            monthly_capacity=data["monthly_capacity"],
        )


class ProfessionalSignupForm(ProtectedFormMixin, SignupForm, ProfessionalDetailsForm):
    """allauth's sign-up form (email, password twice) plus what a professional offers,
    with a honeypot and a time check (config.antispam; allauth's "signup" rate limit).

    Saved by allauth's sign-up view: ``save`` creates the user, then :meth:`signup` makes
    them a pending professional. An address that already has an account is never saved:
    allauth answers as for a new one (``ACCOUNT_PREVENT_ENUMERATION``).
    """

    refuse_bots = True

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre prénom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre nom.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    charter = forms.BooleanField(
        label=_("J’ai lu la charte du bénévole et je m’engage à la respecter"),
        error_messages={"required": _("Acceptez la charte du bénévole pour vous inscrire.")},
    )

    field_order = [
        "email",
        "password1",
        "password2",
        "first_name",
        "last_name",
        "job_title",
        "company",
        "new_company",
        "sectors",
        "help_kinds",
        "departements",
        "remote",
        "monthly_capacity",
        "charter",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail")
        self.fields["email"].help_text = _(
            "Votre adresse professionnelle de préférence : nous vous enverrons un lien pour "
            "la confirmer."
        )
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["password1"].label = _("Mot de passe")
        self.fields["password1"].help_text = _(
            "Au moins 12 caractères. Une phrase facile à retenir fait un bon mot de passe."
        )
        self.fields["password2"].label = _("Mot de passe, à nouveau")
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        if not self.is_bound:
            self._prefill(context.request)

    def _prefill(self, request: HttpRequest | None) -> None:
        """Prefill from the query string (a link from a volunteer call's answer)."""
        if request is None:
            return
        for name in PREFILL_FIELDS:
            value = " ".join(request.GET.get(name, "").split())
            if not value:
                continue
            if name == "company":
                company = self.company_queryset().filter(name__iexact=value).first()
                if company is not None:
                    self.initial["company"] = company.pk
                else:
                    self.initial["new_company"] = value[:200]
            else:
                self.initial[name] = value[:150]

    @transaction.atomic
    def save(self, request: HttpRequest) -> User:
        # The user, their profile and their consents exist together or not at all.
        return super().save(request)

    def signup(self, request: HttpRequest, user: User) -> None:
        register_professional(user, self.details(), language=get_language() or "fr")


class ProfessionalProfileForm(ProfessionalDetailsForm, AvatarFormMixin):
    """A professional edits their profile; their review status is not theirs to change.

    The photo field and its "remove" box come from :class:`AvatarFormMixin`, as on every
    profile form of the members area.
    """

    is_paused = forms.BooleanField(label=_("Me mettre en pause"), required=False)
    bio = forms.CharField(
        label=_("Présentation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Votre parcours, ce que vous aimez transmettre. 2 000 caractères au plus."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=25,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Facultatif. Seule l’équipe de l’association le voit."),
    )
    language = language_field()

    field_order = [
        "is_paused",
        "job_title",
        "company",
        "new_company",
        "sectors",
        "help_kinds",
        "departements",
        "remote",
        "monthly_capacity",
        "bio",
        "avatar",
        "remove_avatar",
        "phone",
        "language",
    ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        profile = user.pro_profile
        kwargs.setdefault(
            "initial",
            {
                "job_title": profile.job_title,
                "company": profile.company_id,
                "sectors": [sector.pk for sector in profile.sectors.all()],
                "help_kinds": profile.help_kinds,
                "departements": profile.departements,
                "remote": profile.remote,
                "monthly_capacity": profile.monthly_capacity,
                "is_paused": profile.is_paused,
                "bio": profile.bio,
                "phone": user.phone,
                "language": user.language,
            },
        )
        self.current_company_id = profile.company_id
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.avatar:
            del self.fields["remove_avatar"]

    def company_queryset(self):
        # Their own company stays in the list even when it is not a partner.
        return Company.objects.filter(Q(is_partner=True) | Q(pk=self.current_company_id)).order_by(
            "name"
        )

    def clean_phone(self) -> str:
        return normalize_french_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        self._keep_file_warning()
        return cleaned_data

    def extra(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "is_paused": data["is_paused"],
            "bio": data["bio"],
            "phone": data["phone"],
            "language": data["language"],
            "avatar": data.get("avatar"),
            "remove_avatar": data.get("remove_avatar", False),
        }
