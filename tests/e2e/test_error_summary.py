"""The error summary of a form (templates/includes/error_summary.html) in a real browser:
an empty request form comes back with the summary focused, its links lead to the fields,
and the page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from members.enums import HelpKind
from tests.e2e.helpers import assert_accessible, localized_reverse, sign_in
from tests.members.factories import (
    PASSWORD,
    CounsellorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)
from tests.network.factories import StructureFactory

YOUNG_EMAIL = "lina.benali@example.org"


@pytest.fixture(scope="module")
def professional(demo_site):
    structure = StructureFactory(name="Mission locale de Saint-Denis", postcode="93200")
    counsellor = CounsellorFactory(structure=structure, totp=False)
    YoungPersonFactory(
        structure=structure,
        email=YOUNG_EMAIL,
        first_name="Lina",
        last_name="Benali",
        profile__counsellor=counsellor,
    )
    return ProfessionalFactory(
        first_name="Marc",
        last_name="Delorme",
        profile__help_kinds=[HelpKind.TRADE_ADVICE],
        profile__monthly_capacity=3,
    )


def test_an_empty_request_form_focuses_its_error_summary(open_context, professional):
    page = open_context().new_page()
    sign_in(page, YOUNG_EMAIL, PASSWORD)
    page.goto(
        localized_reverse(
            "fr", "members:request-create", kwargs={"professional_pk": professional.pro_profile.pk}
        )
    )
    # The server's answer is what is tested, not the browser's own checks.
    page.locator("form:has(textarea)").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Envoyer la demande").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_contain_text("erreur")
    assert_accessible(page)

    link = summary.locator("a[href='#id_hopes']")
    link.click()
    expect(page.locator("#id_hopes")).to_be_focused()
