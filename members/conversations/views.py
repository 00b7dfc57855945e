"""The conversation on a request, and reports of a message or a profile.

A message is written on a request from ``HelpRequest.objects.visible_to(request.user)``
and reported from the messages of those requests: an id that is not the person's is a
404. The conversation itself is shown, and written, on the request's page
(:func:`conversation_context`, called by ``members.requests.views``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.access import role_required
from members.conversations import reports, services, unread
from members.conversations.forms import MessageForm, ReportForm
from members.directory import services as directory
from members.enums import Role
from members.models import HelpRequest, User, YoungPersonProfile

WRITER_ROLES = (Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.COUNSELLOR)
READER_ROLES = (*WRITER_ROLES, Role.MODERATOR)
MEMBER_ROLES = (*READER_ROLES, Role.REFERENT)
REPORT_THANKS = gettext_lazy(
    "Merci. Votre signalement est transmis à l’équipe de modération, qui va le lire."
)
# Told to the author of a message whose contact details are masked (a minor's request).
MASKED_NOTICE = gettext_lazy(
    "Une partie de votre message a été masquée : dans un échange avec un·e mineur·e, les "
    "numéros de téléphone, adresses e-mail et comptes de réseaux sociaux ne sont pas "
    "partagés. Le conseiller ou la conseillère qui suit l’échange voit le message complet."
)
MASKED_NOTICE_COUNSELLOR = gettext_lazy(
    "Les coordonnées de votre message (téléphone, e-mail, réseaux sociaux) sont masquées "
    "pour le ou la jeune et le ou la professionnel·le : l’échange concerne un·e mineur·e."
)


def conversation_context(
    request: HttpRequest, help_request: HelpRequest, bound: tuple[str, object] | None = None
) -> dict:
    """What the request's page shows of the conversation. Opening the page marks the
    conversation read, and a moderator's reading is logged."""
    user = request.user
    services.record_moderator_read(user, help_request)
    entries = services.conversation(user, help_request)
    unread.mark_read(user, help_request)
    participant = services.is_participant(user, help_request)
    refusal = services.post_refusal(user, help_request) if participant else ""
    masked = services.masks_contacts(user, help_request)
    form = None
    if participant and not refusal:
        form = bound[1] if bound and bound[0] == "message" else MessageForm(masked=masked)
    return {
        "conversation": entries,
        "message_form": form,
        "message_refusal": refusal,
    }


@role_required(*READER_ROLES)
def report_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        reports.readable_messages(request.user).select_related(
            "author", "request__young_person__young_profile"
        ),
        pk=pk,
    )
    back = reverse("members:request-detail", kwargs={"pk": message.request_id})
    if message.author_id == request.user.pk:
        messages.error(request, _("Vous ne pouvez pas signaler votre propre message."))
        return redirect(back)
    if message.reports.filter(reporter=request.user).exists():
        messages.info(
            request, _("Vous avez déjà signalé ce message : l’équipe de modération s’en occupe.")
        )
        return redirect(back)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_message(request.user, message, **form.cleaned_data)
        except services.ConversationError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, REPORT_THANKS)
        return redirect(back)
    if message.hidden_at is not None and not request.user.is_moderator:
        body = _("Message retiré par la modération")
    else:
        body = services.render_body(
            message.body, mask_contacts=services.masks_contacts(request.user, message.request)
        )
    return render(
        request,
        "members/conversations/report.html",
        {
            "form": form,
            "title": _("Signaler un message"),
            "author_name": services.author_name(message.author, request.user),
            "body": body,
            "back": back,
        },
    )


def _profile_url(viewer: User, target: User) -> str:
    """The page of ``target`` that ``viewer`` may open (their directory page or their
    limited profile), or 404: only what one can see can be reported."""
    if target.role == Role.PROFESSIONAL:
        profiles = directory.listed_professionals()
        name = "members:professional"
    elif target.role == Role.YOUNG_PERSON:
        profiles = YoungPersonProfile.objects.visible_to(viewer)
        name = "members:young-limited-profile"
    else:
        raise Http404
    pk = profiles.filter(user_id=target.pk).values_list("pk", flat=True).first()
    if pk is None:
        # A professional may report a young person who wrote to them, profile hidden or
        # not: back to their latest request.
        request_pk = None
        if viewer.role == Role.PROFESSIONAL and target.role == Role.YOUNG_PERSON:
            request_pk = (
                HelpRequest.objects.visible_to(viewer)
                .filter(young_person=target)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
        if request_pk is None:
            raise Http404
        return reverse("members:request-detail", kwargs={"pk": request_pk})
    return reverse(name, kwargs={"pk": pk})


@role_required(*MEMBER_ROLES)
def report_member(request: HttpRequest, user_pk: int) -> HttpResponse:
    target = get_object_or_404(User.objects.filter(is_active=True), pk=user_pk)
    back = _profile_url(request.user, target)
    if target.pk == request.user.pk:
        messages.error(request, _("Vous ne pouvez pas vous signaler vous-même."))
        return redirect(back)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_member(request.user, target, **form.cleaned_data)
        except reports.AlreadyReportedError as error:
            messages.info(request, str(error))
        except services.ConversationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, REPORT_THANKS)
        return redirect(back)
    name = target.public_name if target.role == Role.YOUNG_PERSON else target.get_full_name()
    return render(
        request,
        "members/conversations/report.html",
        {
            "form": form,
            "title": _("Signaler le profil de %(name)s") % {"name": name},
            "back": back,
        },
    )
