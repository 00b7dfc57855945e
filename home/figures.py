"""The live figures of the home page: real counts, cached for a few minutes.

The anonymous page cache (config.middleware) is switched off in tests and bypassed by
signed-in visitors; the figures have their own cache key per language so that the home
page stays cheap for everybody.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CACHE_SECONDS = 10 * 60


def cache_key(locale):
    return f"home:figures:{locale.language_code}"


def get_figures(locale):
    """A list of {"key", "value", "label"} dicts, in display order."""
    key = cache_key(locale)
    counts = cache.get(key)
    if counts is None:
        counts = compute_counts(locale)
        cache.set(key, counts, CACHE_SECONDS)
    return [{"key": name, "value": counts[name], "label": LABELS[name]} for name in LABELS]


LABELS = {
    "members": _("membres actifs"),
    "structures": _("structures partenaires"),
    "stories": _("histoires de réussite"),
    "volunteers": _("bénévoles ont répondu à un appel"),
}


def compute_counts(locale):
    # Coups de pouce given are not counted yet: the request model comes in a later issue.
    counts = {
        "members": get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .count()
    }
    counts["structures"] = apps.get_model("network", "Structure").objects.approved().count()
    story = apps.get_model("stories", "StoryPage")
    counts["stories"] = story.objects.live().public().filter(locale_id=locale.pk).count()
    answer = apps.get_model("network", "VolunteerAnswer")
    # One person answering several calls counts once.
    counts["volunteers"] = answer.objects.values("email").distinct().count()
    return counts


def clear():
    from wagtail.models import Locale

    cache.delete_many([cache_key(locale) for locale in Locale.objects.all()])
