"""A structure's figures in a real browser (issue 16), and the impact pages with axe-core.

1. A referent signs in (password and TOTP code) on a 360 px wide phone, opens "Chiffres"
   from the members menu, reads the bar charts (SVG drawn on the server, each with its
   table), changes the period with the form and downloads the page's CSV and XLSX
   files; nothing scrolls sideways. A wrong period is explained and what was typed kept.
2. A counsellor of the same structure downloads the requests of its young people.
3. axe-core finds no serious or critical violation on the structure's figures page (phone
   and desktop), the association's figures page (demo moderator), a partner company's
   figures page (demo company contact) and the public partner companies page.
4. Printed, the structure's page keeps its title, period and production date, and drops
   the menus, the period form and the download links.

The structure and its people are created for this module (factories), apart from the
demo: its requests are known, so are its counts.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.demo import DEMO_TOTP_SECRETS, MEMBERS, MODERATOR_EMAIL
from members.enums import HelpKind, HelpRequestState, Outcome
from network.models import CompanyIndexPage
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.helpers import assert_accessible, follow, localized_reverse, page_path, sign_in
from tests.members.factories import (
    PASSWORD,
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    ReferentFactory,
    YoungPersonFactory,
    with_totp,
)
from tests.network.factories import CompanyFactory, StructureFactory

REFERENT = "sylvie.morel@ml-coteaux.fr"
COUNSELLOR = "karim.benaissa@ml-coteaux.fr"
STRUCTURE = "Mission locale des Coteaux"
STRUCTURE_SLUG = "mission-locale-des-coteaux"
# The demo accounts whose pages are checked with axe-core.
DEMO_PASSWORDS = {member.email: member.password for member in MEMBERS}
DEMO_PASSWORDS[MODERATOR_EMAIL] = "Moderateur-demo-2026!"
COMPANY_CONTACT = "entreprise@undebutdereseau.fr"

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
CHARTS = ("chart-states", "chart-kinds", "chart-outcomes")
FIGURES_HEADER = ["Structure", STRUCTURE]
REQUESTS_HEADER = [
    "Envoyée le",
    "Jeune",
    "Professionnel·le",
    "Coup de pouce",
    "État",
    "Résultat",
    "Résultat à trois mois",
]
BOM = b"\xef\xbb\xbf"

# What makes the page scroll sideways: its width, and the elements past the screen's right
# edge that no scrolling box clips (for the failure message).
_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = (element) => {
        for (let parent = element.parentElement; parent && parent !== document.body;
             parent = parent.parentElement) {
            if (getComputedStyle(parent).overflowX !== "visible") return true;
        }
        return false;
    };
    const wider = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !clipped(element))
        .map((element) => element.outerHTML.slice(0, 120).replace(/\\s+/g, " "));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        width: width,
        innerWidth: window.innerWidth,
        wider: wider.slice(0, 8),
    };
}"""


# Each word of the bar charts: its right end in the chart's units (the viewBox is 400
# wide) and its height on the screen, in CSS pixels.
_CHART_WORDS = """() => [...document.querySelectorAll("svg.bar-chart-svg text")].map((text) => ({
    text: text.textContent,
    right: text.getBBox().x + text.getBBox().width,
    height: parseFloat(getComputedStyle(text).fontSize)
        * text.ownerSVGElement.getBoundingClientRect().width / 400,
}))"""


def members_url(name: str, **kwargs) -> str:
    return localized_reverse("fr", name, **kwargs)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """An instant in the site's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture(scope="module")
def people(demo_site):
    """A structure with a referent, a counsellor, two young people and their requests:
    three this year (sent, accepted, completed with an interview) and one in the first
    quarter of last year."""
    structure = StructureFactory(name=STRUCTURE, postcode="92150", city="Suresnes")
    referent = ReferentFactory(
        structure=structure, email=REFERENT, first_name="Sylvie", last_name="Morel", totp=False
    )
    counsellor = CounsellorFactory(
        structure=structure,
        email=COUNSELLOR,
        first_name="Karim",
        last_name="Benaïssa",
        totp=False,
    )
    lina = YoungPersonFactory(
        structure=structure,
        first_name="Lina",
        last_name="Ferreira",
        profile__counsellor=counsellor,
    )
    theo = YoungPersonFactory(
        structure=structure, first_name="Théo", last_name="Garnier", profile__counsellor=counsellor
    )
    pro = ProfessionalFactory(
        first_name="Agnès",
        last_name="Roussel",
        profile__company=CompanyFactory(name="Atelier Roussel", slug="atelier-roussel"),
    )
    this_year = timezone.localdate().year
    # This year's dates, in order, between the last week (or New Year's Day) and now.
    now = timezone.now()
    start = max(now - datetime.timedelta(days=7), at(this_year, 1, 1, hour=0))
    this_year_at = [start + (now - start) * step / 6 for step in range(7)]
    HelpRequestFactory(
        young_person=lina, professional=pro, state=HelpRequestState.SENT, sent_at=this_year_at[6]
    )
    HelpRequestFactory(
        young_person=theo,
        professional=pro,
        state=HelpRequestState.ACCEPTED,
        kind=HelpKind.MOCK_INTERVIEW,
        sent_at=this_year_at[3],
        answered_at=this_year_at[4],
    )
    HelpRequestFactory(
        young_person=lina,
        professional=pro,
        state=HelpRequestState.COMPLETED,
        sent_at=this_year_at[0],
        answered_at=this_year_at[1],
        completed_at=this_year_at[5],
        outcome=Outcome.INTERVIEW,
    )
    HelpRequestFactory(
        young_person=theo,
        professional=pro,
        state=HelpRequestState.COMPLETED,
        sent_at=at(this_year - 1, 2, 10),
        answered_at=at(this_year - 1, 2, 11),
        completed_at=at(this_year - 1, 3, 1),
        outcome=Outcome.JOB,
    )
    return {
        "secrets": {REFERENT: with_totp(referent), COUNSELLOR: with_totp(counsellor)},
        "last_year": this_year - 1,
    }


@pytest.fixture(scope="module")
def sessions(chromium_browser, demo_site, people):
    """``sessions(email)``: the cookies of the account, signed in once per module
    (password, and the TOTP code when it has one)."""
    passwords = {REFERENT: PASSWORD, COUNSELLOR: PASSWORD, **DEMO_PASSWORDS}
    secrets = {**DEMO_TOTP_SECRETS, **people["secrets"]}
    states = {}

    def session(email: str) -> dict:
        if email not in states:
            context = chromium_browser.new_context(base_url=demo_site.url, locale="fr-FR")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            sign_in(page, email, passwords[email], totp_secret=secrets.get(email))
            assert "/compte/" not in page.url, f"{email} is signed in ({page.url})"
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return session


@pytest.fixture
def browser_of(open_context, sessions):
    """``browser_of(email, **options)``: a page signed in as that account."""

    def open_as(email: str, **options):
        context = open_context(storage_state=sessions(email), accept_downloads=True, **options)
        return context.new_page()

    return open_as


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(_OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{page.url} is {overflow['scrollWidth']} px wide on a {overflow['innerWidth']} px "
        "screen; too wide:\n    " + "\n    ".join(overflow["wider"])
    )


def key_figure(page, label: str):
    """The number next to ``label`` in the page's key figures."""
    term = page.locator(".figures-list dt", has_text=re.compile(rf"^{re.escape(label)}$"))
    return term.locator("xpath=following-sibling::dd")


def download(page, link) -> tuple[str, bytes]:
    """Click a download link; the file's suggested name and its bytes."""
    with page.expect_download() as info:
        link.click()
    file = info.value
    assert file.failure() is None, file.failure()
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(BOM), f"the CSV starts with a byte order mark: {body[:20]!r}"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_rows(body: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


# 1. The referent on a phone -------------------------------------------------------------


def test_the_referent_reads_the_figures_on_a_phone_and_downloads_them(browser_of, people):
    phone = browser_of(REFERENT, **PHONE)
    phone.goto(members_url("members:dashboard"))
    this_year = timezone.localdate().year

    # The members menu folds behind a disclosure on a phone.
    phone.locator(".members-nav summary").click()
    follow(phone.locator(".members-nav").get_by_role("link", name="Chiffres", exact=True))

    assert phone.url.endswith(members_url("members:impact")), phone.url
    expect(phone.get_by_role("heading", level=1)).to_have_text("Les chiffres de la structure")
    expect(phone.locator(".impact-period")).to_contain_text(
        f"Période : du 1 janvier {this_year} au 31 décembre {this_year}."
    )
    expect(key_figure(phone, "Demandes envoyées")).to_have_text("3")
    for chart_id in CHARTS:
        figure = phone.locator("figure.bar-chart", has=phone.locator(f"#{chart_id}-title"))
        svg = figure.locator("svg.bar-chart-svg[role=img]")
        expect(svg).to_be_visible()
        expect(svg.locator("title")).not_to_be_empty()
        assert svg.bounding_box()["width"] <= 360
        # The table alternative: folded under its summary, opened on demand.
        table = figure.locator("details.bar-chart-data table")
        expect(table).to_be_hidden()
        figure.locator("details.bar-chart-data summary").click()
        expect(table).to_be_visible()
        expect(table.locator("tbody tr").first).to_be_visible()
    words = phone.evaluate(_CHART_WORDS)
    assert words
    assert [w["text"] for w in words if w["right"] > 400] == [], "words drawn past the chart"
    assert min(w["height"] for w in words) >= 11, f"chart words too small on a phone: {words}"
    states = phone.locator("details.bar-chart-data table", has=phone.locator("th", has_text="État"))
    expect(states.locator("tr", has_text="Terminée")).to_contain_text("1")
    assert_no_sideways_scroll(phone)

    # The first quarter of last year: one request, completed with a job.
    form = phone.get_by_role("form", name="Choisir la période")
    form.get_by_label("Période").select_option(label="Un trimestre")
    form.get_by_label("Année").fill(str(people["last_year"]))
    form.get_by_label("Trimestre").select_option(value="1")
    follow(form.get_by_role("button", name="Afficher"))

    last_year = people["last_year"]
    expect(phone.locator(".impact-period")).to_contain_text(
        f"Période : du 1 janvier {last_year} au 31 mars {last_year}."
    )
    expect(phone.locator(".impact-period")).to_contain_text("Chiffres produits le")
    expect(key_figure(phone, "Demandes envoyées")).to_have_text("1")
    expect(phone.get_by_label("Trimestre")).to_have_value("1")
    assert_no_sideways_scroll(phone)

    # The files follow the period shown; a referent reads figures, not requests.
    exports = phone.locator(".impact-exports")
    expect(exports.get_by_role("link")).to_have_count(2)
    period = f"{last_year}-01-01_{last_year}-03-31"
    name, body = download(phone, exports.get_by_role("link", name="CSV"))
    assert name == f"chiffres-{STRUCTURE_SLUG}-{period}.csv"
    rows = csv_rows(body)
    assert rows[0] == FIGURES_HEADER
    assert rows[1] == ["Période", f"du 1 janvier {last_year} au 31 mars {last_year}"]

    name, body = download(phone, exports.get_by_role("link", name="Excel (XLSX)"))
    assert name == f"chiffres-{STRUCTURE_SLUG}-{period}.xlsx"
    rows = xlsx_rows(body)
    assert rows[0][:2] == FIGURES_HEADER


def test_a_wrong_period_is_explained_and_kept_on_a_phone(browser_of):
    phone = browser_of(REFERENT, **PHONE)
    phone.goto(members_url("members:impact"))
    year = timezone.localdate().year

    form = phone.get_by_role("form", name="Choisir la période")
    form.get_by_label("Période").select_option(label="Des dates choisies")
    form.get_by_label("Du", exact=True).fill(f"{year}-03-31")
    form.get_by_label("Au (inclus)").fill(f"{year}-03-01")
    follow(form.get_by_role("button", name="Afficher"))

    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("La date de fin doit être le jour de la date de début")
    expect(phone.get_by_label("Du", exact=True)).to_have_value(f"{year}-03-31")
    expect(phone.get_by_label("Au (inclus)")).to_have_value(f"{year}-03-01")
    # No figures for a period that does not exist, nor files to download.
    expect(phone.locator(".impact-exports")).to_have_count(0)
    expect(phone.locator("svg.bar-chart-svg")).to_have_count(0)
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)


# 2. The counsellor's requests export ---------------------------------------------------


def test_the_counsellor_downloads_the_requests_of_the_young_people(browser_of):
    page = browser_of(COUNSELLOR)
    page.goto(members_url("members:impact"))
    year = timezone.localdate().year

    requests_line = page.locator(".impact-exports li", has_text="Les demandes de vos jeunes")
    name, body = download(page, requests_line.get_by_role("link", name="CSV"))

    assert name == f"demandes-{STRUCTURE_SLUG}-{year}.csv"
    rows = csv_rows(body)
    assert rows[0] == REQUESTS_HEADER
    assert len(rows) == 4, rows  # this year's three requests
    assert {row[1] for row in rows[1:]} == {"Lina Ferreira", "Théo Garnier"}
    assert {row[2] for row in rows[1:]} == {"Agnès Roussel"}

    name, body = download(page, requests_line.get_by_role("link", name="Excel (XLSX)"))
    assert name == f"demandes-{STRUCTURE_SLUG}-{year}.xlsx"
    assert xlsx_rows(body)[0] == REQUESTS_HEADER


# 3. axe-core ------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_structure_figures_page_is_accessible(browser_of, screen):
    page = browser_of(REFERENT, **(PHONE if screen == "phone" else {}))
    page.goto(members_url("members:impact"))
    # The tables too: they are folded under their summaries.
    for summary in page.locator("details.bar-chart-data summary").all():
        summary.click()

    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("email", "url_name"),
    [(MODERATOR_EMAIL, "members:impact-network"), (COMPANY_CONTACT, "members:company-figures")],
    ids=["moderator-network-figures", "company-contact-figures"],
)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_other_figures_pages_are_accessible(browser_of, email, url_name, screen):
    page = browser_of(email, **(PHONE if screen == "phone" else {}))
    path = members_url(url_name)

    response = page.goto(path)

    assert response.status == 200, f"{page.url}: {response.status}"
    assert page.url.endswith(path), f"{email} stays on {path}, not sent to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    for summary in page.locator("details.bar-chart-data summary").all():
        summary.click()
    assert_accessible(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_partner_companies_page_is_accessible(open_context, screen):
    index = CompanyIndexPage.objects.live().filter(locale__language_code="fr").first()
    assert index is not None, "the demo has a partner companies page"
    page = open_context(**(PHONE if screen == "phone" else {})).new_page()

    response = page.goto(page_path(index))

    assert response.status == 200, f"{page.url}: {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


# 4. On paper ------------------------------------------------------------------------------


def test_the_printed_figures_keep_the_period_and_drop_the_menus_and_the_form(browser_of):
    page = browser_of(REFERENT)
    page.goto(members_url("members:impact"))
    expect(page.locator(".members-nav")).to_be_visible()

    page.emulate_media(media="print")

    for hidden in (".site-header", ".members-nav", ".impact-period-form", ".impact-exports"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    period = page.locator(".impact-period")
    expect(period).to_be_visible()
    expect(period).to_contain_text("Période : du 1 janvier")
    produced = timezone.localdate()
    expect(period).to_contain_text(re.compile(rf"Chiffres produits le {produced.day} \w+"))
    expect(page.locator("svg.bar-chart-svg").first).to_be_visible()
    # The charts' words about the size of the text beside them, not larger than headings.
    text_size = float(period.evaluate("(p) => parseFloat(getComputedStyle(p).fontSize)"))
    largest = max(word["height"] for word in page.evaluate(_CHART_WORDS))
    assert largest <= text_size * 1.15, f"chart words {largest:.1f} px, text {text_size} px"
