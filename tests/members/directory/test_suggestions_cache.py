"""Suggestions are kept in the cache like the directory's listings
(members.directory.suggestions.suggest_professionals): shown again without ranking every
professional, and never showing someone who can no longer be asked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.directory.suggestions import suggest_professionals
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from members.profiles.professionals import set_paused
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector

pytestmark = pytest.mark.django_db


def young_person(**profile):
    fields = {"sector": sector("F"), "help_wanted": [HelpKind.CV_REVIEW], "departement": "93"}
    fields.update(profile)
    return YoungPersonFactory(**{f"profile__{k}": v for k, v in fields.items()}).young_profile


def professional(first_name, sector_code="F", **profile):
    fields = {
        "help_kinds": [HelpKind.CV_REVIEW],
        "departements": ["93"],
        "remote": False,
        "sectors": [sector(sector_code)],
    }
    fields.update(profile)
    return ProfessionalFactory(
        first_name=first_name, **{f"profile__{k}": v for k, v in fields.items()}
    ).pro_profile


def suggested(young):
    return sorted(s.professional_profile.user.first_name for s in suggest_professionals(young))


def test_suggestions_shown_again_are_not_ranked_again():
    young = young_person()
    professional("Awa")
    first = suggest_professionals(young)

    with CaptureQueriesContext(connection) as captured:
        again = suggest_professionals(young)

    assert [s.professional_profile.pk for s in again] == [s.professional_profile.pk for s in first]
    assert [s.reason for s in again] == [s.reason for s in first]
    assert not any("RANK()" in query["sql"] for query in captured.captured_queries)


def test_a_paused_professional_is_no_longer_suggested():
    young = young_person()
    awa = professional("Awa")
    professional("Bruno")
    assert suggested(young) == ["Awa", "Bruno"]

    set_paused(awa, True)

    assert suggested(young) == ["Bruno"]


def test_a_professional_asked_in_a_draft_is_no_longer_suggested():
    young = young_person()
    awa = professional("Awa")
    professional("Bruno")
    assert suggested(young) == ["Awa", "Bruno"]

    HelpRequest.objects.create(
        young_person=young.user,
        professional=awa.user,
        kind=HelpKind.CV_REVIEW,
        hopes="Relire mon CV",
        state=HelpRequestState.DRAFT,
    )

    assert suggested(young) == ["Bruno"]


def test_a_young_person_who_changes_project_gets_suggestions_for_the_new_one():
    young = young_person(help_wanted=[])
    professional("Awa", sector_code="F")
    professional("Bruno", sector_code="G")
    assert suggested(young) == ["Awa"]

    young.sector = sector("G")
    young.save()

    assert suggested(young) == ["Bruno"]


def test_a_professional_who_starts_offering_a_kind_is_suggested_at_once():
    young = young_person(help_wanted=[HelpKind.MOCK_INTERVIEW], sector=None)
    awa = professional("Awa", sector_code="G")
    assert suggested(young) == []

    awa.help_kinds = [HelpKind.MOCK_INTERVIEW]
    awa.save()

    assert suggested(young) == ["Awa"]
