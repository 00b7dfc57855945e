"""A moderator brings a partner company's contacts in (issue 16).

A company contact reads the figures of the company's volunteers (members.impact.company),
never a young person's data. They are invited through the one invitation service
(members.onboarding.invitations, InvitationKind.COMPANY_CONTACT, the invitation holding
the company instead of a structure); the company's employees keep joining as volunteers
through its email domains.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from members.access import role_required
from members.enums import InvitationKind, Role
from members.models import Invitation, User
from members.onboarding import invitations as invitation_service
from members.onboarding.company_forms import CompanyContactInvitationForm
from members.onboarding.views import invitation_actions, invited
from network.models import Company

KIND = InvitationKind.COMPANY_CONTACT
PER_PAGE = 50


def partner_companies() -> QuerySet[Company]:
    """The companies a moderator may invite contacts for: the partners."""
    return Company.objects.filter(is_partner=True)


@never_cache
@role_required(Role.MODERATOR)
@require_GET
def company_contacts(request: HttpRequest) -> HttpResponse:
    """Every partner company, with its active contacts and its usable invitations."""
    companies = (
        partner_companies()
        .annotate(
            contact_count=Count(
                "contacts",
                filter=Q(contacts__role=Role.COMPANY_CONTACT, contacts__is_active=True),
                distinct=True,
            ),
            pending_count=Count(
                "invitations",
                filter=Q(
                    invitations__kind=KIND,
                    invitations__accepted_at__isnull=True,
                    invitations__revoked_at__isnull=True,
                    invitations__expires_at__gt=timezone.now(),
                ),
                distinct=True,
            ),
        )
        .only("name", "slug")
        .order_by("name", "pk")
    )
    page = Paginator(companies, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/onboarding/company_contacts.html",
        {"page_obj": page, "companies": page.object_list},
    )


@never_cache
@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def company_contact_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """One company's contacts and pending invitations, and the form to invite one."""
    company = get_object_or_404(partner_companies(), pk=pk)
    form = CompanyContactInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_service.invite(
                kind=KIND,
                company=company,
                invited_by=request.user,
                language=get_language() or "fr",
                **form.cleaned_data,
            )
        except invitation_service.AlreadyMemberError:
            form.already_member_error()
        else:
            invited(request, invitation)
            return redirect("members:company-contact-invite", pk=company.pk)
    contacts = (
        User.objects.filter(role=Role.COMPANY_CONTACT, company=company)
        .only("first_name", "last_name", "email", "is_active", "last_login")
        .order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "members/onboarding/company_contact_invite.html",
        {
            "company": company,
            "contacts": contacts,
            "invitations": invitation_service.listed(None, KIND, company_id=company.pk),
            "form": form,
        },
    )


def _company_invitations(request: HttpRequest) -> QuerySet[Invitation]:
    # A moderator acts on any partner company's contact invitations.
    return Invitation.objects.filter(kind=KIND, company__is_partner=True)


def _back_to_company(invitation: Invitation) -> str:
    return reverse("members:company-contact-invite", kwargs={"pk": invitation.company_id})


company_invitation_actions = invitation_actions(
    KIND, Role.MODERATOR, _back_to_company, scope=_company_invitations
)
