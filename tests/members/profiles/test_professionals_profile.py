"""A professional's own profile: what they see of it, and editing it."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.enums import HelpKind, ReviewStatus
from members.models import ProfessionalProfile
from network.models import Company
from tests.members.factories import ProfessionalFactory, sector
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PROFILE_URLS = ["members:pro-profile", "members:pro-profile-edit"]


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "teal").save(output, format="PNG")
    return output.getvalue()


def edit_data(profile, **overrides):
    data = {
        "job_title": "Directrice d’agence",
        "company": str(profile.company_id),
        "new_company": "",
        "sectors": [sector("C").pk, sector("M").pk],
        "help_kinds": [HelpKind.CV_REVIEW],
        "departements": ["69"],
        "monthly_capacity": "5",
        "is_paused": "on",
        "bio": "Vingt ans dans la banque.",
        "phone": "06 12 34 56 78",
        "language": "en",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Who may open the pages


@pytest.mark.parametrize("url_name", PROFILE_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", PROFILE_URLS)
@pytest.mark.parametrize("person", ["young_person", "counsellor", "referent", "outsider"])
def test_other_roles_are_refused(client, request, url_name, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(url_name)).status_code == 403
    assert client.post(reverse(url_name), {}).status_code == 403


def test_moderator_has_no_professional_profile_page(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("members:pro-profile")).status_code == 403
    assert client.get(reverse("members:pro-profile-edit")).status_code == 403


@pytest.mark.parametrize("url_name", PROFILE_URLS)
def test_professional_opens_their_own_profile(client, professional, url_name):
    client.force_login(professional)
    assert client.get(reverse(url_name)).status_code == 200


# What the profile page says


def test_pending_profile_says_what_happens_next(client, pending_professional):
    client.force_login(pending_professional)
    text = page_text(client.get(reverse("members:pro-profile")))
    assert "En attente de validation" in text
    assert "Une personne de l’association vérifie votre profil" in text


def test_rejected_profile_shows_the_reason(client):
    user = ProfessionalFactory(
        profile__status=ReviewStatus.REJECTED,
        profile__status_reason="Entreprise introuvable.",
    )
    client.force_login(user)
    text = page_text(client.get(reverse("members:pro-profile")))
    assert "Refusé" in text
    assert "Entreprise introuvable." in text


def test_approved_profile_says_it_is_in_the_directory(client, professional):
    client.force_login(professional)
    text = page_text(client.get(reverse("members:pro-profile")))
    assert "Approuvé" in text
    assert "visible dans l’annuaire" in text
    assert "Vérifié·e pour l’accueil en personne" not in text
    assert "Cheffe de chantier" in text
    assert "93 – Seine-Saint-Denis" in text


def test_verified_professional_sees_it(client):
    user = ProfessionalFactory(profile__verified_in_person=True)
    client.force_login(user)
    text = page_text(client.get(reverse("members:pro-profile")))
    assert "Vérifié·e pour l’accueil en personne et l’hébergement" in text


# Editing


def test_edit_form_shows_the_current_profile(client, professional):
    client.force_login(professional)
    form = client.get(reverse("members:pro-profile-edit")).context["form"]
    profile = professional.pro_profile
    assert form["job_title"].value() == "Cheffe de chantier"
    assert form["company"].value() == profile.company_id
    assert form["departements"].value() == ["93", "75"]
    assert form["monthly_capacity"].value() == 2


def test_professional_edits_their_profile(client, professional):
    client.force_login(professional)
    profile = professional.pro_profile
    response = client.post(reverse("members:pro-profile-edit"), edit_data(profile))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:pro-profile")
    profile = ProfessionalProfile.objects.get(pk=profile.pk)
    assert profile.job_title == "Directrice d’agence"
    assert sorted(profile.sectors.values_list("code", flat=True)) == ["C", "M"]
    assert profile.help_kinds == [HelpKind.CV_REVIEW]
    assert profile.departements == ["69"]
    assert profile.remote is False
    assert profile.monthly_capacity == 5
    assert profile.is_paused is True
    assert profile.bio == "Vingt ans dans la banque."
    assert profile.user.phone == "06 12 34 56 78"
    assert profile.user.language == "en"


def test_editing_never_changes_the_review_status(client, pending_professional):
    client.force_login(pending_professional)
    profile = pending_professional.pro_profile
    data = edit_data(profile, status="approved", verified_in_person="on", reviewed_at="2026-01-01")
    client.post(reverse("members:pro-profile-edit"), data)
    profile = ProfessionalProfile.objects.get(pk=profile.pk)
    assert profile.status == ReviewStatus.PENDING
    assert profile.verified_in_person is False
    assert profile.reviewed_at is None
    assert profile.job_title == "Directrice d’agence"


def test_a_new_company_can_be_typed_when_editing(client, professional):
    client.force_login(professional)
    profile = professional.pro_profile
    client.post(
        reverse("members:pro-profile-edit"),
        edit_data(profile, company="", new_company="Nouvelle Banque"),
    )
    company = Company.objects.get(name="Nouvelle Banque")
    assert company.is_partner is False
    assert ProfessionalProfile.objects.get(pk=profile.pk).company == company


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sectors": []}, "sectors", "Cochez au moins un secteur."),
        ({"help_kinds": []}, "help_kinds", "Cochez au moins un coup de pouce."),
        ({"departements": []}, "departements", "au moins un département"),
        ({"monthly_capacity": "0"}, "monthly_capacity", "au moins 1"),
        ({"monthly_capacity": "21"}, "monthly_capacity", "au plus 20"),
        ({"company": "999999"}, "company", "pas dans la liste"),
        ({"new_company": "Autre"}, "new_company", "pas les deux"),
        ({"company": ""}, "company", "Choisissez votre entreprise"),
        ({"bio": "x" * 2001}, "bio", "2000"),
        ({"phone": "<script>"}, "phone", "numéro de téléphone"),
        ({"language": "de"}, "language", ""),
    ],
)
def test_invalid_edit_says_what_is_wrong_and_keeps_what_was_typed(
    client, professional, overrides, field, message
):
    client.force_login(professional)
    profile = professional.pro_profile
    response = client.post(reverse("members:pro-profile-edit"), edit_data(profile, **overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    text = page_text(response)
    assert "dans le formulaire" in text and f'href="#id_{field}' in text
    if field != "job_title":
        assert 'value="Directrice d’agence"' in text
    profile = ProfessionalProfile.objects.get(pk=profile.pk)
    assert profile.job_title == "Cheffe de chantier", "nothing saved"


def test_a_real_image_becomes_the_avatar(client, professional):
    client.force_login(professional)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    data = edit_data(professional.pro_profile, avatar=upload)
    response = client.post(reverse("members:pro-profile-edit"), data)
    assert response.status_code == 302
    professional.refresh_from_db()
    assert professional.avatar.name.endswith(".webp")


def test_the_avatar_can_be_removed(client, professional):
    client.force_login(professional)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.post(
        reverse("members:pro-profile-edit"), edit_data(professional.pro_profile, avatar=upload)
    )
    professional.refresh_from_db()
    assert professional.avatar
    response = client.post(
        reverse("members:pro-profile-edit"),
        edit_data(professional.pro_profile, remove_avatar="on"),
    )
    assert response.status_code == 302
    professional.refresh_from_db()
    assert not professional.avatar


def test_a_chosen_photo_lost_to_another_error_is_asked_again(client, professional):
    client.force_login(professional)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("members:pro-profile-edit"),
        edit_data(professional.pro_profile, avatar=upload, job_title=""),
    )
    assert response.status_code == 200
    assert "choisissez à nouveau le fichier" in " ".join(response.context["form"].errors["avatar"])


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"),
        ("photo.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
        ("photo.png", b"GIF89a" + b"\x00" * 20, "image/png"),
    ],
)
def test_avatar_of_the_wrong_type_is_refused(client, professional, name, content, content_type):
    client.force_login(professional)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    data = edit_data(professional.pro_profile, avatar=upload)
    response = client.post(reverse("members:pro-profile-edit"), data)

    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    assert 'value="Directrice d’agence"' in page_text(response)
    professional.refresh_from_db()
    assert not professional.avatar


def test_a_gif_avatar_is_refused_by_format(client, professional):
    client.force_login(professional)
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    upload = SimpleUploadedFile("photo.gif", output.getvalue(), content_type="image/gif")
    response = client.post(
        reverse("members:pro-profile-edit"), edit_data(professional.pro_profile, avatar=upload)
    )
    errors = " ".join(response.context["form"].errors["avatar"])
    assert "JPEG, PNG ou WebP" in errors


def test_edit_form_lists_partner_companies_and_their_own_one(client):
    own = CompanyFactory(name="Petite Boulangerie", is_partner=False)
    CompanyFactory(name="Atelier Bois")
    CompanyFactory(name="Nom tapé par un autre", is_partner=False)
    user = ProfessionalFactory(profile__company=own)
    client.force_login(user)
    response = client.get(reverse("members:pro-profile-edit"))
    text = page_text(response)
    assert "Atelier Bois" in text
    assert f'<option value="{own.pk}" selected>Petite Boulangerie</option>' in text
    assert "Nom tapé par un autre" not in text
    response = client.post(reverse("members:pro-profile-edit"), edit_data(user.pro_profile))
    assert response.status_code == 302, "their own company is a valid choice"


def test_hosting_offered_before_verification_says_it_waits_for_a_moderator(client):
    user = ProfessionalFactory(profile__help_kinds=[HelpKind.HOSTING])
    client.force_login(user)
    text = page_text(client.get(reverse("members:pro-profile")))
    assert "il ne vous sera demandé qu’après une vérification" in text
