from django.urls import path

from members.views import follow_up, requests

urlpatterns = [
    path("demandes/", requests.request_list, name="requests"),
    path(
        "demandes/nouvelle/<int:professional_pk>/",
        requests.request_create,
        name="request-create",
    ),
    path("demandes/<int:pk>/", requests.request_detail, name="request-detail"),
    path("demandes/<int:pk>/modifier/", requests.request_edit, name="request-edit"),
    path("demandes/<int:pk>/envoyer/", requests.submit_request, name="request-submit"),
    path("demandes/<int:pk>/valider/", requests.validate_request, name="request-validate"),
    path("demandes/<int:pk>/renvoyer/", requests.return_request, name="request-return"),
    path("demandes/<int:pk>/accepter/", requests.accept_request, name="request-accept"),
    path("demandes/<int:pk>/decliner/", requests.decline_request, name="request-decline"),
    path("demandes/<int:pk>/terminer/", requests.complete_request, name="request-complete"),
    path("demandes/<int:pk>/retirer/", requests.withdraw_request, name="request-withdraw"),
    path("demandes/<int:pk>/clore/", requests.close_request, name="request-close"),
    path(
        "demandes/<int:pk>/demander-au-conseiller/",
        requests.request_ask_counsellor,
        name="request-ask-counsellor",
    ),
    path("demandes/<int:pk>/retour/", requests.request_feedback, name="request-feedback"),
    path("demandes/<int:pk>/suivi/", follow_up.record_follow_up, name="request-follow-up"),
]
