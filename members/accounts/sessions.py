"""A member who may no longer sign in is signed out everywhere, at once.

Django refuses the session of an inactive account while it stays inactive, but the
session itself lived on: reactivating a counsellor brought back every session they had
left open (the shared computer of their former structure included). Whoever turns
``is_active`` off (a referent for their team, a moderator, the Wagtail admin, a young
person's confirmation being withdrawn), this one ``post_save`` receiver ends the
account's sessions once the change is committed. Sessions are ``cached_db``: they are
deleted through the session store, so that the cached copy goes too.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from members.models import User


def _account_saved(sender, instance: User, created: bool = False, update_fields=None, **kwargs):
    if created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return  # an inactive account saved for another reason: its sessions are gone already
    # The erasure (members.privacy.erasure) ends them too, inside its own transaction.
    transaction.on_commit(lambda: end_sessions(instance))


def connect_receivers() -> None:
    """Called once from MembersConfig.ready()."""
    from django.db.models.signals import post_save

    post_save.connect(_account_saved, sender=User, dispatch_uid="sessions-end-on-deactivation")


def end_sessions(user: User) -> int:
    """Delete every session signed in as ``user`` (their cached copies too).

    Sessions do not record their user in a column: the live ones are read, by batches.
    """
    store_class = Session.get_session_store_class()
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    for session in live.iterator(chunk_size=2000):
        data = store_class().decode(session.session_data)
        if str(data.get("_auth_user_id")) == str(user.pk):
            store_class(session.session_key).delete()
            ended += 1
    return ended
