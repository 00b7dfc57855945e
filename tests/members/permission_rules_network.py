"""Permission-matrix rules for the network features of the members area (issue 4).

``NETWORK_RULES`` maps each URL name of the ``members`` namespace that the directory,
the requests and the messages add to a :class:`tests.members.matrix.Rule`; the matrix
test (test_permission_matrix.py) merges them into its table, so a new URL without a rule
fails there.
"""

from tests.members.matrix import DENY, OK, Rule, everyone

NETWORK_RULES: dict[str, Rule] = {
    # Directory: every member with a role, pending professionals included; editors without
    # a role and company contacts (figures only) get 403. The professional shown is the
    # approved fixture professional.
    "directory": Rule(outcomes=everyone(OK, outsider=DENY, company_contact=DENY)),
    "professional": Rule(
        target=lambda world: {"pk": world["people"]["professional"].pro_profile.pk},
        outcomes=everyone(OK, outsider=DENY, company_contact=DENY),
    ),
}


# Coup-de-pouce requests. Each target writes one request from the fixture young person to
# the fixture professional, in the state its transition leaves. A POST without data is
# enough: a form missing its reason is shown again (200), which counts as let through.
from tests.members.matrix import DONE, MISSING, OK  # noqa: E402


def request_in(state: str, transition: str = ""):
    """A request in ``state``; with ``transition``, the kwargs of the URL that fires it."""

    def target(world: dict) -> dict:
        from django.utils import timezone

        from members.models import HelpRequest

        people = world["people"]
        help_request = HelpRequest.objects.create(
            young_person=people["young_person"],
            professional=people["professional"],
            structure=people["young_person"].structure,
            state=state,
            kind="trade_advice",
            hopes="Je voudrais découvrir votre métier.",
            sent_at=timezone.now(),
        )
        if transition:
            from members.requests.workflow import TRANSITIONS

            # The address's word in the language the matrix reverses it in.
            return {"pk": help_request.pk, "action": TRANSITIONS[transition].url_word}
        return {"pk": help_request.pk}

    return target


# Who sees a request once it is sent: its young person, its professional, the counsellors
# of the young person's structure and moderators; others of these roles get 404.
_SEEN = {"pending_professional": MISSING, "other_structure_counsellor": MISSING}
# Before it is sent, the professional does not see it yet.
_UNSENT = _SEEN | {"professional": MISSING}

NETWORK_RULES |= {
    "requests": Rule(
        outcomes={
            "young_person": OK,
            "professional": OK,
            "pending_professional": OK,
            "counsellor": OK,
            "other_structure_counsellor": OK,
        }
    ),
    "request-create": Rule(
        target=lambda world: {"professional_pk": world["people"]["professional"].pro_profile.pk},
        outcomes={"young_person": OK},
    ),
    "request-detail": Rule(
        target=request_in("sent"),
        outcomes=_SEEN
        | {"young_person": OK, "professional": OK, "counsellor": OK, "moderator": OK},
    ),
    # Its author rewrites a draft; its professional does not see it yet (404), the other
    # roles write no request (403).
    "request-edit": Rule(target=request_in("draft"), outcomes=_UNSENT | {"young_person": OK}),
    # After a decline with too few others to ask, only its young person asks their
    # counsellors; the professional and the counsellors get 403 (the view is the young
    # person's), nobody else sees the request.
    "request-ask-counsellor": Rule(
        method="post", target=request_in("declined"), outcomes={"young_person": DONE}
    ),
    # Only the two sides of a completed request give feedback; other roles get 403.
    "request-feedback": Rule(
        method="post",
        target=request_in("completed"),
        outcomes={"young_person": DONE, "professional": DONE, "pending_professional": MISSING},
    ),
}


def completed_with_shared_feedback(world: dict) -> dict:
    from members.models import HelpRequest

    kwargs = request_in("completed")(world)
    HelpRequest.objects.filter(pk=kwargs["pk"]).update(
        young_feedback="Merci !",
        young_feedback_shared=True,
        professional_feedback="Une belle rencontre.",
        professional_feedback_shared=True,
    )
    return kwargs


# Each author stops sharing their own feedback with the company (issue 16): the young
# person and the professional of the request only; counsellors and moderators, who write
# none, get 403, as every other role; a professional it is not addressed to, 404.
NETWORK_RULES |= {
    "request-feedback-stop-sharing": Rule(
        method="post",
        target=completed_with_shared_feedback,
        outcomes={"young_person": DONE, "professional": DONE, "pending_professional": MISSING},
    ),
}


# Visible young people and offers: approved professionals only (pending ones get 403). The
# fixture young person made their profile visible (see the matrix's world).
NETWORK_RULES |= {
    "young-browse": Rule(outcomes={"professional": OK}),
    "offer-create": Rule(
        target=lambda world: {"young_pk": world["young_profile"]},
        outcomes={"professional": OK},
    ),
}


# In-app notifications: every member with a role has their own; editors without a role get
# 403. Opening one addressed to the fixture young person: they are sent where it points,
# anyone else gets 404. The preference POST without data shows the form again (200).
def notification_of_young_person(world: dict) -> dict:
    from members.models import Notification

    notification = Notification.objects.create(
        recipient=world["people"]["young_person"],
        event="request_accepted",
        text="Votre demande est acceptée",
        url="/fr/espace/demandes/",
    )
    return {"pk": notification.pk}


# Company contacts get no notification: nothing on the platform asks them to act.
NETWORK_RULES |= {
    "notifications": Rule(outcomes=everyone(OK, outsider=DENY, company_contact=DENY)),
    "notification-open": Rule(
        target=notification_of_young_person,
        outcomes=everyone(MISSING, young_person=DONE, outsider=DENY, company_contact=DENY),
    ),
    "notifications-read": Rule(
        method="post", outcomes=everyone(DONE, outsider=DENY, company_contact=DENY)
    ),
    "notification-preferences": Rule(
        method="post", outcomes=everyone(OK, outsider=DENY, company_contact=DENY)
    ),
}


# Dashboards: the pause switch, and the three-month follow-up of a completed request.
def completed_and_followed_up(world: dict) -> dict:
    from django.utils import timezone

    from members.models import HelpRequest

    kwargs = request_in("completed")(world)
    HelpRequest.objects.filter(pk=kwargs["pk"]).update(follow_up_sent_at=timezone.now())
    return kwargs


NETWORK_RULES |= {
    # Any professional, approved or not, pauses their own requests.
    "pro-pause": Rule(method="post", outcomes={"professional": DONE, "pending_professional": DONE}),
    # The young person, or a counsellor of their structure; the professional and
    # moderators do not record it (403).
    "request-follow-up": Rule(
        method="post",
        target=completed_and_followed_up,
        outcomes={
            "young_person": DONE,
            "counsellor": DONE,
            "other_structure_counsellor": MISSING,
        },
    ),
}


# Messages: writing on an accepted request (a POST without a body shows the page again with
# the error, 200), reporting a message of the young person's (their own: sent back to the
# request with a message), reporting the fixture professional's profile (their own: sent
# back to it). Moderators read but never write.
from tests.members.matrix import ELSEWHERE  # noqa: E402


def message_of_young_person(world: dict) -> dict:
    from members.models import Message

    kwargs = request_in("accepted")(world)
    message = Message.objects.create(
        request_id=kwargs["pk"], author=world["people"]["young_person"], body="Bonjour !"
    )
    return {"pk": message.pk}


NETWORK_RULES |= {
    "request-message": Rule(
        method="post",
        target=request_in("accepted"),
        outcomes=_SEEN | {"young_person": DONE, "professional": DONE, "counsellor": DONE},
    ),
    "message-report": Rule(
        target=message_of_young_person,
        outcomes=_SEEN
        | {"young_person": ELSEWHERE, "professional": OK, "counsellor": OK, "moderator": OK},
    ),
    "member-report": Rule(
        target=lambda world: {"user_pk": world["people"]["professional"].pk},
        outcomes=everyone(OK, professional=ELSEWHERE, outsider=DENY, company_contact=DENY),
    ),
}


def fires(transition: str, state: str, outcomes: dict) -> Rule:
    """The rule of one transition people fire (one URL, request-transition, serves them
    all): POSTed on a request in ``state``, the state it leaves."""
    return Rule(
        method="post",
        target=request_in(state, transition),
        outcomes=outcomes,
        url_name="request-transition",
    )


# The transitions (members.requests.workflow.TRANSITIONS) through their one URL, one rule each.
NETWORK_RULES |= {
    "request-transition:submit": fires("submit", "draft", _UNSENT | {"young_person": DONE}),
    "request-transition:validate": fires(
        "validate", "awaiting_counsellor", _UNSENT | {"counsellor": DONE}
    ),
    "request-transition:return": fires(
        "return", "awaiting_counsellor", _UNSENT | {"counsellor": DONE}
    ),
    "request-transition:accept": fires("accept", "sent", _SEEN | {"professional": DONE}),
    "request-transition:decline": fires("decline", "sent", _SEEN | {"professional": DONE}),
    "request-transition:complete": fires(
        "complete", "accepted", _SEEN | {"young_person": DONE, "professional": DONE}
    ),
    "request-transition:withdraw": fires("withdraw", "sent", _SEEN | {"young_person": DONE}),
    "request-transition:close": fires(
        "close", "sent", _SEEN | {"counsellor": DONE, "moderator": DONE}
    ),
}
