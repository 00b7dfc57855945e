"""prune_outbox deletes old sent and failed emails, never those still to send."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from outbox import services as outbox
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from tests.outbox.worker import pass_time

pytestmark = pytest.mark.django_db


def stored(state: EmailState) -> OutboxEmail:
    email = outbox.build(to=["ines@example.org"], subject=state, body="Texte")
    email.state = state
    email.save()
    return email


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_outbox", *args, stdout=out)
    return out.getvalue()


def test_old_sent_and_failed_emails_are_deleted_and_waiting_ones_kept():
    old = {state: stored(state) for state in EmailState}
    pass_time(datetime.timedelta(days=91))
    recent = stored(EmailState.SENT)

    assert prune() == "2 courriel(s) de plus de 90 jour(s) supprimé(s)\n"
    remaining = set(OutboxEmail.objects.values_list("pk", flat=True))
    assert remaining == {old[EmailState.QUEUED].pk, old[EmailState.SENDING].pk, recent.pk}
    assert prune().startswith("0 courriel(s)")


def test_the_age_is_an_option():
    stored(EmailState.SENT)
    pass_time(datetime.timedelta(days=8))
    assert prune("--days", "30").startswith("0 ")
    assert prune("--days", "7").startswith("1 ")


def test_a_zero_or_negative_age_is_refused():
    with pytest.raises(CommandError):
        call_command("prune_outbox", "--days", "0")
