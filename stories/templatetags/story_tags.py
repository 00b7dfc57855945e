from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from home import layout_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def story_cards(context, pks, stories, heading="h2"):
    """The cards of the stories ``pks``, in that order, read in one go from the layout cache
    (home.layout_cache: until a page changes). ``stories`` (a lazy list) is read only when
    a card is missing, so a page whose cards are all cached needs no query for them."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return _render(stories, pks, heading, request)
    parts = [translation.get_language(), request.get_host(), heading]
    keys = {pk: layout_cache.key_for("story-card", [*parts, pk]) for pk in pks}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        rendered = _render(stories, missing, heading, request, joined=False)
        new = {keys[pk]: html for pk, html in rendered.items()}
        for key, html in new.items():
            layout_cache.store(key, html)
        found.update(new)
    return mark_safe("".join(found.get(keys[pk], "") for pk in pks))  # noqa: S308 - rendered templates


def _render(stories, pks, heading, request, joined=True):
    card = get_template("stories/includes/story_card.html")
    by_pk = {story.pk: story for story in stories}
    rendered = {
        pk: card.render({"story": by_pk[pk], "heading": heading}, request)
        for pk in pks
        if pk in by_pk
    }
    if joined:
        return mark_safe("".join(rendered.get(pk, "") for pk in pks))  # noqa: S308
    return rendered
