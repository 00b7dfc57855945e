"""The form a moderator invites a partner company's contact with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.onboarding.structure_forms import CounsellorInvitationForm


class CompanyContactInvitationForm(CounsellorInvitationForm):
    """First name, last name and work address, checked like a counsellor's invitation."""

    def already_member_error(self) -> None:
        self.add_error(
            "email",
            _(
                "Cette adresse a déjà un compte sur Un début de réseau : aucune invitation "
                "n’a été envoyée. Un compte ne peut avoir qu’un rôle : invitez une autre "
                "adresse de l’entreprise."
            ),
        )
