"""Moderation in the Wagtail admin: who may act, the forms, and the action views.

Moderators are staff with the moderator role (their account has a second factor) in
Wagtail's "Moderators" group. Editors use the same admin for pages, structures and
companies but never see people: the permission policies below say so for every view,
the menu included.

A moderation decision (approve, reject, verify, deactivate…) is an :class:`AdminAction`
declared on a view set with :class:`ModerationViewSetMixin`: the mixin adds its URL, the
form view that asks for the reason, and its button on the listing rows and in the
header of the inspect or edit view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

from home.spreadsheets import SafeSpreadsheetExportMixin
from members.enums import Role
from members.moderation.services import ModerationError

# Actions that are not Django permissions: taking a moderation decision, and exporting
# a listing of personal data. Both need the moderator role, a second factor on the
# account and the "change" permission.
MODERATE = "moderate"
EXPORT = "export"


def is_moderator(user) -> bool:
    """Staff with the moderator role (or a superuser), signed in and active."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_moderator)


def has_second_factor(user) -> bool:
    """Whether the account has an active TOTP (allauth then asks for it at every sign-in).

    Remembered on the user object: ``request.user`` is read again at every request.
    """
    if not user.is_authenticated:
        return False
    known = getattr(user, "_has_second_factor", None)
    if known is None:
        known = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_second_factor = known
    return known


def handles_personal_data(user) -> bool:
    """Moderators (and superusers) whose account has a second factor.

    Only they export listings of personal data, read the messages of the contact form
    and change a structure's safeguarding settings in the admin. Editors have no second
    factor to show (they publish content), so they never do, even with a TOTP of their
    own; the site-wide middleware already sends a moderator without one to set it up,
    and this check holds without it.
    """
    return is_moderator(user) and has_second_factor(user)


def _moderators(users):
    return users.filter(Q(role=Role.MODERATOR, is_staff=True) | Q(is_superuser=True))


# Permission policies


class ModerationPolicy(ModelPermissionPolicy):
    """Django permissions as usual, plus the moderation decisions and the export, which
    only moderators with a second factor holding the "change" permission may use
    (structures, companies)."""

    def user_has_permission(self, user, action):
        if action in (MODERATE, EXPORT):
            return handles_personal_data(user) and super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)


class PeoplePolicy(ModelPermissionPolicy):
    """Members' records: moderators with a second factor only, and only through the
    listing, the inspect view and the moderation actions. Nobody adds, edits or deletes
    them in the admin: people sign up themselves and change their own profile."""

    forbidden_actions = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if not handles_personal_data(user) or action in self.forbidden_actions:
            return False
        if action in (MODERATE, EXPORT):
            return super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return _moderators(super().users_with_any_permission(["view", "change"]))

    def users_with_permission(self, action):
        if action in self.forbidden_actions:
            return super().users_with_permission(action).none()
        return _moderators(super().users_with_any_permission(["view", "change"]))


class ReadOnlyLogPolicy(PeoplePolicy):
    """The moderation log: moderators read it; rows are never added, edited or deleted
    by hand, and there is nothing to moderate or export in it."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)


# Forms


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif. Gardé dans le journal de modération."),
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire. Gardé dans le journal de modération."),
    )


class SentReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obligatoire. Il est envoyé par e-mail à la personne concernée et gardé dans "
            "le journal de modération : écrivez-le pour elle, clairement et poliment."
        ),
    )


class VerificationForm(forms.Form):
    method = forms.CharField(
        label=_("Comment avez-vous vérifié ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obligatoire. Par exemple : rencontre au siège de l’entreprise le 12 mars, "
            "pièce d’identité et attestation de l’employeur vues."
        ),
    )


# Actions


def _always(obj) -> bool:
    return True


def _same(obj):
    return obj


@dataclass(frozen=True)
class AdminAction:
    """A moderation decision offered on a view set's objects.

    ``service(target(obj), moderator, **form.cleaned_data)`` takes the decision; it
    raises :class:`ModerationError` when the decision no longer makes sense.
    """

    name: str
    label: str
    service: Callable[..., Any]
    form_class: type[forms.Form] = ReasonForm
    icon: str = "cog"
    explanation: str = ""
    success_message: str = ""
    available: Callable[[Model], bool] = _always
    target: Callable[[Model], Any] = _same
    priority: int = 50
    # Given what the service returned, a warning for the moderator, or "" when all is well.
    warning: Callable[[Any], str] = lambda result: ""


class ModerationButtonsMixin:
    """Adds the available moderation actions as buttons (listing rows, view headers)."""

    moderation_actions: Sequence[tuple[AdminAction, str]] = ()

    def moderation_buttons(self, instance, button_class=Button) -> list[Button]:
        if not self.moderation_actions or not self.user_has_permission(MODERATE):
            return []
        return [
            button_class(
                action.label,
                url=reverse(url_name, args=(quote(instance.pk),)),
                icon_name=action.icon,
                priority=action.priority,
            )
            for action, url_name in self.moderation_actions
            if action.available(instance)
        ]


class PersonalDataExportMixin(SafeSpreadsheetExportMixin):
    """For a listing whose export holds personal data: the export buttons and the export
    itself (``?export=csv`` typed by hand included) need the ``export`` action of the
    view's permission policy, which only moderators with a second factor have."""

    def dispatch(self, request, *args, **kwargs):
        if request.GET.get("export") in self.FORMATS and not self.user_has_permission(EXPORT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and self.user_has_permission(EXPORT)


class ModeratedIndexMixin(PersonalDataExportMixin, ModerationButtonsMixin):
    """Listing with moderation buttons on each row and an export reserved to moderators
    (the listing itself may be open to editors, as for structures)."""

    # Export columns computed in Python: {name in list_export: callable(instance)}.
    export_values: dict[str, Callable[[Model], Any]] = {}
    # Staff read the CSV in a spreadsheet: "oui"/"non" rather than "True"/"False".
    custom_value_preprocess = {
        bool: {"csv": lambda value: str(_("oui") if value else _("non"))},
        **SpreadsheetExportMixin.custom_value_preprocess,
    }

    def to_row_dict(self, item):
        return {
            name: self.export_values[name](item)
            if name in self.export_values
            else multigetattr(item, name)
            for name in self.list_export
        }

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *self.moderation_buttons(instance)]


class ModeratedObjectMixin(ModerationButtonsMixin):
    """Inspect or edit view showing the moderation actions as buttons in its header (not
    in the "…" menu, where moderators did not find "Approuver")."""

    def get_header_buttons(self):
        decisions = sorted(self.moderation_buttons(self.object, button_class=HeaderButton))
        return [*decisions, *super().get_header_buttons()]


class ModerationActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for the reason (or the verification method), then take the decision."""

    permission_required = MODERATE
    template_name = "members/moderation/moderation_action.html"
    model = None
    action: AdminAction | None = None
    index_url_name = None
    inspect_url_name = None
    edit_url_name = None
    breadcrumbs_items = WagtailAdminTemplateMixin.breadcrumbs_items
    header_icon = ""

    @cached_property
    def object(self):
        # Looked up after the permission check: no 404-or-403 probing by non-moderators.
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def get_form_class(self):
        return self.action.form_class

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return str(self.object)

    def get_object_url(self) -> str | None:
        for url_name in (self.inspect_url_name, self.edit_url_name):
            if url_name:
                return reverse(url_name, args=(quote(self.object.pk),))
        return None

    def get_breadcrumbs_items(self):
        items = [
            {
                "url": reverse(self.index_url_name),
                "label": self.model._meta.verbose_name_plural.capitalize(),
            }
        ]
        items.append({"url": self.get_object_url() or "", "label": str(self.object)})
        items.append({"url": "", "label": self.action.label, "sublabel": str(self.object)})
        return self.breadcrumbs_items + items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action=self.action,
            available=self.action.available(self.object),
            cancel_url=self.get_object_url() or reverse(self.index_url_name),
        )
        return context

    def form_valid(self, form):
        try:
            result = self.action.service(
                self.action.target(self.object), self.request.user, **form.cleaned_data
            )
        except ModerationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.action.success_message % {"object": self.object})
        if warning := self.action.warning(result):
            messages.warning(self.request, warning)
        return redirect(self.get_object_url() or reverse(self.index_url_name))


class ModerationViewSetMixin:
    """For a ModelViewSet or SnippetViewSet: declare ``admin_actions`` to get their
    URLs (``<viewset>:<action name>``), views and buttons."""

    admin_actions: Sequence[AdminAction] = ()
    moderation_action_view_class = ModerationActionView

    def _bound_actions(self) -> list[tuple[AdminAction, str]]:
        return [(action, self.get_url_name(action.name)) for action in self.admin_actions]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(moderation_actions=self._bound_actions(), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(moderation_actions=self._bound_actions(), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(moderation_actions=self._bound_actions(), **kwargs)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            *(
                path(
                    f"{action.name}/<{conv}:pk>/",
                    self.construct_view(self.moderation_action_view_class, action=action),
                    name=action.name,
                )
                for action in self.admin_actions
            ),
        ]
