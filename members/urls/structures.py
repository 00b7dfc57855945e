from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.urls.invitations import invitation_action_paths
from members.views import structures

urlpatterns = [
    path(
        _("structure/inscription/"),
        structures.register_structure,
        name="structure-register",
    ),
    path(
        _("structure/inscription/merci/"),
        structures.register_structure_done,
        name="structure-register-done",
    ),
    path(_("structure/reglages/"), structures.structure_settings, name="structure-settings"),
    path(
        _("structure/reglages/nouveau-code/"),
        structures.renew_join_code,
        name="structure-join-code-renew",
    ),
    path(_("equipe/"), structures.team, name="team"),
    path(_("equipe/inviter/"), structures.invite_counsellor, name="team-invite"),
    *invitation_action_paths(
        structures.team_invitation_actions,
        _("equipe/invitations/<int:pk>/renvoyer/"),
        _("equipe/invitations/<int:pk>/annuler/"),
        "team-invitation",
    ),
    path(
        _("equipe/membres/<int:pk>/desactiver/"),
        structures.confirm_deactivate_counsellor,
        name="team-member-deactivate-confirm",
    ),
    path(
        _("equipe/membres/<int:pk>/desactivation/"),
        structures.deactivate_counsellor,
        name="team-member-deactivate",
    ),
    path(
        _("equipe/membres/<int:pk>/reactiver/"),
        structures.reactivate_counsellor,
        name="team-member-reactivate",
    ),
]
