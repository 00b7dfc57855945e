from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import follow_up, requests

urlpatterns = [
    path(_("demandes/"), requests.request_list, name="requests"),
    path(
        _("demandes/nouvelle/<int:professional_pk>/"),
        requests.request_create,
        name="request-create",
    ),
    path(_("demandes/<int:pk>/"), requests.request_detail, name="request-detail"),
    path(_("demandes/<int:pk>/modifier/"), requests.request_edit, name="request-edit"),
    path(_("demandes/<int:pk>/envoyer/"), requests.submit_request, name="request-submit"),
    path(_("demandes/<int:pk>/valider/"), requests.validate_request, name="request-validate"),
    path(_("demandes/<int:pk>/renvoyer/"), requests.return_request, name="request-return"),
    path(_("demandes/<int:pk>/accepter/"), requests.accept_request, name="request-accept"),
    path(_("demandes/<int:pk>/decliner/"), requests.decline_request, name="request-decline"),
    path(_("demandes/<int:pk>/terminer/"), requests.complete_request, name="request-complete"),
    path(_("demandes/<int:pk>/retirer/"), requests.withdraw_request, name="request-withdraw"),
    path(_("demandes/<int:pk>/clore/"), requests.close_request, name="request-close"),
    path(
        _("demandes/<int:pk>/demander-au-conseiller/"),
        requests.request_ask_counsellor,
        name="request-ask-counsellor",
    ),
    path(_("demandes/<int:pk>/retour/"), requests.request_feedback, name="request-feedback"),
    path(_("demandes/<int:pk>/suivi/"), follow_up.record_follow_up, name="request-follow-up"),
]
