"""Each event of a request emails the people who must act, once, in their language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from members.requests import services

pytestmark = pytest.mark.django_db

S = HelpRequestState


@pytest.fixture
def people(request_people):
    return request_people


def make(people, state, young="young"):
    return HelpRequest.objects.create(
        young_person=people[young],
        professional=people["pro"],
        structure=people[young].structure,
        state=state,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Pouvez-vous relire mon CV d’électricienne ?",
    )


def url_in(help_request, language):
    """The request's address in ``language``: the email was written in that language."""
    with translation.override(language):
        return "http://testserver" + reverse(
            "members:request-detail", kwargs={"pk": help_request.pk}
        )


def fire(capture, help_request, name, actor, **data):
    with capture(execute=True):
        services.transition(help_request.pk, name, actor, **data)
    return {message.to[0]: message for message in mail.outbox}


def test_a_sent_request_emails_the_professional_in_english(
    people, django_capture_on_commit_callbacks
):
    help_request = make(people, S.DRAFT)
    sent = fire(django_capture_on_commit_callbacks, help_request, "submit", people["young"])
    assert list(sent) == ["pro@example.org"]
    assert len(mail.outbox) == 1
    assert url_in(help_request, "en") in sent["pro@example.org"].body


def test_a_minors_request_emails_every_counsellor_of_the_structure_once(
    people, django_capture_on_commit_callbacks
):
    help_request = make(people, S.DRAFT, young="minor")
    sent = fire(django_capture_on_commit_callbacks, help_request, "submit", people["minor"])
    assert sorted(sent) == ["c1@example.org", "c2@example.org"]
    assert len(mail.outbox) == 2
    assert "validation" in sent["c2@example.org"].subject
    assert url_in(help_request, "fr") in sent["c2@example.org"].body
    assert url_in(help_request, "en") in sent["c1@example.org"].body


def test_validation_emails_the_professional(people, django_capture_on_commit_callbacks):
    help_request = make(people, S.AWAITING_COUNSELLOR, young="minor")
    sent = fire(django_capture_on_commit_callbacks, help_request, "validate", people["colleague"])
    assert list(sent) == ["pro@example.org"]


@pytest.mark.parametrize(
    ("name", "state", "actor", "data", "words"),
    [
        ("accept", S.SENT, "pro", {}, "acceptée"),
        ("decline", S.SENT, "pro", {"reason": "no_time"}, "Pas le temps en ce moment"),
        ("return", S.AWAITING_COUNSELLOR, "counsellor", {"comment": "Ajoute tes dates."}, "dates"),
        ("close", S.DRAFT, "moderator", {"reason": "Doublon."}, "Doublon."),
        # The alternatives come in an email of their own (reminder_alternatives).
        ("expire", S.SENT, None, {}, "à qui d’autre demander"),
    ],
)
def test_the_young_person_learns_the_answer_in_french(
    people, django_capture_on_commit_callbacks, name, state, actor, data, words
):
    help_request = make(people, state)
    sent = fire(
        django_capture_on_commit_callbacks,
        help_request,
        name,
        people[actor] if actor else None,
        **data,
    )
    assert list(sent) == ["ines@example.org"]
    message = sent["ines@example.org"]
    assert words in message.subject + message.body
    assert url_in(help_request, "fr") in message.body


def test_closing_an_accepted_request_tells_both_sides(people, django_capture_on_commit_callbacks):
    help_request = make(people, S.ACCEPTED)
    sent = fire(
        django_capture_on_commit_callbacks,
        help_request,
        "close",
        people["counsellor"],
        reason="Échange inadapté.",
    )
    assert sorted(sent) == ["ines@example.org", "pro@example.org"]
    assert url_in(help_request, "en") in sent["pro@example.org"].body


def test_completion_asks_the_other_side_for_feedback(people, django_capture_on_commit_callbacks):
    help_request = make(people, S.ACCEPTED)
    sent = fire(
        django_capture_on_commit_callbacks,
        help_request,
        "complete",
        people["young"],
        outcome="interview",
    )
    assert list(sent) == ["pro@example.org"]


def test_withdrawing_emails_nobody(people, django_capture_on_commit_callbacks):
    help_request = make(people, S.SENT)
    assert fire(django_capture_on_commit_callbacks, help_request, "withdraw", people["young"]) == {}


def test_a_refused_transition_sends_nothing(people, django_capture_on_commit_callbacks):
    help_request = make(people, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.RequestError):
        services.transition(help_request.pk, "accept", people["pro"])
    assert mail.outbox == []
