"""The live figures of the home page: real counts, kept in the cache.

They are kept per language (config.caching) until public content changes (a story
published or withdrawn, a structure approved, a call answered), a coup de pouce is
completed (the FIGURES scope, `connect` below) or its three-month outcome is recorded
(members.requests.outcomes outdates FIGURES); a member joining shows within the cache's
timeout. The anonymous copy of the home page is kept under public content only: figures
that move with members' actions alone show on it once that copy expires.

The outcomes at three months are :func:`members.impact.figures.follow_ups` over all time,
with the small-count rule: the public may not see the people behind a figure.
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
    return [
        {
            "key": name,
            "value": counts[name],
            "hidden": getattr(counts[name], "hidden", False),
            "label": _label(name, counts[name]),
        }
        for name in LABELS
    ]


LABELS = {
    "members": _("membres actifs"),
    "help_given": _("coups de pouce donnés"),
    "structures": _("structures partenaires"),
    "stories": _("histoires de réussite"),
    "volunteers": _("bénévoles ont répondu à un appel"),
    # "42 %" then this.
    "way_in_at_three_months": _(
        "des coups de pouce suivis à trois mois ont mené à un emploi, une formation ou un stage"
    ),
}
# A share hidden by the small-count rule prints "moins de 5", then this: true whether the
# part or the whole is under 5 (the part is never more than the whole).
HIDDEN_LABELS = {
    "way_in_at_three_months": _(
        "coups de pouce suivis à trois mois ont mené à un emploi, une formation ou un stage"
    ),
}


def _label(name, value):
    if getattr(value, "hidden", False) and name in HIDDEN_LABELS:
        return HIDDEN_LABELS[name]
    return LABELS[name]


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
    counts["way_in_at_three_months"] = way_in_at_three_months()
    return counts


def way_in_at_three_months():
    """The share of the coups de pouce whose three-month outcome is a job, a training or
    an internship, among those whose outcome is recorded, since the start (one query)."""
    from members.impact import figures as impact

    scope = impact.Scope.all_time()
    return impact.follow_ups(scope, protect_small_counts=True).way_in


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
