"""Visible young people: what approved professionals browse before offering a coup de pouce."""

import pytest
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import HelpRequest, YoungPersonProfile
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector

pytestmark = pytest.mark.django_db

URL = "members:young-browse"


def visible(structure, **profile):
    return YoungPersonFactory(structure=structure, profile__is_visible=True, **profile)


@pytest.fixture
def ines(structure):
    """A visible young person with every personal detail filled."""
    return YoungPersonFactory(
        structure=structure,
        first_name="Inès",
        last_name="Benali",
        email="ines.benali@example.org",
        phone="06 98 76 54 32",
        profile__is_visible=True,
        profile__project="Électricienne du bâtiment",
        profile__skills="Rigoureuse, permis B",
        profile__departement="93",
    )


def names(response) -> list[str]:
    return [card["limited"].public_name for card in response.context["cards"]]


def test_a_professional_sees_visible_young_people_by_first_name_and_initial_only(
    client, professional, ines
):
    client.force_login(professional)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Inès B." in content
    assert "Électricienne du bâtiment" in content
    assert "Rigoureuse, permis B" in content
    assert "Seine-Saint-Denis" in content
    assert "Benali" not in content
    assert "ines.benali@example.org" not in content
    assert "06 98 76 54 32" not in content
    assert str(ines.young_profile.birth_date.year) not in content
    assert ines.structure.address not in content
    assert ines.structure.name not in content


def test_each_card_links_to_the_limited_profile_and_the_offer_form(client, professional, ines):
    client.force_login(professional)

    content = client.get(reverse(URL)).content.decode()

    profile = ines.young_profile
    assert reverse("members:young-limited-profile", kwargs={"pk": profile.pk}) in content
    assert reverse("members:offer-create", kwargs={"young_pk": profile.pk}) in content


def test_hidden_locked_inactive_and_unconfirmed_young_people_are_never_listed(
    client, professional, structure, ines
):
    YoungPersonFactory(structure=structure, first_name="Caché", profile__is_visible=False)
    YoungPersonFactory(
        structure=structure,
        first_name="Bloqué",
        profile__is_visible=False,
        profile__visibility_locked=True,
    )
    visible(structure, first_name="Parti", is_active=False)
    visible(structure, first_name="Candidat", profile__status=ReviewStatus.PENDING)
    client.force_login(professional)

    response = client.get(reverse(URL))

    assert names(response) == ["Inès B."]
    for hidden in ("Caché", "Bloqué", "Parti", "Candidat"):
        assert hidden not in response.content.decode()


def test_a_young_person_hidden_by_the_counsellor_leaves_the_list(
    client, professional, counsellor, ines
):
    from members.profiles.services import hide_profile

    hide_profile(ines.young_profile, counsellor, "Trop de sollicitations.")
    client.force_login(professional)

    assert names(client.get(reverse(URL))) == []


@pytest.mark.parametrize(
    "person", ["young_person", "counsellor", "referent", "moderator", "pending_professional"]
)
def test_only_approved_professionals_may_browse(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(reverse(URL)).status_code == 403


def test_a_rejected_professional_may_not_browse(client):
    client.force_login(ProfessionalFactory(profile__status=ReviewStatus.REJECTED))

    assert client.get(reverse(URL)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse(URL))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


# Filters -------------------------------------------------------------------------------


@pytest.fixture
def three(structure):
    return {
        "cook": visible(
            structure,
            first_name="Karim",
            profile__project="Cuisinier en restauration collective",
            profile__skills="Hygiène, travail en équipe",
            profile__sector=sector("G"),
            profile__departement="69",
            profile__help_wanted=[HelpKind.MOCK_INTERVIEW],
        ),
        "electrician": visible(
            structure,
            first_name="Inès",
            profile__project="Électricienne du bâtiment",
            profile__skills="Rigoureuse, permis B",
            profile__sector=sector("F"),
            profile__departement="93",
            profile__help_wanted=[HelpKind.TRADE_ADVICE, HelpKind.CV_REVIEW],
        ),
        "carer": visible(
            structure,
            first_name="Awa",
            profile__project="Aide-soignante",
            profile__skills="Écoute, patience",
            profile__sector=sector("J"),
            profile__departement="93",
            profile__help_wanted=[HelpKind.OBSERVATION],
        ),
    }


def first_names(response) -> set[str]:
    return {name.split()[0] for name in names(response)}


def test_filter_by_departement(client, professional, three):
    client.force_login(professional)

    assert first_names(client.get(reverse(URL), {"departement": "93"})) == {"Inès", "Awa"}


def test_filter_by_sector_of_the_project(client, professional, three):
    client.force_login(professional)

    response = client.get(reverse(URL), {"sector": sector("G").pk})

    assert first_names(response) == {"Karim"}


def test_filter_by_kind_of_help_wanted(client, professional, three):
    client.force_login(professional)

    response = client.get(reverse(URL), {"kind": HelpKind.CV_REVIEW})

    assert first_names(response) == {"Inès"}


def test_words_are_found_in_the_project_or_the_skills_accents_ignored(client, professional, three):
    client.force_login(professional)

    assert first_names(client.get(reverse(URL), {"q": "electricienne"})) == {"Inès"}
    assert first_names(client.get(reverse(URL), {"q": "HYGIENE"})) == {"Karim"}
    assert first_names(client.get(reverse(URL), {"q": "patience aide"})) == {"Awa"}
    assert first_names(client.get(reverse(URL), {"q": "patience cuisinier"})) == set()


def test_filters_combine(client, professional, three):
    client.force_login(professional)

    response = client.get(reverse(URL), {"departement": "93", "kind": HelpKind.OBSERVATION})

    assert first_names(response) == {"Awa"}


def test_an_invalid_filter_says_so_instead_of_failing(client, professional, three):
    client.force_login(professional)

    response = client.get(reverse(URL), {"departement": "999", "sector": "nope"})

    assert response.status_code == 200
    assert "Un filtre n’est pas valide" in response.content.decode()


# Order and size -----------------------------------------------------------------------


def test_young_people_close_to_the_professional_come_first(client, structure, three):
    # Building trades, in Seine-Saint-Denis, trade advice: Inès shares all three.
    builder = ProfessionalFactory(
        profile__sectors=[sector("F")],
        profile__departements=["93"],
        profile__help_kinds=[HelpKind.TRADE_ADVICE],
    )
    client.force_login(builder)

    order = [name.split()[0] for name in names(client.get(reverse(URL)))]

    assert order[0] == "Inès"  # sector, département and kind
    assert order[1] == "Awa"  # département only
    assert order[2] == "Karim"


def test_then_the_most_recently_updated_first(client, structure):
    far = ProfessionalFactory(
        profile__sectors=[sector("A")], profile__departements=["2A"], profile__help_kinds=[]
    )
    older = visible(structure, first_name="Ancien")
    newer = visible(structure, first_name="Récent")
    YoungPersonProfile.objects.filter(pk=older.young_profile.pk).update(
        updated_at=newer.young_profile.updated_at.replace(year=2020)
    )
    client.force_login(far)

    assert [name.split()[0] for name in names(client.get(reverse(URL)))] == ["Récent", "Ancien"]


def test_the_list_is_paginated_by_twenty(client, professional, structure):
    for _ in range(21):
        visible(structure)
    client.force_login(professional)

    first = client.get(reverse(URL))
    second = client.get(reverse(URL), {"page": 2})

    assert len(first.context["cards"]) == 20
    assert len(second.context["cards"]) == 1
    assert "21 jeunes" in first.content.decode()


def test_an_open_exchange_is_shown_instead_of_the_offer_link(client, professional, structure, ines):
    help_request = HelpRequest.objects.create(
        young_person=ines,
        professional=professional,
        structure=structure,
        state=HelpRequestState.SENT,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier.",
    )
    client.force_login(professional)

    content = client.get(reverse(URL)).content.decode()

    assert reverse("members:request-detail", kwargs={"pk": help_request.pk}) in content
    assert reverse("members:offer-create", kwargs={"young_pk": ines.young_profile.pk}) not in (
        content
    )


def test_a_young_persons_draft_to_the_professional_is_not_revealed(
    client, professional, structure, ines
):
    HelpRequest.objects.create(
        young_person=ines,
        professional=professional,
        structure=structure,
        state=HelpRequestState.DRAFT,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier.",
    )
    client.force_login(professional)

    response = client.get(reverse(URL))

    assert response.context["cards"][0]["exchange"] is None


def _count_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(20) as captured:
        response = client.get(reverse(URL), {"departement": "93", "q": "du"})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_young_people(
    client, professional, structure, django_assert_max_num_queries
):
    for _ in range(3):
        visible(structure, profile__project="Électricienne du bâtiment")
    client.force_login(professional)
    client.get(reverse(URL))  # warm the session and the layout cache
    few = _count_queries(client, django_assert_max_num_queries)

    for index in range(27):
        young = visible(structure, profile__project="Électricienne du bâtiment")
        if index % 3 == 0:
            HelpRequest.objects.create(
                young_person=young,
                professional=professional,
                structure=structure,
                state=HelpRequestState.SENT,
                kind=HelpKind.TRADE_ADVICE,
                hopes="Je voudrais découvrir votre métier.",
            )

    assert _count_queries(client, django_assert_max_num_queries) == few


# Menu ---------------------------------------------------------------------------------


def test_the_menu_links_approved_professionals_to_young_people(client, professional):
    client.force_login(professional)

    content = client.get(reverse("members:dashboard")).content.decode()

    assert reverse(URL) in content
    assert "Jeunes à accompagner" in content


@pytest.mark.parametrize("person", ["pending_professional", "young_person"])
def test_the_menu_has_no_such_link_for_others(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert reverse(URL) not in client.get(reverse("members:dashboard")).content.decode()
