"""Deleting one's own account: the password confirms it is really them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        help_text=_("Pour confirmer que c’est bien vous."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Ce mot de passe n’est pas le bon. Votre compte n’a pas été supprimé.")
            )
        return password
