"""Every member can report a message or a profile they can see; moderators are told
(DESIGN.md, "Minors and safety")."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import ReportReason
from members.models import Report
from tests.members.factories import (
    HelpRequestFactory,
    MessageFactory,
    ModeratorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(young_person, professional):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    return MessageFactory(
        request=help_request, author=professional, body="Donne-moi ton numéro perso."
    )


def report_url(message):
    return reverse("members:message-report", kwargs={"pk": message.pk})


def detail_url(message):
    return reverse("members:request-detail", kwargs={"pk": message.request_id})


# A message ---------------------------------------------------------------------------


def test_each_message_of_someone_else_has_a_report_link(client, message, young_person):
    own = MessageFactory(request=message.request, author=young_person, body="Non merci.")
    client.force_login(young_person)
    content = client.get(detail_url(message)).content.decode()
    assert report_url(message) in content
    assert report_url(own) not in content


def test_a_young_person_reports_a_message_and_moderators_are_told(
    client, message, young_person, moderator, django_capture_on_commit_callbacks
):
    client.force_login(young_person)
    page = client.get(report_url(message))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Donne-moi ton numéro perso." in content
    assert "Pourquoi signalez-vous ?" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(message), {"reason": ReportReason.CONTACT, "text": "Il insiste."}
        )
    assert response.headers["Location"] == detail_url(message)
    report = Report.objects.get()
    assert (report.reporter, report.message, report.reason, report.text) == (
        young_person,
        message,
        ReportReason.CONTACT,
        "Il insiste.",
    )
    assert report.reported_user is None
    assert "transmis à l’équipe de modération" in client.get(detail_url(message)).content.decode()
    # One email to the moderator, without the message or the reporter's words.
    assert [email.to for email in mail.outbox] == [[moderator.email]]
    assert "numéro perso" not in mail.outbox[0].body
    assert "insiste" not in mail.outbox[0].body


def test_a_second_report_of_the_same_message_says_it_is_already_reported(
    client, message, young_person
):
    client.force_login(young_person)
    client.post(report_url(message), {"reason": ReportReason.HARASSMENT})
    response = client.get(report_url(message))
    assert response.headers["Location"] == detail_url(message)
    assert "déjà signalé ce message" in client.get(detail_url(message)).content.decode()
    client.post(report_url(message), {"reason": ReportReason.SPAM})
    assert Report.objects.count() == 1


def test_nobody_reports_their_own_message(client, message, professional):
    client.force_login(professional)
    response = client.post(report_url(message), {"reason": ReportReason.SPAM})
    assert response.headers["Location"] == detail_url(message)
    assert "votre propre message" in client.get(detail_url(message)).content.decode()
    assert not Report.objects.exists()


def test_a_report_without_a_reason_keeps_the_text_and_says_what_is_missing(
    client, message, counsellor
):
    client.force_login(counsellor)
    response = client.post(report_url(message), {"text": "Propos déplacés envers une mineure"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choisissez un motif." in content
    assert "Propos déplacés envers une mineure" in content
    assert not Report.objects.exists()


def test_the_reported_message_is_shown_masked_as_on_the_request_page(
    client, structure, professional
):
    from tests.members.factories import birth_date_for_age

    minor = YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(15))
    help_request = HelpRequestFactory(young_person=minor, professional=professional)
    message = MessageFactory(request=help_request, author=professional, body="Appelle 0612345678")
    client.force_login(minor)
    content = client.get(report_url(message)).content.decode()
    assert "0612345678" not in content
    assert "[coordonnées masquées]" in content


# A profile ---------------------------------------------------------------------------


def member_report_url(user):
    return reverse("members:member-report", kwargs={"user_pk": user.pk})


def test_a_professionals_page_has_a_report_link_but_not_for_themselves(
    client, young_person, professional
):
    page = reverse("members:professional", kwargs={"pk": professional.pro_profile.pk})
    client.force_login(young_person)
    assert member_report_url(professional) in client.get(page).content.decode()
    client.force_login(professional)
    assert member_report_url(professional) not in client.get(page).content.decode()


def test_a_young_person_reports_a_professionals_profile(
    client, young_person, professional, moderator, django_capture_on_commit_callbacks
):
    client.force_login(young_person)
    assert client.get(member_report_url(professional)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            member_report_url(professional), {"reason": ReportReason.INAPPROPRIATE}
        )
    assert response.headers["Location"] == reverse(
        "members:professional", kwargs={"pk": professional.pro_profile.pk}
    )
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.message) == (
        young_person,
        professional,
        None,
    )
    assert len(mail.outbox) == 1
    # While it is open, a second report says it is already there.
    client.post(member_report_url(professional), {"reason": ReportReason.SPAM})
    assert Report.objects.count() == 1


def test_an_approved_professional_reports_a_visible_young_person(
    client, young_person, professional
):
    young_person.young_profile.is_visible = True
    young_person.young_profile.save()
    profile_page = reverse(
        "members:young-limited-profile", kwargs={"pk": young_person.young_profile.pk}
    )
    client.force_login(professional)
    assert member_report_url(young_person) in client.get(profile_page).content.decode()
    response = client.post(member_report_url(young_person), {"reason": ReportReason.OTHER})
    assert response.headers["Location"] == profile_page
    assert Report.objects.get().reported_user == young_person


def test_only_a_profile_one_can_see_can_be_reported(
    client, young_person, professional, pending_professional, other_structure_counsellor
):
    hidden_young = YoungPersonFactory()  # not visible
    client.force_login(professional)
    assert client.get(member_report_url(hidden_young)).status_code == 404
    # A pending professional sees no young person, nor is listed in the directory.
    young_person.young_profile.is_visible = True
    young_person.young_profile.save()
    client.force_login(pending_professional)
    assert client.get(member_report_url(young_person)).status_code == 404
    client.force_login(young_person)
    assert client.get(member_report_url(pending_professional)).status_code == 404
    # A counsellor of another structure does not see this structure's young people.
    client.force_login(other_structure_counsellor)
    assert client.get(member_report_url(young_person)).status_code == 404
    # Staff without a member profile are not reportable here.
    client.force_login(young_person)
    assert client.get(member_report_url(ModeratorFactory())).status_code == 404
    assert client.get(member_report_url(ProfessionalFactory(is_active=False))).status_code == 404
    assert not Report.objects.exists()
