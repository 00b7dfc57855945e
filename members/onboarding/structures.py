"""A structure registers itself; its referent runs the team of counsellors and its settings.

Approving or rejecting a registration is the moderators' business (``moderation.py``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members.emails import send_later
from members.enums import ModerationAction, Role
from members.models import ModerationLog, User
from network.models import Structure
from network.models.structures import new_join_code
from network.tasks import association_email

# Roles shown on a referent's team page.
TEAM_ROLES = (Role.COUNSELLOR, Role.REFERENT)


class TeamActionError(Exception):
    """A referent asked for something that is not theirs to do; the message says why."""


# --- registration -------------------------------------------------------------------


def find_duplicate(*, siret: str, name: str, postcode: str) -> str | None:
    """The form field that shows a structure already registered (pending or approved):
    "siret" for the same SIRET, "name" for the same name in the same postcode, else None.
    A rejected registration does not block a new one."""
    live = Structure.objects.filter(Q(is_approved=True) | Q(rejected_at__isnull=True))
    if siret and live.filter(siret=siret).exists():
        return "siret"
    if name and postcode:
        # Compared in Python: SQLite's iexact ignores the case of ASCII letters only (É/é).
        wanted = _comparable(name)
        names = live.filter(postcode=postcode).values_list("name", flat=True)
        if any(_comparable(other) == wanted for other in names):
            return "name"
    return None


def _comparable(name: str) -> str:
    return " ".join(name.split()).casefold()


def register_structure(structure: Structure, language: str) -> Structure:
    """Save a pending structure; acknowledge to its referent (in ``language``) and tell
    the association (in French), once the transaction commits."""
    structure.is_approved = False
    structure.rejected_at = None
    with transaction.atomic():
        structure.save()
        send_later(
            structure.referent_email,
            "structure_registered",
            {
                "referent_name": structure.referent_name,
                "structure": structure.name,
            },
            language,
        )
        send_later(
            association_email(),
            "structure_registered_association",
            {
                "structure": structure.name,
                "kind": structure.get_kind_display(),
                "address": structure.address,
                "postcode": structure.postcode,
                "city": structure.city,
                "departement": structure.departement,
                "siret": structure.siret,
                "website": structure.website,
                "referent_name": structure.referent_name,
                "referent_email": structure.referent_email,
                "admin_url": _absolute(
                    reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])
                ),
            },
            "fr",
        )
    return structure


def _absolute(path: str) -> str:
    return absolute_url(path)


# --- the referent's team ------------------------------------------------------------


def team_members(structure: Structure) -> QuerySet[User]:
    """Counsellors and referents of ``structure``, with how many young people each follows."""
    return (
        User.objects.filter(structure=structure, role__in=TEAM_ROLES)
        .annotate(young_people_count=Count("followed_young_people"))
        .order_by("-is_active", "last_name", "first_name", "pk")
    )


def deactivate_counsellor(referent: User, member: User, reason: str = "") -> None:
    """The counsellor can no longer sign in; their young people stay in the structure."""
    _check_can_manage(referent, member)
    with transaction.atomic():
        member.is_active = False
        member.save(update_fields=["is_active"])
        ModerationLog.record(referent, ModerationAction.DEACTIVATE, member, reason)


def reactivate_counsellor(referent: User, member: User) -> None:
    _check_can_manage(referent, member)
    with transaction.atomic():
        member.is_active = True
        member.save(update_fields=["is_active"])
        ModerationLog.record(referent, ModerationAction.REACTIVATE, member)


def _check_can_manage(referent: User, member: User) -> None:
    if member.pk == referent.pk:
        raise TeamActionError(_("Vous ne pouvez pas désactiver votre propre compte."))
    if member.role != Role.COUNSELLOR or member.structure_id != referent.structure_id:
        raise TeamActionError(
            _(
                "Seuls les conseillers et conseillères de votre structure se gèrent ici ; "
                "pour un·e autre référent·e, écrivez à l’association."
            )
        )


# --- the structure's settings -------------------------------------------------------


def set_requires_validation(structure: Structure, value: bool) -> None:
    structure.requires_validation = value
    structure.save(update_fields=["requires_validation", "updated_at"])


def renew_join_code(structure: Structure) -> str:
    """Give ``structure`` a new join code; the old one stops working at once."""
    for _attempt in range(10):
        code = new_join_code()
        if Structure.objects.filter(join_code=code).exists():
            continue
        try:
            with transaction.atomic():
                Structure.objects.filter(pk=structure.pk).update(join_code=code)
        except IntegrityError:  # taken between the check and the update
            continue
        structure.join_code = code
        return code
    raise RuntimeError("No free join code after 10 attempts.")
