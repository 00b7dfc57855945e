"""A young person edits their own profile: what is stored, what is refused, what is kept."""

import pytest
from django.urls import reverse

from members.enums import HelpKind
from members.models import YoungPersonProfile
from tests.members.factories import YoungPersonFactory, birth_date_for_age, sector

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        "first_name": "Inès",
        "last_name": "Benali",
        "phone": "06 12 34 56 78",
        "language": "fr",
        "project": "Aide-soignante",
        "sector": str(sector("J").pk),
        "skills": "Patiente, à l’écoute",
        "help_wanted": [HelpKind.TRADE_ADVICE, HelpKind.OBSERVATION],
        "availability": "Le mercredi",
        "departement": "93",
    }
    data.update(overrides)
    return data


@pytest.fixture
def empty_young_person(structure):
    """A young person who has filled nothing in yet."""
    return YoungPersonFactory(
        structure=structure,
        profile__project="",
        profile__sector=None,
        profile__skills="",
        profile__help_wanted=[],
        profile__availability="",
        profile__departement="",
    )


def edit(client, user, data, files=None):
    client.force_login(user)
    return client.post(reverse("members:young-profile-edit"), {**data, **(files or {})})


def test_young_person_saves_their_profile(client, young_person):
    response = edit(client, young_person, valid_data(is_visible="on"))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:young-profile")
    young_person.refresh_from_db()
    profile = young_person.young_profile
    assert (young_person.first_name, young_person.last_name) == ("Inès", "Benali")
    assert profile.project == "Aide-soignante"
    assert profile.sector.code == "J"
    assert profile.help_wanted == [HelpKind.TRADE_ADVICE, HelpKind.OBSERVATION]
    assert profile.availability == "Le mercredi"
    assert profile.is_visible is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+33 6.12.34.56.78", "06 12 34 56 78"),
        ("0612345678", "06 12 34 56 78"),
        ("06-12-34-56-78", "06 12 34 56 78"),
        ("+33 (0)1 23 45 67 89", "01 23 45 67 89"),
        ("0033 9 12 34 56 78", "09 12 34 56 78"),
        ("+262 692 12 34 56", "06 92 12 34 56"),
    ],
)
def test_phone_is_stored_in_one_french_format(client, young_person, typed, stored):
    edit(client, young_person, valid_data(phone=typed))

    young_person.refresh_from_db()
    assert young_person.phone == stored


def test_phone_is_optional(client, young_person):
    response = edit(client, young_person, valid_data(phone=""))

    assert response.status_code == 302
    young_person.refresh_from_db()
    assert young_person.phone == ""


@pytest.mark.parametrize("phone", ["12345", "06 12 34 56", "+44 20 7946 0958", "appelez-moi"])
def test_wrong_phone_gets_a_message_and_everything_typed_is_kept(client, young_person, phone):
    response = edit(client, young_person, valid_data(phone=phone, project="Boulangère"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "pas un numéro français" in content
    assert 'value="Boulangère"' in content
    assert "Patiente, à l’écoute" in content
    young_person.refresh_from_db()
    assert young_person.young_profile.project != "Boulangère"


def test_overlong_skills_get_a_message_and_are_kept(client, young_person):
    skills = "Cuisine " * 130  # 1040 characters

    response = edit(client, young_person, valid_data(skills=skills))

    assert response.status_code == 200
    content = response.content.decode()
    assert "raccourcissez-les à 1000 caractères" in content
    assert skills.strip() in content
    assert 'value="Aide-soignante"' in content


def test_overlong_project_gets_a_message(client, young_person):
    response = edit(client, young_person, valid_data(project="x" * 201))

    assert response.status_code == 200
    assert "200 caractères" in response.content.decode()


def test_unknown_departement_is_refused(client, young_person):
    response = edit(client, young_person, valid_data(departement="20"))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_departement_defaults_to_the_structures(client, empty_young_person):
    client.force_login(empty_young_person)

    response = client.get(reverse("members:young-profile-edit"))

    departement = empty_young_person.structure.departement
    assert departement
    assert response.context["form"]["departement"].value() == departement


def test_minor_is_not_offered_hosting(client, structure):
    minor = YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(16))
    client.force_login(minor)

    response = client.get(reverse("members:young-profile-edit"))

    assert 'value="hosting"' not in response.content.decode()
    assert "L’hébergement n’est pas proposé avant 18 ans" in response.content.decode()


def test_minor_cannot_ask_for_hosting_with_a_forged_post(client, structure):
    minor = YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(17))

    response = edit(client, minor, valid_data(help_wanted=[HelpKind.HOSTING]))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    minor.young_profile.refresh_from_db()
    assert HelpKind.HOSTING not in minor.young_profile.help_wanted


def test_adult_may_ask_for_hosting(client, young_person):
    response = edit(client, young_person, valid_data(help_wanted=[HelpKind.HOSTING]))

    assert response.status_code == 302
    young_person.young_profile.refresh_from_db()
    assert young_person.young_profile.help_wanted == [HelpKind.HOSTING]


def test_visibility_switch_shows_what_professionals_see(client, young_person):
    client.force_login(young_person)

    response = client.get(reverse("members:young-profile-edit"))

    content = response.content.decode()
    assert str(YoungPersonProfile._meta.get_field("is_visible").help_text) in content


def test_locked_visibility_is_disabled_with_an_explanation(client, young_person):
    YoungPersonProfile.objects.filter(user=young_person).update(
        is_visible=False, visibility_locked=True
    )
    client.force_login(young_person)

    response = client.get(reverse("members:young-profile-edit"))

    assert response.context["form"].fields["is_visible"].disabled
    assert "Votre conseiller·ère a masqué votre profil" in response.content.decode()


def test_forged_post_cannot_turn_visibility_on_while_locked(client, young_person):
    YoungPersonProfile.objects.filter(user=young_person).update(
        is_visible=False, visibility_locked=True
    )

    response = edit(client, young_person, valid_data(is_visible="on"))

    assert response.status_code == 302
    profile = YoungPersonProfile.objects.get(user=young_person)
    assert profile.is_visible is False
    assert profile.visibility_locked is True


def test_first_completion_is_dated_once(client, empty_young_person):
    response = edit(client, empty_young_person, valid_data())

    assert response.status_code == 302
    profile = YoungPersonProfile.objects.get(user=empty_young_person)
    assert profile.is_complete
    first_completion = profile.completed_at
    assert first_completion is not None

    edit(client, empty_young_person, valid_data(project="Infirmière"))

    profile.refresh_from_db()
    assert profile.completed_at == first_completion


def test_incomplete_profile_is_not_dated(client, empty_young_person):
    edit(client, empty_young_person, valid_data(help_wanted=[], departement=""))

    profile = YoungPersonProfile.objects.get(user=empty_young_person)
    assert profile.completed_at is None


def test_language_of_emails_is_saved(client, young_person):
    edit(client, young_person, valid_data(language="en"))

    young_person.refresh_from_db()
    assert young_person.language == "en"


def test_own_profile_page_shows_what_professionals_see(client, young_person):
    client.force_login(young_person)

    response = client.get(reverse("members:young-profile"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce que voient les professionnel·les" in content
    assert young_person.public_name in content
    assert young_person.email in content  # their own details, in the first section
    limited = response.context["limited"]
    assert not hasattr(limited, "email")
    assert not hasattr(limited, "last_name")


@pytest.mark.parametrize(
    "fixture", ["professional", "counsellor", "referent", "moderator", "outsider"]
)
def test_only_young_people_edit_a_young_profile(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert client.get(reverse("members:young-profile-edit")).status_code == 403
    assert client.get(reverse("members:young-profile")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("members:young-profile-edit"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_checked_help_kinds_are_kept_after_a_failed_submission(client, young_person):
    response = edit(
        client, young_person, valid_data(phone="123", help_wanted=[HelpKind.COMPANY_VISIT])
    )

    assert response.context["form"]["help_wanted"].value() == [HelpKind.COMPANY_VISIT]
    assert 'value="company_visit" id="id_help_wanted_5" checked' in response.content.decode()


def test_lock_set_while_the_form_was_open_wins(young_person, counsellor):
    from members.profiles.forms import YoungProfileForm
    from members.profiles.services import hide_profile, update_young_profile

    stale = YoungPersonProfile.objects.get(user=young_person)
    form = YoungProfileForm(valid_data(is_visible="on"), profile=stale)
    assert form.is_valid()
    hide_profile(YoungPersonProfile.objects.get(pk=stale.pk), counsellor, "Photo inadaptée")

    update_young_profile(stale, form.cleaned_data)

    profile = YoungPersonProfile.objects.get(pk=stale.pk)
    assert (profile.is_visible, profile.visibility_locked) == (False, True)
    assert profile.project == "Aide-soignante"


def test_own_profile_page_says_when_the_counsellor_hid_it(client, young_person):
    YoungPersonProfile.objects.filter(user=young_person).update(
        is_visible=False, visibility_locked=True
    )
    client.force_login(young_person)

    response = client.get(reverse("members:young-profile"))

    assert "Votre conseiller·ère a masqué votre profil" in response.content.decode()
