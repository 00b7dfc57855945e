"""`manage.py purge_inactive_members`: warn inactive accounts, then delete them."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from members.models import User
from tests.members.factories import UserFactory, YoungPersonFactory

WARNING_DAYS = 730
GRACE_DAYS = 30


@pytest.fixture(autouse=True)
def inactivity_settings(settings):
    settings.INACTIVITY_WARNING_DAYS = WARNING_DAYS
    settings.INACTIVITY_GRACE_DAYS = GRACE_DAYS


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _purge(django_capture_on_commit_callbacks) -> str:
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_inactive_members", stdout=out)
    return out.getvalue()


def test_account_inactive_too_long_is_warned_once(db, django_capture_on_commit_callbacks):
    sleeper = YoungPersonFactory(email="dort@example.org", last_login=_ago(WARNING_DAYS + 1))
    active = YoungPersonFactory(last_login=_ago(WARNING_DAYS - 1))

    output = _purge(django_capture_on_commit_callbacks)

    sleeper.refresh_from_db()
    active.refresh_from_db()
    assert sleeper.inactivity_warned_at is not None
    assert active.inactivity_warned_at is None
    assert [message.to for message in mail.outbox] == [["dort@example.org"]]
    assert "supprimé" in mail.outbox[0].subject
    assert "1 prévenu(s), 0 supprimé(s)" in output

    mail.outbox.clear()
    second = _purge(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert "0 prévenu(s), 0 supprimé(s)" in second


def test_account_that_never_signed_in_counts_from_sign_up(db, django_capture_on_commit_callbacks):
    never = UserFactory(date_joined=_ago(WARNING_DAYS + 5), last_login=None)
    recent = UserFactory(date_joined=_ago(5), last_login=None)

    _purge(django_capture_on_commit_callbacks)

    assert User.objects.get(pk=never.pk).inactivity_warned_at is not None
    assert User.objects.get(pk=recent.pk).inactivity_warned_at is None


def test_warning_is_written_in_the_members_language(db, django_capture_on_commit_callbacks):
    UserFactory(language="en", last_login=_ago(WARNING_DAYS + 1))

    _purge(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert "/en/" in mail.outbox[0].body


def test_warned_account_still_inactive_after_the_grace_period_is_deleted(
    db, django_capture_on_commit_callbacks
):
    sleeper = YoungPersonFactory(
        email="parti@example.org",
        last_login=_ago(WARNING_DAYS + GRACE_DAYS + 1),
        inactivity_warned_at=_ago(GRACE_DAYS + 1),
    )
    within_grace = YoungPersonFactory(
        last_login=_ago(WARNING_DAYS + 10), inactivity_warned_at=_ago(GRACE_DAYS - 1)
    )

    output = _purge(django_capture_on_commit_callbacks)

    assert not User.objects.filter(pk=sleeper.pk).exists()
    assert User.objects.filter(pk=within_grace.pk).exists()
    assert "0 prévenu(s), 1 supprimé(s)" in output
    assert [message.to for message in mail.outbox] == [["parti@example.org"]]

    mail.outbox.clear()
    assert "0 supprimé(s)" in _purge(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_member_who_signed_in_after_the_warning_keeps_the_account(
    db, django_capture_on_commit_callbacks
):
    back = YoungPersonFactory(last_login=_ago(1), inactivity_warned_at=_ago(GRACE_DAYS + 5))

    output = _purge(django_capture_on_commit_callbacks)

    back.refresh_from_db()
    assert back.inactivity_warned_at is None
    assert "1 revenu(s)" in output
    assert mail.outbox == []


def test_staff_and_superusers_are_never_warned_nor_deleted(db, django_capture_on_commit_callbacks):
    editor = UserFactory(is_staff=True, last_login=_ago(WARNING_DAYS * 3))
    admin = UserFactory(
        is_staff=True,
        is_superuser=True,
        last_login=_ago(WARNING_DAYS * 3),
        inactivity_warned_at=_ago(GRACE_DAYS * 3),
    )

    _purge(django_capture_on_commit_callbacks)

    assert User.objects.get(pk=editor.pk).inactivity_warned_at is None
    assert User.objects.filter(pk=admin.pk).exists()
    assert mail.outbox == []


def test_full_cycle_with_time_moving_on(db, django_capture_on_commit_callbacks, settings):
    member = YoungPersonFactory(last_login=_ago(WARNING_DAYS + 1))
    _purge(django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert member.inactivity_warned_at is not None

    # The grace period passes without a sign-in.
    User.objects.filter(pk=member.pk).update(inactivity_warned_at=_ago(GRACE_DAYS + 1))
    _purge(django_capture_on_commit_callbacks)

    assert not User.objects.filter(pk=member.pk).exists()
