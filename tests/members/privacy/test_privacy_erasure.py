"""Erasure (issue 13, point 8): no row names a member who deleted their account, the other
side keeps a history with "Membre supprimé" and cannot write on, and the export holds
every kind of data the platform keeps about the person."""

import json
import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.db.models import CharField, JSONField, Q, TextField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.conversations import reports
from members.conversations import services as conversation
from members.enums import ConsentDocument, HelpRequestState, InvitationKind, ReportReason
from members.models import (
    Consent,
    HelpRequest,
    HelpRequestTransition,
    Invitation,
    Message,
    Notification,
    Report,
    YoungPersonProfile,
)
from members.privacy.erasure import delete_member
from members.requests import services as workflow
from network.models import VolunteerAnswer
from outbox.models import OutboxEmail
from tests.members.factories import (
    PASSWORD,
    HelpRequestFactory,
    InvitationFactory,
    MessageFactory,
    ProfessionalFactory,
    ReferentFactory,
    UserFactory,
    YoungPersonFactory,
    with_totp,
)

pytestmark = pytest.mark.usefixtures("home_page")

FIRST, LAST, EMAIL = "Zéphyrine", "Quillebeuf", "zephyrine.q@example.org"
PRO_FIRST, PRO_LAST, PRO_EMAIL = "Anatole", "Vermandois", "anatole.v@example.org"
GOODBYE = "members/privacy_account_deleted"


def rows_naming(*needles: str) -> list[tuple[str, str, object]]:
    """(model, field, pk) of every row of every installed model whose text holds a needle."""
    tables = set(connection.introspection.table_names())
    hits = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        for field in meta.concrete_fields:
            if not isinstance(field, CharField | TextField | JSONField):
                continue
            query = Q()
            for needle in needles:
                query |= Q(**{f"{field.attname}__icontains": needle})
            for pk in model._base_manager.filter(query).values_list("pk", flat=True):
                hits.append((meta.label, field.name, pk))
    return hits


def goodbye_emails(address: str) -> list[int]:
    return list(
        OutboxEmail.objects.filter(kind=GOODBYE, to__icontains=address).values_list("pk", flat=True)
    )


@pytest.fixture
def zephyrine(structure, counsellor):
    """A young person with a trace in every table that can name her."""
    structure.requires_validation = False
    structure.save()
    young = YoungPersonFactory(
        structure=structure,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        profile__counsellor=counsellor,
    )
    InvitationFactory(
        structure=structure,
        invited_by=counsellor,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        accepted_at=timezone.now(),
        accepted_by=young,
    )
    Consent.record(young, ConsentDocument.TERMS)
    now = timezone.now()
    AccessLog.objects.create(
        username=EMAIL, ip_address="203.0.113.5", user_agent="Firefox", attempt_time=now
    )
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="203.0.113.5",
        user_agent="Firefox",
        get_data="",
        post_data=f"login={EMAIL}",
        http_accept="text/html",
        path_info="/comptes/connexion/",
        failures_since_start=1,
        attempt_time=now,
    )
    AccessFailureLog.objects.create(
        username=EMAIL, ip_address="203.0.113.5", user_agent="Firefox", attempt_time=now
    )
    VolunteerAnswer.objects.create(
        call_translation_key=uuid.uuid4(),
        name=f"{FIRST} {LAST}",
        email=EMAIL,
        message=f"Je m’appelle {FIRST}.",
    )
    return young


@pytest.fixture
def anatole(db):
    return ProfessionalFactory(
        email=PRO_EMAIL,
        first_name=PRO_FIRST,
        last_name=PRO_LAST,
        profile__monthly_capacity=20,
    )


def conversation_between(young, pro, counsellor, *, state=HelpRequestState.ACCEPTED):
    """An accepted request with a message from each of the three, through the services
    (so with their notifications and emails)."""
    help_request = HelpRequestFactory(
        young_person=young,
        professional=pro,
        state=HelpRequestState.ACCEPTED,
        hopes=f"Je suis {young.first_name}, je voudrais devenir électricienne.",
        availability="Le mardi",
    )
    conversation.post(young, help_request, f"Bonjour, ici {young.get_full_name()}.")
    conversation.post(pro, help_request, f"Bonjour {young.first_name}, à mardi !")
    conversation.post(counsellor, help_request, f"Je suis {counsellor.first_name}, sa conseillère.")
    if state != HelpRequestState.ACCEPTED:
        HelpRequest.objects.filter(pk=help_request.pk).update(state=state)
    return help_request


# --- erasure -------------------------------------------------------------------------------
def test_no_row_names_a_young_person_after_she_deleted_her_account(
    client, zephyrine, anatole, counsellor, moderator, django_capture_on_commit_callbacks
):
    help_request = conversation_between(zephyrine, anatole, counsellor)
    done = HelpRequestFactory(
        young_person=zephyrine,
        state=HelpRequestState.COMPLETED,
        outcome="internship",
        young_feedback=f"Merci ! {FIRST}",
    )
    pro_message = Message.objects.get(request=help_request, author=anatole)
    reports.report_message(zephyrine, pro_message, ReportReason.OTHER, f"{FIRST} ici")
    other_browser = Client()
    other_browser.force_login(zephyrine)
    assert rows_naming(EMAIL, FIRST, LAST)  # the scenario does name her
    client.force_login(zephyrine)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    # Only the goodbye email, until it is sent and pruned with the others.
    assert rows_naming(EMAIL, FIRST, LAST) == [
        ("outbox.OutboxEmail", field, pk)
        for pk in goodbye_emails(EMAIL)
        for field in ("to", "body", "html_body")
    ]
    assert not Session.objects.filter(session_key=other_browser.session.session_key).exists()
    # The figures still count what she did.
    assert HelpRequest.objects.filter(pk=done.pk, state=HelpRequestState.COMPLETED).exists()
    assert HelpRequest.objects.get(pk=done.pk).outcome == "internship"
    assert Message.objects.filter(request=help_request).count() == 3
    assert Report.objects.filter(message=pro_message, reporter=None).exists()


def test_the_other_side_sees_a_former_member_and_cannot_write_any_more(
    client, zephyrine, anatole, counsellor, django_capture_on_commit_callbacks
):
    help_request = conversation_between(zephyrine, anatole, counsellor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(zephyrine)

    help_request.refresh_from_db()
    assert help_request.state == HelpRequestState.CLOSED
    assert help_request.young_person is None and help_request.hopes == ""
    step = HelpRequestTransition.objects.filter(request=help_request).latest("pk")
    assert (step.name, step.to_state, step.actor) == ("leave", HelpRequestState.CLOSED, None)
    told = Notification.objects.get(recipient=anatole, event="request_member_left")
    assert "supprimé son compte" in told.text
    assert [m.to for m in mail.outbox if "supprimé son compte" in m.subject] == [[PRO_EMAIL]]

    client.force_login(anatole)
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Membre supprimé" in body
    assert "Message effacé avec le compte de son auteur·rice" in body
    assert "à mardi" in body  # his own message stays
    assert FIRST not in body and LAST not in body

    response = client.post(
        reverse("members:request-message", kwargs={"pk": help_request.pk}),
        {"body": "Vous êtes encore là ?"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Message.objects.filter(body="Vous êtes encore là ?").exists()
    with pytest.raises(conversation.MessageError, match="supprimé son compte"):
        conversation.post(anatole, HelpRequest.objects.get(pk=help_request.pk), "Allô ?")


def test_a_professional_who_leaves_closes_his_open_requests_and_the_young_person_is_told(
    zephyrine, anatole, django_capture_on_commit_callbacks
):
    sent = HelpRequestFactory(young_person=zephyrine, professional=anatole, state="sent")
    draft = HelpRequestFactory(young_person=zephyrine, professional=ProfessionalFactory())
    HelpRequest.objects.filter(pk=draft.pk).update(state=HelpRequestState.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(anatole)

    sent.refresh_from_db()
    assert sent.state == HelpRequestState.CLOSED and sent.professional is None
    assert Notification.objects.filter(recipient=zephyrine, event="request_member_left").exists()
    assert HelpRequest.objects.get(pk=draft.pk).state == HelpRequestState.DRAFT  # not his
    assert rows_naming(PRO_EMAIL, PRO_FIRST, PRO_LAST) == [
        ("outbox.OutboxEmail", field, pk)
        for pk in goodbye_emails(PRO_EMAIL)
        for field in ("to", "body", "html_body")
    ]


def test_a_counsellor_who_leaves_leaves_her_young_people_with_the_structure(
    client, zephyrine, anatole, counsellor, structure, django_capture_on_commit_callbacks
):
    counsellor.first_name, counsellor.last_name = "Philomène", "Desrosiers"
    counsellor.save()
    referent = ReferentFactory(structure=structure, email="referente@example.org")
    help_request = conversation_between(zephyrine, anatole, counsellor)
    HelpRequest.objects.filter(pk=help_request.pk).update(
        counsellor_comment=f"Validé par {counsellor.get_full_name()}"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(counsellor)

    profile = YoungPersonProfile.objects.get(user=zephyrine)
    assert profile.counsellor is None
    assert profile.user.structure == structure
    # Her young person's request goes on: it was not hers.
    assert HelpRequest.objects.get(pk=help_request.pk).state == HelpRequestState.ACCEPTED
    to_referent = [m for m in mail.outbox if m.to == [referent.email]]
    assert len(to_referent) == 1 and "1 jeune" in to_referent[0].body
    client.force_login(referent)
    page = client.get(reverse("members:young-people")).content.decode()
    assert FIRST in page
    assert rows_naming(counsellor.email, counsellor.first_name, counsellor.last_name) == [
        ("outbox.OutboxEmail", field, pk)
        for pk in goodbye_emails(counsellor.email)
        for field in ("to", "body", "html_body")
    ]


def test_a_message_under_an_open_report_keeps_its_text_for_the_moderators(
    zephyrine, anatole, counsellor, moderator, django_capture_on_commit_callbacks
):
    help_request = conversation_between(zephyrine, anatole, counsellor)
    hers = Message.objects.get(request=help_request, author=zephyrine)
    reports.report_message(anatole, hers, ReportReason.HARASSMENT)

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(zephyrine)

    hers.refresh_from_db()
    assert hers.author is None and hers.body == "Bonjour, ici [ancien·ne membre]."
    assert Report.objects.filter(message=hers, resolved_at=None).exists()


# --- export --------------------------------------------------------------------------------
def test_export_holds_every_kind_of_data_kept_about_me(
    client, zephyrine, anatole, counsellor, moderator
):
    help_request = conversation_between(zephyrine, anatole, counsellor)
    pro_message = Message.objects.get(request=help_request, author=anatole)
    reports.report_message(zephyrine, pro_message, ReportReason.OTHER, "Bizarre")
    workflow.transition(help_request.pk, "complete", zephyrine, outcome="advice", feedback="Top")
    client.force_login(zephyrine)

    data = client.get(reverse("members:data-export")).json()

    assert data["account"]["email"] == EMAIL
    assert data["consents"][0]["document"] == ConsentDocument.TERMS
    [received] = data["invitations_received"]
    assert received["kind"] == InvitationKind.YOUNG_PERSON and received["birth_date"]
    [mine] = data["requests"]
    assert mine["state"] == HelpRequestState.COMPLETED and mine["my_side"] == "young_person"
    assert mine["other_member"] == f"{PRO_FIRST} {PRO_LAST}"
    assert [m["author"] for m in mine["messages"]][0] == "me"
    assert "à mardi" in json.dumps(mine["messages"], ensure_ascii=False)
    assert [step["action"] for step in mine["timeline"]] == ["complete"]
    assert [row["action"] for row in data["request_actions"]] == ["complete"]
    assert {row["event"] for row in data["notifications"]} == {"request_message"}
    assert [(r["reason"], r["text"]) for r in data["reports_made"]] == [("other", "Bizarre")]
    assert [row["ip_address"] for row in data["sign_ins"]["sign_ins"]] == ["203.0.113.5"]
    assert len(data["sign_ins"]["failed_attempts"]) == 1
    assert [row["name"] for row in data["volunteer_call_answers"]] == [f"{FIRST} {LAST}"]


def test_export_does_not_hold_reports_others_made_about_me(client, zephyrine, anatole):
    reports.report_member(anatole, zephyrine, ReportReason.SPAM, "Texte d’Anatole")
    client.force_login(zephyrine)

    raw = client.get(reverse("members:data-export")).content.decode()

    assert "Texte d’Anatole" not in raw and PRO_EMAIL not in raw


# --- invitations to the same address ---------------------------------------------------------
def test_pending_invitations_to_the_address_go_too(zephyrine, other_structure):
    InvitationFactory(structure=other_structure, email=EMAIL.upper(), first_name=FIRST)

    delete_member(zephyrine)

    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()


def test_answers_to_volunteer_calls_keep_counting_once(zephyrine):
    key = uuid.uuid4()
    VolunteerAnswer.objects.create(call_translation_key=key, name=FIRST, email=EMAIL, message=".")

    delete_member(zephyrine)

    assert VolunteerAnswer.objects.values("email").distinct().count() == 1
    assert not VolunteerAnswer.objects.filter(email=EMAIL).exists()


def test_other_peoples_messages_stay_as_written_when_they_do_not_name_her(zephyrine, anatole):
    help_request = HelpRequestFactory(young_person=zephyrine, professional=anatole)
    message = MessageFactory(request=help_request, author=anatole, body="Salut, à demain")

    delete_member(zephyrine)

    message.refresh_from_db()
    assert (message.author, message.body) == (anatole, "Salut, à demain")


def test_nobody_is_told_of_an_offer_that_had_not_reached_them(
    zephyrine, anatole, django_capture_on_commit_callbacks
):
    offer = HelpRequestFactory(
        young_person=zephyrine, professional=anatole, offered_by_professional=True
    )
    HelpRequest.objects.filter(pk=offer.pk).update(state=HelpRequestState.AWAITING_COUNSELLOR)

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(anatole)

    assert HelpRequest.objects.get(pk=offer.pk).state == HelpRequestState.CLOSED
    assert not Notification.objects.filter(recipient=zephyrine).exists()


def test_a_referent_leaves_her_structure_without_her_name_and_others_keep_theirs(
    structure, other_structure
):
    referent = ReferentFactory(
        structure=structure, email="ondine@example.org", first_name="Ondine", last_name="Ferrat"
    )
    structure.referent_name, structure.referent_email = "Ondine Ferrat", "ONDINE@example.org"
    structure.save()
    other_structure.referent_name = "Ondine Martin"
    other_structure.save()

    delete_member(referent)

    structure.refresh_from_db()
    other_structure.refresh_from_db()
    assert (structure.referent_name, structure.referent_email) == ("", "")
    assert other_structure.referent_name == "Ondine Martin"


def test_deleting_an_account_in_the_wagtail_admin_is_the_same_erasure(
    client, zephyrine, anatole, counsellor, django_capture_on_commit_callbacks
):
    help_request = conversation_between(zephyrine, anatole, counsellor)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    with_totp(admin)
    client.force_login(admin)
    delete_url = reverse("wagtailusers_users:delete", args=[zephyrine.pk])
    assert client.get(delete_url).status_code == 200  # the confirmation page, unchanged

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)

    assert response.status_code == 302
    assert rows_naming(EMAIL, FIRST, LAST) == [
        ("outbox.OutboxEmail", field, pk)
        for pk in goodbye_emails(EMAIL)
        for field in ("to", "body", "html_body")
    ]
    help_request.refresh_from_db()
    assert help_request.state == HelpRequestState.CLOSED
