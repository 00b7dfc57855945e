"""Directory filters: sector, kind of coup de pouce, département, remote, capacity."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.directory.capacity import month_start, next_month_start, recount
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker():
    return YoungPersonFactory()


@pytest.fixture
def searcher(client, asker):
    client.force_login(asker)
    return client


def listed(client, **filters):
    response = client.get(reverse("members:directory"), filters)
    assert response.status_code == 200
    return sorted(card["profile"].user.first_name for card in response.context["professionals"])


def send_requests(professional, count, sent_at=None, state=HelpRequestState.DECLINED):
    """``count`` requests sent to ``professional`` (closed ones: no open-pair limit)."""
    young = YoungPersonFactory()
    for _ in range(count):
        HelpRequest.objects.create(
            young_person=young,
            professional=professional,
            structure=young.structure,
            state=state,
            kind=HelpKind.TRADE_ADVICE,
            hopes="Savoir comment devenir électricienne.",
            sent_at=sent_at or timezone.now(),
        )
    recount()  # written directly: the monthly counters follow them


def test_sector_filter(searcher):
    ProfessionalFactory(first_name="Awa", profile__sectors=[sector("F"), sector("H")])
    ProfessionalFactory(first_name="Bruno", profile__sectors=[sector("F")])

    assert listed(searcher, sector=sector("H").pk) == ["Awa"]
    assert listed(searcher, sector=sector("F").pk) == ["Awa", "Bruno"]


def test_kind_filter(searcher):
    ProfessionalFactory(first_name="Awa", profile__help_kinds=[HelpKind.CV_REVIEW])
    ProfessionalFactory(first_name="Bruno", profile__help_kinds=[HelpKind.MOCK_INTERVIEW])

    assert listed(searcher, kind=HelpKind.CV_REVIEW) == ["Awa"]


def test_hosting_lists_only_professionals_verified_for_it(searcher):
    ProfessionalFactory(
        first_name="Awa", profile__help_kinds=[HelpKind.HOSTING], profile__verified_in_person=True
    )
    ProfessionalFactory(first_name="Bruno", profile__help_kinds=[HelpKind.HOSTING])

    assert listed(searcher, kind=HelpKind.HOSTING) == ["Awa"]


def test_departement_alone_lists_those_who_meet_there(searcher):
    ProfessionalFactory(first_name="Awa", profile__departements=["69"], profile__remote=True)
    ProfessionalFactory(first_name="Bruno", profile__departements=["93"], profile__remote=False)
    ProfessionalFactory(first_name="Chloé", profile__departements=["9"], profile__remote=False)

    assert listed(searcher, departement="69") == ["Awa"]
    assert listed(searcher, departement="93") == ["Bruno"]


def test_remote_alone_lists_remote_helpers_and_with_a_departement_adds_them(searcher):
    ProfessionalFactory(first_name="Awa", profile__departements=["69"], profile__remote=True)
    ProfessionalFactory(first_name="Bruno", profile__departements=["93"], profile__remote=False)
    ProfessionalFactory(first_name="Chloé", profile__departements=["75"], profile__remote=False)

    assert listed(searcher, remote="on") == ["Awa"]
    assert listed(searcher, departement="93", remote="on") == ["Awa", "Bruno"]


def test_has_capacity_excludes_full_and_paused_professionals(searcher):
    ProfessionalFactory(first_name="Awa", profile__monthly_capacity=2)
    full = ProfessionalFactory(first_name="Bruno", profile__monthly_capacity=2)
    ProfessionalFactory(first_name="Chloé", profile__is_paused=True)
    send_requests(full, 2)

    assert listed(searcher) == ["Awa", "Bruno", "Chloé"]
    assert listed(searcher, has_capacity="on") == ["Awa"]


def test_requests_of_last_month_and_unsent_drafts_do_not_use_capacity(searcher):
    professional = ProfessionalFactory(first_name="Awa", profile__monthly_capacity=1)
    start = month_start()
    send_requests(professional, 3, sent_at=start - datetime.timedelta(minutes=1))
    HelpRequest.objects.create(
        young_person=YoungPersonFactory(),
        professional=professional,
        state=HelpRequestState.DRAFT,
        kind=HelpKind.CV_REVIEW,
        hopes="Relire mon CV.",
    )

    assert listed(searcher, has_capacity="on") == ["Awa"]


def test_month_starts_at_midnight_in_paris():
    now = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)
    start, end = month_start(now), next_month_start(now)

    # 31 March 22:30 UTC is already 1 April in Paris (summer time, UTC+2).
    assert start == datetime.datetime(2026, 3, 31, 22, 0, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 4, 30, 22, 0, tzinfo=datetime.UTC)


def test_most_available_come_first_then_by_name(searcher):
    ProfessionalFactory(first_name="Awa", last_name="Zola", profile__monthly_capacity=5)
    ProfessionalFactory(first_name="Bruno", last_name="Abel", profile__monthly_capacity=2)
    ProfessionalFactory(first_name="Chloé", last_name="Bert", profile__monthly_capacity=2)
    ProfessionalFactory(
        first_name="Driss", last_name="Aaron", profile__monthly_capacity=9, profile__is_paused=True
    )

    response = searcher.get(reverse("members:directory"))
    names = [card["profile"].user.first_name for card in response.context["professionals"]]
    assert names == ["Awa", "Bruno", "Chloé", "Driss"]


@pytest.mark.parametrize(
    "filters",
    [
        {"sector": "abc"},
        {"sector": "999999"},
        {"kind": "bed_and_breakfast"},
        {"departement": "00"},
        {"q": "x" * 300},
    ],
)
def test_an_invalid_filter_gets_a_message_not_an_error(searcher, filters):
    ProfessionalFactory(first_name="Awa")

    response = searcher.get(reverse("members:directory"), filters)

    assert response.status_code == 200
    field = next(iter(filters))
    assert response.context["form"].errors[field]
    assert "Un filtre n’est pas valide" in response.content.decode()


def test_the_form_keeps_what_was_chosen(searcher):
    response = searcher.get(
        reverse("members:directory"),
        {"q": "électricienne", "departement": "93", "remote": "on", "kind": "cv_review"},
    )

    content = response.content.decode()
    assert 'value="électricienne"' in content
    assert '<option value="93" selected>' in content
    assert '<option value="cv_review" selected>' in content
    assert 'id="id_remote" checked' in content
    assert 'id="id_remote_helptext"' in content


def test_the_filter_selects_render_as_django_renders_them_and_follow_renamed_sectors(searcher):
    from django import forms

    from members.directory.filters import ProfessionalFilter
    from members.directory.services import listed_professionals

    chosen = sector("F")
    params = {"sector": str(chosen.pk), "departement": "93", "kind": HelpKind.CV_REVIEW}
    form = ProfessionalFilter(params, queryset=listed_professionals()).form
    for name in ("sector", "departement", "kind"):
        field = form.fields[name]
        assert type(field.widget) is forms.Select
        plain = forms.Select(choices=field.widget.choices)
        expected = plain.render(name, params[name], {"id": f"id_{name}"})
        for _ in range(2):  # rendered twice, the same
            assert form[name].as_widget() == expected
        assert "selected" in expected

    searcher.get(reverse("members:directory"))  # the selects are now in the cache
    chosen.name = "Bâtiment et chantiers"
    chosen.save()
    content = searcher.get(reverse("members:directory")).content.decode()
    assert f'<option value="{chosen.pk}">Bâtiment et chantiers</option>' in content
