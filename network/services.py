"""Recording an answer to a volunteer call: the one place where places are taken."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from wagtail.models import Page

from network.enums import CallClosedReason
from network.models import VolunteerAnswer, VolunteerCallPage
from network.tasks import queue_answer_emails


class CallClosedError(Exception):
    def __init__(self, reason: CallClosedReason) -> None:
        super().__init__(reason.label)
        self.reason = reason


class DuplicateAnswerError(Exception):
    pass


def record_answer(call: VolunteerCallPage, data: dict[str, Any], language: str) -> VolunteerAnswer:
    """Store an answer if the call is still open, with the emails to both sides (sent on
    commit).

    All translations of the call are locked (``SELECT … FOR UPDATE`` on PostgreSQL) before
    places are counted, so two people racing for the last place queue up and the second
    one finds the call full. SQLite serialises writing transactions on its own.
    """
    with transaction.atomic():
        list(
            Page.objects.select_for_update()
            .filter(translation_key=call.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        call.answers_count = None  # count again, inside the lock
        reason = call.closed_reason()
        if reason is not None:
            raise CallClosedError(reason)
        email = data["email"]
        if VolunteerAnswer.objects.filter(
            call_translation_key=call.translation_key, email=email
        ).exists():
            raise DuplicateAnswerError
        try:
            with transaction.atomic():
                answer = VolunteerAnswer.objects.create(
                    call_translation_key=call.translation_key,
                    call=call,
                    language=language,
                    **data,
                )
        except IntegrityError as exc:  # the same email raced itself
            raise DuplicateAnswerError from exc
        call.answers_count = None  # the emails say how many places are left, this one taken
        queue_answer_emails(answer, language)
    return answer


def is_same_answer(call: VolunteerCallPage, data: dict[str, Any]) -> bool:
    """Whether ``data`` is an answer already stored for this call, word for word: the
    same form sent twice (a double click, a reload), to be confirmed again, not refused."""
    return VolunteerAnswer.objects.filter(
        call_translation_key=call.translation_key, **data
    ).exists()
