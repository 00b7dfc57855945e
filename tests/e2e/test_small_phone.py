"""The site on a small phone (375 × 667): the menu can be reached, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import follow
from tests.e2e.pages import PAGE_TYPES

SMALL_PHONE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

_HORIZONTAL_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wider = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .map((element) => element.outerHTML.slice(0, 120));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: width,
        wider: wider.slice(0, 5),
    };
}"""


@pytest.fixture
def phone(open_context):
    return open_context(**SMALL_PHONE).new_page()


def reveal_main_menu(page):
    """The main menu's links, opened through its toggle if the phone layout hides them."""
    menu = page.get_by_role("navigation", name="Navigation principale")
    links = menu.get_by_role("link")
    if not links.first.is_visible():
        # A menu button (aria-expanded) or, without JavaScript, a <details> disclosure.
        toggle = page.locator('header button[aria-expanded="false"], header summary').first
        expect(toggle).to_be_visible()
        toggle.click()
        expect(links.first).to_be_visible()
    return links


def test_the_main_menu_can_be_reached_on_a_small_phone(phone, demo_paths):
    phone.goto(demo_paths["home", "fr"])

    links = reveal_main_menu(phone)

    assert links.count()
    for link in links.all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375, link.inner_text()
    href = links.first.get_attribute("href")
    follow(links.first)
    phone.wait_for_url(f"**{href}")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()


def test_the_home_page_does_not_scroll_sideways_on_a_small_phone(phone, demo_paths):
    phone.goto(demo_paths["home", "fr"])
    phone.wait_for_load_state("networkidle")

    overflow = phone.evaluate(_HORIZONTAL_OVERFLOW)

    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow


@pytest.mark.parametrize("page_type", PAGE_TYPES[1:])
def test_no_other_page_type_scrolls_sideways_on_a_small_phone(phone, demo_paths, page_type):
    phone.goto(demo_paths[page_type, "fr"])
    phone.wait_for_load_state("networkidle")

    overflow = phone.evaluate(_HORIZONTAL_OVERFLOW)

    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
