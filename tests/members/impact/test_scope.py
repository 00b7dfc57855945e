"""The scope: periods, their limits in the site's time zone, the filters' checks."""

import datetime

import pytest
from django.utils import timezone

from members.impact.figures import Scope
from members.impact.regions import REGIONS, region_of
from network.departements import DEPARTEMENTS

D = datetime.date


def test_a_month_runs_from_its_first_to_its_last_day():
    assert Scope.month(2026, 2) == Scope(D(2026, 2, 1), D(2026, 2, 28))
    assert Scope.month(2028, 2).end == D(2028, 2, 29)
    assert Scope.month(2026, 12) == Scope(D(2026, 12, 1), D(2026, 12, 31))


def test_quarters_and_years():
    assert Scope.quarter(2026, 1) == Scope(D(2026, 1, 1), D(2026, 3, 31))
    assert Scope.quarter(2026, 4) == Scope(D(2026, 10, 1), D(2026, 12, 31))
    assert Scope.year(2026) == Scope(D(2026, 1, 1), D(2026, 12, 31))
    assert Scope.between(D(2026, 3, 5), D(2026, 3, 5)).end == D(2026, 3, 5)


def test_helpers_keep_the_filters():
    scope = Scope.quarter(2026, 2, departements=["93"], company=7)
    assert scope.departements == ("93",)
    assert scope.company == 7
    assert Scope.month(2026, 1, region="11").region == "11"
    # Hashable: a scope can be a cache key.
    assert hash(scope) == hash(Scope.quarter(2026, 2, departements=("93",), company=7))


def test_the_period_is_read_in_the_site_time_zone_last_day_included():
    scope = Scope.month(2026, 3)
    paris = timezone.get_default_timezone()
    assert scope.starts_at == datetime.datetime(2026, 3, 1, tzinfo=paris)
    assert scope.ends_at == datetime.datetime(2026, 4, 1, tzinfo=paris)
    # Midnight in Paris is 23:00 UTC the day before in winter, 22:00 in summer.
    assert scope.starts_at.astimezone(datetime.UTC).hour == 23
    assert scope.ends_at.astimezone(datetime.UTC).hour == 22


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": D(2026, 3, 2), "end": D(2026, 3, 1)},
        {"start": D(2026, 3, 1), "end": D(2026, 3, 2), "region": "99"},
        {"start": D(2026, 3, 1), "end": D(2026, 3, 2), "departements": ["20"]},
    ],
)
def test_a_scope_refuses_what_cannot_be(kwargs):
    with pytest.raises(ValueError):
        Scope(**kwargs)


def test_a_quarter_is_one_to_four():
    with pytest.raises(ValueError):
        Scope.quarter(2026, 5)


def test_every_departement_but_saint_pierre_is_in_one_region():
    seen = [code for region in REGIONS.values() for code in region.departements]
    assert len(seen) == len(set(seen))
    assert set(seen) == set(DEPARTEMENTS) - {"975"}
    assert len(REGIONS) == 18
    assert region_of("93").name == "Île-de-France"
    assert region_of("2A").name == "Corse"
    assert region_of("975") is None
