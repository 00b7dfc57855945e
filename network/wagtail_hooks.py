"""Wagtail admin for the network app: structures and companies as snippets, and the
answers to volunteer calls as a read-only listing with CSV export for staff."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.models import Company, Structure, VolunteerAnswer


class StructureViewSet(SnippetViewSet):
    model = Structure
    icon = "group"
    menu_label = _("Structures")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "city", "departement", BooleanColumn("is_approved")]
    list_filter = ["kind", "departement", "is_approved"]
    list_per_page = 50
    ordering = ["name"]


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "site"
    menu_label = _("Entreprises")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "website", BooleanColumn("is_partner")]
    list_filter = ["is_partner"]
    search_fields = ["name"]


class ReadOnlyAnswerPolicy(ModelPermissionPolicy):
    """Answers come from the public form only: staff may view, export and delete them
    (for example on request of the volunteer), never create or rewrite them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in ("add", "change")]
        return super().users_with_any_permission(actions or ["view"])


register_permission_policy(VolunteerAnswer, ReadOnlyAnswerPolicy(VolunteerAnswer))


class VolunteerAnswerFilterSet(WagtailFilterSet):
    class Meta:
        model = VolunteerAnswer
        fields = ["language"]


class VolunteerAnswerIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("call")


class VolunteerAnswerViewSet(ModelViewSet):
    model = VolunteerAnswer
    icon = "mail"
    menu_label = _("Réponses aux appels")
    menu_order = 230
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "email", "company", "call", "created_at"]
    list_export = ["name", "email", "company", "message", "call", "language", "created_at"]
    export_filename = "reponses-appels-benevoles"
    filterset_class = VolunteerAnswerFilterSet
    search_fields = ["name", "email", "company"]
    form_fields = ["name", "email", "company", "message"]

    index_view_class = VolunteerAnswerIndexView


register_snippet(StructureViewSet)
register_snippet(CompanyViewSet)
volunteer_answer_viewset = VolunteerAnswerViewSet("volunteer_answers")


@hooks.register("register_admin_viewset")
def register_volunteer_answer_viewset():
    return volunteer_answer_viewset
