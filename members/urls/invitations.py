from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from members.views import invitations


def invitation_action_paths(
    actions: invitations.InvitationActions, resend_route: str, revoke_route: str, name: str
) -> list[URLPattern]:
    """The routes of one kind's resend and revoke views (views.invitations.
    invitation_actions), named ``<name>-resend`` and ``<name>-revoke``."""
    return [
        path(resend_route, actions.resend, name=f"{name}-resend"),
        path(revoke_route, actions.revoke, name=f"{name}-revoke"),
    ]


urlpatterns = [
    path("invitation/<str:token>/", invitations.accept_invitation, name="invitation-accept"),
    path(_("inviter-un-jeune/"), invitations.invite_young_person, name="young-invite"),
    path(_("invitations-jeunes/"), invitations.young_invitations, name="young-invitations"),
    *invitation_action_paths(
        invitations.young_invitation_actions,
        _("invitations-jeunes/<int:pk>/renvoyer/"),
        _("invitations-jeunes/<int:pk>/annuler/"),
        "young-invitation",
    ),
    path(_("rejoindre/"), invitations.join, name="join"),
    path(_("rejoindre/verifiez-vos-e-mails/"), invitations.join_sent, name="join-sent"),
    path(_("inscriptions-a-confirmer/"), invitations.applicants, name="applicants"),
    path(
        _("inscriptions-a-confirmer/<int:pk>/confirmer/"),
        invitations.confirm_applicant,
        name="applicant-confirm",
    ),
    path(
        _("inscriptions-a-confirmer/<int:pk>/refuser/"),
        invitations.reject_applicant,
        name="applicant-reject",
    ),
]
