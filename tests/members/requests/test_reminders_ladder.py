"""The escalation ladder of an unanswered request: day 3, day 7, day 10, day 14."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, HelpRequestTransition
from members.requests import reminders
from members.requests.services import alternatives_for
from tests.members.factories import (
    CounsellorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    sector,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState


@pytest.fixture
def people(structure, other_structure):
    return {
        "young": YoungPersonFactory(
            structure=structure, email="ines@example.org", first_name="Ines"
        ),
        # The professional reads English, so does the first counsellor.
        "pro": ProfessionalFactory(
            email="pro@example.org", language="en", profile__monthly_capacity=20
        ),
        "counsellor": CounsellorFactory(structure=structure, email="c1@example.org", language="en"),
        "colleague": CounsellorFactory(structure=structure, email="c2@example.org"),
        "gone": CounsellorFactory(structure=structure, email="gone@example.org", is_active=False),
        "elsewhere": CounsellorFactory(structure=other_structure, email="c3@example.org"),
    }


def sent(people, days, hours=0, level=0, young=None, **fields):
    """A request sent ``days`` (and ``hours``) ago, nobody answered."""
    young = young or people["young"]
    return HelpRequest.objects.create(
        young_person=young,
        professional=fields.pop("professional", people["pro"]),
        structure=young.structure,
        state=S.SENT,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Pouvez-vous me parler du métier d’électricienne ?",
        sent_at=timezone.now() - datetime.timedelta(days=days, hours=hours),
        reminder_level=level,
        **fields,
    )


def run(capture) -> dict[str, list]:
    """Run the command as the scheduler does; the emails sent, by recipient."""
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_request_reminders", stdout=io.StringIO())
    by_recipient: dict[str, list] = {}
    for message in mail.outbox:
        for address in message.to:
            by_recipient.setdefault(address, []).append(message)
    return by_recipient


def url_in(help_request, language):
    with translation.override(language):
        return "http://testserver" + reverse(
            "members:request-detail", kwargs={"pk": help_request.pk}
        )


def level_of(help_request):
    help_request.refresh_from_db()
    return help_request.reminder_level


def test_nothing_is_sent_before_day_3(people, django_capture_on_commit_callbacks):
    help_request = sent(people, days=2, hours=23)
    assert run(django_capture_on_commit_callbacks) == {}
    assert level_of(help_request) == 0


def test_day_3_reminds_the_professional_in_their_language(
    people, django_capture_on_commit_callbacks
):
    help_request = sent(people, days=3, hours=1)
    emails = run(django_capture_on_commit_callbacks)
    assert list(emails) == ["pro@example.org"]
    assert url_in(help_request, "en") in emails["pro@example.org"][0].body
    assert "Ines" in emails["pro@example.org"][0].subject
    assert level_of(help_request) == 1


def test_day_7_sends_the_second_reminder(people, django_capture_on_commit_callbacks):
    help_request = sent(people, days=7, hours=1, level=1)
    emails = run(django_capture_on_commit_callbacks)
    assert list(emails) == ["pro@example.org"]
    assert level_of(help_request) == 2


def test_day_6_after_the_first_reminder_sends_nothing(people, django_capture_on_commit_callbacks):
    help_request = sent(people, days=6, hours=23, level=1)
    assert run(django_capture_on_commit_callbacks) == {}
    assert level_of(help_request) == 1


def test_day_10_alerts_the_active_counsellors_of_the_structure_only(
    people, django_capture_on_commit_callbacks
):
    help_request = sent(people, days=10, hours=1, level=2)
    emails = run(django_capture_on_commit_callbacks)
    assert sorted(emails) == ["c1@example.org", "c2@example.org"]
    assert url_in(help_request, "en") in emails["c1@example.org"][0].body
    assert url_in(help_request, "fr") in emails["c2@example.org"][0].body
    assert level_of(help_request) == 3


def test_a_request_of_another_structure_alerts_its_own_counsellors(
    people, other_structure, django_capture_on_commit_callbacks
):
    young = YoungPersonFactory(structure=other_structure, email="lyon@example.org")
    sent(people, days=11, level=2, young=young)
    emails = run(django_capture_on_commit_callbacks)
    assert list(emails) == ["c3@example.org"]


def test_day_14_expires_and_suggests_three_other_professionals(
    people, django_capture_on_commit_callbacks
):
    people["pro"].first_name, people["pro"].last_name = "Zoé", "Silence"
    people["pro"].save()
    others = [
        ProfessionalFactory(first_name=name, last_name="Martin", profile__monthly_capacity=5)
        for name in ("Awa", "Bruno", "Chloé", "Dalia")
    ]
    help_request = sent(people, days=14, hours=1, level=3)
    emails = run(django_capture_on_commit_callbacks)
    help_request.refresh_from_db()
    assert help_request.state == S.EXPIRED
    transition = HelpRequestTransition.objects.get(request=help_request)
    assert (transition.name, transition.actor) == ("expire", None)
    assert list(emails) == ["ines@example.org"]
    # The workflow's expiry email, then the three alternatives.
    assert len(emails["ines@example.org"]) == 2
    suggestion = emails["ines@example.org"][1].body
    assert sum(f"{p.first_name} Martin" in suggestion for p in others) == 3
    # The professional who did not answer has the most room left, and is never suggested.
    assert people["pro"].get_full_name() not in suggestion
    # The same three as the request's page, in its order (ranked by fit, then room).
    with translation.override("fr"):
        links = [
            reverse("members:professional", kwargs={"pk": s.professional_profile.pk})
            for s in alternatives_for(help_request)
        ]
    assert len(links) == 3
    assert [suggestion.index(link) for link in links] == sorted(
        suggestion.index(link) for link in links
    )


def test_a_request_the_professional_answered_is_left_alone(
    people, django_capture_on_commit_callbacks
):
    help_request = sent(people, days=20)
    HelpRequest.objects.filter(pk=help_request.pk).update(state=S.ACCEPTED)
    assert run(django_capture_on_commit_callbacks) == {}
    help_request.refresh_from_db()
    assert (help_request.state, help_request.reminder_level) == (S.ACCEPTED, 0)


def test_running_twice_sends_nothing_twice(people, django_capture_on_commit_callbacks):
    ProfessionalFactory(profile__monthly_capacity=5)
    young = [YoungPersonFactory(structure=people["young"].structure) for _ in range(4)]
    for person, (days, level) in zip(young, [(3, 0), (7, 1), (10, 2), (14, 3)], strict=True):
        sent(people, days=days, hours=1, level=level, young=person)
    first = run(django_capture_on_commit_callbacks)
    assert sum(len(messages) for messages in first.values()) == 1 + 1 + 2 + 2
    assert run(django_capture_on_commit_callbacks) == {}


def test_every_step_is_sent_once_along_the_whole_ladder(people, django_capture_on_commit_callbacks):
    ProfessionalFactory(profile__monthly_capacity=5)
    help_request = sent(people, days=0)
    received = []
    for day in range(16):
        HelpRequest.objects.filter(pk=help_request.pk).update(
            sent_at=timezone.now() - datetime.timedelta(days=day, hours=1)
        )
        for _ in range(2):  # the scheduler runs it twice a day
            received += sorted(run(django_capture_on_commit_callbacks))
    assert received == [
        "pro@example.org",  # day 3
        "pro@example.org",  # day 7
        "c1@example.org",  # day 10
        "c2@example.org",
        "ines@example.org",  # day 14: expired, and three alternatives
    ]


def test_a_skipped_week_sends_only_the_highest_step(people, django_capture_on_commit_callbacks):
    second = sent(people, days=8)
    emails = run(django_capture_on_commit_callbacks)
    assert list(emails) == ["pro@example.org"]
    assert len(emails["pro@example.org"]) == 1
    assert level_of(second) == 2


def test_a_request_not_seen_for_ten_days_alerts_the_counsellors_only(
    people, django_capture_on_commit_callbacks
):
    help_request = sent(people, days=11)
    emails = run(django_capture_on_commit_callbacks)
    assert sorted(emails) == ["c1@example.org", "c2@example.org"]
    assert level_of(help_request) == 3


def test_a_request_not_seen_for_two_weeks_only_expires(people, django_capture_on_commit_callbacks):
    help_request = sent(people, days=15)
    emails = run(django_capture_on_commit_callbacks)
    assert list(emails) == ["ines@example.org"]
    help_request.refresh_from_db()
    assert (help_request.state, help_request.reminder_level) == (S.EXPIRED, 0)


def test_a_step_claimed_by_another_run_is_not_sent_again(people):
    help_request = sent(people, days=3)
    assert reminders._claim_level(help_request, 1)
    assert not reminders._claim_level(help_request, 1)


def test_a_request_sent_again_meanwhile_is_not_claimed_with_its_old_date(people):
    help_request = sent(people, days=3)
    HelpRequest.objects.filter(pk=help_request.pk).update(sent_at=timezone.now())
    assert not reminders._claim_level(help_request, 1)


def test_an_offer_reminds_the_young_person_who_must_answer(
    people, django_capture_on_commit_callbacks
):
    sent(people, days=3, offered_by_professional=True)
    assert list(run(django_capture_on_commit_callbacks)) == ["ines@example.org"]


def test_a_deleted_professional_does_not_crash_the_ladder(
    people, django_capture_on_commit_callbacks
):
    structure = people["young"].structure
    requests = [
        sent(people, days=days, hours=1, young=YoungPersonFactory(structure=structure))
        for days in (3, 7, 10, 14)
    ]
    people["pro"].delete()
    emails = run(django_capture_on_commit_callbacks)
    assert "pro@example.org" not in emails
    assert [level_of(r) for r in requests[:3]] == [1, 2, 3]
    requests[3].refresh_from_db()
    assert requests[3].state == S.EXPIRED


def test_the_settings_choose_the_days(people, settings, django_capture_on_commit_callbacks):
    settings.REQUEST_ESCALATION = {**settings.REQUEST_ESCALATION, "first_reminder_days": 1}
    help_request = sent(people, days=1, hours=1)
    assert list(run(django_capture_on_commit_callbacks)) == ["pro@example.org"]
    assert level_of(help_request) == 1


def count_queries(capture) -> int:
    with CaptureQueriesContext(connection) as queries, capture(execute=False):
        call_command("send_request_reminders", stdout=io.StringIO())
    return len(queries)


def test_each_more_request_costs_one_claim_and_one_notification_per_person_told(
    people, structure, django_capture_on_commit_callbacks
):
    def batch(n):
        HelpRequest.objects.all().delete()
        for _ in range(n):
            sent(people, days=3, hours=1, young=YoungPersonFactory(structure=structure))
            sent(people, days=7, hours=1, level=1, young=YoungPersonFactory(structure=structure))
            sent(people, days=10, hours=1, level=2, young=YoungPersonFactory(structure=structure))
        return count_queries(django_capture_on_commit_callbacks)

    # Each of the three more triples: three claims, and one in-app notification written per
    # person told (the professional at day 3 and day 7, the two active counsellors at day 10).
    assert batch(6) - batch(3) == 3 * (3 + 4)


def test_the_command_prints_one_line_per_step(people, django_capture_on_commit_callbacks):
    sent(people, days=3, hours=1)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_request_reminders", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert "Relance 1 (jour 3) : 1 demande(s), 1 email(s)" in lines


def test_the_expiry_email_gives_each_alternative_its_reason(
    people, django_capture_on_commit_callbacks
):
    ProfessionalFactory(first_name="Awa", last_name="Martin", profile__monthly_capacity=5)
    sent(people, days=14, hours=1, level=3)
    suggestion = run(django_capture_on_commit_callbacks)["ines@example.org"][1]
    assert "Awa Martin" in suggestion.body
    assert "Même secteur que votre projet" in suggestion.body
    # One fits where three were wanted: the way to ask the counsellor.
    assert "Demander de l’aide à mon conseiller·ère" in suggestion.body
    assert "Trois" not in suggestion.subject


def test_three_alternatives_need_no_counsellor(people, django_capture_on_commit_callbacks):
    for name in ("Awa", "Bruno", "Chloé"):
        ProfessionalFactory(first_name=name, profile__monthly_capacity=5)
    sent(people, days=14, hours=1, level=3)
    suggestion = run(django_capture_on_commit_callbacks)["ines@example.org"][1]
    assert "Demander de l’aide à mon conseiller·ère" not in suggestion.body


def test_with_no_alternative_the_email_still_leads_to_the_counsellor(
    people, django_capture_on_commit_callbacks
):
    # The only other professional is in another sector, does not offer what the young
    # person wants and is far away: nobody fits.
    ProfessionalFactory(
        profile__sectors=[sector("J")],
        profile__help_kinds=[HelpKind.COMPANY_VISIT],
        profile__departements=["13"],
        profile__remote=False,
    )
    help_request = sent(people, days=14, hours=1, level=3)
    assert alternatives_for(help_request) == []
    emails = run(django_capture_on_commit_callbacks)["ines@example.org"]
    assert len(emails) == 2
    assert "personne d’autre ne correspond à votre projet" in emails[1].body
    assert "Demander de l’aide à mon conseiller·ère" in emails[1].body
