"""The administrators' view of emails and background tasks (the admin's "Envois" menu).

Who sees what (DESIGN.md: moderators are association staff; emails carry young people's
personal data):

- **Emails**: moderators with the outbox's permissions (the "Moderators" group has them)
  see every email's type, state, attempts, dates and error type, with addresses masked
  ("i…@example.org"), and queue a failed one again. Subjects, bodies, full addresses and
  error messages (which can quote addresses) are shown to superusers only: a moderator
  reads a young person's messages through the request's page, where each read is logged.
  Editors see nothing.
- **Tasks** (django-tasks-db's queue): superusers only; their arguments and tracebacks are
  operations' business.

Nothing is added, edited or deleted by hand here.
"""

from __future__ import annotations

import json

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from members.moderation.views import (
    MODERATE,
    AdminAction,
    ModeratedIndexMixin,
    ModeratedObjectMixin,
    ModerationViewSetMixin,
    is_moderator,
)
from outbox import recovery
from outbox.enums import EmailState
from outbox.models import OutboxEmail

READ_CONTENT = "read_content"


def _is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# Permission policies


class OutboxPolicy(ModelPermissionPolicy):
    """Moderators holding the permission see the listing and queue a failed email again
    (``moderate``); only superusers read the content (``read_content``)."""

    def user_has_permission(self, user, action):
        if action == READ_CONTENT:
            return _is_superuser(user)
        if action == "view":
            return is_moderator(user) and super().user_has_permission(user, "view")
        if action == MODERATE:
            return is_moderator(user) and super().user_has_permission(user, "change")
        return False  # add, change, delete: never by hand


class SuperuserReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and _is_superuser(user)


register_permission_policy(OutboxEmail, OutboxPolicy(OutboxEmail))
register_permission_policy(DBTaskResult, SuperuserReadOnlyPolicy(DBTaskResult))


# Displaying addresses and errors


def mask_address(address: str) -> str:
    """ "ines.dupont@example.org" → "i…@example.org": enough to tell emails apart."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "…"
    return f"{local[:1]}…@{domain}"


def masked_recipients(email: OutboxEmail) -> str:
    return ", ".join(mask_address(address) for address in email.to)


def all_recipients(email: OutboxEmail) -> str:
    return ", ".join(email.to)


def error_type(email: OutboxEmail) -> str:
    """The exception's name only: its message can quote an address."""
    return email.last_error.partition(":")[0] or "—"


def _preformatted(text: str) -> str:
    return format_html('<pre class="outbox-text">{}</pre>', text) if text else "—"


# Emails


class RetryForm(forms.Form):
    """Nothing to fill in: the button confirms."""


def retry_email(email: OutboxEmail, moderator) -> bool:
    return recovery.retry(email, by=moderator)


class EmailFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Créé le"), widget=DateRangePickerWidget
    )

    class Meta:
        model = OutboxEmail
        fields = ["state"]


class EmailIndexView(ModeratedIndexMixin, IndexView):
    """Failed emails first, then those waiting, then the sent ones, newest first."""

    def get_base_queryset(self):
        # The bodies are long and shown only on an email's own page.
        return super().get_base_queryset().with_state_rank().defer("body", "html_body", "headers")

    def order_queryset(self, queryset):
        # The newest first among equals, whatever column orders the list.
        if self.ordering == "state_rank":
            return queryset.order_by("state_rank", "-created_at", "-pk")
        return queryset.order_by(self.ordering, "-pk")

    @cached_property
    def columns(self):
        if not self.user_has_permission(READ_CONTENT):
            return super().columns
        return [
            Column("to", label=column.label, accessor=all_recipients)
            if column.name == "to"
            else column
            for column in super().columns
        ]


class EmailInspectView(ModeratedObjectMixin, InspectView):
    summary_fields = [
        "kind",
        "state",
        "to",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "language",
    ]
    content_fields = ["from_email", "cc", "bcc", "reply_to", "subject", "body", "html_body"]

    @cached_property
    def can_read_content(self) -> bool:
        return self.user_has_permission(READ_CONTENT)

    def get_fields(self):
        return self.summary_fields + (self.content_fields if self.can_read_content else [])

    def get_to_display_value(self):
        show = all_recipients if self.can_read_content else masked_recipients
        return show(self.object)

    def get_cc_display_value(self):
        return ", ".join(self.object.cc) or "—"

    def get_bcc_display_value(self):
        return ", ".join(self.object.bcc) or "—"

    def get_reply_to_display_value(self):
        return ", ".join(self.object.reply_to) or "—"

    def get_last_error_display_value(self):
        if self.can_read_content:
            return _preformatted(self.object.last_error)
        return error_type(self.object)

    def get_body_display_value(self):
        return _preformatted(self.object.body)

    def get_html_body_display_value(self):
        # The HTML version's source, escaped: never rendered inside the admin.
        return _preformatted(self.object.html_body)


class EmailViewSet(ModerationViewSetMixin, ModelViewSet):
    model = OutboxEmail
    icon = "mail"
    menu_label = _("Courriels")
    menu_order = 100
    index_view_class = EmailIndexView
    inspect_view_class = EmailInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["state"]  # unused: nobody edits an email here
    list_display = [
        "__str__",
        Column("to", label=_("Destinataires"), accessor=masked_recipients),
        Column("state", label=_("État"), accessor="get_state_display", sort_key="state_rank"),
        Column("attempts", label=_("Tentatives")),
        Column("error", label=_("Erreur"), accessor=error_type),
        DateColumn("created_at", label=_("Créé le"), sort_key="created_at"),
        DateColumn("sent_at", label=_("Envoyé le"), sort_key="sent_at"),
    ]
    filterset_class = EmailFilterSet
    ordering = "state_rank"
    list_per_page = 50
    admin_actions = [
        AdminAction(
            name="retry",
            label=_("Renvoyer"),
            service=retry_email,
            form_class=RetryForm,
            icon="redirect",
            explanation=_(
                "Le courriel repart dans la file d’envoi, avec de nouvelles tentatives. "
                "Vérifiez d’abord que le serveur de courriel fonctionne de nouveau."
            ),
            success_message=_("%(object)s : remis dans la file d’envoi."),
            available=lambda email: email.state == EmailState.FAILED,
            warning=lambda queued: (
                "" if queued else _("Ce courriel n’était plus en échec : rien n’a été renvoyé.")
            ),
            priority=40,
        ),
    ]


# Tasks


class TaskFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=TaskResultStatus.choices, label=_("État"), empty_label=_("Tous")
    )
    enqueued_at = django_filters.DateFromToRangeFilter(
        label=_("Mise en file le"), widget=DateRangePickerWidget
    )

    class Meta:
        model = DBTaskResult
        fields = ["status", "queue_name"]


class TaskInspectView(InspectView):
    def get_args_kwargs_display_value(self):
        return _preformatted(json.dumps(self.object.args_kwargs, indent=2, ensure_ascii=False))

    def get_return_value_display_value(self):
        value = self.object.return_value
        return "—" if value is None else json.dumps(value, ensure_ascii=False)

    def get_worker_ids_display_value(self):
        return ", ".join(self.object.worker_ids) or "—"

    def get_traceback_display_value(self):
        return _preformatted(self.object.traceback)


class TaskViewSet(ModelViewSet):
    model = DBTaskResult
    icon = "tasks"
    menu_label = _("Tâches")
    menu_order = 110
    inspect_view_class = TaskInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # unused: tasks are never edited here
    list_display = [
        "task_path",
        Column("status", label=_("État"), accessor="get_status_display", sort_key="status"),
        DateColumn("enqueued_at", label=_("Mise en file le"), sort_key="enqueued_at"),
        DateColumn("started_at", label=_("Commencée le"), sort_key="started_at"),
        DateColumn("finished_at", label=_("Terminée le"), sort_key="finished_at"),
        Column("exception_class_path", label=_("Erreur")),
    ]
    filterset_class = TaskFilterSet
    search_fields = ["task_path"]
    ordering = ["-enqueued_at"]
    list_per_page = 50
    inspect_view_fields = [
        "task_path",
        "status",
        "queue_name",
        "priority",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "worker_ids",
        "args_kwargs",
        "return_value",
        "exception_class_path",
        "traceback",
    ]


class SendingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Envois")
    menu_icon = "mail"
    menu_order = 210
    items = (EmailViewSet("outbox_emails"), TaskViewSet("task_results"))


@hooks.register("register_admin_viewset")
def register_sending_viewsets():
    return SendingViewSetGroup()
