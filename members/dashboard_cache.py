"""The counsellor's dashboard panels, rendered once and kept until something they show
changes.

A counsellor of a big structure (hundreds of young people, thousands of requests) opens
the dashboard all day long; reading and rendering its panels costs ~30 ms, most of a
page. The rendered panels are kept for each counsellor (config.caching) under two scopes:
their structure's, outdated by any change the panels show (below), and one for every
structure, outdated by changes that reach across structures (a professional renamed or
deleted, a sector deleted). The key also holds the language and the date, and the HTML
moves with the clock (``clock=True``: a minute at most): the lists that move with the
clock alone (no answer for ``REQUEST_ESCALATION["stale_days"]``, accepted for 30 days,
expired invitations, ages) are at most that late.

What the panels show, and what outdates them:
- the structure's requests: saved (signals) or changed by an UPDATE (a transition, a
  message's date, a follow-up asked or recorded: those services call
  :func:`outdate_structure`);
- a counsellor reading a conversation (its read marker, an upsert:
  members.conversations.services);
- the structure's young people: their account (name, active, structure) and their profile
  (status, counsellor, what makes it complete, birth date);
- the structure's invitations: saved, deleted, or resent or revoked by an UPDATE
  (members.onboarding.invitations);
- the names of the professionals (any structure) and the sectors (a deleted sector empties
  the profiles that had it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config import caching
from members.enums import Role

# Account fields the panels show (names), or that move a young person in or out of them.
ACCOUNT_FIELDS = frozenset({"first_name", "last_name", "is_active", "structure", "role"})


def counsellor_panels(user, render: Callable[[], str]) -> SafeString:
    """The counsellor ``user``'s panels: ``render()`` once, then from the cache."""
    html = caching.get_or_compute(
        "dashboard-panels:counsellor",
        [user.pk, user.structure_id, get_language() or "", timezone.localdate().isoformat()],
        lambda: str(render()),
        scopes=(caching.DASHBOARDS, caching.structure_scope(user.structure_id)),
        clock=True,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def outdate_structure(*structure_ids: int | None) -> None:
    """The panels of the counsellors of these structures are outdated, and the impact
    figures: the services that change requests by an UPDATE (no signal) call this."""
    scopes = {caching.structure_scope(pk) for pk in structure_ids if pk is not None}
    caching.outdate(*sorted(scopes), caching.IMPACT)


def outdate_all(*args, **kwargs) -> None:
    """Every counsellor's panels are outdated (also a signal receiver)."""
    caching.outdate(caching.DASHBOARDS, caching.IMPACT)


# Receivers ------------------------------------------------------------------------------


def _row_of_structure_changed(sender, instance, **kwargs) -> None:
    """A request or an invitation, both of one structure."""
    outdate_structure(instance.structure_id)


def _young_profile_changed(sender, instance, **kwargs) -> None:
    from members.models import User, YoungPersonProfile

    if YoungPersonProfile.user.is_cached(instance):
        structure_id = instance.user.structure_id
    else:
        structure_id = (
            User.objects.filter(pk=instance.user_id).values_list("structure_id", flat=True).first()
        )
    outdate_structure(structure_id)


def _shows(update_fields) -> bool:
    return update_fields is None or not ACCOUNT_FIELDS.isdisjoint(update_fields)


def _account_saving(sender, instance, update_fields, **kwargs) -> None:
    """A young person moved to another structure leaves the panels of the one before."""
    if instance.pk is None or instance.role != Role.YOUNG_PERSON:
        return
    if update_fields is None or "structure" in update_fields:
        instance._structure_before = (
            type(instance)
            .objects.filter(pk=instance.pk)
            .values_list("structure_id", flat=True)
            .first()
        )


def _account_changed(sender, instance, update_fields=None, **kwargs) -> None:
    structure_before = instance.__dict__.pop("_structure_before", None)
    if not _shows(update_fields):
        return  # a sign-in (last_login), a preference: nothing the panels show
    if instance.role == Role.YOUNG_PERSON:
        outdate_structure(instance.structure_id, structure_before)
    elif instance.role == Role.PROFESSIONAL and not kwargs.get("created"):
        outdate_all()  # their name is on requests of any structure (a new one has none)


def connect_receivers() -> None:
    """Called once from MembersConfig.ready()."""
    from django.db.models.signals import post_delete, post_save, pre_save

    from members.models import HelpRequest, Invitation, Sector, User, YoungPersonProfile

    for event, signal in (("save", post_save), ("delete", post_delete)):
        for receiver, sender in (
            (_row_of_structure_changed, HelpRequest),
            (_row_of_structure_changed, Invitation),
            (_young_profile_changed, YoungPersonProfile),
            (_account_changed, User),
        ):
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"dashboard-panels-{event}-{sender._meta.label}",
            )
    pre_save.connect(_account_saving, sender=User, dispatch_uid="dashboard-panels-account")
    post_delete.connect(outdate_all, sender=Sector, dispatch_uid="dashboard-panels-sector")
