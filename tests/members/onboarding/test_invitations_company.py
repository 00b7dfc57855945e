"""A moderator invites a partner company's contacts, through the one invitation service."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.enums import InvitationKind, Role
from members.models import Invitation, User
from members.onboarding import invitations as invitation_service
from tests.members.factories import InvitationFactory, UserFactory
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TOKEN_IN_LINK = re.compile(r"/invitation/([^/\s]+)/")
PASSWORD = "Une phrase de passe assez longue"


@pytest.fixture
def company(db):
    return CompanyFactory(name="Hexa Conseil")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def invite_url(company) -> str:
    return reverse("members:company-contact-invite", kwargs={"pk": company.pk})


def invite_data(**overrides) -> dict:
    return {"first_name": "Claire", "last_name": "Martin", "email": "Claire@hexa.fr", **overrides}


def company_invitation(company, moderator, email="contact@hexa.fr"):
    return InvitationFactory.issue(
        kind=InvitationKind.COMPANY_CONTACT,
        structure=None,
        company=company,
        birth_date=None,
        invited_by=moderator,
        email=email,
    )


def test_moderator_invites_a_contact_who_gets_a_link(
    moderator_client, moderator, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(invite_url(company), invite_data())

    assert response.status_code == 302
    assert response["Location"] == invite_url(company)
    invitation = Invitation.objects.get()
    assert invitation.kind == InvitationKind.COMPANY_CONTACT
    assert invitation.company == company
    assert invitation.structure is None
    assert invitation.invited_by == moderator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@hexa.fr"]
    assert "Hexa Conseil" in message.subject
    assert "sans aucune donnée personnelle des jeunes" in message.body
    token = TOKEN_IN_LINK.search(message.body).group(1)
    assert Invitation.objects.for_token(token) == invitation


def test_the_company_page_lists_its_contacts_and_pending_invitations_only(
    moderator_client, moderator, company
):
    UserFactory(role=Role.COMPANY_CONTACT, company=company, email="deja@hexa.fr")
    UserFactory(role=Role.COMPANY_CONTACT, company=CompanyFactory(), email="autre@globex.fr")
    company_invitation(company, moderator, email="attente@hexa.fr")
    company_invitation(CompanyFactory(), moderator, email="ailleurs@globex.fr")

    html = moderator_client.get(invite_url(company)).content.decode()

    assert "deja@hexa.fr" in html and "attente@hexa.fr" in html
    assert "autre@globex.fr" not in html and "ailleurs@globex.fr" not in html


def test_the_list_of_companies_counts_contacts_and_pending_invitations(
    moderator_client, moderator, company
):
    UserFactory(role=Role.COMPANY_CONTACT, company=company)
    company_invitation(company, moderator)
    CompanyFactory(name="Pas partenaire", is_partner=False)

    moderator_client.get(reverse("members:company-contacts"))  # the session's first read
    with CaptureQueriesContext(connection) as one_company:
        response = moderator_client.get(reverse("members:company-contacts"))

    listed = list(response.context["companies"])
    assert [c.name for c in listed] == ["Hexa Conseil"]
    assert (listed[0].contact_count, listed[0].pending_count) == (1, 1)
    for number in range(5):
        other = CompanyFactory(name=f"Zeta {number}")
        UserFactory(role=Role.COMPANY_CONTACT, company=other)
        company_invitation(other, moderator, email=f"z{number}@example.org")
    with CaptureQueriesContext(connection) as six_companies:
        moderator_client.get(reverse("members:company-contacts"))
    assert len(six_companies) == len(one_company)


def test_inviting_an_address_that_has_an_account_says_so_and_keeps_the_input(
    moderator_client, professional, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            invite_url(company), invite_data(email=professional.email.upper())
        )

    assert response.status_code == 200
    assert "déjà un compte" in response.content.decode()
    assert response.context["form"]["first_name"].value() == "Claire"
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_bad_input_keeps_what_was_typed(moderator_client, company):
    response = moderator_client.post(invite_url(company), invite_data(email="claire@"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert response.context["form"]["last_name"].value() == "Martin"
    assert not Invitation.objects.exists()


def test_a_company_that_is_not_a_partner_is_a_404(moderator_client):
    other = CompanyFactory(is_partner=False)

    assert moderator_client.get(invite_url(other)).status_code == 404


def test_moderator_resends_and_revokes_a_contact_invitation(
    moderator_client, moderator, company, django_capture_on_commit_callbacks
):
    invitation, old_token = company_invitation(company, moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("members:company-contact-invitation-resend", kwargs={"pk": invitation.pk})
        )
    assert response["Location"] == invite_url(company)
    assert Invitation.objects.for_token(old_token) is None
    assert len(mail.outbox) == 1

    response = moderator_client.post(
        reverse("members:company-contact-invitation-revoke", kwargs={"pk": invitation.pk})
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = moderator_client.post(
        reverse("members:company-contact-invitation-revoke", kwargs={"pk": invitation.pk})
    )
    assert response.status_code == 302  # already revoked: said so, nothing changes


def test_a_structure_invitation_cannot_be_resent_from_the_company_pages(
    moderator_client, structure, counsellor
):
    invitation, _token = InvitationFactory.issue(structure=structure, invited_by=counsellor)

    response = moderator_client.post(
        reverse("members:company-contact-invitation-revoke", kwargs={"pk": invitation.pk})
    )

    assert response.status_code == 404


def test_accepting_creates_a_company_contact_without_second_factor(client, moderator, company):
    _invitation, token = company_invitation(company, moderator)
    url = reverse("members:invitation-accept", kwargs={"token": token})
    html = client.get(url).content.decode()
    assert "Hexa Conseil" in html
    assert 'name="birth_date"' not in html

    response = client.post(
        url,
        {
            "first_name": "Claire",
            "last_name": "Martin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="contact@hexa.fr")
    assert (user.role, user.company, user.structure) == (Role.COMPANY_CONTACT, company, None)
    assert not user.requires_mfa
    # No second factor to set up: straight to their dashboard, which shows the company.
    response = client.get(response.url)
    assert response.status_code == 200
    assert "Hexa Conseil" in response.content.decode()


def test_the_service_refuses_a_company_kind_for_a_structure_and_the_reverse(structure, company):
    with pytest.raises(ValueError):
        invitation_service.invite(
            kind=InvitationKind.COMPANY_CONTACT,
            structure=structure,
            email="a@example.org",
            first_name="A",
            last_name="B",
            invited_by=None,
        )
    with pytest.raises(ValueError):
        invitation_service.invite(
            kind=InvitationKind.COUNSELLOR,
            company=company,
            email="a@example.org",
            first_name="A",
            last_name="B",
            invited_by=None,
        )


def test_the_database_refuses_an_invitation_with_both_or_neither(structure, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(kind=InvitationKind.COMPANY_CONTACT, structure=structure, company=company)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(kind=InvitationKind.COUNSELLOR, structure=None, company=company)


def test_a_moderators_data_export_lists_the_company_invitations_they_sent(
    moderator_client, moderator, company
):
    company_invitation(company, moderator)

    response = moderator_client.get(reverse("members:data-export"))

    assert response.status_code == 200
    sent = response.json()["invitations_sent"]
    assert [row["structure"] for row in sent] == ["Hexa Conseil"]
