"""A referent's structure settings: request validation and the join code."""

import pytest
from django.urls import reverse

from network.models import Structure
from tests.members.factories import ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent_client(client, referent):
    client.force_login(referent)
    return client


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for name in ["members:structure-settings", "members:structure-join-code-renew"]:
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "person",
    ["counsellor", "young_person", "professional", "outsider", "moderator"],
)
def test_only_referents_change_the_settings(client, request, structure, person):
    client.force_login(request.getfixturevalue(person))
    code = structure.join_code

    assert client.get(reverse("members:structure-settings")).status_code == 403
    assert client.post(reverse("members:structure-settings"), {}).status_code == 403
    assert client.post(reverse("members:structure-join-code-renew")).status_code == 403
    structure.refresh_from_db()
    assert structure.requires_validation is True
    assert structure.join_code == code


def test_settings_page_explains_the_rule_and_shows_the_join_code(referent_client, structure):
    response = referent_client.get(reverse("members:structure-settings"))

    assert response.status_code == 200
    content = response.content.decode()
    assert structure.join_code in content
    assert "mineurs" in content
    assert "à risque" in content
    assert response.context["form"].initial["requires_validation"] is True


def test_referent_switches_validation_off_then_on(referent_client, structure):
    response = referent_client.post(reverse("members:structure-settings"), {})

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.requires_validation is False

    referent_client.post(reverse("members:structure-settings"), {"requires_validation": "on"})

    structure.refresh_from_db()
    assert structure.requires_validation is True


def test_settings_change_only_the_referents_own_structure(
    referent_client, structure, other_structure
):
    referent_client.post(reverse("members:structure-settings"), {})

    other_structure.refresh_from_db()
    assert other_structure.requires_validation is True


def test_new_join_code_replaces_the_old_one(referent_client, structure, other_structure):
    old_code = structure.join_code

    response = referent_client.post(reverse("members:structure-join-code-renew"), follow=True)

    structure.refresh_from_db()
    assert structure.join_code != old_code
    assert len(structure.join_code) == 8
    assert not Structure.objects.filter(join_code=old_code).exists()
    assert structure.join_code in response.content.decode()
    other_structure.refresh_from_db()
    assert other_structure.join_code != structure.join_code


def test_new_join_code_skips_a_code_already_taken(
    referent_client, structure, other_structure, monkeypatch
):
    codes = iter([other_structure.join_code, "ABCDEFGH"])
    monkeypatch.setattr("members.onboarding.structures.new_join_code", lambda: next(codes))

    referent_client.post(reverse("members:structure-join-code-renew"))

    structure.refresh_from_db()
    assert structure.join_code == "ABCDEFGH"


def test_new_join_code_accepts_only_post(referent_client):
    assert referent_client.get(reverse("members:structure-join-code-renew")).status_code == 405


def test_a_referent_without_a_second_factor_sets_it_up_before_changing_the_validation(
    client, structure
):
    # The structure's safeguarding setting, like everything a referent sees, needs the
    # second factor: the referent is sent to set it up, and nothing changes.
    client.force_login(ReferentFactory(structure=structure, totp=False))

    response = client.post(reverse("members:structure-settings"), {})

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    structure.refresh_from_db()
    assert structure.requires_validation is True
