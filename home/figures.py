"""The live figures of the home page: real counts, kept in the cache.

They are kept per language (config.caching) until public content changes (a story
published or withdrawn, a structure approved, a call answered) or a coup de pouce is
completed (the FIGURES scope, `connect` below); a member joining shows within the cache's
timeout. The anonymous copy of the home page is kept under public content only: figures
that move with members' actions alone show on it once that copy expires.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import F, Func, Subquery
from django.utils.translation import gettext_lazy as _

from config import caching


def get_figures(locale_id):
    """A list of {"key", "value", "label"} dicts, in display order."""
    counts = caching.get_or_compute(
        "home-figures",
        [locale_id],
        lambda: compute_counts(locale_id),
        scopes=(caching.PUBLIC, caching.STRUCTURES, caching.FIGURES),
    )
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
    caching.outdate(caching.FIGURES)


def _completed(sender, instance, created, **kwargs):
    if created and instance.to_state == "completed":
        clear()


def connect():
    """Clear the figures when a coup de pouce is completed (home.apps).

    Every state change writes one transition row (members.requests.services), so this is
    the one place a request becomes completed; the request's own row is changed by a
    conditional UPDATE, which sends no signal.
    """
    from django.db.models.signals import post_save

    post_save.connect(
        _completed,
        sender="members.HelpRequestTransition",
        dispatch_uid="home-figures-completed",
    )
