from django.urls import path

from members.views import structures

urlpatterns = [
    path(
        "structure/inscription/",
        structures.register_structure,
        name="structure-register",
    ),
    path(
        "structure/inscription/merci/",
        structures.register_structure_done,
        name="structure-register-done",
    ),
    path("structure/reglages/", structures.structure_settings, name="structure-settings"),
    path(
        "structure/reglages/nouveau-code/",
        structures.renew_join_code,
        name="structure-join-code-renew",
    ),
    path("equipe/", structures.team, name="team"),
    path("equipe/inviter/", structures.invite_counsellor, name="team-invite"),
    path(
        "equipe/invitations/<int:pk>/renvoyer/",
        structures.resend_invitation,
        name="team-invitation-resend",
    ),
    path(
        "equipe/invitations/<int:pk>/annuler/",
        structures.revoke_invitation,
        name="team-invitation-revoke",
    ),
    path(
        "equipe/membres/<int:pk>/desactiver/",
        structures.confirm_deactivate_counsellor,
        name="team-member-deactivate-confirm",
    ),
    path(
        "equipe/membres/<int:pk>/desactivation/",
        structures.deactivate_counsellor,
        name="team-member-deactivate",
    ),
    path(
        "equipe/membres/<int:pk>/reactiver/",
        structures.reactivate_counsellor,
        name="team-member-reactivate",
    ),
]
