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
    path(
        _("demandes/<int:pk>/demander-au-conseiller/"),
        requests.request_ask_counsellor,
        name="request-ask-counsellor",
    ),
    path(_("demandes/<int:pk>/retour/"), requests.request_feedback, name="request-feedback"),
    path(_("demandes/<int:pk>/suivi/"), follow_up.record_follow_up, name="request-follow-up"),
    # Every transition people fire, by its word (members.workflow.TRANSITIONS): last, so
    # that the request's other pages (and its messages, listed before) keep their words.
    path(
        _("demandes/<int:pk>/<str:action>/"),
        requests.transition_request,
        name="request-transition",
    ),
]
