"""The figures page of a structure: its referent's and counsellors', their own structure
only, whole counts, charts with a table each, a period chosen by GET."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from config import caching
from members.enums import HelpKind, Outcome
from tests.members.factories import (
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)
from tests.members.impact.conftest import at

pytestmark = pytest.mark.django_db

YEAR_2025 = {"period": "year", "year": "2025"}


@pytest.fixture
def data(structure, other_structure, counsellor, young_person, professional):
    """Three requests of the structure's young person in 2025 (one completed, a job three
    months later); seven of another structure's, with names that must never show."""
    HelpRequestFactory(
        young_person=young_person,
        professional=professional,
        state="completed",
        kind=HelpKind.CV_REVIEW,
        sent_at=at(2025, 3, 2),
        answered_at=at(2025, 3, 3),
        completed_at=at(2025, 3, 20),
        outcome=Outcome.INTERVIEW,
        follow_up_sent_at=at(2025, 6, 20),
        follow_up_outcome=Outcome.JOB,
    )
    HelpRequestFactory(young_person=young_person, state="sent", sent_at=at(2025, 4, 1))
    HelpRequestFactory(
        young_person=young_person,
        state="accepted",
        sent_at=at(2025, 5, 1),
        answered_at=at(2025, 5, 2),
    )
    # Outside the period: not counted.
    HelpRequestFactory(young_person=young_person, sent_at=at(2024, 5, 1))
    stranger = YoungPersonFactory(
        structure=other_structure, first_name="Bérénice", last_name="Inconnue"
    )
    far_pro = ProfessionalFactory(first_name="Zorglub", last_name="Lointain")
    for day in range(1, 8):
        HelpRequestFactory(
            young_person=stranger,
            professional=far_pro if day == 1 else ProfessionalFactory(),
            state="completed",
            sent_at=at(2025, 2, day),
            completed_at=at(2025, 2, 20),
            outcome=Outcome.JOB,
        )
    return {"stranger": stranger, "far_pro": far_pro}


def _get(client, user, params=None):
    client.force_login(user)
    return client.get(reverse("members:impact"), params or {})


def test_the_referent_reads_the_structures_figures_whole(client, referent, counsellor, data):
    response = _get(client, referent, YEAR_2025)

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.requests.sent.value == 3
    assert figures.completions.completed.value == 1
    assert figures.follow_ups.by_outcome["job"].value == 1
    # Small counts are shown: they may see these young people.
    assert "moins de 5" not in response.content.decode()
    rows = {row.counsellor: row for row in response.context["counsellors"]}
    assert (rows[counsellor].young_people, rows[counsellor].sent) == (1, 3)
    assert (rows[counsellor].accepted, rows[counsellor].completed) == (2, 1)
    # A referent reads figures, never a request: the requests' export is not offered.
    assert "impact-requests-export" not in response.content.decode()
    assert reverse("members:impact-requests-export") not in response.content.decode()


def test_a_counsellor_reads_the_same_page_and_may_export_the_requests(client, counsellor, data):
    response = _get(client, counsellor, YEAR_2025)

    assert response.status_code == 200
    assert response.context["figures"].requests.sent.value == 3
    content = response.content.decode()
    assert reverse("members:impact-requests-export") in content
    # The menu leads here.
    assert f'href="{reverse("members:impact")}" aria-current="page"' in content


def test_another_structures_data_never_shows(client, counsellor, other_structure, data):
    response = _get(
        client, counsellor, {**YEAR_2025, "structure": other_structure.pk, "structures": "1"}
    )

    content = response.content.decode()
    assert response.context["figures"].requests.sent.value == 3
    for name in ("Bérénice", "Inconnue", "Zorglub", "Lointain", other_structure.name):
        assert name not in content


def test_another_structures_counsellor_reads_their_own_structure_only(
    client, other_structure_counsellor, counsellor, data
):
    response = _get(client, other_structure_counsellor, YEAR_2025)

    figures = response.context["figures"]
    assert figures.requests.sent.value == 7
    assert figures.completions.by_outcome["job"].value == 7
    rows = response.context["counsellors"]
    assert [row.counsellor for row in rows] == [other_structure_counsellor]
    assert counsellor.get_full_name() not in response.content.decode()


def test_a_counsellor_without_a_structure_reads_no_figure(client, data):
    lonely = CounsellorFactory(structure=None)

    response = _get(client, lonely, YEAR_2025)

    assert response.status_code == 200
    assert "figures" not in response.context
    assert "aucune structure" in response.content.decode()


@pytest.mark.parametrize("person", ["young_person", "professional", "moderator"])
def test_other_roles_are_refused(client, request, person, data):
    response = _get(client, request.getfixturevalue(person))

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("members:impact"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The period ------------------------------------------------------------------------------


def test_the_page_opens_on_the_current_year(client, referent, young_person, professional):
    HelpRequestFactory(young_person=young_person, professional=professional, state="sent")

    response = _get(client, referent)

    scope = response.context["scope"]
    year = timezone.localdate().year
    assert (scope.start.isoformat(), scope.end.isoformat()) == (f"{year}-01-01", f"{year}-12-31")
    assert response.context["figures"].requests.sent.value == 1
    assert "error-summary" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "start", "end", "sent"),
    [
        ({"period": "month", "year": "2025", "month": "4"}, "2025-04-01", "2025-04-30", 1),
        ({"period": "quarter", "year": "2025", "quarter": "2"}, "2025-04-01", "2025-06-30", 2),
        ({"period": "dates", "start": "2025-03-01", "end": "2025-04-01"}, "2025-03-01",
         "2025-04-01", 2),
        ({"period": "dates", "start": "01/03/2025", "end": "31/03/2025"}, "2025-03-01",
         "2025-03-31", 1),
    ],
)  # fmt: skip
def test_a_month_a_quarter_or_dates(client, referent, data, params, start, end, sent):
    response = _get(client, referent, params)

    scope = response.context["scope"]
    assert (scope.start.isoformat(), scope.end.isoformat()) == (start, end)
    assert response.context["figures"].requests.sent.value == sent


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period": "dates", "start": "2025-03-10", "end": "2025-03-01"}, "end",
         "La date de fin doit être le jour de la date de début ou après."),
        ({"period": "dates", "start": "2025-03-10"}, "end", "Indiquez la date de fin."),
        ({"period": "dates", "start": "10 mars", "end": "2025-03-01"}, "start",
         "Saisissez une date, par exemple 31/03/2026."),
        ({"period": "month", "year": "2025"}, "month", "Choisissez le mois."),
        ({"period": "quarter", "year": "2025", "quarter": "5"}, "quarter", "Sélectionnez"),
        ({"period": "year", "year": "deux mille"}, "year", "Saisissez une année en chiffres"),
        ({"period": "year", "year": "1990"}, "year", "Les chiffres commencent en 2020."),
        ({"period": "year", "year": "3000"}, "year", "Choisissez une année jusqu’à"),
        ({"period": "week"}, "period", "Sélectionnez"),
    ],
)  # fmt: skip
def test_a_wrong_period_says_why_and_keeps_what_was_typed(
    client, referent, data, params, field, message
):
    response = _get(client, referent, params)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    content = response.content.decode()
    assert "error-summary" in content
    assert "figures" not in response.context
    for name, value in params.items():
        if name in ("start", "end", "year"):
            assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', content), value


# Charts and cost -------------------------------------------------------------------------


def test_each_chart_is_an_image_with_its_numbers_and_a_table(client, referent, data):
    content = _get(client, referent, YEAR_2025).content.decode()

    charts = re.findall(r"<svg class=\"bar-chart-svg\".*?</svg>", content, re.S)
    # Nobody was invited in 2025: the funnel says so instead of drawing empty bars.
    assert len(charts) == 4
    assert content.count("Rien à compter sur cette période.") == 1
    for svg in charts:
        assert 'role="img"' in svg
        assert 'viewBox="0 0 400 ' in svg and 'width="100%"' in svg
        title_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert f'<title id="{title_id}">' in svg
    # The states' chart: 1 completed, 1 sent, 1 accepted, written on the bars.
    states = charts[0]
    assert re.findall(r'class="bar-chart-value"[^>]*>(\d+)<', states).count("1") == 3
    assert content.count('<details class="bar-chart-data">') == 4
    assert content.count("<table") == 5  # one per chart, and the counsellors'


def test_the_page_costs_the_same_queries_whatever_the_rows(
    client, referent, structure, professional, data, django_assert_num_queries
):
    client.force_login(referent)
    url = reverse("members:impact")
    client.get(url, YEAR_2025)  # the session and the caches are warm
    caching.outdate(caching.IMPACT)  # computed, not read from the cache (members.impact.cache)
    with django_assert_num_queries(10) as few:
        client.get(url, YEAR_2025)
    for _ in range(5):
        colleague = CounsellorFactory(structure=structure)
        young = YoungPersonFactory(structure=structure, profile__counsellor=colleague)
        HelpRequestFactory(young_person=young, professional=professional, sent_at=at(2025, 9, 1))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, YEAR_2025)
    assert response.context["figures"].requests.sent.value == 8


@pytest.mark.parametrize("person", ["referent", "counsellor"])
def test_the_dashboard_leads_to_the_figures(client, request, person):
    client.force_login(request.getfixturevalue(person))

    content = client.get(reverse("members:dashboard")).content.decode()

    assert content.count(f'href="{reverse("members:impact")}"') == 2  # the menu, the dashboard
