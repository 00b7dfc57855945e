"""Wagtail admin for the members app: moderators' listings of professionals and young
people, the moderation log, and the ROME sectors.

People are business records, not content: they get ModelViewSets (DESIGN.md), not
snippets, behind :class:`~members.moderation.views.PeoplePolicy` (moderators only, no add,
edit or delete; decisions go through the moderation actions, which are logged).
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from members.enums import ReviewStatus
from members.models import ModerationLog, ProfessionalProfile, Sector, YoungPersonProfile
from members.moderation import services as moderation
from members.moderation.network import (
    HELP_REQUESTS,
    MEMBER_REPORTS,
    HelpRequestViewSet,
    NetworkSummaryItem,
    ReportViewSet,
)
from members.moderation.views import (
    AdminAction,
    ModeratedIndexMixin,
    ModeratedObjectMixin,
    ModerationViewSetMixin,
    PeoplePolicy,
    ReadOnlyLogPolicy,
    ReasonForm,
    RequiredReasonForm,
    SentReasonForm,
    VerificationForm,
    handles_personal_data,
    is_moderator,
)
from members.privacy import erasure
from network.departements import DEPARTEMENT_CHOICES, departement_name
from network.models import Structure

register_permission_policy(ProfessionalProfile, PeoplePolicy(ProfessionalProfile))
register_permission_policy(YoungPersonProfile, PeoplePolicy(YoungPersonProfile))
register_permission_policy(ModerationLog, ReadOnlyLogPolicy(ModerationLog))


def _account_actions(priority: int) -> list[AdminAction]:
    """Deactivate and reactivate the account behind a profile."""
    return [
        AdminAction(
            name="deactivate",
            label=_("Désactiver le compte"),
            service=moderation.deactivate_member,
            form_class=RequiredReasonForm,
            icon="lock",
            explanation=_(
                "La personne ne pourra plus se connecter. Rien n’est supprimé : le compte "
                "peut être réactivé."
            ),
            success_message=_("%(object)s : compte désactivé."),
            available=lambda profile: profile.user.is_active,
            target=lambda profile: profile.user,
            priority=priority,
        ),
        AdminAction(
            name="reactivate",
            label=_("Réactiver le compte"),
            service=moderation.reactivate_member,
            form_class=ReasonForm,
            icon="lock-open",
            success_message=_("%(object)s : compte réactivé."),
            available=lambda profile: not profile.user.is_active,
            target=lambda profile: profile.user,
            priority=priority + 1,
        ),
    ]


class PeopleIndexView(ModeratedIndexMixin, IndexView):
    """The first column shows the person's full name (staff see it; professionals never
    see a young person's surname, but this is the moderators' admin)."""

    select_related = ("user",)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.select_related)

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].label = _("Nom")
        columns[0].sort_key = "user__last_name"
        return columns


class PeopleInspectView(ModeratedObjectMixin, InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        return value

    def get_user_display_value(self):
        user = self.object.user
        state = "" if user.is_active else f" ({_('compte désactivé')})"
        return f"{user.get_full_name()} <{user.email}>{state}"

    def get_help_kinds_display_value(self):
        return ", ".join(map(str, self.object.help_kind_labels())) or "—"

    def get_help_wanted_display_value(self):
        return ", ".join(map(str, self.object.help_wanted_labels())) or "—"

    def get_departements_display_value(self):
        codes = self.object.departements or []
        return ", ".join(f"{code} {departement_name(code)}" for code in codes) or "—"


# Professionals


class DepartementFilter(django_filters.ChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(choices=DEPARTEMENT_CHOICES, label=_("Département"), **kwargs)


class ProfessionalFilterSet(WagtailFilterSet):
    departement = DepartementFilter(method="filter_departement")
    active = django_filters.BooleanFilter(field_name="user__is_active", label=_("Compte actif"))

    class Meta:
        model = ProfessionalProfile
        fields = ["status", "verified_in_person", "is_paused"]

    def filter_departement(self, queryset, name, value):
        return queryset.in_departement(value) if value else queryset


class ProfessionalIndexView(PeopleIndexView):
    select_related = ("user", "company")


class ProfessionalViewSet(ModerationViewSetMixin, ModelViewSet):
    model = ProfessionalProfile
    icon = "user"
    menu_label = _("Professionnel·les")
    menu_order = 100
    index_view_class = ProfessionalIndexView
    inspect_view_class = PeopleInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["monthly_capacity", "is_paused"]  # unused: nobody edits here
    list_display = [
        "user",
        Column("email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
        "company",
        "job_title",
        "status",
        BooleanColumn("verified_in_person", label=_("Vérifié·e en personne")),
        DateColumn("created_at", label=_("Inscrit·e le"), sort_key="created_at"),
    ]
    filterset_class = ProfessionalFilterSet
    search_fields = ["user__first_name", "user__last_name", "user__email", "company__name"]
    ordering = ["-created_at"]
    list_per_page = 50
    list_export = [
        "user.last_name",
        "user.first_name",
        "user.email",
        "company",
        "job_title",
        "get_status_display",
        "departements",
        "verified_in_person",
        "is_paused",
        "created_at",
    ]
    export_headings = {
        "user.last_name": _("Nom"),
        "user.first_name": _("Prénom"),
        "user.email": _("E-mail"),
        "company": _("Entreprise"),
        "job_title": _("Métier"),
        "get_status_display": _("Statut"),
        "departements": _("Départements"),
        "verified_in_person": _("Vérifié·e en personne"),
        "is_paused": _("En pause"),
        "created_at": _("Inscrit·e le"),
    }
    export_filename = "professionnels"
    inspect_view_fields = [
        "user",
        "job_title",
        "company",
        "sectors",
        "help_kinds",
        "departements",
        "remote",
        "monthly_capacity",
        "is_paused",
        "bio",
        "status",
        "status_reason",
        "reviewed_by",
        "reviewed_at",
        "verified_in_person",
        "verified_by",
        "verified_at",
        "verification_method",
        "created_at",
    ]
    admin_actions = [
        AdminAction(
            name="approve",
            label=_("Approuver"),
            service=moderation.approve_professional,
            form_class=ReasonForm,
            icon="check",
            explanation=_(
                "La personne reçoit un e-mail : les jeunes peuvent désormais la trouver "
                "et lui demander un coup de pouce."
            ),
            success_message=_("%(object)s : profil approuvé."),
            available=lambda profile: profile.status != ReviewStatus.APPROVED,
            priority=40,
        ),
        AdminAction(
            name="reject",
            label=_("Refuser"),
            service=moderation.reject_professional,
            form_class=SentReasonForm,
            icon="cross",
            success_message=_("%(object)s : profil refusé, motif envoyé."),
            available=lambda profile: profile.status != ReviewStatus.REJECTED,
            priority=41,
        ),
        AdminAction(
            name="verify",
            label=_("Vérifier pour l’accueil en personne"),
            service=moderation.verify_in_person,
            form_class=VerificationForm,
            icon="success",
            explanation=_(
                "Seul·es les professionnel·les vérifié·es peuvent recevoir des demandes "
                "d’hébergement. Notez qui a vérifié, quand et comment."
            ),
            success_message=_("%(object)s : vérifié·e pour l’accueil en personne."),
            available=lambda profile: (
                profile.status == ReviewStatus.APPROVED and not profile.verified_in_person
            ),
            priority=42,
        ),
        *_account_actions(priority=43),
    ]


# Young people


class YoungPersonFilterSet(WagtailFilterSet):
    structure = django_filters.ModelChoiceFilter(
        field_name="user__structure", queryset=Structure.objects.all(), label=_("Structure")
    )
    minor = django_filters.BooleanFilter(method="filter_minor", label=_("Mineur·e"))
    active = django_filters.BooleanFilter(field_name="user__is_active", label=_("Compte actif"))

    class Meta:
        model = YoungPersonProfile
        fields = ["status", "departement", "is_visible"]

    def filter_minor(self, queryset, name, value):
        if value is None:
            return queryset
        minors = queryset.minors()
        return minors if value else queryset.exclude(pk__in=minors.values("pk"))


class YoungPersonIndexView(PeopleIndexView):
    select_related = ("user", "user__structure", "counsellor")


class YoungPersonViewSet(ModerationViewSetMixin, ModelViewSet):
    model = YoungPersonProfile
    icon = "group"
    menu_label = _("Jeunes")
    menu_order = 110
    index_view_class = YoungPersonIndexView
    inspect_view_class = PeopleInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["is_visible"]  # unused: nobody edits here
    list_display = [
        "user",
        Column(
            "structure",
            label=_("Structure"),
            accessor="user.structure",
            sort_key="user__structure__name",
        ),
        "counsellor",
        BooleanColumn("minor", label=_("Mineur·e"), accessor="is_minor"),
        "status",
        BooleanColumn("is_visible", label=_("Visible")),
        BooleanColumn("completed", label=_("Complété"), accessor="completed_at"),
    ]
    filterset_class = YoungPersonFilterSet
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    ordering = ["-created_at"]
    list_per_page = 50
    list_export = [
        "user.last_name",
        "user.first_name",
        "user.email",
        "user.structure",
        "counsellor",
        "get_status_display",
        "departement",
        "is_visible",
        "completed_at",
        "created_at",
    ]
    export_headings = {
        "user.last_name": _("Nom"),
        "user.first_name": _("Prénom"),
        "user.email": _("E-mail"),
        "user.structure": _("Structure"),
        "counsellor": _("Conseiller·ère"),
        "get_status_display": _("Statut"),
        "departement": _("Département"),
        "is_visible": _("Visible"),
        "completed_at": _("Complété le"),
        "created_at": _("Créé le"),
    }
    export_filename = "jeunes"
    inspect_view_fields = [
        "user",
        "counsellor",
        "status",
        "birth_date",
        "minor_at_signup",
        "project",
        "sector",
        "skills",
        "help_wanted",
        "availability",
        "departement",
        "is_visible",
        "visibility_locked",
        "completed_at",
        "created_at",
    ]
    admin_actions = [
        AdminAction(
            name="hide",
            label=_("Masquer le profil"),
            service=moderation.hide_young_profile,
            form_class=RequiredReasonForm,
            icon="view",
            explanation=_(
                "Les professionnel·les ne voient plus ce profil, et le ou la jeune ne peut "
                "plus le rendre visible tant que son conseiller ou sa conseillère ne l’a "
                "pas permis."
            ),
            success_message=_("%(object)s : profil masqué."),
            available=lambda profile: not profile.visibility_locked,
            priority=40,
        ),
        *_account_actions(priority=43),
    ]


# Moderation log


class ModerationLogFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ModerationLog
        fields = ["action"]


class ModerationLogIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor")


def _log_actor(log: ModerationLog) -> str:
    if log.actor is not None:
        return str(log.actor)
    return log.actor_email or str(_("Automatique"))


class ModerationLogViewSet(ModelViewSet):
    model = ModerationLog
    icon = "history"
    menu_label = _("Journal de modération")
    menu_order = 120
    index_view_class = ModerationLogIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["reason"]  # unused: the log is read-only
    list_display = [
        "target_repr",
        "action",
        Column("actor", label=_("Par"), accessor=_log_actor, sort_key="actor__last_name"),
        "reason",
        DateColumn("created_at", label=_("Le"), sort_key="created_at"),
    ]
    filterset_class = ModerationLogFilterSet
    search_fields = ["target_repr", "actor_email", "reason"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = ["created_at", "actor", "actor_email", "action", "target_repr", "reason"]


class ModerationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Modération")
    menu_icon = "user"
    menu_order = 205
    items = (
        ProfessionalViewSet("professionals"),
        YoungPersonViewSet("young_people"),
        HelpRequestViewSet(HELP_REQUESTS),
        ReportViewSet(MEMBER_REPORTS),
        ModerationLogViewSet("moderation_log"),
    )


# Sectors


class SectorViewSet(ModelViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Secteurs")
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["code", "name", "name_en"]
    list_display = ["name", "code", "name_en"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["code"]


class PendingReviewSummaryItem(SummaryItem):
    """On the admin home page, what waits for a moderator's decision."""

    order = 50
    template_name = "members/moderation/pending_summary.html"

    def is_shown(self):
        return is_moderator(self.request.user)

    def get_context_data(self, parent_context):
        return {
            "pending_structures": Structure.objects.pending().count(),
            "structures_url": reverse("wagtailsnippets_network_structure:list")
            + f"?status={ReviewStatus.PENDING}",
            "pending_professionals": ProfessionalProfile.objects.filter(
                status=ReviewStatus.PENDING
            ).count(),
            "professionals_url": reverse("professionals:index") + f"?status={ReviewStatus.PENDING}",
        }


@hooks.register("construct_homepage_summary_items")
def add_pending_review_summary(request, summary_items):
    summary_items.append(PendingReviewSummaryItem(request))
    summary_items.append(NetworkSummaryItem(request))


@hooks.register("filter_form_submissions_for_user")
def contact_messages_for_moderators_only(user, editable_forms):
    """The contact form's messages (anyone may write there, a young person included) and
    their export: moderators with a second factor only. For anyone else the forms menu,
    the listing, the export and the deletion of messages are closed, whatever their page
    permissions: editors keep editing the contact page itself."""
    if handles_personal_data(user):
        return editable_forms
    return editable_forms.none()


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


@hooks.register("register_admin_viewset")
def register_sector_viewset():
    return SectorViewSet("sectors")


@hooks.register("before_delete_user")
def erase_instead_of_deleting(request, user):
    """Deleting an account in the admin is the same erasure as a member's own deletion
    (members.privacy.erasure: open requests closed, every row naming the person deleted
    or anonymised), not a bare cascade that would leave their traces behind."""
    if request.method != "POST":
        return None
    name = user.get_full_name() or user.email
    erasure.delete_member(user)
    messages.success(request, _("Le compte de %(name)s est supprimé.") % {"name": name})
    return redirect("wagtailusers_users:index")


# --- Directory search synonyms (issue 14, point 10) ------------------------------------

from members.models import SearchSynonym  # noqa: E402  (kept with the block that uses it)


class SearchSynonymViewSet(ModelViewSet):
    """The synonyms of the directory search ("BTP" → "bâtiment, travaux publics"): editors
    and moderators extend them (migration members/0014 grants them the permissions)."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Synonymes de recherche")
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["term", "equivalents"]
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]
    ordering = ["term"]


@hooks.register("register_admin_viewset")
def register_search_synonym_viewset():
    return SearchSynonymViewSet("search_synonyms")
