"""Forms of the coup-de-pouce request: the guided request form, the offer form, the
transitions' forms (members.requests.workflow.TRANSITIONS says which transition takes
which) and the three-month follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import DeclineReason, FollowUpOutcome, Outcome


class HelpRequestForm(forms.Form):
    """The short guided form a young person fills in, in plain French, with examples."""

    kind = forms.ChoiceField(
        label=_("Quel coup de pouce demandez-vous ?"),
        widget=forms.RadioSelect,
        help_text=_("Seuls les coups de pouce que cette personne propose sont dans la liste."),
    )
    hopes = forms.CharField(
        label=_("Qu’espérez-vous de ce coup de pouce ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Dites qui vous êtes, ce que vous cherchez et pourquoi cette personne. Par exemple : "
            "« Je voudrais devenir électricienne. J’ai fait un stage de deux semaines sur un "
            "chantier. J’aimerais savoir comment se passe une journée dans votre métier et "
            "quelle formation choisir. »"
        ),
    )
    availability = forms.CharField(
        label=_("Quand êtes-vous disponible ?"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : « les mardis et jeudis après-midi », « le matin avant 11 h »."),
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    def clean_hopes(self) -> str:
        hopes = self.cleaned_data["hopes"].strip()
        if len(hopes) < 20:
            raise forms.ValidationError(
                _("Écrivez au moins une ou deux phrases : la personne comprendra mieux."),
                code="too_short",
            )
        return hopes


class ValidateForm(forms.Form):
    comment = forms.CharField(
        label=_("Un mot pour le ou la jeune (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ce qu’il faut changer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : « Explique un peu plus ton projet avant d’envoyer. »"),
    )


class DeclineForm(forms.Form):
    # An empty first choice: a preselected reason would be sent by a professional who did
    # not read the list.
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=[("", _("Choisissez un motif")), *DeclineReason.choices],
        error_messages={"required": _("Choisissez le motif du refus dans la liste.")},
    )
    text = forms.CharField(
        label=_("Précision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour « Autre raison ». Le ou la jeune la lira."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Précisez le motif."))
        return data


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la clôture"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def share_feedback_field() -> forms.BooleanField:
    """The author's consent to quote their feedback on the professional's company's page
    (members.impact.company); unticked by default, asked where the feedback is typed."""
    return forms.BooleanField(
        label=_(
            "J’accepte que ce retour soit cité, sans aucun nom, sur la page où l’entreprise "
            "du ou de la professionnel·le suit l’engagement de ses salarié·es. Il y est "
            "montré tel quel : n’y écrivez aucun nom."
        ),
        required=False,
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Qu’a apporté ce coup de pouce ?"),
        choices=[("", "—"), *Outcome.choices],
    )
    feedback = forms.CharField(
        label=_("Votre retour"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui s’est passé, ce qui vous a aidé."),
    )
    share_feedback = share_feedback_field()


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Votre retour"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    share_feedback = share_feedback_field()


class EmptyForm(forms.Form):
    """Transitions without input (submit, accept, withdraw)."""


class OfferDeclineForm(DeclineForm):
    """The young person declines a professional's offer: the reasons that fit them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            (value, label)
            for value, label in self.fields["reason"].choices
            if value != DeclineReason.ALREADY_HELPED
        ]
        self.fields["text"].help_text = _(
            "Obligatoire pour « Autre raison ». Le ou la professionnel·le la lira."
        )


# An offer: the guided form a professional fills in to offer a coup de pouce to a young
# person.
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


class FollowUpForm(forms.Form):
    """The three-month follow-up of a completed coup de pouce."""

    outcome = forms.ChoiceField(
        label=_("Trois mois après, qu’est-il sorti de ce coup de pouce ?"),
        choices=[("", "—"), *FollowUpOutcome.choices],
        error_messages={"required": _("Choisissez ce qui est sorti de ce coup de pouce.")},
        help_text=_("Si plusieurs choses, choisissez la plus importante pour vous."),
    )
