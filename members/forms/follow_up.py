"""The three-month follow-up of a completed coup de pouce."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import Outcome


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Trois mois après, qu’est-il sorti de ce coup de pouce ?"),
        choices=[("", "—"), *Outcome.choices],
        error_messages={"required": _("Choisissez ce qui est sorti de ce coup de pouce.")},
        help_text=_("Si plusieurs choses, choisissez la plus importante pour vous."),
    )
