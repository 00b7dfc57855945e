"""Wagtail admin for the network app: structures and companies as snippets, and the
answers to volunteer calls as a read-only listing with CSV export for staff.

Editors add and edit structures; moderators alone approve or refuse them (the referent
is invited, or told why) and export the listing. A structure's safeguarding settings
(whether counsellors validate requests, the referent's address that approval invites)
are changed in the admin only by moderators with a second factor: editors see them read
only, and a forged POST leaves them as they were. The referent changes the validation in
the members area. Exports of personal data (structures' referents, volunteers' names
and addresses) are for moderators with a second factor only."""

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from members.enums import ReviewStatus
from members.moderation import services as moderation
from members.moderation.views import (
    EXPORT,
    AdminAction,
    ModeratedIndexMixin,
    ModeratedObjectMixin,
    ModerationPolicy,
    ModerationViewSetMixin,
    PersonalDataExportMixin,
    ReasonForm,
    SentReasonForm,
    handles_personal_data,
)
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
        # No "is_approved" filter: "Statut" says the same in words (and tells pending from
        # rejected), where a boolean filter read "Approuvée : False".
        fields = ["kind", "departement"]

    def filter_status(self, queryset, name, value):
        if value == ReviewStatus.PENDING:
            return queryset.pending()
        if value == ReviewStatus.APPROVED:
            return queryset.filter(is_approved=True)
        if value == ReviewStatus.REJECTED:
            return queryset.filter(is_approved=False, rejected_at__isnull=False)
        return queryset


# Safeguarding settings of a structure ------------------------------------------------

SAFEGUARDING_FIELDS = ("referent_email", "requires_validation")


def may_change_safeguarding(user) -> bool:
    """Moderators with a second factor who may change structures."""
    return handles_personal_data(user) and user.has_perm("network.change_structure")


class StructureAdminForm(WagtailAdminModelForm):
    """The structure's form without its safeguarding fields for anyone else than
    :func:`may_change_safeguarding`: a field that is not in the form is not saved, so a
    forged POST changes nothing. (Wagtail's ``FieldPanel(permission=...)`` does the same
    with a Django permission; this one needs the second factor too, which no Django
    permission says.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or not may_change_safeguarding(self.for_user):
            for name in SAFEGUARDING_FIELDS:
                self.fields.pop(name, None)


class SafeguardingFieldPanel(FieldPanel):
    """A safeguarding field: editable by those who may change it, shown read only with
    the reason to the others (Wagtail would otherwise hide a field missing from the form)."""

    def format_value_for_display(self, value):
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        return value or "—"

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                self.help_text = _(
                    "Réglage de protection des jeunes : seuls les modérateurs et "
                    "modératrices ayant activé la double authentification le modifient ici "
                    "(le ou la référent·e règle la validation depuis son espace)."
                )


def _structure_panels(panels):
    """The model's panels, without the approval checkbox (approving is a moderator's
    action that invites the referent) and with the safeguarding fields guarded."""
    result = []
    for panel in panels:
        name = getattr(panel, "field_name", "")
        if name == "is_approved":
            continue
        if name in SAFEGUARDING_FIELDS:
            panel = SafeguardingFieldPanel(name, help_text=panel.help_text)
        elif getattr(panel, "children", None):
            panel = type(panel)(
                **{**panel.clone_kwargs(), "children": _structure_panels(panel.children)}
            )
        result.append(panel)
    return result


class StructureIndexView(ModeratedIndexMixin, SnippetIndexView):
    export_values = {"status": lambda structure: structure_status(structure).label}


class StructureEditView(ModeratedObjectMixin, SnippetEditView):
    pass


class StructureViewSet(ModerationViewSetMixin, SnippetViewSet):
    model = Structure
    # Approval is a moderator's decision that invites the referent (the "Approuver"
    # action), never a checkbox an editor could tick.
    edit_handler = ObjectList(
        _structure_panels(Structure.panels), base_form_class=StructureAdminForm
    )
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
        BooleanColumn("show_on_site"),
        BooleanColumn("auto_approve_professionals"),
    ]
    list_filter = ["is_partner", "show_on_site", "auto_approve_professionals"]
    search_fields = ["name", "email_domains"]


class ReadOnlyAnswerPolicy(ModelPermissionPolicy):
    """Answers come from the public form only: staff may view them, moderators delete
    them (for example on request of the volunteer); nobody creates or rewrites them.
    Exporting the volunteers' names and addresses needs a moderator with a second factor."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        if action == EXPORT:
            return handles_personal_data(user) and super().user_has_permission(user, "view")
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in ("add", "change")]
        return super().users_with_any_permission(actions or ["view"])


register_permission_policy(VolunteerAnswer, ReadOnlyAnswerPolicy(VolunteerAnswer))


class VolunteerAnswerFilterSet(WagtailFilterSet):
    class Meta:
        model = VolunteerAnswer
        fields = ["language"]


class VolunteerAnswerIndexView(PersonalDataExportMixin, IndexView):
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
