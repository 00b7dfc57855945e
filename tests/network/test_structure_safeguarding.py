"""A structure's safeguarding settings in the admin: whether its counsellors validate
every request, and the referent's address that approval invites. Editors (no second
factor) keep editing the rest of the structure; only moderators with a second factor
change these two, whatever a forged POST says."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from network.models import Structure
from tests.members.factories import ModeratorFactory, UserFactory, with_totp
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db

PIRATE = "pirate@example.org"


@pytest.fixture
def structure(db):
    return StructureFactory(
        name="Mission locale de Roubaix",
        postcode="59100",
        city="Roubaix",
        referent_name="Awa Diallo",
        referent_email="awa@ml-roubaix.fr",
        requires_validation=True,
    )


def editor_user(**kwargs):
    user = UserFactory(email="redaction@example.org", is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def edit_url(structure):
    return reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])


def forged_post(structure, **changes):
    """Every field of the edit form, validation switched off (an unticked box is not sent)
    and the referent's address replaced, plus ``changes``."""
    data = {
        "name": structure.name,
        "slug": structure.slug,
        "kind": structure.kind,
        "address": structure.address,
        "postcode": structure.postcode,
        "city": structure.city,
        "departement": structure.departement,
        "website": structure.website,
        "description": structure.description,
        "description_en": structure.description_en,
        "siret": structure.siret,
        "referent_name": structure.referent_name,
        "referent_email": PIRATE,
    }
    return data | changes


def test_an_editor_forging_the_form_changes_the_content_but_not_the_safeguarding(client, structure):
    client.force_login(editor_user())

    response = client.post(
        edit_url(structure), forged_post(structure, description="Nouvelle description.")
    )

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.description == "Nouvelle description."
    assert structure.requires_validation is True
    assert structure.referent_email == "awa@ml-roubaix.fr"


def test_an_editor_with_a_totp_of_their_own_still_cannot_change_them(client, structure):
    # The rule is the moderator's role and the second factor, not the factor alone.
    editor = editor_user()
    with_totp(editor)
    client.force_login(editor)

    client.post(edit_url(structure), forged_post(structure))

    structure.refresh_from_db()
    assert structure.requires_validation is True
    assert structure.referent_email == "awa@ml-roubaix.fr"


def test_an_editor_sees_the_settings_read_only_with_the_reason(client, structure):
    client.force_login(editor_user())

    page = client.get(edit_url(structure)).content.decode()

    assert 'name="requires_validation"' not in page
    assert 'name="referent_email"' not in page
    assert "awa@ml-roubaix.fr" in page
    assert "Oui" in page
    assert "double authentification" in page
    assert 'name="description"' in page


def test_an_editor_adding_a_structure_gets_the_safe_defaults(client):
    client.force_login(editor_user())
    data = forged_post(
        Structure(name="E2C de Lille", kind="e2c", postcode="59000", city="Lille"), slug=""
    )

    response = client.post(reverse("wagtailsnippets_network_structure:add"), data)

    assert response.status_code == 302
    created = Structure.objects.get(name="E2C de Lille")
    assert created.requires_validation is True
    assert created.referent_email == ""


def test_a_moderator_with_a_second_factor_changes_them(client, structure):
    client.force_login(ModeratorFactory())

    response = client.post(edit_url(structure), forged_post(structure))

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.requires_validation is False
    assert structure.referent_email == PIRATE


def test_a_moderator_without_a_second_factor_is_sent_to_set_it_up(client, structure):
    client.force_login(ModeratorFactory(totp=False))

    response = client.post(edit_url(structure), forged_post(structure))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    structure.refresh_from_db()
    assert structure.requires_validation is True
    assert structure.referent_email == "awa@ml-roubaix.fr"


def test_without_the_site_wide_check_the_form_still_refuses_a_moderator_without_one(
    client, settings, structure
):
    # The admin does not rely on the middleware alone: the form asks for the factor too.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireSecondFactor" not in m]
    client.force_login(ModeratorFactory(totp=False))

    response = client.post(edit_url(structure), forged_post(structure))

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.requires_validation is True
    assert structure.referent_email == "awa@ml-roubaix.fr"
