"""The public "Inscrire ma structure" form."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from network.enums import StructureKind
from network.models import Structure
from network.tasks import association_email
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db


def registration(**overrides) -> dict:
    data = {
        "kind": StructureKind.E2C,
        "name": "École de la 2e chance de Bobigny",
        "address": "3 rue du Chemin vert",
        "postcode": "93000",
        "city": "Bobigny",
        "siret": "12345678901234",
        "website": "https://e2c-bobigny.example.org",
        "referent_first_name": "Awa",
        "referent_last_name": "Diallo",
        "referent_email": "Awa.Diallo@E2C-bobigny.example.org",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data, capture):
    with capture(execute=True):
        return client.post(reverse("members:structure-register"), data)


def test_anonymous_visitor_sees_the_form(client):
    response = client.get(reverse("members:structure-register"))

    assert response.status_code == 200
    assert "Inscrire ma structure" in response.content.decode()
    assert response.context["form"].fields["consent"].required


def test_valid_registration_creates_a_pending_structure(client, django_capture_on_commit_callbacks):
    response = post(client, registration(), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:structure-register-done")
    structure = Structure.objects.get(siret="12345678901234")
    assert structure.is_approved is False
    assert structure.rejected_at is None
    assert structure in Structure.objects.pending()
    assert structure.kind == StructureKind.E2C
    assert structure.departement == "93"
    assert structure.referent_name == "Awa Diallo"
    assert structure.referent_email == "awa.diallo@e2c-bobigny.example.org"
    assert structure.join_code


def test_valid_registration_emails_the_referent_and_the_association(
    client, django_capture_on_commit_callbacks
):
    post(client, registration(), django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    to_referent, to_association = sorted(
        mail.outbox, key=lambda m: m.to != ["awa.diallo@e2c-bobigny.example.org"]
    )
    assert to_referent.to == ["awa.diallo@e2c-bobigny.example.org"]
    assert "Bonjour Awa Diallo" in to_referent.body
    assert "École de la 2e chance de Bobigny" in to_referent.subject
    assert to_association.to == [association_email()]
    assert "Nouvelle structure à examiner" in to_association.subject
    assert "12345678901234" in to_association.body
    structure = Structure.objects.get(siret="12345678901234")
    edit_path = reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])
    assert edit_path in to_association.body


def test_the_thank_you_page_explains_the_next_steps(client):
    response = client.get(reverse("members:structure-register-done"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Et maintenant" in content
    assert "7 jours" in content


def test_siret_and_website_are_optional(client, django_capture_on_commit_callbacks):
    response = post(client, registration(siret="", website=""), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Structure.objects.filter(name="École de la 2e chance de Bobigny", siret="").exists()


def test_siret_with_spaces_is_kept_as_14_digits(client, django_capture_on_commit_callbacks):
    post(client, registration(siret="123 456 789 01234"), django_capture_on_commit_callbacks)

    assert Structure.objects.filter(siret="12345678901234").exists()


@pytest.mark.parametrize("siret", ["1234", "1234567890123A", "123456789012345"])
def test_invalid_siret_is_refused_and_the_input_kept(
    client, django_capture_on_commit_callbacks, siret
):
    response = post(client, registration(siret=siret), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    form = response.context["form"]
    assert "siret" in form.errors
    content = response.content.decode()
    assert 'value="École de la 2e chance de Bobigny"' in content
    assert 'value="awa.diallo@e2c-bobigny.example.org"' in content or "Awa.Diallo" in content
    assert not Structure.objects.exists()
    assert mail.outbox == []


def test_missing_fields_each_get_their_message(client, django_capture_on_commit_callbacks):
    response = post(client, {"homepage": ""}, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in [
        "kind",
        "name",
        "address",
        "postcode",
        "city",
        "referent_first_name",
        "referent_last_name",
        "referent_email",
        "consent",
    ]:
        assert field in errors, field
    assert "siret" not in errors
    assert "website" not in errors
    assert "Indiquez le nom de la structure." in response.content.decode()
    assert not Structure.objects.exists()


def test_consent_is_required(client, django_capture_on_commit_callbacks):
    response = post(client, registration(consent=None), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Structure.objects.exists()


def test_overlong_name_is_refused_and_kept(client, django_capture_on_commit_callbacks):
    name = "E" * 201
    response = post(client, registration(name=name), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Le nom compte 200 caractères au plus."]
    assert name in response.content.decode()
    assert not Structure.objects.exists()


def test_overlong_referent_name_is_refused(client, django_capture_on_commit_callbacks):
    response = post(
        client, registration(referent_last_name="D" * 150), django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert "referent_last_name" in response.context["form"].errors
    assert not Structure.objects.exists()


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("9300", "Le code postal doit compter exactement 5 chiffres"),
        ("98000", "Ce code postal ne correspond à aucun département français."),
    ],
)
def test_bad_postcode_is_refused(client, django_capture_on_commit_callbacks, postcode, message):
    response = post(client, registration(postcode=postcode), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["postcode"])
    assert not Structure.objects.exists()


def test_corsican_postcode_gives_the_corsican_departement(
    client, django_capture_on_commit_callbacks
):
    post(client, registration(postcode="20000", city="Ajaccio"), django_capture_on_commit_callbacks)

    assert Structure.objects.get().departement == "2A"


def test_malformed_email_and_website_are_refused(client, django_capture_on_commit_callbacks):
    response = post(
        client,
        registration(referent_email="awa@", website="pas un site"),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "referent_email" in errors
    assert "website" in errors
    assert not Structure.objects.exists()


def test_same_siret_as_a_pending_structure_is_a_duplicate(
    client, django_capture_on_commit_callbacks
):
    StructureFactory(name="Un autre nom", siret="12345678901234", is_approved=False)

    response = post(client, registration(), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "déjà inscrite" in " ".join(response.context["form"].errors["siret"])
    assert 'value="Bobigny"' in response.content.decode()
    assert Structure.objects.count() == 1
    assert mail.outbox == []


def test_same_name_and_postcode_as_an_approved_structure_is_a_duplicate(
    client, django_capture_on_commit_callbacks
):
    StructureFactory(name="ÉCOLE DE LA 2E CHANCE DE BOBIGNY", postcode="93000", city="Bobigny")

    response = post(
        client,
        registration(siret="", name="école de la 2e chance  de Bobigny"),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 200
    assert "déjà inscrite" in " ".join(response.context["form"].errors["name"])
    assert Structure.objects.count() == 1


def test_same_name_in_another_postcode_is_not_a_duplicate(
    client, django_capture_on_commit_callbacks
):
    StructureFactory(name="École de la 2e chance de Bobigny", postcode="69003", city="Lyon")

    response = post(client, registration(), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Structure.objects.count() == 2


def test_a_rejected_registration_does_not_block_a_new_one(
    client, django_capture_on_commit_callbacks
):
    StructureFactory(
        name="École de la 2e chance de Bobigny",
        postcode="93000",
        siret="12345678901234",
        is_approved=False,
        rejected_at=timezone.now(),
    )

    response = post(client, registration(), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Structure.objects.pending().count() == 1


def test_honeypot_filled_looks_like_success_but_stores_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    response = post(
        client, registration(homepage="http://spam.example"), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:structure-register-done")
    assert not Structure.objects.exists()
    assert mail.outbox == []


def test_honeypot_is_hidden_from_people(client):
    content = client.get(reverse("members:structure-register")).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in content
    assert 'tabindex="-1"' in content


def test_signed_in_member_can_register_and_gets_their_details_prefilled(client, professional):
    client.force_login(professional)

    response = client.get(reverse("members:structure-register"))

    assert response.status_code == 200
    assert response.context["form"].initial["referent_email"] == professional.email


def test_the_form_is_not_open_to_other_methods(client):
    response = client.put(reverse("members:structure-register"))

    assert response.status_code == 405


def test_referent_is_answered_in_the_page_language_the_association_in_french(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "members.onboarding.structures.send_later",
        lambda to, template, context, language: sent.append((template, language)),
    )
    with translation.override("en"):
        url = reverse("members:structure-register")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, registration())

    assert response.status_code == 302
    assert sorted(sent) == [
        ("structure_registered", "en"),
        ("structure_registered_association", "fr"),
    ]
