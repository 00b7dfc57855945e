"""The moderation bar of wagtail-localize's translation editor (home/translations.py)."""

from django import template
from wagtail.models import Page

from home import translations
from home.wagtail_hooks import SUBMIT_TRANSLATION

register = template.Library()


@register.inclusion_tag("home/admin/translation_moderation.html", takes_context=True)
def translation_moderation(context, instance):
    if not isinstance(instance, Page):
        return {"shown": False}
    user = context["request"].user
    state = instance.current_workflow_state
    return {
        "shown": True,
        "page": instance,
        "state": state,
        "may_submit": translations.may_submit_for_moderation(instance, user),
        "field_name": SUBMIT_TRANSLATION,
        "csrf_token": context.get("csrf_token"),
    }
