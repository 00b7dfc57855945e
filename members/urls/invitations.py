from django.urls import path

from members.views import invitations

urlpatterns = [
    path("invitation/<str:token>/", invitations.accept_invitation, name="invitation-accept"),
    path("inviter-un-jeune/", invitations.invite_young_person, name="young-invite"),
    path("invitations-jeunes/", invitations.young_invitations, name="young-invitations"),
    path(
        "invitations-jeunes/<int:pk>/renvoyer/",
        invitations.resend_young_invitation,
        name="young-invitation-resend",
    ),
    path(
        "invitations-jeunes/<int:pk>/annuler/",
        invitations.revoke_young_invitation,
        name="young-invitation-revoke",
    ),
    path("rejoindre/", invitations.join, name="join"),
    path("rejoindre/verifiez-vos-e-mails/", invitations.join_sent, name="join-sent"),
    path("inscriptions-a-confirmer/", invitations.applicants, name="applicants"),
    path(
        "inscriptions-a-confirmer/<int:pk>/confirmer/",
        invitations.confirm_applicant,
        name="applicant-confirm",
    ),
    path(
        "inscriptions-a-confirmer/<int:pk>/refuser/",
        invitations.reject_applicant,
        name="applicant-reject",
    ),
]
