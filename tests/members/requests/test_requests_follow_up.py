"""Three months after a completed coup de pouce, the young person (or their counsellor with
them) records what came of it on the request's page, once."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.enums import HelpKind, HelpRequestState, Outcome
from members.models import HelpRequest
from tests.members.factories import YoungPersonFactory

pytestmark = pytest.mark.usefixtures("home_page")


def completed(young, pro, *, asked=True, **fields) -> HelpRequest:
    now = timezone.now()
    return HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=young.structure,
        state=HelpRequestState.COMPLETED,
        kind=HelpKind.MOCK_INTERVIEW,
        hopes="Un entretien blanc pour un poste de peintre.",
        outcome=Outcome.ADVICE,
        sent_at=now - datetime.timedelta(days=110),
        completed_at=now - datetime.timedelta(days=100),
        follow_up_sent_at=now - datetime.timedelta(days=10) if asked else None,
        **fields,
    )


def detail_url(help_request) -> str:
    return reverse("members:request-detail", kwargs={"pk": help_request.pk})


def follow_up_url(help_request) -> str:
    return reverse("members:request-follow-up", kwargs={"pk": help_request.pk})


def post_outcome(client, help_request, outcome=Outcome.JOB, **kwargs):
    return client.post(follow_up_url(help_request), {"follow_up-outcome": outcome}, **kwargs)


def test_young_person_records_what_came_of_it(client, young_person, professional):
    help_request = completed(young_person, professional)
    client.force_login(young_person)
    page = client.get(detail_url(help_request))
    assert page.context["follow_up_form"] is not None
    assert follow_up_url(help_request) in page.content.decode()

    response = post_outcome(client, help_request, follow=True)

    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == Outcome.JOB
    body = response.content.decode()
    assert "Le résultat à trois mois est noté" in body
    assert "Résultat à trois mois" in body and "Un emploi" in body
    assert response.context["follow_up_form"] is None


def test_counsellor_of_the_structure_records_it_with_the_young_person(
    client, counsellor, young_person, professional
):
    help_request = completed(young_person, professional)
    client.force_login(counsellor)
    assert "Notez-le avec lui ou elle" in client.get(detail_url(help_request)).content.decode()

    response = post_outcome(client, help_request, Outcome.TRAINING)

    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == Outcome.TRAINING


def test_counsellor_of_another_structure_gets_404(
    client, other_structure_counsellor, young_person, professional
):
    help_request = completed(young_person, professional)
    client.force_login(other_structure_counsellor)

    assert post_outcome(client, help_request).status_code == 404
    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == ""


def test_another_young_person_gets_404(client, structure, young_person, professional):
    help_request = completed(young_person, professional)
    client.force_login(YoungPersonFactory(structure=structure))

    assert post_outcome(client, help_request).status_code == 404


def test_the_professional_does_not_record_it(client, young_person, professional):
    help_request = completed(young_person, professional)
    client.force_login(professional)

    assert client.get(detail_url(help_request)).context["follow_up_form"] is None
    assert post_outcome(client, help_request).status_code == 403


def test_nothing_to_record_before_the_question_is_asked(client, young_person, professional):
    help_request = completed(young_person, professional, asked=False)
    client.force_login(young_person)
    assert client.get(detail_url(help_request)).context["follow_up_form"] is None

    response = post_outcome(client, help_request, follow=True)

    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == ""
    assert "rien n’a été modifié" in response.content.decode()


def test_an_outcome_is_recorded_once(client, counsellor, young_person, professional):
    help_request = completed(young_person, professional)
    client.force_login(young_person)
    post_outcome(client, help_request, Outcome.JOB)
    client.force_login(counsellor)

    response = post_outcome(client, help_request, Outcome.OTHER, follow=True)

    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == Outcome.JOB
    assert "déjà noté" in response.content.decode()


def test_an_empty_choice_shows_the_form_again_with_a_clear_message(
    client, young_person, professional
):
    help_request = completed(young_person, professional)
    client.force_login(young_person)

    response = post_outcome(client, help_request, "")

    assert response.status_code == 200
    assert "Choisissez ce qui est sorti de ce coup de pouce" in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == ""


def test_an_unknown_outcome_is_refused(client, young_person, professional):
    help_request = completed(young_person, professional)
    client.force_login(young_person)

    response = post_outcome(client, help_request, "lottery")

    assert response.status_code == 200
    assert response.context["follow_up_form"].errors["outcome"]
    help_request.refresh_from_db()
    assert help_request.follow_up_outcome == ""


def test_the_follow_up_email_leads_to_the_form(
    client, young_person, professional, django_capture_on_commit_callbacks
):
    help_request = completed(young_person, professional, asked=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_request_reminders", stdout=io.StringIO())
    [email] = [m for m in mail.outbox if m.to == [young_person.email]]
    url = re.search(r"http://testserver(\S+)", email.body).group(1)
    client.force_login(young_person)

    response = client.get(url, follow=True)

    assert response.context["help_request"].pk == help_request.pk
    assert response.context["follow_up_form"] is not None
