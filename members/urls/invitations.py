from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import invitations

urlpatterns = [
    path("invitation/<str:token>/", invitations.accept_invitation, name="invitation-accept"),
    path(_("inviter-un-jeune/"), invitations.invite_young_person, name="young-invite"),
    path(_("invitations-jeunes/"), invitations.young_invitations, name="young-invitations"),
    path(
        _("invitations-jeunes/<int:pk>/renvoyer/"),
        invitations.resend_young_invitation,
        name="young-invitation-resend",
    ),
    path(
        _("invitations-jeunes/<int:pk>/annuler/"),
        invitations.revoke_young_invitation,
        name="young-invitation-revoke",
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
