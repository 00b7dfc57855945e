"""The live figures of the home page: real counts, cached for a few minutes.

The anonymous page cache (config.middleware) is switched off in tests and bypassed by
signed-in visitors; the figures have their own cache key per language so that the home
page stays cheap for everybody. The cache is cleared when an editor publishes a page
(home.wagtail_hooks) and when a coup de pouce is completed (`connect`, below); anything
else (a member joining, a structure approved) shows within CACHE_SECONDS.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Func, Subquery
from django.utils.translation import gettext_lazy as _

CACHE_SECONDS = 10 * 60


def cache_key(locale_id):
    return f"home:figures:{locale_id}"


def get_figures(locale_id):
    """A list of {"key", "value", "label"} dicts, in display order."""
    key = cache_key(locale_id)
    counts = cache.get(key)
    if counts is None:
        counts = compute_counts(locale_id)
        cache.set(key, counts, CACHE_SECONDS)
    return [{"key": name, "value": counts[name], "label": LABELS[name]} for name in LABELS]


LABELS = {
    "members": _("membres actifs"),
    "help_given": _("coups de pouce donnés"),
    "structures": _("structures partenaires"),
    "stories": _("histoires de réussite"),
    "volunteers": _("bénévoles ont répondu à un appel"),
}


def _count(queryset):
    """``queryset.count()`` as a subquery: several counts are then read in one query."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def compute_counts(locale_id):
    from wagtail.models import Locale

    members = get_user_model().objects.filter(is_active=True, is_staff=False, is_superuser=False)
    # A coup de pouce given is a request completed (outcome recorded), whoever's account
    # was deleted since. Both counts in one query, as subqueries on the page's locale row
    # (a row that exists), so the figure costs the home page no extra query.
    completed = apps.get_model("members", "HelpRequest").objects.filter(state="completed")
    counts = (
        Locale.objects.filter(pk=locale_id)
        .values(members=_count(members), help_given=_count(completed))
        .get()
    )
    counts["structures"] = apps.get_model("network", "Structure").objects.approved().count()
    story = apps.get_model("stories", "StoryPage")
    counts["stories"] = story.objects.live().public().filter(locale_id=locale_id).count()
    answer = apps.get_model("network", "VolunteerAnswer")
    # One person answering several calls counts once.
    counts["volunteers"] = answer.objects.values("email").distinct().count()
    return counts


def clear():
    from wagtail.models import Locale

    cache.delete_many([cache_key(pk) for pk in Locale.objects.values_list("pk", flat=True)])


def _completed(sender, instance, created, **kwargs):
    if created and instance.to_state == "completed":
        transaction.on_commit(clear)


def connect():
    """Clear the figures when a coup de pouce is completed (home.apps).

    Every state change writes one transition row (members.services.requests), so this is
    the one place a request becomes completed; the request's own row is changed by a
    conditional UPDATE, which sends no signal.
    """
    from django.db.models.signals import post_save

    post_save.connect(
        _completed,
        sender="members.HelpRequestTransition",
        dispatch_uid="home-figures-completed",
    )
