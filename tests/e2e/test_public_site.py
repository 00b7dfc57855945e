"""A visitor browses the demo site in French and English, in a real browser.

Every public page type is checked with axe-core (no serious or critical WCAG 2.1 A/AA
violation), weighed (under 300 KB transferred) and loaded under the site's real CSP;
no test may send a request to another host (see ``open_context`` in conftest.py).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from network.enums import StructureKind
from network.models import Structure
from network.models.structures import STRUCTURES_PER_PAGE
from stories.models import STORIES_PER_PAGE, StoryPage
from tests.e2e.helpers import (
    PAGE_WEIGHT_BUDGET,
    assert_accessible,
    follow,
    localized_reverse,
    measure_page_weight,
)
from tests.e2e.pages import LANGUAGES, PAGE_TYPES, TRANSLATED_PAGE_TYPES


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def switch_language(page, language: str) -> None:
    follow(page.locator(f'header a[hreflang="{language}"]'))


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- Browsing ---------------------------------------------------------------------------


def test_a_french_visitor_lands_on_the_french_home_page(visitor, demo_paths):
    visitor.goto("/")

    assert path_and_query(visitor.url) == demo_paths["home", "fr"]
    assert html_lang(visitor) == "fr"
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    expect(visitor.get_by_role("main")).to_be_visible()
    expect(visitor.get_by_role("contentinfo")).to_be_visible()


def test_an_english_visitor_can_read_the_home_page_in_english(open_context, demo_paths):
    page = open_context(locale="en-GB").new_page()
    page.goto("/")

    assert path_and_query(page.url) == demo_paths["home", "en"]
    assert html_lang(page) == "en"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("page_type", TRANSLATED_PAGE_TYPES)
def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(
    visitor, demo_paths, page_type
):
    visitor.goto(demo_paths[page_type, "fr"])
    assert html_lang(visitor) == "fr"

    switch_language(visitor, "en")
    assert path_and_query(visitor.url) == demo_paths[page_type, "en"]
    assert html_lang(visitor) == "en"

    switch_language(visitor, "fr")
    assert path_and_query(visitor.url) == demo_paths[page_type, "fr"]
    assert html_lang(visitor) == "fr"


def test_the_language_switcher_keeps_the_search_query(visitor, demo_paths):
    french_search = demo_paths["search", "fr"]
    visitor.goto(french_search)

    switch_language(visitor, "en")

    query = urlsplit(french_search).query
    assert path_and_query(visitor.url) == f"{localized_reverse('en', 'home:search')}?{query}"
    assert html_lang(visitor) == "en"


def test_the_language_switcher_of_the_404_page_keeps_the_address(visitor, demo_paths):
    visitor.goto(demo_paths["not_found", "fr"])

    switch_language(visitor, "en")

    assert path_and_query(visitor.url) == demo_paths["not_found", "en"]
    assert html_lang(visitor) == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_faq_answer_opens_with_the_keyboard(visitor, demo_paths, language):
    visitor.goto(demo_paths["faq", language])
    details = visitor.locator("main details").first
    question = details.locator("summary")
    answer = details.locator(":scope > :not(summary)").first
    expect(answer).to_be_hidden()

    assert question.evaluate("summary => summary.tabIndex") >= 0, "in the tab order"
    question.focus()
    expect(question).to_be_focused()
    visitor.keyboard.press("Enter")

    expect(details).to_have_attribute("open", "")
    expect(answer).to_be_visible()
    visitor.keyboard.press("Space")
    expect(answer).to_be_hidden()


def test_the_main_menu_leads_to_the_sections_of_the_site(visitor, demo_paths):
    visitor.goto(demo_paths["home", "fr"])
    menu = visitor.get_by_role("navigation", name="Navigation principale")
    follow(menu.get_by_role("link").filter(has_text=re.compile("histoires", re.IGNORECASE)))

    assert path_and_query(visitor.url) == demo_paths["story_index", "fr"]
    expect(menu.locator('a[aria-current="page"]')).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_story_index_filters_by_tag_and_paginates(visitor, demo_pages, demo_paths, language):
    story_index = demo_pages["story_index", language]
    visitor.goto(demo_paths["story_index", language])
    titles = visitor.locator("main article h2")
    first_page_titles = titles.all_inner_texts()
    assert first_page_titles

    tag_link = visitor.locator('main nav a[href*="tag="]').first
    tag_name = tag_link.inner_text().strip()
    follow(tag_link)

    tag_slug = parse_qs(urlsplit(visitor.url).query)["tag"][0]
    tagged = StoryPage.objects.child_of(story_index).live().filter(tags__slug=tag_slug)
    expect(visitor.locator('main nav a[aria-current="true"]')).to_have_text(tag_name)
    expect(titles).to_have_count(min(tagged.count(), STORIES_PER_PAGE))
    assert set(titles.all_inner_texts()) <= set(tagged.values_list("title", flat=True))

    visitor.goto(demo_paths["story_index", language])
    next_link = visitor.locator('main a[rel="next"]')
    if StoryPage.objects.child_of(story_index).live().count() > STORIES_PER_PAGE:
        follow(next_link)
        assert parse_qs(urlsplit(visitor.url).query)["page"] == ["2"]
        second_page_titles = titles.all_inner_texts()
        assert second_page_titles
        assert not set(second_page_titles) & set(first_page_titles)
        expect(visitor.locator('main a[aria-current="page"]')).to_contain_text("2")
    else:
        expect(next_link).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_story_opens_from_the_index(visitor, demo_pages, demo_paths, language):
    story = demo_pages["story", language]
    visitor.goto(demo_paths["story_index", language])
    follow(visitor.locator("main article h2 a").first)

    assert path_and_query(visitor.url) == demo_paths["story", language]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(story.title)
    expect(visitor.locator("main")).to_contain_text(story.summary)
    expect(visitor.locator("main time").first).to_be_visible()
    for image in visitor.locator("main img").all():
        assert image.get_attribute("alt"), image.evaluate("img => img.outerHTML")


def structure_cards(page):
    return page.locator("#structures li:has(h3)")


def test_the_structure_index_filters_by_kind_and_departement(visitor, demo_paths):
    approved = Structure.objects.approved()
    kind = approved.values_list("kind", flat=True).order_by("kind").first()
    code = approved.filter(kind=kind).values_list("departement", flat=True).first()
    with translation.override("fr"):
        kind_label = str(StructureKind(kind).label)
    visitor.goto(demo_paths["structure_index", "fr"])
    cards = structure_cards(visitor)
    expect(cards.first).to_be_visible()
    first_page_count = cards.count()

    visitor.get_by_role("combobox", name="Type de structure").select_option(kind)
    follow(visitor.get_by_role("button", name="Filtrer"))
    assert parse_qs(urlsplit(visitor.url).query)["kind"] == [kind]
    expect(cards.first).to_be_visible()
    for card in cards.all_inner_texts():
        assert kind_label in card

    visitor.get_by_role("combobox", name="Département").select_option(code)
    follow(visitor.get_by_role("button", name="Filtrer"))
    query = parse_qs(urlsplit(visitor.url).query)
    assert query["departement"] == [code]
    assert query["kind"] == [kind], "the kind filter is kept"
    expect(visitor.get_by_role("combobox", name="Département")).to_have_value(code)
    expect(cards).to_have_count(
        min(approved.filter(kind=kind, departement=code).count(), STRUCTURES_PER_PAGE)
    )
    for card in cards.all_inner_texts():
        assert kind_label in card
        assert f"({code})" in card

    follow(visitor.get_by_role("link", name="Tout afficher"))
    expect(cards).to_have_count(first_page_count)


# A point of the département's own shape (a bounding box's centre may fall in a neighbour).
_POINT_INSIDE = """(link) => {
    const box = link.getBoundingClientRect();
    for (let i = 1; i < 20; i++) {
        for (let j = 1; j < 20; j++) {
            const x = box.left + (box.width * i) / 20;
            const y = box.top + (box.height * j) / 20;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest("a") === link) return {x, y};
        }
    }
    return null;
}"""


def test_a_departement_on_the_map_shows_its_structures(visitor, demo_paths):
    visitor.goto(demo_paths["structure_index", "fr"])
    map_links = visitor.locator('main svg a[href*="departement="]')
    assert map_links.count(), "the map links the départements that have structures"
    link = map_links.first
    code = parse_qs(urlsplit(link.get_attribute("href")).query)["departement"][0]
    link.scroll_into_view_if_needed()
    point = link.evaluate(_POINT_INSIDE)
    assert point, f"département {code} cannot be clicked on the map"

    visitor.mouse.click(point["x"], point["y"])
    visitor.wait_for_url(re.compile(rf"departement={code}"))

    expect(visitor.locator(f'main svg a[aria-current="true"][href*="={code}"]')).to_have_count(1)
    in_departement = Structure.objects.approved().filter(departement=code).count()
    expect(structure_cards(visitor)).to_have_count(min(in_departement, STRUCTURES_PER_PAGE))
    for card in structure_cards(visitor).all_inner_texts():
        assert f"({code})" in card


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_structure_page_opens_from_the_index(visitor, demo_pages, demo_paths, language):
    _index, structure = demo_pages["structure", language]
    visitor.goto(demo_paths["structure_index", language])
    follow(visitor.locator("#structures li h3 a").first)

    assert path_and_query(visitor.url) == demo_paths["structure", language]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(structure.name)
    expect(visitor.locator("main")).to_contain_text(structure.city)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_volunteer_call_opens_from_the_index(visitor, demo_pages, demo_paths, language):
    call = demo_pages["call", language]
    visitor.goto(demo_paths["call_index", language])
    follow(visitor.locator(f'main a[href="{demo_paths["call", language]}"]').first)

    assert path_and_query(visitor.url) == demo_paths["call", language]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(visitor.locator("main form button[type=submit]")).to_be_visible()


def test_the_contact_page_shows_a_labelled_form(visitor, demo_paths):
    visitor.goto(demo_paths["contact", "fr"])
    form = visitor.locator("main form")
    expect(form).to_be_visible()
    fields = form.locator("input:not([type=hidden]), textarea, select")
    assert fields.count()
    for field in fields.all():
        assert field.evaluate("f => f.labels.length > 0"), field.evaluate("f => f.outerHTML")


def fill_contact_form(form, *, email: str) -> None:
    """Fill every visible field of a form built in the admin, whatever its fields are (not
    the honeypot, which people do not see)."""
    fields = "input:not([type=hidden]):visible, textarea:visible, select:visible"
    for field in form.locator(fields).all():
        kind = field.evaluate("f => f.type")
        if kind == "email":
            field.fill(email)
        elif kind in ("checkbox", "radio"):
            field.check()
        elif kind.startswith("select"):
            values = field.locator("option").evaluate_all("options => options.map(o => o.value)")
            field.select_option(next(value for value in values if value))
        elif kind == "number":
            field.fill("3")
        elif kind == "date":
            field.fill("2026-12-01")
        elif kind == "url":
            field.fill("https://example.org/")
        else:
            field.fill("Bonjour, je voudrais en savoir plus sur les coups de pouce.")


def test_the_contact_form_sends_a_message(visitor, demo_pages, demo_paths, mailoutbox):
    contact = demo_pages["contact", "fr"]
    submissions = contact.get_submission_class().objects.filter(page=contact)
    count_before = submissions.count()
    visitor.goto(demo_paths["contact", "fr"])
    form = visitor.locator("main form")

    follow(form.locator("button[type=submit]"))
    expect(visitor.get_by_role("alert")).to_be_visible()
    assert submissions.count() == count_before, "an empty form is not sent"

    fill_contact_form(visitor.locator("main form"), email="lea.dupont@example.org")
    follow(visitor.locator("main form button[type=submit]"))

    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Merci")
    assert submissions.count() == count_before + 1
    assert mailoutbox, "the association is told by email"
    assert_accessible(visitor)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(visitor, demo_paths):
    visitor.goto(demo_paths["faq", "fr"])

    visitor.keyboard.press("Tab")
    skip_link = visitor.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    visitor.keyboard.press("Enter")

    expect(visitor.get_by_role("main")).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_search_finds_a_story(visitor, demo_pages, demo_paths, language):
    story = demo_pages["story", language]
    story_path = demo_paths["story", language]
    visitor.goto(demo_paths["home", language])

    search = visitor.locator("header").get_by_role("searchbox")
    search.fill(story.title)
    search.press("Enter")
    visitor.wait_for_url(re.compile(r"\?q="))

    assert urlsplit(visitor.url).path == localized_reverse(language, "home:search")
    assert html_lang(visitor) == language
    result = visitor.locator(f'main a[href="{story_path}"]').first
    expect(result).to_be_visible()
    follow(result)
    assert path_and_query(visitor.url) == story_path


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_gets_a_helpful_404(visitor, demo_paths, language):
    response = visitor.goto(demo_paths["not_found", language])

    assert response.status == 404
    assert html_lang(visitor) == language
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.locator("main").get_by_role("searchbox")).to_be_visible()
    expect(visitor.locator(f'main a[href="{demo_paths["home", language]}"]')).to_be_visible()


# --- Every page type: accessibility, weight, CSP ------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_type_passes_axe_core(visitor, demo_paths, page_type, language):
    response = visitor.goto(demo_paths[page_type, language])

    assert response.status == (404 if page_type == "not_found" else 200)
    assert html_lang(visitor) == language
    assert_accessible(visitor)


def test_an_open_faq_answer_passes_axe_core(visitor, demo_paths):
    visitor.goto(demo_paths["faq", "fr"])
    for question in visitor.locator("main details summary").all():
        question.click()
    assert_accessible(visitor)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_type_weighs_under_300_kb(open_context, demo_paths, page_type, language):
    weight = measure_page_weight(open_context(), demo_paths[page_type, language])

    assert weight.total < PAGE_WEIGHT_BUDGET, weight.report()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_type_works_under_the_real_csp(open_context, demo_paths, page_type):
    """With the policy enforced (no ``bypass_csp``), nothing on the page is blocked."""
    page = open_context(bypass_csp=False).new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    for language in LANGUAGES:
        page.goto(demo_paths[page_type, language])
        page.wait_for_load_state("networkidle")

    assert not violations, "\n".join(violations)
