"""Wagtail admin for the network: reports of messages and profiles, the requests (read
only, every read audited), and what is stuck, on the admin home.

Moderators only (:class:`~members.moderation.views.PeoplePolicy`): editors never see people,
requests or messages. Reports are handled through moderation actions (resolve with a
note, hide the message), each logged; requests are never edited here: a moderator who
must close one does it on the request's page of the members area, which logs it too.
"""

from __future__ import annotations

import django_filters
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from members.conversations.services import record_moderator_read
from members.enums import HelpRequestState
from members.models import HelpRequest, Message, Report
from members.moderation import reports as services
from members.moderation.views import (
    AdminAction,
    ModeratedIndexMixin,
    ModeratedObjectMixin,
    ModerationViewSetMixin,
    PeoplePolicy,
    RequiredReasonForm,
    is_moderator,
)
from network.models import Structure

register_permission_policy(Report, PeoplePolicy(Report))
register_permission_policy(HelpRequest, PeoplePolicy(HelpRequest))

HELP_REQUESTS = "help_requests"
MEMBER_REPORTS = "member_reports"
MESSAGES_SHOWN = 200


def _name(user) -> str:
    if user is None:
        return str(_("Membre supprimé"))
    return user.get_full_name() or user.email


def _request_link(help_request: HelpRequest | None) -> str:
    if help_request is None:
        return "—"
    url = reverse(f"{HELP_REQUESTS}:inspect", args=[help_request.pk])
    return format_html('<a href="{}">{}</a>', url, help_request)


# Reports ----------------------------------------------------------------------------------


class NoteForm(RequiredReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Suite donnée")
        self.fields["reason"].help_text = _(
            "Obligatoire. Ce qui a été fait (ou pourquoi rien n’est fait). Gardé avec le "
            "signalement et dans le journal de modération."
        )


class ReportFilterSet(WagtailFilterSet):
    resolved = django_filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", exclude=True, label=_("Traité")
    )

    class Meta:
        model = Report
        fields = ["reason"]


def _reported_text(report: Report) -> str:
    if report.message is not None:
        return Truncator(report.message.body).chars(80)
    return format_html("{} {}", _("Profil de"), _name(report.reported_user))


def _reported_author(report: Report) -> str:
    if report.message is not None:
        return _name(report.message.author)
    return _name(report.reported_user)


def _report_status(report: Report) -> str:
    if report.resolved_at is None:
        return str(_("À traiter"))
    return str(_("Traité"))


class ReportIndexView(ModeratedIndexMixin, IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(
                "message__author", "message__request", "reporter", "reported_user", "resolved_by"
            )
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        # Those to handle first, oldest first; then the handled ones, latest first.
        return queryset.order_by(F("resolved_at").desc(nulls_first=True), "created_at", "pk")


class ReportInspectView(ModeratedObjectMixin, InspectView):
    extra_labels = {
        "reported": _("Ce qui est signalé"),
        "author": _("Auteur·rice"),
        "help_request": _("Demande"),
        "hidden": _("Message masqué"),
    }

    def setup(self, request, *args, **kwargs):
        # The report is looked up after the permission check (InspectView looks it up
        # before): no 404-or-403 probing by non-moderators.
        super(InspectView, self).setup(request, *args, **kwargs)
        self.pk = self.kwargs[self.pk_url_kwarg]
        self.fields = self.get_fields()

    @cached_property
    def object(self):
        return self.get_object()

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value

    def get_reported_display_value(self):
        message = self.object.message
        if message is None:
            return format_html("{} {}", _("Profil de"), _name(self.object.reported_user))
        lines = format_html_join("", "{}<br>", ((line,) for line in message.body.splitlines()))
        return format_html("<blockquote>{}</blockquote>", lines)

    def get_author_display_value(self):
        return _reported_author(self.object)

    def get_help_request_display_value(self):
        message = self.object.message
        return _request_link(message.request if message else None)

    def get_hidden_display_value(self):
        message = self.object.message
        if message is None or message.hidden_at is None:
            return _("Non")
        return message.hidden_at

    def get_reporter_display_value(self):
        return _name(self.object.reporter)

    def get_resolved_by_display_value(self):
        return _name(self.object.resolved_by) if self.object.resolved_by_id else "—"


class ReportViewSet(ModerationViewSetMixin, ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Signalements")
    menu_order = 112
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["resolution"]  # unused: reports are handled through the actions
    list_display = [
        "__str__",
        Column("status", label=_("État"), accessor=_report_status),
        Column("reported", label=_("Ce qui est signalé"), accessor=_reported_text),
        Column("author", label=_("Auteur·rice"), accessor=_reported_author),
        Column(
            "request",
            label=_("Demande"),
            accessor=lambda report: _request_link(report.message.request)
            if report.message
            else "—",
        ),
        Column("reporter", label=_("Signalé par"), accessor=lambda r: _name(r.reporter)),
        DateColumn("created_at", label=_("Signalé le"), sort_key="created_at"),
    ]
    filterset_class = ReportFilterSet
    search_fields = ["text", "resolution", "message__body"]
    list_per_page = 50
    inspect_view_fields = [
        "reason",
        "text",
        "reporter",
        "created_at",
        "reported",
        "author",
        "help_request",
        "hidden",
        "resolved_at",
        "resolved_by",
        "resolution",
    ]
    admin_actions = [
        AdminAction(
            name="resolve",
            label=_("Marquer comme traité"),
            service=services.resolve_report,
            form_class=NoteForm,
            icon="check",
            explanation=_(
                "Le signalement sort de la liste à traiter. Notez ce qui a été fait : "
                "un message à la personne, une demande close, rien à reprocher…"
            ),
            success_message=_("%(object)s : signalement traité."),
            available=lambda report: report.resolved_at is None,
            priority=40,
        ),
        AdminAction(
            name="hide_message",
            label=_("Masquer le message"),
            service=services.hide_reported_message,
            form_class=NoteForm,
            icon="view",
            explanation=_(
                "Les participants voient qu’un message a été retiré par la modération ; les "
                "modérateurs le lisent toujours. Les signalements ouverts de ce message sont "
                "marqués comme traités avec la même note."
            ),
            success_message=_("%(object)s : message masqué, signalement traité."),
            available=lambda report: (
                report.message is not None and report.message.hidden_at is None
            ),
            priority=41,
        ),
    ]


# Requests ---------------------------------------------------------------------------------


def stuck_choices() -> list[tuple[str, str]]:
    """The filter's choices, with the delays in force (read when the form is shown)."""
    days = services.stuck_days()
    return [
        ("any", gettext("Toutes les demandes bloquées")),
        (
            "sent",
            gettext("Envoyées, sans réponse depuis plus de %(days)s jours")
            % {"days": days["sent"]},
        ),
        (
            "awaiting",
            gettext("À valider depuis plus de %(days)s jours") % {"days": days["awaiting"]},
        ),
        (
            "accepted",
            gettext("Acceptées depuis plus de %(days)s jours") % {"days": days["accepted"]},
        ),
    ]


class HelpRequestFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(choices=HelpRequestState.choices, label=_("État"))
    structure = django_filters.ModelChoiceFilter(
        queryset=Structure.objects.order_by("name"), label=_("Structure")
    )
    stuck = django_filters.ChoiceFilter(
        choices=stuck_choices, method="filter_stuck", label=_("Bloquée")
    )

    class Meta:
        model = HelpRequest
        fields = ["state", "structure", "kind", "offered_by_professional"]

    def filter_stuck(self, queryset, name, value):
        if not value:
            return queryset
        return services.stuck(queryset, "" if value == "any" else value)


class HelpRequestIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("young_person", "professional", "structure")
        )


class HelpRequestInspectView(InspectView):
    """The request, its timeline and its messages. Every read is audited (DESIGN.md: a
    moderator reads a request and its messages, "yes, audited")."""

    template_name = "members/moderation/help_request_inspect.html"

    def setup(self, request, *args, **kwargs):
        # Looked up after the permission check, as for reports.
        super(InspectView, self).setup(request, *args, **kwargs)
        self.pk = self.kwargs[self.pk_url_kwarg]
        self.fields = self.get_fields()

    @cached_property
    def object(self):
        return self.get_object(
            HelpRequest.objects.select_related("young_person", "professional", "structure")
        )

    def get_object(self, queryset=None):
        if queryset is None:
            queryset = HelpRequest.objects.all()
        return get_object_or_404(queryset, pk=self.pk)

    def get(self, request, *args, **kwargs):
        record_moderator_read(request.user, self.object)
        return super().get(request, *args, **kwargs)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        return "—" if value is None or value == "" else value

    def get_young_person_display_value(self):
        return _people_display(self.object.young_person)

    def get_professional_display_value(self):
        return _people_display(self.object.professional)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        help_request = self.object
        messages = list(
            Message.objects.filter(request=help_request)
            .select_related("author")
            .prefetch_related(Prefetch("reports", queryset=Report.objects.order_by("pk")))
            .order_by("-created_at", "-pk")[: MESSAGES_SHOWN + 1]
        )
        context.update(
            timeline=help_request.transitions.select_related("actor"),
            conversation=list(reversed(messages[:MESSAGES_SHOWN])),
            more_messages=len(messages) > MESSAGES_SHOWN,
            members_url=reverse("members:request-detail", kwargs={"pk": help_request.pk}),
            is_open=help_request.is_open,
        )
        return context


def _people_display(user) -> str:
    if user is None:
        return str(_("Membre supprimé"))
    return f"{user.get_full_name()} <{user.email}>"


class HelpRequestViewSet(ModelViewSet):
    model = HelpRequest
    icon = "doc-full"
    menu_label = _("Demandes")
    menu_order = 111
    index_view_class = HelpRequestIndexView
    inspect_view_class = HelpRequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["state"]  # unused: nobody edits a request here
    list_display = [
        "__str__",
        Column(
            "young_person",
            label=_("Jeune"),
            accessor=lambda r: _name(r.young_person),
            sort_key="young_person__last_name",
        ),
        Column(
            "professional",
            label=_("Professionnel·le"),
            accessor=lambda r: _name(r.professional),
            sort_key="professional__last_name",
        ),
        "structure",
        DateColumn("sent_at", label=_("Envoyée le"), sort_key="sent_at"),
        DateColumn("updated_at", label=_("Modifiée le"), sort_key="updated_at"),
    ]
    filterset_class = HelpRequestFilterSet
    search_fields = [
        "young_person__first_name",
        "young_person__last_name",
        "young_person__email",
        "professional__first_name",
        "professional__last_name",
        "professional__email",
    ]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "kind",
        "state",
        "young_person",
        "professional",
        "structure",
        "offered_by_professional",
        "hopes",
        "availability",
        "counsellor_comment",
        "decline_reason",
        "decline_text",
        "close_reason",
        "outcome",
        "young_feedback",
        "professional_feedback",
        "follow_up_outcome",
        "created_at",
        "sent_at",
        "answered_at",
        "completed_at",
        "last_message_at",
    ]


# Admin home -------------------------------------------------------------------------------


class NetworkSummaryItem(SummaryItem):
    """On the admin home page, the reports to handle and the requests stuck somewhere."""

    order = 51
    template_name = "members/moderation/network_summary.html"

    def is_shown(self):
        return is_moderator(self.request.user)

    def get_context_data(self, parent_context):
        requests_url = reverse(f"{HELP_REQUESTS}:index")
        return {
            "reports": services.reports_to_handle(),
            "reports_url": reverse(f"{MEMBER_REPORTS}:index") + "?resolved=false",
            "stuck": services.stuck_counts(),
            "stuck_days": services.stuck_days(),
            "stuck_url": f"{requests_url}?stuck=",
        }
