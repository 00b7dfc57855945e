"""After a professional confirms their email: approved by their company, or moderators told."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from members.enums import HelpKind, ModerationAction, ReviewStatus
from members.models import ModerationLog, ProfessionalProfile, User
from members.profiles.professionals import AUTO_APPROVAL_REASON
from network.models import VolunteerAnswer
from tests.members.factories import PASSWORD, ProfessionalFactory, sector
from tests.network.factories import (
    CompanyFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return CompanyFactory(
        name="Rail France",
        email_domains="railfrance.fr, rail-france.com",
        auto_approve_professionals=True,
    )


@pytest.fixture
def sign_up_and_confirm(client, django_capture_on_commit_callbacks):
    """Sign up with ``email`` for ``company``, then follow the link of the email."""

    def _run(email, company):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("account_signup"),
                {
                    "email": email,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "first_name": "Awa",
                    "last_name": "Diallo",
                    "job_title": "Conductrice de train",
                    "company": str(company.pk),
                    "sectors": [sector("N").pk],
                    "help_kinds": [HelpKind.TRADE_ADVICE],
                    "remote": "on",
                    "monthly_capacity": "2",
                    "charter": "on",
                },
            )
        assert response.status_code == 302
        link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(link)
        assert response.status_code == 302
        return ProfessionalProfile.objects.select_related("user").get(user__email__iexact=email)

    return _run


def test_partner_that_opted_in_approves_its_verified_employee(
    sign_up_and_confirm, partner, moderator
):
    profile = sign_up_and_confirm("awa.diallo@RailFrance.fr", partner)

    assert profile.status == ReviewStatus.APPROVED
    assert profile.reviewed_by is None
    assert profile.reviewed_at is not None
    log = ModerationLog.objects.get(object_id=str(profile.pk))
    assert log.actor is None
    assert log.action == ModerationAction.APPROVE
    assert log.reason == AUTO_APPROVAL_REASON
    recipients = [message.to for message in mail.outbox]
    assert recipients == [["awa.diallo@railfrance.fr"]], "moderators are not bothered"
    assert "validé" in mail.outbox[0].subject


def test_an_address_on_another_domain_waits_for_a_moderator(
    sign_up_and_confirm, partner, moderator
):
    profile = sign_up_and_confirm("awa.diallo@gmail.example", partner)

    assert profile.status == ReviewStatus.PENDING
    assert profile.reviewed_at is None
    assert not ModerationLog.objects.exists()
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    message = mail.outbox[0]
    assert "attend votre validation" in message.subject
    assert "Awa Diallo" in message.body
    assert "awa.diallo@gmail.example" in message.body
    assert "Conductrice de train" in message.body
    assert "Rail France" in message.body
    assert reverse("professionals:inspect", args=[profile.pk]) in message.body


def test_a_company_that_does_not_opt_in_approves_nobody(sign_up_and_confirm, moderator):
    company = CompanyFactory(email_domains="banque.fr", auto_approve_professionals=False)
    profile = sign_up_and_confirm("awa@banque.fr", company)

    assert profile.status == ReviewStatus.PENDING
    assert [message.to for message in mail.outbox] == [[moderator.email]]


def test_every_active_moderator_is_told_and_no_one_else(sign_up_and_confirm, moderator):
    from tests.members.factories import ModeratorFactory

    second = ModeratorFactory(email="second-moderateur@example.org")
    ModeratorFactory(email="parti@example.org", is_active=False)
    ProfessionalFactory(email="un-pro@example.org")
    company = CompanyFactory()
    sign_up_and_confirm("awa@ailleurs.example", company)

    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([moderator.email, second.email])


def test_a_rejected_professional_is_not_approved_again_by_a_confirmation(partner):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    user = ProfessionalFactory(
        email="awa@railfrance.fr",
        profile__company=partner,
        profile__status=ReviewStatus.REJECTED,
    )
    address = EmailAddress.objects.get(user=user)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    assert ProfessionalProfile.objects.get(user=user).status == ReviewStatus.REJECTED
    assert not ModerationLog.objects.exists()


# From a volunteer call's answer to a prefilled sign-up


@pytest.fixture
def call(home_page):
    index = VolunteerCallIndexPageFactory(parent=home_page)
    return VolunteerCallPageFactory(parent=index)


def answer(client, call, django_capture_on_commit_callbacks, **overrides):
    data = {
        "name": "Awa Diallo Traoré",
        "email": "awa@exemple.fr",
        "company": "Transports du Rhône",
        "message": "Disponible le samedi matin.",
        "homepage": "",
    }
    data.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(call.url, data)


def test_after_an_answer_the_call_page_offers_a_prefilled_signup_link(
    client, call, django_capture_on_commit_callbacks
):
    response = answer(client, call, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert VolunteerAnswer.objects.count() == 1

    page = client.get(call.url)
    text = page.content.decode()
    assert "Merci, votre réponse a bien été envoyée" in text.replace("&#x27;", "'")
    assert "Créer mon compte de bénévole" in text
    expected = "{}?{}".format(
        reverse("account_signup"),
        urlencode(
            {
                "email": "awa@exemple.fr",
                "first_name": "Awa",
                "last_name": "Diallo Traoré",
                "company": "Transports du Rhône",
            }
        ),
    )
    assert f'href="{expected.replace("&", "&amp;")}"' in text

    signup = client.get(expected)
    form = signup.context["form"]
    assert form["email"].value() == "awa@exemple.fr"
    assert form["first_name"].value() == "Awa"
    assert form["last_name"].value() == "Diallo Traoré"
    assert form["new_company"].value() == "Transports du Rhône"


def test_the_signup_link_is_shown_once_and_only_after_an_answer(
    client, call, django_capture_on_commit_callbacks
):
    assert "Créer mon compte de bénévole" not in client.get(call.url).content.decode()
    answer(client, call, django_capture_on_commit_callbacks)
    assert "Créer mon compte de bénévole" in client.get(call.url).content.decode()
    assert "Créer mon compte de bénévole" not in client.get(call.url).content.decode()


def test_a_one_word_name_and_no_company_leave_those_fields_empty(
    client, call, django_capture_on_commit_callbacks
):
    answer(client, call, django_capture_on_commit_callbacks, name="Awa", company="")
    text = client.get(call.url).content.decode()
    link = re.search(r'href="([^"]*compte[^"]*)"', text).group(1).replace("&amp;", "&")
    assert "first_name=Awa" in link
    assert "last_name" not in link and "company" not in link


def test_a_signed_in_member_answering_gets_no_signup_link(
    client, call, professional, django_capture_on_commit_callbacks
):
    client.force_login(professional)
    answer(client, call, django_capture_on_commit_callbacks)
    assert "Créer mon compte de bénévole" not in client.get(call.url).content.decode()
    assert User.objects.count() == 1
