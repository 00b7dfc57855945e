"""The association's figures page (members:impact-network): moderators only, every
structure and territory whole, filters, a compared period, counts by region and by
structure in a fixed number of queries, a printable report."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from config import caching
from members.enums import DeclineReason, HelpKind, InvitationKind, Outcome
from members.impact.figures import Scope
from members.impact.forms import period_short_label
from members.impact.network import breakdown
from members.models import Invitation
from network.enums import StructureKind
from tests.members.factories import InvitationFactory, ProfessionalFactory, YoungPersonFactory
from tests.members.impact.conftest import at, make_request
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db

MARCH_2025 = {"period": "month", "year": "2025", "month": "3"}
# The page with a filter on a company: the session and the user (2), the company checked
# (1), both periods' figures (2 × 5), the breakdown (3), the menu's unread notifications
# (1), the structures and the companies listed in the filters (2).
PAGE_QUERIES = 19


def invite(structure, email, created_at, *, accepted=False):
    invitation = InvitationFactory(
        structure=structure,
        email=email,
        kind=InvitationKind.YOUNG_PERSON,
        accepted_at=created_at if accepted else None,
    )
    Invitation.objects.filter(pk=invitation.pk).update(created_at=created_at)
    return invitation


@pytest.fixture
def network(world):
    """March 2025: Saint-Denis (93) sends two requests (one completed with a job three
    months later, one accepted) and invites two addresses (one joined); Lyon (69, an E2C)
    sends two (declined by Globex, expired with Acme) and invites one, who joined.
    February 2025: one request of Saint-Denis, still waiting, and one invitation of Lyon.
    Lille (59) is approved and counts nothing; Bordeaux (33) is not approved and counts
    nothing."""
    sd, lyon = world["saint_denis"], world["lyon"]
    y1, y2, y3 = world["y1"], world["y2"], world["y3"]
    a1, a2, g = world["a1"], world["a2"], world["g"]
    make_request(
        y1,
        a1,
        "completed",
        kind=HelpKind.CV_REVIEW,
        sent_at=at(2025, 3, 3),
        answered_at=at(2025, 3, 4),
        completed_at=at(2025, 3, 20),
        outcome=Outcome.INTERVIEW,
        follow_up_sent_at=at(2025, 6, 20),
        follow_up_outcome=Outcome.JOB,
    )
    make_request(y2, a2, "accepted", sent_at=at(2025, 3, 5), answered_at=at(2025, 3, 6))
    make_request(
        y3,
        g,
        "declined",
        sent_at=at(2025, 3, 10),
        answered_at=at(2025, 3, 12),
        decline_reason=DeclineReason.NO_TIME,
    )
    make_request(y3, a1, "expired", sent_at=at(2025, 3, 15))
    make_request(y1, g, "sent", sent_at=at(2025, 2, 10))
    invite(sd, "amel@example.org", at(2025, 3, 2), accepted=True)
    invite(sd, "bruno@example.org", at(2025, 3, 3))
    invite(lyon, "chris@example.org", at(2025, 3, 4), accepted=True)
    invite(lyon, "dora@example.org", at(2025, 2, 4))
    lille = StructureFactory(name="E2C de Lille", postcode="59000", kind=StructureKind.E2C)
    StructureFactory(name="Mission locale de Bordeaux", postcode="33000", is_approved=False)
    return world | {"lille": lille}


def _get(client, user, params=None):
    client.force_login(user)
    return client.get(reverse("members:impact-network"), params or {})


def _lines(response, table: str) -> dict:
    return {
        str(line.label): line.counts
        for line in getattr(response.context["report"].breakdown, table)
    }


def test_a_moderator_reads_every_structures_figures_whole(client, moderator, network):
    response = _get(client, moderator, MARCH_2025)

    assert response.status_code == 200
    figures = response.context["report"].figures
    assert figures.requests.sent.value == 4
    assert figures.requests.by_state["declined"].value == 1
    assert figures.requests.declines_by_reason["no_time"].value == 1
    assert figures.requests.expired.value == 1
    assert figures.requests.response_rate.percent == 75  # 3 answered, 1 expired
    assert figures.completions.by_outcome["interview"].value == 1
    assert figures.professionals.active.value == 3  # a1, a2, g answered in March
    # Two accepted among three: rounded, not cut (0,6).
    assert str(figures.professionals.load) == "0,7"
    assert figures.funnel["invited"].value == 3
    assert figures.funnel["account"].value == 2
    content = response.content.decode()
    # Moderators may see people: small counts are shown, with a word of caution.
    assert "moins de 5" not in content
    assert "Les petits nombres sont donnés en entier" in content
    assert response.context["small_counts_hidden"] is False


@pytest.mark.parametrize(
    ("filters", "sent", "invited"),
    [
        ({"region": "11"}, 2, 2),  # Île-de-France: Saint-Denis
        ({"region": "84"}, 2, 1),  # Auvergne-Rhône-Alpes: Lyon
        ({"region": "32"}, 0, 0),  # Hauts-de-France: Lille, nothing
        ({"departement": "69"}, 2, 1),
        ({"structure_kind": "e2c"}, 2, 1),  # Lyon and Lille
        ({"structure_kind": "mission_locale"}, 2, 2),
        ({"structure": "saint_denis"}, 2, 2),
        # A company narrows the requests, never the invitations (the funnel's rule).
        ({"company": "acme"}, 3, 3),
        ({"company": "globex"}, 1, 3),
        ({"region": "84", "company": "acme"}, 1, 1),
    ],
)
def test_each_filter_narrows_the_figures_and_the_breakdown(
    client, moderator, network, filters, sent, invited
):
    params = dict(MARCH_2025)
    for name, value in filters.items():
        params[name] = network[value].pk if name in ("structure", "company") else value

    response = _get(client, moderator, params)

    report = response.context["report"]
    assert report.figures.requests.sent.value == sent
    assert report.figures.funnel["invited"].value == invited
    assert report.breakdown.total.sent == sent
    assert report.breakdown.total.invited == invited
    # The compared period keeps the same filters.
    assert report.comparison.region == report.scope.region
    assert report.comparison.company == report.scope.company
    # The filters are said in words above the figures.
    assert "Filtres :" in response.content.decode()


def test_a_departement_outside_the_region_is_refused_with_the_choices_kept(
    client, moderator, network
):
    response = _get(client, moderator, {**MARCH_2025, "region": "11", "departement": "69"})

    assert response.status_code == 200
    assert "report" not in response.context
    form = response.context["form"]
    assert "pas dans la région choisie" in " ".join(form.errors["departement"])
    content = response.content.decode()
    assert "error-summary" in content
    assert re.search(r'<option value="69"[^>]*selected', content)


def test_an_unknown_structure_is_refused(client, moderator, network):
    response = _get(client, moderator, {**MARCH_2025, "structure": "999999"})

    assert "report" not in response.context
    assert response.context["form"].errors["structure"]


def test_a_filter_alone_reads_the_current_year(client, moderator, network):
    response = _get(client, moderator, {"region": "11"})

    scope = response.context["report"].scope
    year = timezone.localdate().year
    assert (scope.start.isoformat(), scope.end.isoformat()) == (f"{year}-01-01", f"{year}-12-31")
    assert scope.region == "11"


# The compared period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        (MARCH_2025, "2025-02-01", "2025-02-28"),
        ({"period": "quarter", "year": "2025", "quarter": "1"}, "2024-10-01", "2024-12-31"),
        ({"period": "year", "year": "2025"}, "2024-01-01", "2024-12-31"),
        # Ten days: the ten days before.
        ({"period": "dates", "start": "2025-03-01", "end": "2025-03-10"}, "2025-02-19",
         "2025-02-28"),
        ({**MARCH_2025, "compare": "year_before"}, "2024-03-01", "2024-03-31"),
        ({"period": "dates", "start": "2024-02-29", "end": "2024-03-01",
          "compare": "year_before"}, "2023-02-28", "2023-03-01"),
        ({**MARCH_2025, "compare": "dates", "compare_start": "01/01/2025",
          "compare_end": "2025-01-31"}, "2025-01-01", "2025-01-31"),
    ],
)  # fmt: skip
def test_the_compared_period(client, moderator, network, params, start, end):
    response = _get(client, moderator, params)

    comparison = response.context["report"].comparison
    assert (comparison.start.isoformat(), comparison.end.isoformat()) == (start, end)


def test_the_page_opens_on_this_year_compared_with_last_year(client, moderator, network):
    response = _get(client, moderator)

    report = response.context["report"]
    year = timezone.localdate().year
    assert (report.scope.start, report.comparison.start) == (
        Scope.year(year).start,
        Scope.year(year - 1).start,
    )
    assert "error-summary" not in response.content.decode()


def test_the_headline_figures_side_by_side_with_their_difference(client, moderator, network):
    response = _get(client, moderator, MARCH_2025)

    rows = {row.key: row for row in response.context["report"].headlines}
    sent = rows["sent"]
    assert (sent.current.value, sent.previous.value, str(sent.difference)) == (4, 1, "+3")
    assert sent.difference.value == 3
    invited = rows["invited"]
    assert (invited.current.value, invited.previous.value, str(invited.difference)) == (3, 1, "+2")
    # February's one request is still waiting: no rate to compare with.
    rate = rows["response_rate"]
    assert (str(rate.current), str(rate.previous), str(rate.difference)) == ("75\xa0%", "–", "–")
    assert rows["completed"].difference.value == 1
    assert rows["way_in"].difference.value is None

    # Read the other way round: February against March.
    february = {"period": "month", "year": "2025", "month": "2", "compare": "dates",
                "compare_start": "2025-03-01", "compare_end": "2025-03-31"}  # fmt: skip
    rows = {row.key: row for row in _get(client, moderator, february).context["report"].headlines}
    assert str(rows["sent"].difference) == "−3"
    assert str(rows["expired"].difference) == "−1"
    content = _get(client, moderator, february).content.decode()
    # The table's headings name both periods in a few words (in full in their title).
    assert (
        '<th scope="col" title="du 1 février 2025 au 28 février 2025">février 2025</th>' in content
    )
    assert '<th scope="col" title="du 1 mars 2025 au 31 mars 2025">mars 2025</th>' in content
    assert "−3" in content


def test_the_difference_of_two_shares_is_in_points(client, moderator, network):
    # April 2025: one answer out of two (the other expired), against March's 75 %.
    make_request(network["y2"], network["a1"], "accepted", sent_at=at(2025, 4, 2),
                 answered_at=at(2025, 4, 3))  # fmt: skip
    make_request(network["y2"], network["a2"], "expired", sent_at=at(2025, 4, 2))

    response = _get(client, moderator, {"period": "month", "year": "2025", "month": "4"})

    rate = {row.key: row for row in response.context["report"].headlines}["response_rate"]
    assert (str(rate.current), str(rate.previous)) == ("50\xa0%", "75\xa0%")
    assert rate.difference.value == -25
    assert str(rate.difference) == "−25\xa0pts"


@pytest.mark.parametrize(
    ("scope", "label"),
    [
        (Scope.year(2025), "2025"),
        (Scope.quarter(2025, 1), "T1 2025"),
        (Scope.quarter(2024, 4), "T4 2024"),
        (Scope.month(2025, 3), "mars 2025"),
        (Scope.month(2025, 10), "octobre 2025"),
        (Scope.between(datetime.date(2025, 3, 1), datetime.date(2025, 3, 10)),
         "01/03/2025 – 10/03/2025"),
        (Scope.between(datetime.date(2025, 4, 1), datetime.date(2025, 5, 31)),
         "01/04/2025 – 31/05/2025"),
    ],
)  # fmt: skip
def test_a_period_in_a_few_words(scope, label):
    assert period_short_label(scope) == label


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({**MARCH_2025, "compare": "dates"}, "compare_start",
         "Indiquez la date de début de la comparaison."),
        ({**MARCH_2025, "compare": "dates", "compare_start": "2025-02-10",
          "compare_end": "2025-02-01"}, "compare_end",
         "La date de fin doit être le jour de la date de début ou après."),
        ({**MARCH_2025, "compare": "dates", "compare_start": "hier",
          "compare_end": "2025-02-01"}, "compare_start", "Saisissez une date"),
        ({**MARCH_2025, "compare": "week"}, "compare", "Sélectionnez"),
        ({"period": "month", "year": "2025"}, "month", "Choisissez le mois."),
    ],
)  # fmt: skip
def test_a_wrong_comparison_or_period_says_why_and_keeps_what_was_typed(
    client, moderator, network, params, field, message
):
    response = _get(client, moderator, params)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "report" not in response.context
    content = response.content.decode()
    assert "error-summary" in content
    for name in ("compare_start", "compare_end"):
        if name in params:
            assert re.search(rf'name="{name}"[^>]*value="{re.escape(params[name])}"', content)


# By structure and by region --------------------------------------------------------------


def test_the_breakdown_by_structure_and_by_region(client, moderator, network):
    response = _get(client, moderator, MARCH_2025)

    structures = _lines(response, "structures")
    # Approved structures are listed, even without a count; Bordeaux (not approved) is not.
    assert set(structures) == {"Mission locale de Saint-Denis", "E2C de Lyon", "E2C de Lille"}
    sd = structures["Mission locale de Saint-Denis"]
    assert (sd.invited, sd.account, sd.sent, sd.accepted, sd.completed, sd.news) == (
        2, 1, 2, 2, 1, 1,
    )  # fmt: skip
    lyon = structures["E2C de Lyon"]
    assert (lyon.invited, lyon.account, lyon.sent, lyon.accepted, lyon.completed, lyon.news) == (
        1, 1, 2, 0, 0, 0,
    )  # fmt: skip
    assert structures["E2C de Lille"].is_empty
    regions = _lines(response, "regions")
    assert set(regions) == {"Île-de-France", "Auvergne-Rhône-Alpes", "Hauts-de-France"}
    assert regions["Île-de-France"] == sd
    assert regions["Auvergne-Rhône-Alpes"] == lyon
    total = response.context["report"].breakdown.total
    assert (total.invited, total.sent, total.accepted) == (3, 4, 2)
    # Structure lines carry their département and region.
    line = next(
        line for line in response.context["report"].breakdown.structures if line.departement == "69"
    )
    assert str(line.region) == "Auvergne-Rhône-Alpes"
    content = response.content.decode()
    assert content.count('class="data-table impact-breakdown"') == 2
    tables = "".join(
        re.findall(r'<table class="data-table impact-breakdown">.*?</table>', content, re.S)
    )
    assert "E2C de Lille" in tables and "Mission locale de Bordeaux" not in tables


def test_a_structure_no_longer_approved_and_requests_without_a_structure_still_count(
    network,
):
    refused = StructureFactory(name="Ancienne structure", postcode="13001", is_approved=False)
    young = YoungPersonFactory(structure=refused)
    make_request(young, network["a1"], "sent", sent_at=at(2025, 3, 20))
    make_request(network["y1"], network["a2"], "sent", sent_at=at(2025, 3, 21), structure=None)

    lines = breakdown(Scope.month(2025, 3))

    structures = {str(line.label): line.counts for line in lines.structures}
    assert structures["Ancienne structure"].sent == 1
    assert structures["Sans structure"].sent == 1
    assert lines.structures[-1].label == "Sans structure"
    regions = {str(line.label): line.counts for line in lines.regions}
    assert regions["Provence-Alpes-Côte d'Azur"].sent == 1
    assert regions["Hors région"].sent == 1
    assert str(lines.regions[-1].label) == "Hors région"
    assert lines.total.sent == 6


def test_the_breakdown_costs_three_queries_whatever_the_structures(
    network, django_assert_num_queries
):
    with django_assert_num_queries(3):
        breakdown(Scope.month(2025, 3))
    for number in range(6):
        structure = StructureFactory(postcode=f"{13001 + number}")
        young = YoungPersonFactory(structure=structure)
        make_request(young, network["a1"], "completed", sent_at=at(2025, 3, 20))
        invite(structure, f"new{number}@example.org", at(2025, 3, 3), accepted=True)
    with django_assert_num_queries(3):
        lines = breakdown(Scope.month(2025, 3))
    assert lines.total.sent == 10


def test_the_page_costs_the_same_queries_whatever_the_structures(
    client, moderator, network, django_assert_num_queries
):
    client.force_login(moderator)
    url = reverse("members:impact-network")
    # Provence-Alpes-Côte d'Azur (93), where the new structures are, and a company.
    params = {**MARCH_2025, "region": "93", "company": network["acme"].pk}
    client.get(url, params)  # the session and the caches are warm
    caching.outdate(caching.IMPACT)  # computed, not read from the cache (members.impact.cache)
    with django_assert_num_queries(PAGE_QUERIES) as before:
        client.get(url, params)
    for number in range(6):
        structure = StructureFactory(postcode=f"{13001 + number}")
        young = YoungPersonFactory(structure=structure)
        make_request(young, network["a1"], "completed", sent_at=at(2025, 3, 20))
        invite(structure, f"new{number}@example.org", at(2025, 3, 3), accepted=True)
        ProfessionalFactory(profile__company=network["acme"])
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url, params)
    assert response.context["report"].figures.requests.sent.value == 6
    assert len(response.context["report"].breakdown.structures) == 6


# The report ------------------------------------------------------------------------------


def test_the_report_says_its_period_and_when_it_was_produced(client, moderator, network):
    content = _get(client, moderator, MARCH_2025).content.decode()

    assert "Période : du 1 mars 2025 au 31 mars 2025" in content
    assert "comparée à la période du 1 février 2025 au 28 février 2025" in content
    assert re.search(r"Chiffres produits le \d{1,2} \w+ \d{4} à \d{2}:\d{2}\.", content)
    assert "Tout le réseau" in content


def test_each_chart_is_an_image_with_its_numbers_and_a_table(client, moderator, network):
    content = _get(client, moderator, MARCH_2025).content.decode()

    charts = re.findall(r"<svg class=\"bar-chart-svg\".*?</svg>", content, re.S)
    # funnel, states, kinds, declines, outcomes, follow-ups (nothing in March), regions
    assert len(charts) == 6
    assert content.count("Rien à compter sur cette période.") == 1
    for svg in charts:
        assert 'role="img"' in svg
        assert 'viewBox="0 0 400 ' in svg and 'width="100%"' in svg
    assert content.count('<details class="bar-chart-data">') == 6
    assert 'id="chart-regions-title"' in content


def test_the_exports_keep_the_pages_choices(client, moderator, network):
    response = _get(client, moderator, {**MARCH_2025, "region": "11"})

    urls = response.context["export_urls"]
    for file_format in ("csv", "xlsx"):
        assert urls[file_format].startswith(reverse("members:impact-network-export") + "?")
        assert f"format={file_format}" in urls[file_format]
        assert "region=11" in urls[file_format] and "month=3" in urls[file_format]


# Who may read it -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "person", ["young_person", "professional", "counsellor", "referent", "outsider"]
)
def test_only_moderators_read_it(client, request, person):
    for name in ("members:impact-network", "members:impact-network-export"):
        client.force_login(request.getfixturevalue(person))
        assert client.get(reverse(name)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("members:impact-network"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_moderators_menu_and_dashboard_lead_here(client, moderator):
    client.force_login(moderator)
    url = reverse("members:impact-network")

    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert dashboard.count(f'href="{url}"') == 2  # the menu, the dashboard

    page = client.get(url).content.decode()
    assert f'href="{url}" aria-current="page"' in page


def test_the_kept_form_and_report_show_a_new_structure_and_its_request_at_once(
    client, moderator, network
):
    """The page keeps its form and report rendered (members.impact.cache's version): a
    structure added, and a request it sends, are there on the next reading."""
    client.force_login(moderator)
    url = reverse("members:impact-network")
    first = client.get(url, MARCH_2025).content.decode()
    assert "Mission locale de Toulon" not in first

    toulon = StructureFactory(name="Mission locale de Toulon", postcode="83000")
    make_request(
        YoungPersonFactory(structure=toulon), network["a1"], "sent", sent_at=at(2025, 3, 9)
    )
    again = client.get(url, MARCH_2025)

    content = again.content.decode()
    assert f'<option value="{toulon.pk}">Mission locale de Toulon</option>' in content
    row = next(
        line for line in again.context["report"].breakdown.structures if line.label == toulon.name
    )
    assert row.counts.sent == 1
    assert content.count("Mission locale de Toulon") >= 2  # the form, the report's table
