"""Profile photos: who may see one, the address that checks it, moving old ones.

A photo is a private file (``STORAGES["private"]``, see config.media): pages link to
``members:avatar``, which answers only for someone who may see that person
(DESIGN.md, "Roles and what each may see"); anyone else gets a 404:

- everyone sees their own photo, and moderators every photo;
- a professional listed in the directory (approved, account active): every member who may
  open the directory;
- a young person: those who may open their full profile (their structure's counsellors
  and referents). Professionals see only the limited profile, which never shows the photo,
  so they never get it either, whether or not the young person wrote to them;
- counsellors, referents and professionals not (yet) listed: themselves and moderators.
"""

from __future__ import annotations

import logging
import posixpath
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

from django.core.files.storage import Storage
from django.db.models import Q, QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from members.access import young_person_may_act
from members.enums import Role
from members.models import ProfessionalProfile, User, YoungPersonProfile

logger = logging.getLogger(__name__)

# Stand-ins for the user id and the file name in a reversed URL, cut out again below.
_PK_MARK = 987654321
_NAME_MARK = "avatar-name-mark"


def users_whose_avatar_is_visible_to(viewer) -> QuerySet[User]:
    """The accounts with a photo that ``viewer`` may see (the rules of the module docstring)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return User.objects.none()
    with_photo = User.objects.exclude(avatar="")
    if viewer.is_moderator:
        return with_photo
    if not young_person_may_act(viewer):
        # A young person not confirmed yet may not open the directory: their own photo only.
        return with_photo.filter(pk=viewer.pk)
    # Whoever may open the directory (members:directory) sees the photos it shows.
    visible = Q(pk=viewer.pk) | Q(pk__in=ProfessionalProfile.objects.approved().values("user_id"))
    if viewer.role != Role.PROFESSIONAL:
        visible |= Q(pk__in=YoungPersonProfile.objects.visible_to(viewer).values("user_id"))
    return with_photo.filter(visible)


def avatar_url(user: User) -> str:
    """``reverse("members:avatar", ...)`` for ``user``'s photo, "" without one.

    The URL names the file: a new photo is a new address, so browsers may keep one. Built
    from the parts of one reversed URL (a directory page shows twenty photos)."""
    if not user.avatar:
        return ""
    before, middle, after = _url_parts(get_urlconf(), get_script_prefix(), get_language())
    name = quote(posixpath.basename(user.avatar.name))
    return f"{before}{int(user.pk)}{middle}{name}{after}"


@lru_cache(maxsize=64)
def _url_parts(urlconf, script_prefix: str, language: str | None) -> tuple[str, str, str]:
    url = reverse("members:avatar", kwargs={"pk": _PK_MARK, "name": _NAME_MARK})
    before, _mark, rest = url.partition(str(_PK_MARK))
    middle, _mark, after = rest.partition(_NAME_MARK)
    return before, middle, after


def avatar_file_name(user: User) -> str:
    """The last part of ``user``'s photo name, as members:avatar's URL carries it."""
    return posixpath.basename(user.avatar.name) if user.avatar else ""


def move_to_private_storage(
    names: Iterable[str], public: Storage, private: Storage, *, dry_run: bool = False
) -> Counter:
    """Copy each file of ``names`` from ``public`` to ``private`` under the same name, then
    delete the public copy. Safe to run again: a file already private only loses a public
    copy left behind. Returns how many were ``moved``, ``already_private``, ``missing``.
    """
    counts: Counter = Counter(moved=0, already_private=0, missing=0)
    for name in names:
        if private.exists(name):
            counts["already_private"] += 1
            if public.exists(name) and not dry_run:
                public.delete(name)
        elif public.exists(name):
            counts["moved"] += 1
            if dry_run:
                continue
            with public.open(name, "rb") as source:
                saved = private.save(name, source)
            if saved != name:
                # The storage chose another name: the account would point at nothing.
                private.delete(saved)
                raise RuntimeError(f"The private storage refused the name {name!r}.")
            public.delete(name)
        else:
            counts["missing"] += 1
            logger.warning("Profile photo %s is in neither storage.", name)
    return counts
