"""The contact form: answers stored and emailed; bad input keeps what was typed."""

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from home.models import SiteSettings
from tests.home.factories import ContactPageFactory

VALID = {
    "nom_et_prenom": "Camille Durand",
    "adresse_e_mail": "camille@exemple.fr",
    "votre_message": "Je voudrais devenir bénévole.",
}


@pytest.fixture
def contact(home_page):
    return ContactPageFactory(parent=home_page)


def _field_names(contact):
    return [field.clean_name for field in contact.form_fields.all()]


def test_form_fields_are_named_from_their_labels(contact):
    assert _field_names(contact) == list(VALID)


def test_valid_message_is_stored_and_emailed_to_the_site_settings_address(
    client, contact, home_page, django_capture_on_commit_callbacks
):
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.contact_email = "equipe@undebutdereseau.fr"
    site_settings.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, VALID)

    assert response.status_code == 200
    assert "Merci, votre message est bien parti" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["votre_message"] == "Je voudrais devenir bénévole."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["equipe@undebutdereseau.fr"]
    assert "Camille Durand" in mail.outbox[0].body


@override_settings(ASSOCIATION_EMAIL="association@exemple.fr")
def test_without_a_contact_address_the_message_goes_to_the_association(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, VALID)
    assert mail.outbox[0].to == ["association@exemple.fr"]


def test_the_page_own_recipient_wins(client, contact, django_capture_on_commit_callbacks):
    contact.to_address = "presse@exemple.fr"
    contact.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, VALID)
    assert mail.outbox[0].to == ["presse@exemple.fr"]


def test_invalid_message_keeps_what_was_typed_with_a_french_message(client, contact):
    data = {**VALID, "adresse_e_mail": "pas-une-adresse", "votre_message": ""}

    response = client.post(contact.url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a 2 erreurs dans le formulaire" in html
    assert 'href="#id_adresse_e_mail"' in html and 'href="#id_votre_message"' in html
    assert "Saisissez une adresse de courriel valide." in html
    assert "Champ requis." in html
    assert 'value="Camille Durand"' in html
    assert 'value="pas-une-adresse"' in html
    assert 'aria-invalid="true"' in html
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_an_english_visitor_gets_english_messages(client, contact, english_home_page, translate):
    english = translate(contact, english_home_page.locale, title="Contact")
    response = client.post(english.url, {**VALID, "votre_message": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_form_fields_are_translatable_with_their_page(contact, english_home_page, translate):
    english = translate(contact, english_home_page.locale, title="Contact")
    french_fields = list(contact.form_fields.all())
    english_fields = list(english.form_fields.all())
    assert [field.locale for field in english_fields] == [english_home_page.locale] * 3
    assert [field.translation_key for field in english_fields] == [
        field.translation_key for field in french_fields
    ]
