"""The impact pages' figures, computed once and kept until something they count changes.

At the bench's scale a structure's figures read tens of thousands of requests and the
association's, all of them: ten clients asking at once would each pay the whole reading.
Each figures function decorated with :func:`kept` is cached (config.caching) under the
:data:`~config.caching.IMPACT` scope, per arguments and language, and with the clock
(``clock=True``: "approved today", "as of today" move at most a minute late).

What outdates it: a save or deletion of any row the figures read (the receivers below:
requests, invitations, accounts, profiles, structures, companies), and the services that
change requests by an UPDATE, through ``dashboard_cache.outdate_structure``. A sign-in
(``last_login``) changes nothing counted and outdates nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language

from config import caching


def kept(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache a figures function (its arguments are scopes, primary keys, numbers); the
    function itself stays reachable as ``.direct`` (the tests compare both)."""

    def decorate(compute: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(compute)
        def cached(*args: Any, **kwargs: Any) -> Any:
            parts = [get_language() or "", *map(repr, args), *sorted(kwargs.items())]
            return caching.get_or_compute(
                f"impact:{name}",
                parts,
                lambda: compute(*args, **kwargs),
                scopes=(caching.IMPACT,),
                clock=True,
            )

        cached.direct = compute
        return cached

    return decorate


def _outdate(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    caching.outdate(caching.IMPACT)


def connect_receivers() -> None:
    """Called once from MembersConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from members.models import (
        HelpRequest,
        Invitation,
        ProfessionalProfile,
        User,
        YoungPersonProfile,
    )
    from network.models import Company, Structure

    for model in (
        HelpRequest,
        Invitation,
        User,
        YoungPersonProfile,
        ProfessionalProfile,
        Structure,
        Company,
    ):
        for event, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                _outdate, sender=model, dispatch_uid=f"impact-{event}-{model._meta.label}"
            )
