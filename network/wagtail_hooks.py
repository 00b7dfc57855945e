"""Wagtail admin for the network app: structures and companies as snippets, and the
answers to volunteer calls as a read-only listing with CSV export for staff.

Editors add and edit structures; moderators alone approve or refuse them (the referent
is invited, or told why) and export the listing."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from members.admin_views import (
    AdminAction,
    ModeratedIndexMixin,
    ModeratedObjectMixin,
    ModerationPolicy,
    ModerationViewSetMixin,
    ReasonForm,
    SentReasonForm,
)
from members.enums import ReviewStatus
from members.services import moderation
from network.models import Company, Structure, VolunteerAnswer

register_permission_policy(Structure, ModerationPolicy(Structure))
register_permission_policy(Company, ModerationPolicy(Company))


def structure_status(structure: Structure) -> ReviewStatus:
    """Pending, approved or rejected, from ``is_approved`` and ``rejected_at``."""
    if structure.is_approved:
        return ReviewStatus.APPROVED
    if structure.rejected_at is not None:
        return ReviewStatus.REJECTED
    return ReviewStatus.PENDING


class StructureFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=ReviewStatus.choices, method="filter_status"
    )

    class Meta:
        model = Structure
        fields = ["kind", "departement", "is_approved"]

    def filter_status(self, queryset, name, value):
        if value == ReviewStatus.PENDING:
            return queryset.pending()
        if value == ReviewStatus.APPROVED:
            return queryset.filter(is_approved=True)
        if value == ReviewStatus.REJECTED:
            return queryset.filter(is_approved=False, rejected_at__isnull=False)
        return queryset


class StructureIndexView(ModeratedIndexMixin, SnippetIndexView):
    export_values = {"status": lambda structure: structure_status(structure).label}


class StructureEditView(ModeratedObjectMixin, SnippetEditView):
    pass


class StructureViewSet(ModerationViewSetMixin, SnippetViewSet):
    model = Structure
    # Approval is a moderator's decision that invites the referent (the "Approuver"
    # action), never a checkbox an editor could tick.
    panels = [
        panel for panel in Structure.panels if getattr(panel, "field_name", "") != "is_approved"
    ]
    icon = "group"
    menu_label = _("Structures")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = StructureIndexView
    edit_view_class = StructureEditView
    list_display = [
        "name",
        "kind",
        "city",
        "departement",
        Column(
            "status",
            label=_("Statut"),
            accessor=lambda structure: structure_status(structure).label,
        ),
    ]
    filterset_class = StructureFilterSet
    # The status filter reads ``rejected_at``, which the search index cannot filter on:
    # search with the database (a few hundred structures).
    search_backend_name = None
    search_fields = ["name", "city", "referent_email"]
    list_per_page = 50
    ordering = ["name"]
    list_export = [
        "name",
        "get_kind_display",
        "siret",
        "address",
        "postcode",
        "city",
        "departement",
        "referent_name",
        "referent_email",
        "status",
        "created_at",
    ]
    export_headings = {
        "name": _("Nom"),
        "get_kind_display": _("Type"),
        "siret": _("SIRET"),
        "address": _("Adresse"),
        "postcode": _("Code postal"),
        "city": _("Ville"),
        "departement": _("Département"),
        "referent_name": _("Référent·e"),
        "referent_email": _("E-mail du ou de la référent·e"),
        "status": _("Statut"),
        "created_at": _("Créée le"),
    }
    export_filename = "structures"
    admin_actions = [
        AdminAction(
            name="approve",
            label=_("Approuver"),
            service=moderation.approve_structure,
            form_class=ReasonForm,
            icon="check",
            explanation=_(
                "La structure devient visible sur le site et son ou sa référent·e reçoit "
                "une invitation à créer son compte."
            ),
            success_message=_("%(object)s : structure approuvée."),
            warning=lambda invitation: (
                ""
                if invitation is not None
                else _(
                    "Aucune invitation envoyée : la structure n’a pas d’adresse de "
                    "référent·e, ou cette adresse a déjà un compte (voir le journal de "
                    "modération)."
                )
            ),
            available=lambda structure: not structure.is_approved,
            priority=40,
        ),
        AdminAction(
            name="reject",
            label=_("Refuser"),
            service=moderation.reject_structure,
            form_class=SentReasonForm,
            icon="cross",
            success_message=_("%(object)s : structure refusée, motif envoyé."),
            available=lambda structure: structure.rejected_at is None,
            priority=41,
        ),
    ]


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "site"
    menu_label = _("Entreprises")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "name",
        "website",
        "email_domains",
        BooleanColumn("is_partner"),
        BooleanColumn("auto_approve_professionals"),
    ]
    list_filter = ["is_partner", "auto_approve_professionals"]
    search_fields = ["name", "email_domains"]


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
