"""Quoting a coup de pouce's feedback on the page of the professional's company (issue 16):
who may agree to it, and which stored consents count.

The one rule, read by both writers (completing: members.requests.workflow; feedback added
afterwards and its withdrawal: members.requests.services), by the request's page (the box
is not offered) and, as SQL, by the company's page (members.impact.company.shared_quotes):

    a young person who is a minor never shares; a professional may.

Why: a minor cannot agree alone to their words being shown to a company (DESIGN.md,
"Minors and safety": a story from a minor's request needs their counsellor's consent too),
and the box is not the place to ask their counsellor. So the box is not shown to them and
a forged POST is refused.

The rule reads the age **today** (``YoungPersonProfile.is_minor``), like every safety rule
of the members area: on the day they agree (completing, or adding feedback later) and on
every reading of the company's page, so a consent stored before the rule by someone who is
a minor today is never shown. Migration 0018 withdrew the consents stored before the rule
by young people who were minors when the coup de pouce was completed, so that none appears
on its author's eighteenth birthday either.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from members.access import Side, sides_of
from members.models import HelpRequest, User
from members.models.profiles import MAJORITY, years_before

# The consent box's name in the completion and feedback forms (members.requests.forms).
SHARE_FIELD = "share_feedback"


def young_person_may_share(young_person: User | None) -> bool:
    """Whether ``young_person`` may agree that their feedback be quoted: an adult today.
    A deleted member, or one without a profile, may not (the safe side)."""
    profile = getattr(young_person, "young_profile", None)
    return profile is not None and not profile.is_minor


def feedback_side(user: User, help_request: HelpRequest) -> str:
    """``"young"`` or ``"professional"``: whose feedback ``user`` writes on
    ``help_request``; empty for anyone else (a counsellor, a moderator, a stranger)."""
    sides = sides_of(user, help_request)
    if Side.YOUNG_PERSON in sides:
        return "young"
    if Side.PROFESSIONAL in sides:
        return "professional"
    return ""


def may_share(user: User, help_request: HelpRequest) -> bool:
    """Whether ``user`` may agree that their feedback on ``help_request`` be quoted."""
    side = feedback_side(user, help_request)
    if side == "young":
        return young_person_may_share(help_request.young_person)
    return side == "professional"


def offer_share_box(form: forms.Form, user: User, help_request: HelpRequest) -> forms.Form:
    """``form`` without its consent box when ``user`` may not agree: a minor is not asked
    (and whatever they POST, the writers refuse it)."""
    if SHARE_FIELD in form.fields and not may_share(user, help_request):
        del form.fields[SHARE_FIELD]
    return form


def is_shared(user: User, help_request: HelpRequest) -> bool | None:
    """Whether ``user``'s own feedback on ``help_request`` is quoted on the company's page
    (what that page would show); None when they wrote none, or write none here."""
    side = feedback_side(user, help_request)
    if not side or not getattr(help_request, f"{side}_feedback").strip():
        return None
    return bool(getattr(help_request, f"{side}_feedback_shared")) and may_share(user, help_request)


def quotable(today: datetime.date | None = None) -> tuple[Q, Q]:
    """The same rule in SQL, for reading: (the young person's feedback may be quoted, the
    professional's may be), each with its author's consent and a text. A young person
    quoted is an adult today: born on or before this day eighteen years ago; a deleted
    member has no profile and is never quoted."""
    born_by = years_before(today or timezone.localdate(), MAJORITY)
    young = Q(
        young_feedback_shared=True, young_person__young_profile__birth_date__lte=born_by
    ) & ~Q(young_feedback="")
    professional = Q(professional_feedback_shared=True) & ~Q(professional_feedback="")
    return young, professional
