from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page, Site

from config import caching, site_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in every language of the site.

    A Wagtail page links to its translation (or the home page of the other language
    when it has none yet); any other view links to the same URL with the other prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = caching.get_or_compute(
            "translations", [_site_pk(request), page.pk], lambda: _translation_urls(request, page)
        )
    suffix = _route_and_query(request, page) if translations else ""
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code] + suffix
        elif isinstance(page, Page):
            url = _home_url(request, code)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _site_pk(request):
    site = Site.find_for_request(request)
    return site.pk if site else None


def _translation_urls(request, page):
    """{language code: URL} of the live translations of a page, itself included."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {
        translated.locale.language_code: translated.get_url(request) for translated in translations
    }


def _route_and_query(request, page):
    """What the address adds to the page's own URL: a route of a routable page (a
    structure's slug under the structure index) and the query string (filters, search,
    page number). Both mean the same in every language."""
    suffix = ""
    page_url = page.get_url(request)
    if page_url and request.path.startswith(page_url):
        suffix = request.path[len(page_url) :]
    query = request.META.get("QUERY_STRING", "")
    return f"{suffix}?{query}" if query else suffix


def _home_url(request, language_code):
    return caching.get_or_compute(
        "home", [_site_pk(request), language_code], lambda: _find_home_url(request, language_code)
    )


def _find_home_url(request, language_code):
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
    """Top-level pages flagged "show in menus", in the active language.

    Each item says whether it is the current page ("page") or one of its ancestors
    ("true"), for aria-current.
    """
    request = context.get("request")
    if request is None:
        return []
    # Keyed on the host, which decides the site: the site is looked up only to build it.
    entries = caching.get_or_compute(
        "menu", [request.get_host(), translation.get_language()], lambda: _menu_entries(request)
    )
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    items = []
    for entry in entries:
        aria_current = ""
        if current_path == entry["path"]:
            aria_current = "page"
        elif current_path.startswith(entry["path"]):
            aria_current = "true"
        items.append({"title": entry["title"], "url": entry["url"], "current": aria_current})
    return items


def _menu_entries(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page.localized
    return [
        {"title": item.title, "url": item.get_url(request), "path": item.path}
        for item in root.get_children().live().public().in_menu()
    ]


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The legal notice and privacy pages named in the site settings, in the active
    language when translated (one query)."""
    request = context.get("request")
    site_settings = _site_settings(request)
    if site_settings is None:
        return []
    wanted = [pk for pk in (site_settings.legal_page_id, site_settings.privacy_page_id) if pk]
    if not wanted:
        return []
    language = translation.get_language()
    return caching.get_or_compute(
        "footer", [site_settings.pk, language, *wanted], lambda: _footer_links(request, wanted)
    )


def _footer_links(request, wanted):
    language = translation.get_language()
    keys = Page.objects.filter(pk__in=wanted).values("translation_key")
    candidates = list(
        Page.objects.live().public().filter(translation_key__in=keys).select_related("locale")
    )
    originals = {page.pk: page for page in candidates if page.pk in wanted}
    links = []
    for pk in wanted:
        original = originals.get(pk)
        if original is None:
            continue
        page = next(
            (
                page
                for page in candidates
                if page.translation_key == original.translation_key
                and page.locale.language_code == language
            ),
            original,
        )
        links.append({"title": page.title, "url": page.get_url(request)})
    return links


def _site_settings(request):
    if request is None:
        return None
    from home.models import SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return None
    return SiteSettings.for_request(request)


@register.filter
def absolute_url(url):
    """An absolute URL for meta tags (Open Graph, canonical, hreflang), on the site's
    configured address."""
    if not url:
        return url
    return site_url.absolute_url(url)


@register.simple_tag
def page_description(page, default=""):
    """The meta description of a page: its search description, else its summary or intro."""
    for name in ("search_description", "summary", "intro"):
        value = getattr(page, name, "")
        if value:
            return strip_tags(str(value)).strip()[:300]
    return default


class LayoutFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist

    def render(self, context):
        request = context.get("request")
        # A preview shows unsaved content under the page's own key: never cached.
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [translation.get_language(), request.get_host()]
        parts += [variable.resolve(context) for variable in self.vary_on]
        key = caching.make_key(f"fragment:{self.name}", parts)
        html = caching.get(key)
        if html is None:
            html = self.nodelist.render(context)
            caching.store(key, html)
        return html


@register.tag
def layout_fragment(parser, token):
    """``{% layout_fragment "name" var ... %}…{% endlayout_fragment %}``: the HTML of a
    card or a page body, kept in the cache (config.caching) per language, host and the
    given variables, until public content changes (a page, a structure, an answer…). Only for
    what every visitor sees alike: nothing personal, no form (CSRF token)."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and at least one variable.")
    name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    return LayoutFragmentNode(name, vary_on, nodelist)


@register.simple_tag(takes_context=True)
def layout_cards(context, name, pks, objects, template_name, scope=caching.PUBLIC, **extra):
    """The cards of the objects ``pks``, in that order, each rendered with
    ``template_name`` (the object under the variable ``name``, plus ``extra``), read in
    one go from the cache (config.caching), under the version of ``scope``. ``objects``
    (a lazy list) is read only when a card is missing, so a page whose cards are all
    cached needs no query for them. Never cached in a preview."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        rendered = _render_cards(name, pks, objects, template_name, extra, request)
        return mark_safe("".join(rendered.get(pk, "") for pk in pks))  # noqa: S308
    parts = [translation.get_language(), request.get_host()]
    parts += [f"{key}={value}" for key, value in sorted(extra.items())]
    prefix = caching.make_key(f"card:{name}", parts, scopes=(scope,))
    keys = {pk: f"{prefix}:{int(pk)}" for pk in pks}
    found = caching.get_many(keys.values())
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        cards = _render_cards(name, missing, objects, template_name, extra, request)
        for pk, html in cards.items():
            caching.store(keys[pk], html)
            found[keys[pk]] = html
    # Our own templates' output, escaped when rendered.
    return mark_safe("".join(found.get(keys[pk], "") for pk in pks))  # noqa: S308


def _render_cards(name, pks, objects, template_name, extra, request):
    card = get_template(template_name)
    by_pk = {item.pk: item for item in objects}
    return {pk: card.render({name: by_pk[pk], **extra}, request) for pk in pks if pk in by_pk}
