"""Retention (issue 13, point 8): requests closed for RETENTION_CLOSED_REQUESTS_MONTHS lose
their people, texts, messages and notifications when the daily purge runs; the figures
keep counting them."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from home import figures
from members.enums import HelpRequestState, ModerationAction, ReportReason
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    Message,
    ModerationLog,
    Notification,
    ReadMarker,
    Report,
    User,
)
from members.privacy.retention import anonymise_closed_requests, months_before
from network.models import Company, Structure
from tests.members.factories import HelpRequestFactory, MessageFactory, YoungPersonFactory
from tests.members.requests.test_requests_concurrency import in_thread, race

OLD = datetime.timedelta(days=25 * 31)


def closed_request(age: datetime.timedelta, state=HelpRequestState.COMPLETED) -> HelpRequest:
    """A request with a message, a read marker, a notification and a transition, whose last
    change was ``age`` ago."""
    help_request = HelpRequestFactory(
        state=state,
        outcome="job" if state == HelpRequestState.COMPLETED else "",
        hopes="Je m’appelle Inès, je voudrais devenir électricienne.",
        young_feedback="Merci beaucoup",
        professional_feedback="Très motivée",
    )
    message = MessageFactory(request=help_request, body="Mon numéro : 06 12 34 56 78")
    ReadMarker.objects.create(
        request=help_request, user=help_request.professional, read_at=timezone.now()
    )
    Notification.objects.create(
        recipient=help_request.professional,
        event="request_message",
        help_request=help_request,
        text="Nouveau message de Inès M.",
    )
    HelpRequestTransition.objects.create(
        request=help_request,
        name="complete",
        from_state=HelpRequestState.ACCEPTED,
        to_state=state,
        actor=help_request.young_person,
        reason="Inès a trouvé",
    )
    ModerationLog.record(None, ModerationAction.HIDE_MESSAGE, message, "Numéro")
    HelpRequest.objects.filter(pk=help_request.pk).update(updated_at=timezone.now() - age)
    return help_request


def test_months_before_keeps_the_day_or_the_month_end():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == moment.replace(month=2, day=28)
    assert months_before(moment, 24) == moment.replace(year=2024)
    assert months_before(moment, 15) == datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC)


def test_purge_anonymises_requests_closed_longer_than_the_retention(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    old = closed_request(OLD)
    old_declined = closed_request(OLD, HelpRequestState.DECLINED)
    recent = closed_request(datetime.timedelta(days=30))
    open_old = closed_request(OLD, HelpRequestState.ACCEPTED)
    out = StringIO()

    call_command("purge_inactive_members", stdout=out)

    assert "anonymisées (durée de conservation) : 2" in out.getvalue()
    for help_request in (old, old_declined):
        row = HelpRequest.objects.get(pk=help_request.pk)
        assert (row.young_person, row.professional) == (None, None)
        assert row.hopes == row.young_feedback == row.professional_feedback == ""
        assert row.state == help_request.state and row.kind == help_request.kind
        assert not Message.objects.filter(request=row).exists()
        assert not Notification.objects.filter(help_request=row).exists()
        assert not ReadMarker.objects.filter(request=row).exists()
        step = HelpRequestTransition.objects.get(request=row)
        assert (step.actor, step.reason, step.to_state) == (None, "", help_request.state)
    assert HelpRequest.objects.get(pk=old.pk).outcome == "job"
    hidden = ModerationLog.objects.filter(action=ModerationAction.HIDE_MESSAGE)
    assert sorted(hidden.values_list("target_repr", "reason")) == [
        ("Mon numéro : 06 12 34 56 78", "Numéro"),
        ("Mon numéro : 06 12 34 56 78", "Numéro"),
        ("message supprimé", ""),
        ("message supprimé", ""),
    ]
    for kept in (recent, open_old):
        row = HelpRequest.objects.get(pk=kept.pk)
        assert row.young_person is not None and row.hopes
        assert Message.objects.filter(request=row).exists()


def test_purge_twice_does_nothing_more(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    closed_request(OLD)

    assert anonymise_closed_requests() == 1
    assert anonymise_closed_requests() == 0


def test_the_public_figure_of_coups_de_pouce_given_does_not_change(home_page, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    closed_request(OLD)
    closed_request(datetime.timedelta(days=3))
    before = figures.compute_counts(home_page.locale_id)["help_given"]

    anonymise_closed_requests()

    assert figures.compute_counts(home_page.locale_id)["help_given"] == before == 2


def test_batches_walk_every_due_request(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    requests = [closed_request(OLD) for _ in range(5)]

    assert anonymise_closed_requests(batch_size=2) == 5

    assert not HelpRequest.objects.filter(
        pk__in=[r.pk for r in requests], young_person__isnull=False
    ).exists()


def test_a_request_with_a_report_nobody_handled_waits_for_the_moderators(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    help_request = closed_request(OLD)
    message = Message.objects.get(request=help_request)
    Report.objects.create(
        reporter=help_request.professional, message=message, reason=ReportReason.CONTACT
    )

    assert anonymise_closed_requests() == 0
    assert Message.objects.filter(pk=message.pk).exists()

    Report.objects.update(resolved_at=timezone.now())
    assert anonymise_closed_requests() == 1


def test_retention_zero_keeps_everything(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 0
    help_request = closed_request(OLD)

    assert anonymise_closed_requests() == 0
    assert HelpRequest.objects.get(pk=help_request.pk).young_person is not None


# --- two runs at once (PostgreSQL: SQLite serialises writers) ------------------------------
def _create_old_requests() -> dict[str, list[int]]:
    """Committed rows (from a thread): the runs below must see them."""
    requests = [closed_request(OLD) for _ in range(6)]
    return {
        "requests": [r.pk for r in requests],
        "users": [r.young_person_id for r in requests] + [r.professional_id for r in requests],
        "structures": [r.structure_id for r in requests],
        "companies": [r.professional.pro_profile.company_id for r in requests],
    }


def _delete_rows(rows: dict[str, list[int]]) -> None:
    HelpRequest.objects.filter(pk__in=rows["requests"]).delete()
    User.objects.filter(pk__in=rows["users"]).delete()
    Structure.objects.filter(pk__in=rows["structures"]).delete()
    Company.objects.filter(pk__in=rows["companies"]).delete()
    ModerationLog.objects.filter(action=ModerationAction.HIDE_MESSAGE, actor=None).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_runs_at_once_anonymise_each_request_once(db, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    rows = in_thread(_create_old_requests)
    try:
        done = []
        outcomes = race(lambda n: done.append(anonymise_closed_requests(batch_size=2)), count=4)
        assert outcomes == ["done"] * 4
        assert sum(done) == 6
        left = in_thread(
            lambda: HelpRequest.objects.filter(
                pk__in=rows["requests"], young_person__isnull=False
            ).count()
        )
        assert left == 0
    finally:
        in_thread(_delete_rows, rows)


def test_the_privacy_page_says_how_long_requests_are_kept(client, home_page, settings):
    settings.RETENTION_CLOSED_REQUESTS_MONTHS = 24
    client.force_login(YoungPersonFactory())

    body = client.get(reverse("members:privacy")).content.decode()

    assert "Une demande close depuis 24 mois est anonymisée" in body
