from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in every language of the site.

    A Wagtail page links to its translation (or the home page of the other language
    when it has none yet); any other view links to the same URL with the other prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request)
        elif isinstance(page, Page):
            url = _home_url(request, code)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _home_url(request, language_code):
    site = Site.find_for_request(request)
    if site is None:
        return f"/{language_code}/"
    root = site.root_page
    try:
        locale = Locale.objects.get(language_code=language_code)
        return root.get_translation(locale).get_url(request)
    except (Locale.DoesNotExist, Page.DoesNotExist):
        return f"/{language_code}/"


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Top-level pages flagged "show in menus", in the active language."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page.localized
    return list(root.get_children().live().in_menu().specific(defer=True))
