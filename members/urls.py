"""The members area, under /fr/espace/ and /en/members/: every route, one section per
feature folder. Every route is a msgid, translated for English (config/urls.py)."""

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from members.conversations import views as conversations
from members.dashboards import views as dashboards
from members.directory import views as directory
from members.impact import company_views as company_impact
from members.impact import views as impact
from members.notifications import views as notifications
from members.onboarding import company_views as company_contacts
from members.onboarding import structure_views as structures
from members.onboarding import views as onboarding
from members.privacy import views as privacy
from members.profiles import avatar_views, professional_views
from members.profiles import views as profiles
from members.requests import offers
from members.requests import views as requests

app_name = "members"


def invitation_action_paths(
    actions: onboarding.InvitationActions, resend_route: str, revoke_route: str, name: str
) -> list[URLPattern]:
    """The resend and revoke routes of one kind of invitation
    (members.onboarding.views.invitation_actions), named ``<name>-resend`` and
    ``<name>-revoke``."""
    return [
        path(resend_route, actions.resend, name=f"{name}-resend"),
        path(revoke_route, actions.revoke, name=f"{name}-revoke"),
    ]


dashboard_urls = [
    path("", dashboards.dashboard, name="dashboard"),
]

onboarding_urls = [
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
    path("invitation/<str:token>/", onboarding.accept_invitation, name="invitation-accept"),
    path(_("inviter-un-jeune/"), onboarding.invite_young_person, name="young-invite"),
    path(_("invitations-jeunes/"), onboarding.young_invitations, name="young-invitations"),
    *invitation_action_paths(
        onboarding.young_invitation_actions,
        _("invitations-jeunes/<int:pk>/renvoyer/"),
        _("invitations-jeunes/<int:pk>/annuler/"),
        "young-invitation",
    ),
    path(_("rejoindre/"), onboarding.join, name="join"),
    path(_("rejoindre/verifiez-vos-e-mails/"), onboarding.join_sent, name="join-sent"),
    path(_("inscriptions-a-confirmer/"), onboarding.applicants, name="applicants"),
    path(
        _("inscriptions-a-confirmer/<int:pk>/confirmer/"),
        onboarding.confirm_applicant,
        name="applicant-confirm",
    ),
    path(
        _("inscriptions-a-confirmer/<int:pk>/refuser/"),
        onboarding.reject_applicant,
        name="applicant-reject",
    ),
]

profile_urls = [
    path(_("profil/"), profiles.young_profile, name="young-profile"),
    path(_("profil/modifier/"), profiles.young_profile_edit, name="young-profile-edit"),
    path(_("mon-profil/"), profiles.my_profile, name="my-profile"),
    path(_("jeunes/"), profiles.young_people, name="young-people"),
    path(_("jeunes/<int:pk>/"), profiles.young_person, name="young-person"),
    path(_("jeunes/<int:pk>/visibilite/"), profiles.young_visibility, name="young-visibility"),
    path(_("profils/<int:pk>/"), profiles.young_limited_profile, name="young-limited-profile"),
    path(_("professionnel/profil/"), professional_views.professional_profile, name="pro-profile"),
    path(
        _("professionnel/profil/modifier/"),
        professional_views.professional_profile_edit,
        name="pro-profile-edit",
    ),
    path(_("professionnel/pause/"), professional_views.professional_pause, name="pro-pause"),
    path("photos/<int:pk>/<str:name>", avatar_views.avatar, name="avatar"),
]

privacy_urls = [
    path(_("confidentialite/"), privacy.privacy, name="privacy"),
    path(_("confidentialite/mes-donnees/"), privacy.data_export, name="data-export"),
    path(_("confidentialite/supprimer-mon-compte/"), privacy.account_delete, name="account-delete"),
]

conversation_urls = [
    path(_("messages/<int:pk>/signaler/"), conversations.report_message, name="message-report"),
    path(_("membres/<int:user_pk>/signaler/"), conversations.report_member, name="member-report"),
]

request_urls = [
    path(_("demandes/"), requests.request_list, name="requests"),
    path(
        _("demandes/nouvelle/<int:professional_pk>/"),
        requests.request_create,
        name="request-create",
    ),
    path(_("demandes/<int:pk>/"), requests.request_detail, name="request-detail"),
    path(_("demandes/<int:pk>/modifier/"), requests.request_edit, name="request-edit"),
    path(
        _("demandes/<int:pk>/demander-au-conseiller/"),
        requests.request_ask_counsellor,
        name="request-ask-counsellor",
    ),
    path(_("demandes/<int:pk>/messages/"), requests.post_message, name="request-message"),
    path(_("demandes/<int:pk>/retour/"), requests.request_feedback, name="request-feedback"),
    path(
        _("demandes/<int:pk>/retour/ne-plus-partager/"),
        requests.request_stop_sharing,
        name="request-feedback-stop-sharing",
    ),
    path(_("demandes/<int:pk>/suivi/"), requests.record_follow_up, name="request-follow-up"),
    path(_("jeunes-visibles/"), offers.young_browse, name="young-browse"),
    path(_("jeunes-visibles/<int:young_pk>/proposer/"), offers.offer_create, name="offer-create"),
    # Every transition people fire, by its word (members.requests.workflow.TRANSITIONS): last,
    # so that the request's other pages (and its messages, listed before) keep their words.
    path(
        _("demandes/<int:pk>/<str:action>/"),
        requests.transition_request,
        name="request-transition",
    ),
]

directory_urls = [
    path(_("annuaire/"), directory.directory, name="directory"),
    path(_("annuaire/<int:pk>/"), directory.professional, name="professional"),
]

notification_urls = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification-open"),
    path(_("notifications/tout-lu/"), notifications.mark_all_read, name="notifications-read"),
    path(
        "notifications/preferences/",
        notifications.update_preferences,
        name="notification-preferences",
    ),
]

impact_urls = [
    path(_("chiffres/"), impact.impact, name="impact"),
    path(_("chiffres/export/"), impact.export_figures, name="impact-export"),
    path(_("chiffres/demandes/"), impact.export_requests, name="impact-requests-export"),
    path(_("chiffres/reseau/"), impact.impact_network, name="impact-network"),
    path(_("chiffres/reseau/export/"), impact.export_network, name="impact-network-export"),
]

# A partner company's contacts: invited by moderators, reading their company's figures.
company_urls = [
    path(_("entreprise/chiffres/"), company_impact.company_page, name="company-figures"),
    path(
        _("entreprise/chiffres/export/"),
        company_impact.export_company_figures,
        name="company-figures-export",
    ),
    path(_("entreprises/"), company_contacts.company_contacts, name="company-contacts"),
    path(
        _("entreprises/<int:pk>/contacts/"),
        company_contacts.company_contact_invite,
        name="company-contact-invite",
    ),
    *invitation_action_paths(
        company_contacts.company_invitation_actions,
        _("entreprises/invitations/<int:pk>/renvoyer/"),
        _("entreprises/invitations/<int:pk>/annuler/"),
        "company-contact-invitation",
    ),
]

urlpatterns = [
    *dashboard_urls,
    *onboarding_urls,
    *profile_urls,
    *privacy_urls,
    *conversation_urls,
    *request_urls,
    *directory_urls,
    *notification_urls,
    *impact_urls,
    *company_urls,
]
