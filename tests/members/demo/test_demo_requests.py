"""The demo's coup-de-pouce requests: every state, a believable history, loaded once."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import demo
from members.demo import requests as demo_requests
from members.enums import OPEN_REQUEST_STATES, HelpRequestState, Role
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    Message,
    Notification,
    ReadMarker,
    User,
)
from members.requests.workflow import TRANSITIONS
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.usefixtures("home_page")


@pytest.fixture
def demo_members(db):
    StructureFactory(name=demo.FIRST_STRUCTURE)
    StructureFactory(name=demo.SECOND_STRUCTURE)
    CompanyFactory(slug=demo.FIRST_COMPANY)
    CompanyFactory(slug=demo.SECOND_COMPANY)
    demo.load(None, None, io.StringIO())


def _counts():
    return (
        HelpRequest.objects.count(),
        HelpRequestTransition.objects.count(),
        Message.objects.count(),
        ReadMarker.objects.count(),
        Notification.objects.count(),
    )


def test_every_state_is_shown_between_the_demo_accounts(demo_members):
    states = set(HelpRequest.objects.values_list("state", flat=True))

    assert states == set(HelpRequestState.values)
    offer = HelpRequest.objects.get(offered_by_professional=True)
    assert offer.state == HelpRequestState.SENT and offer.young_person.young_profile.is_visible
    assert offer.transitions.first().actor == offer.professional
    demo_emails = {spec.email for spec in demo.MEMBERS}
    for help_request in HelpRequest.objects.select_related("young_person", "professional"):
        assert help_request.young_person.email in demo_emails
        assert help_request.professional.email in demo_emails
        assert help_request.structure_id == help_request.young_person.structure_id


def test_loading_twice_changes_nothing(demo_members):
    counts = _counts()
    states = list(HelpRequest.objects.order_by("pk").values_list("state", "updated_at"))
    out = io.StringIO()

    demo.load(None, None, out)

    assert _counts() == counts
    assert list(HelpRequest.objects.order_by("pk").values_list("state", "updated_at")) == states
    assert "demandes de coup de pouce" not in out.getvalue()


def test_a_request_moved_since_is_left_as_it_is(demo_members):
    accepted = HelpRequest.objects.get(state=HelpRequestState.ACCEPTED)
    HelpRequest.objects.filter(pk=accepted.pk).update(state=HelpRequestState.COMPLETED)

    demo.load(None, None, io.StringIO())

    assert HelpRequest.objects.filter(state=HelpRequestState.ACCEPTED).count() == 0


def test_building_the_demo_sends_no_email(demo_members):
    assert mail.outbox == []


def test_each_request_left_the_notification_of_its_last_step(demo_members):
    # Every last step but a withdrawal (nobody else is told) tells someone; each
    # notification is dated with its step.
    notified = Notification.objects.values_list("help_request", flat=True).distinct()
    told = HelpRequest.objects.exclude(state=HelpRequestState.WITHDRAWN)

    assert set(told.values_list("pk", flat=True)) <= set(notified)
    for notification in Notification.objects.select_related("help_request"):
        step = notification.help_request.transitions.order_by("-created_at").first()
        assert notification.created_at == step.created_at
        assert notification.emailed_at is not None
        assert notification.url.endswith(f"/{notification.help_request.pk}/")
    assert Notification.objects.filter(read_at=None).exists()


def test_each_request_has_a_consistent_dated_timeline(demo_members):
    now = timezone.now()
    for help_request in HelpRequest.objects.prefetch_related("transitions"):
        log = list(help_request.transitions.all())
        assert log, help_request
        assert log[0].from_state == HelpRequestState.DRAFT
        assert log[-1].to_state == help_request.state
        for before, after in zip(log, log[1:], strict=False):
            assert before.to_state == after.from_state
            assert before.created_at < after.created_at
        for step in log:
            assert help_request.created_at < step.created_at < now
            assert step.from_state in TRANSITIONS[step.name].sources
            assert (step.actor is None) == (step.name == "expire")
        assert help_request.updated_at >= log[-1].created_at


def test_requests_pass_through_the_counsellor_of_the_structure(demo_members):
    for step in HelpRequestTransition.objects.filter(name__in=["validate", "return", "close"]):
        assert step.actor.role == Role.COUNSELLOR
        assert step.actor.structure_id == step.request.structure_id
    minor = User.objects.get(email=demo_requests.LUCAS)
    assert minor.young_profile.is_minor
    for help_request in HelpRequest.objects.filter(young_person=minor):
        names = list(help_request.transitions.values_list("name", flat=True))
        assert names[0] == "submit"
        assert names[1:2] in ([], ["validate"], ["return"]), names
    awaiting = HelpRequest.objects.get(state=HelpRequestState.AWAITING_COUNSELLOR)
    assert awaiting.young_person == minor


def test_each_closed_state_carries_its_reason_or_outcome(demo_members):
    for completed in HelpRequest.objects.filter(state=HelpRequestState.COMPLETED):
        assert completed.outcome and completed.completed_at
        assert completed.young_feedback and completed.professional_feedback
    declined = HelpRequest.objects.get(state=HelpRequestState.DECLINED)
    assert declined.decline_reason and declined.decline_text and declined.answered_at
    closed = HelpRequest.objects.get(state=HelpRequestState.CLOSED)
    assert closed.close_reason
    assert closed.transitions.get(name="close").reason == closed.close_reason
    withdrawn = HelpRequest.objects.get(state=HelpRequestState.WITHDRAWN)
    assert withdrawn.transitions.get(name="withdraw").reason
    draft = HelpRequest.objects.get(state=HelpRequestState.DRAFT)
    assert draft.counsellor_comment  # returned to the young person with a comment
    expired = HelpRequest.objects.get(state=HelpRequestState.EXPIRED)
    assert expired.sent_at and not expired.answered_at


def test_the_accepted_request_has_a_conversation(demo_members):
    accepted = HelpRequest.objects.get(state=HelpRequestState.ACCEPTED)
    messages = list(accepted.messages.all())

    assert len(messages) >= 3
    assert {message.author_id for message in messages} == {
        accepted.young_person_id,
        accepted.professional_id,
    }
    assert accepted.last_message_at == messages[-1].created_at
    # The young person has not read the professional's last message yet.
    marker = ReadMarker.objects.get(request=accepted, user=accepted.young_person)
    assert marker.read_at < messages[-1].created_at
    for help_request in HelpRequest.objects.exclude(last_message_at=None):
        assert help_request.last_message_at == help_request.messages.last().created_at


def test_open_requests_leave_room_for_trying_the_demo(demo_members):
    open_pairs = list(
        HelpRequest.objects.filter(state__in=OPEN_REQUEST_STATES).values_list(
            "young_person__email", "professional__email"
        )
    )
    assert len(open_pairs) == len(set(open_pairs)) == 5
    # The browser tests open the request form from Inès to Thomas.
    assert (demo_requests.INES, demo_requests.THOMAS) not in open_pairs
    for profile in demo.ProfessionalProfile.objects.select_related("user"):
        assert profile.sent_this_month() < profile.monthly_capacity, profile.user.email


def test_the_demo_requests_pages_open_for_each_side(client, demo_members):
    for help_request in HelpRequest.objects.select_related("young_person", "professional"):
        url = reverse("members:request-detail", kwargs={"pk": help_request.pk})
        client.force_login(help_request.young_person)
        assert client.get(url).status_code == 200
        client.force_login(help_request.professional)
        expected = 404 if help_request.state in ("draft", "awaiting_counsellor") else 200
        assert client.get(url).status_code == expected, help_request.state
