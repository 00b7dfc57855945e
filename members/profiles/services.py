"""Profiles: saving what people say about themselves, and the visibility lock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import HelpKind, ModerationAction
from members.models import ModerationLog, User, YoungPersonProfile
from network.departements import departement_name

USER_FIELDS = ("first_name", "last_name", "phone", "language")
YOUNG_PROFILE_FIELDS = (
    "project",
    "sector",
    "skills",
    "help_wanted",
    "availability",
    "departement",
    "is_visible",
)


def update_avatar(user: User, avatar: ContentFile | None, *, remove: bool = False) -> None:
    """Store a re-encoded avatar (see ``members.avatars``) or remove the current one.

    The new file is saved before the old one is deleted: the storage gives it a new name,
    so browsers do not keep showing the old photo from their cache.
    """
    old_name = user.avatar.name if user.avatar else ""
    if avatar is not None:
        user.avatar.save("avatar.webp", avatar, save=False)
    elif remove:
        user.avatar = ""
    else:
        return
    if old_name and old_name != user.avatar.name:
        user.avatar.storage.delete(old_name)


@transaction.atomic
def update_own_details(user: User, data: dict[str, Any]) -> None:
    """Names, phone, language and avatar from a cleaned :class:`OwnProfileForm`."""
    for field in USER_FIELDS:
        setattr(user, field, data[field])
    update_avatar(user, data.get("avatar"), remove=data.get("remove_avatar", False))
    user.save()


@transaction.atomic
def update_young_profile(profile: YoungPersonProfile, data: dict[str, Any]) -> bool:
    """Save a cleaned :class:`YoungProfileForm`; True when the profile was just completed."""
    update_own_details(profile.user, data)
    # The lock is read again, row locked, inside the transaction: a counsellor who hid the
    # profile while the form was open wins over the young person's switch.
    profile.visibility_locked = (
        YoungPersonProfile.objects.select_for_update()
        .values_list("visibility_locked", flat=True)
        .get(pk=profile.pk)
    )
    for field in YOUNG_PROFILE_FIELDS:
        setattr(profile, field, data[field])
    if profile.visibility_locked:
        profile.is_visible = False
    just_completed = profile.completed_at is None and profile.is_complete
    if just_completed:
        profile.completed_at = timezone.now()
    # visibility_locked is the counsellor's: never written from here.
    profile.save(update_fields=[*YOUNG_PROFILE_FIELDS, "completed_at", "updated_at"])
    return just_completed


@transaction.atomic
def hide_profile(profile: YoungPersonProfile, by: User, reason: str) -> None:
    """A counsellor (or moderator) hides the profile; the young person cannot undo it."""
    YoungPersonProfile.objects.filter(pk=profile.pk).update(
        is_visible=False, visibility_locked=True, updated_at=timezone.now()
    )
    profile.is_visible, profile.visibility_locked = False, True
    ModerationLog.record(by, ModerationAction.HIDE_PROFILE, profile, reason)


@transaction.atomic
def lift_visibility_lock(profile: YoungPersonProfile, by: User, reason: str = "") -> None:
    """The young person may show their profile again; it stays hidden until they do."""
    YoungPersonProfile.objects.filter(pk=profile.pk).update(
        visibility_locked=False, updated_at=timezone.now()
    )
    profile.visibility_locked = False
    # The log's vocabulary has no "show" action: the lift is logged as a reactivation,
    # with a reason that says what was reactivated.
    note = _("Blocage de la visibilité levé.")
    ModerationLog.record(by, ModerationAction.REACTIVATE, profile, f"{note} {reason}".strip())


@transaction.atomic
def correct_birth_date(profile: YoungPersonProfile, by: User, birth_date) -> bool:
    """A counsellor of the young person's structure corrects their birth date (logged).

    The only way a birth date changes after the account exists: the young person's own
    forms never write it. False when it was already that date.
    """

    before = (
        YoungPersonProfile.objects.select_for_update()
        .values_list("birth_date", flat=True)
        .get(pk=profile.pk)
    )
    if before == birth_date:
        return False
    YoungPersonProfile.objects.filter(pk=profile.pk).update(
        birth_date=birth_date, updated_at=timezone.now()
    )
    profile.birth_date = birth_date
    # The log's vocabulary has no "correct" action: the check of the profile's facts is
    # logged as an approval, with a reason that says what changed.
    ModerationLog.record(
        by, ModerationAction.APPROVE, profile, birth_date_change_note(before, birth_date)
    )
    return True


@dataclass(frozen=True)
class LimitedProfile:
    """What an approved professional may know of a young person (DESIGN.md).

    Built field by field so that a template showing it cannot reach the surname, the
    email, the phone, the address or the birth date.
    """

    pk: int
    public_name: str
    project: str
    sector: str
    skills: str
    departement: str
    departement_code: str
    help_wanted: list[str]

    @classmethod
    def of(cls, profile: YoungPersonProfile) -> LimitedProfile:
        return cls(
            pk=profile.pk,
            public_name=profile.user.public_name,
            project=profile.project,
            sector=profile.sector.localized_name if profile.sector_id else "",
            skills=profile.skills,
            departement=departement_name(profile.departement) if profile.departement else "",
            departement_code=profile.departement,
            help_wanted=[
                HelpKind(kind).label for kind in profile.help_wanted if kind in HelpKind.values
            ],
        )


def completion(profile: YoungPersonProfile) -> dict[str, Any]:
    """Which of the fields that make a profile complete are filled, for a progress hint."""
    steps = [
        (_("Projet"), bool(profile.project)),
        (_("Secteur visé"), bool(profile.sector_id)),
        (_("Coups de pouce recherchés"), bool(profile.help_wanted)),
        (_("Département"), bool(profile.departement)),
    ]
    done = sum(1 for _label, filled in steps if filled)
    return {
        "steps": steps,
        "done": done,
        "total": len(steps),
        "missing": [label for label, filled in steps if not filled],
    }


def birth_date_change_note(before: datetime.date, after: datetime.date) -> str:
    """The audit log's reason for a corrected birth date (dates in ISO: the log is read by
    staff in either language)."""
    return _("Date de naissance corrigée : %(before)s → %(after)s.") % {
        "before": before.isoformat(),
        "after": after.isoformat(),
    }
