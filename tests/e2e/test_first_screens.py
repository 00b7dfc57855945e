"""The first screens people meet (issue 14, "First contact"), at 1280 px and at 360 px.

- At 1280 px the sign-in, sign-up and other visitor forms take the page's width (at least
  half of the content area), not the 240 px sidebar column of the members area.
- At 360 px nothing scrolls sideways and the page's title (its h1) is on the first screen
  (inside the first 640 px): the site's menu and the members area's menu fold behind a
  disclosure (<details>, no JavaScript).
- axe-core finds no serious or critical violation at either width.

Visitors' pages, and for each demo role its dashboard, the directory, a request page, its
account page and its notifications.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from members.models import HelpRequest, User
from tests.e2e.helpers import assert_accessible, localized_reverse
from tests.e2e.test_members_accessibility import (
    _HORIZONTAL_OVERFLOW,
    COUNSELLOR,
    MODERATOR,
    PRO,
    REFERENT,
    VISITOR_PAGES,
    YOUNG,
    YOUNG_MINOR,
    member_path,
    sessions,  # noqa: F401 - the fixture: each demo account signs in once per module
)

WIDE = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
FIRST_SCREEN = 640

# Each role's first pages; a referent reads no request (figures only, DESIGN.md).
ROLES = {
    "young": YOUNG,
    "young-minor": YOUNG_MINOR,
    "professional": PRO,
    "counsellor": COUNSELLOR,
    "referent": REFERENT,
    "moderator": MODERATOR,
}
ROLE_PAGES = {
    "dashboard": "members:dashboard",
    "directory": "members:directory",
    "request": "members:request-detail",
    "account": "account_email",
    "notifications": "members:notifications",
}
MEMBER_PAGES = {
    f"{role}-{page}": (email, url_name)
    for role, email in ROLES.items()
    for page, url_name in ROLE_PAGES.items()
    if not (role == "referent" and page == "request")
}

# The width of the form (visitors' pages), of the members area's content column, or of the
# title's column (a page outside the members area without a form), and of the site's
# content area (the header's container, without its padding).
_WIDTHS = """() => {
    const container = document.querySelector(".site-header .container");
    const style = getComputedStyle(container);
    const content = container.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    const element = document.querySelector("main form.form")
        || document.querySelector(".members-main")
        || document.querySelector("main h1").parentElement;
    return {content: content, element: element.getBoundingClientRect().width,
            what: element.outerHTML.slice(0, 80)};
}"""


def path_of_page(email: str, url_name: str) -> str:
    if url_name == "members:request-detail":
        user = User.objects.get(email=email)
        help_request = HelpRequest.objects.visible_to(user).order_by("pk").first()
        assert help_request, f"{email} may read a request in the demo"
        return localized_reverse("fr", url_name, kwargs={"pk": help_request.pk})
    return member_path(email, url_name)


def open_page(open_context, path: str, storage_state=None, **options):
    if storage_state is not None:
        options["storage_state"] = storage_state
    page = open_context(**options).new_page()
    response = page.goto(path)
    assert response.status == 200, f"{page.url}: {response.status}"
    assert page.url.endswith(path), f"stays on {path}, not sent to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    return page


def assert_wide_enough(page) -> None:
    widths = page.evaluate(_WIDTHS)
    assert widths["element"] >= widths["content"] / 2, (
        f"{page.url}: {widths['what']} is {widths['element']:.0f} px wide"
        f" in a content area of {widths['content']:.0f} px"
    )


def assert_first_screen(page) -> None:
    overflow = page.evaluate(_HORIZONTAL_OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], (
        f"{page.url} is {overflow['scrollWidth']} px wide on a 360 px screen; too wide: "
        + "\n    ".join(overflow["wider"])
    )
    title = page.get_by_role("heading", level=1)
    expect(title).to_be_visible()
    box = title.bounding_box()
    scrolled = page.evaluate("() => window.scrollY")
    assert box["y"] + scrolled + box["height"] <= FIRST_SCREEN, (
        f"{page.url}: the title ends {box['y'] + scrolled + box['height']:.0f} px down,"
        f" below the first screen ({FIRST_SCREEN} px)"
    )


@pytest.mark.parametrize("url_name", VISITOR_PAGES.values(), ids=VISITOR_PAGES.keys())
def test_visitors_forms_take_the_width_of_a_wide_screen(open_context, url_name):
    page = open_page(open_context, localized_reverse("fr", url_name), **WIDE)

    assert_wide_enough(page)
    assert_accessible(page)


@pytest.mark.parametrize("url_name", VISITOR_PAGES.values(), ids=VISITOR_PAGES.keys())
def test_visitors_pages_show_their_title_on_a_phones_first_screen(open_context, url_name):
    page = open_page(open_context, localized_reverse("fr", url_name), **PHONE)

    assert_first_screen(page)
    assert_accessible(page)


@pytest.mark.parametrize(("email", "url_name"), MEMBER_PAGES.values(), ids=MEMBER_PAGES.keys())
def test_member_pages_keep_a_wide_content_column(open_context, sessions, email, url_name):  # noqa: F811
    page = open_page(open_context, path_of_page(email, url_name), sessions(email), **WIDE)

    assert_wide_enough(page)
    expect(
        page.get_by_role("navigation", name="Espace membres").get_by_role("link").first
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("email", "url_name"), MEMBER_PAGES.values(), ids=MEMBER_PAGES.keys())
def test_member_pages_show_their_title_on_a_phones_first_screen(
    open_context,
    sessions,  # noqa: F811
    email,
    url_name,
):
    page = open_page(open_context, path_of_page(email, url_name), sessions(email), **PHONE)

    assert_first_screen(page)
    assert_accessible(page)


def test_the_phone_menus_open_without_javascript(open_context, sessions):  # noqa: F811
    page = open_page(
        open_context,
        member_path(YOUNG, "members:dashboard"),
        sessions(YOUNG),
        java_script_enabled=False,
        **PHONE,
    )
    main_menu = page.get_by_role("navigation", name="Navigation principale")
    members_menu = page.get_by_role("navigation", name="Espace membres")
    expect(main_menu).to_be_hidden()
    expect(members_menu.get_by_role("link", name="Tableau de bord")).to_be_hidden()

    page.locator("header summary").click()
    members_menu.locator("summary").click()

    expect(main_menu.get_by_role("link").first).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()
    expect(members_menu.get_by_role("link", name="Tableau de bord")).to_be_visible()
    assert page.evaluate(_HORIZONTAL_OVERFLOW)["scrollWidth"] <= 360


# The placeholder's text width against the room the search box leaves for it.
_PLACEHOLDER_FITS = """() => {
    const input = document.querySelector("#header-q");
    const style = getComputedStyle(input, "::placeholder");
    const box = getComputedStyle(input);
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
    return {text: canvas.measureText(input.placeholder).width, room: room};
}"""


@pytest.mark.parametrize("options", [WIDE, PHONE], ids=["1280", "360"])
def test_the_header_search_placeholder_is_not_cut(open_context, options):
    page = open_page(open_context, localized_reverse("fr", "account_login"), **options)
    toggle = page.locator("header summary")
    if toggle.is_visible():
        toggle.click()

    fits = page.evaluate(_PLACEHOLDER_FITS)

    assert fits["text"] <= fits["room"], fits
