"""The limited profile: what approved professionals may see of a young person."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from members.enums import ReviewStatus
from members.models import YoungPersonProfile
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(structure):
    """A young person who made their profile visible, with every personal detail filled."""
    young = YoungPersonFactory(
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
    return young.young_profile


def url(profile):
    return reverse("members:young-limited-profile", kwargs={"pk": profile.pk})


def test_approved_professional_sees_the_limited_profile(client, professional, shown):
    client.force_login(professional)

    response = client.get(url(shown))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Inès B." in content
    assert "Électricienne du bâtiment" in content
    assert "Rigoureuse, permis B" in content
    assert "Seine-Saint-Denis" in content
    assert shown.sector.name in content
    assert "Conseils sur un métier" in content


def test_limited_profile_never_shows_surname_email_phone_birth_date_or_photo(
    client, professional, shown
):
    shown.user.avatar.save("avatar.webp", ContentFile(b"not read here"))
    client.force_login(professional)

    content = client.get(url(shown)).content.decode()

    assert "Benali" not in content
    assert "ines.benali@example.org" not in content
    assert "06 98 76 54 32" not in content
    assert str(shown.birth_date.year) not in content
    assert shown.user.structure.address not in content
    assert shown.user.avatar_url not in content


def test_pending_professional_gets_404(client, pending_professional, shown):
    client.force_login(pending_professional)

    assert client.get(url(shown)).status_code == 404


def test_rejected_professional_gets_404(client, shown):
    rejected = ProfessionalFactory(profile__status=ReviewStatus.REJECTED)
    client.force_login(rejected)

    assert client.get(url(shown)).status_code == 404


def test_approved_professional_gets_404_for_a_profile_not_visible(client, professional, shown):
    YoungPersonProfile.objects.filter(pk=shown.pk).update(is_visible=False)
    client.force_login(professional)

    assert client.get(url(shown)).status_code == 404


def test_approved_professional_gets_404_for_a_locked_profile(client, professional, shown):
    YoungPersonProfile.objects.filter(pk=shown.pk).update(is_visible=False, visibility_locked=True)
    client.force_login(professional)

    assert client.get(url(shown)).status_code == 404


def test_approved_professional_gets_404_for_a_young_person_not_yet_confirmed(
    client, professional, shown
):
    YoungPersonProfile.objects.filter(pk=shown.pk).update(status=ReviewStatus.PENDING)
    client.force_login(professional)

    assert client.get(url(shown)).status_code == 404


def test_approved_professional_gets_404_for_a_deactivated_account(client, professional, shown):
    shown.user.is_active = False
    shown.user.save()
    client.force_login(professional)

    assert client.get(url(shown)).status_code == 404


def test_young_person_cannot_open_another_young_persons_profile(client, structure, shown):
    other = YoungPersonFactory(structure=structure)
    client.force_login(other)

    assert client.get(url(shown)).status_code == 404


def test_young_person_sees_their_own_limited_profile(client, shown):
    client.force_login(shown.user)

    assert client.get(url(shown)).status_code == 200


def test_moderator_sees_any_limited_profile(client, moderator, shown):
    YoungPersonProfile.objects.filter(pk=shown.pk).update(is_visible=False)
    client.force_login(moderator)

    assert client.get(url(shown)).status_code == 200


def test_counsellor_of_another_structure_gets_404(client, other_structure_counsellor, shown):
    client.force_login(other_structure_counsellor)

    assert client.get(url(shown)).status_code == 404


def test_staff_without_a_role_gets_403(client, outsider, shown):
    client.force_login(outsider)

    assert client.get(url(shown)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, shown):
    response = client.get(url(shown))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
