import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from network.models import VolunteerAnswer
from tests.network.factories import VolunteerAnswerFactory, VolunteerCallPageFactory, translate

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Camille Martin",
    "email": "Camille@Exemple.fr",
    "company": "Banque du Nord",
    "message": "Disponible le samedi matin.",
    "homepage": "",
}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(page, data=None, follow=False):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data or VALID, follow=follow)

    return _post


def test_valid_answer_is_stored_and_redirects_with_a_message(client, call, post):
    response = post(call)
    assert response.status_code == 302
    assert response["Location"] == call.url + "#repondre"
    answer = VolunteerAnswer.objects.get()
    assert answer.email == "camille@exemple.fr"
    assert answer.call_translation_key == call.translation_key
    assert answer.call_id == call.pk
    assert answer.language == "fr"
    page = client.get(call.url)
    assert "Merci, votre réponse a bien été envoyée" in page.text
    assert "2 places restantes sur 3" in page.text


def test_emails_go_to_the_volunteer_and_the_association(call, post, settings):
    settings.ASSOCIATION_EMAIL = "asso@exemple.fr"
    post(call)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["asso@exemple.fr", "camille@exemple.fr"]
    confirmation = next(m for m in mail.outbox if m.to == ["camille@exemple.fr"])
    assert call.title in confirmation.subject
    assert "Bonjour Camille Martin" in confirmation.body
    notification = next(m for m in mail.outbox if m.to == ["asso@exemple.fr"])
    assert "Banque du Nord" in notification.body
    assert "Il reste 2 places sur 3" in notification.body


def test_association_address_comes_from_site_settings(call, post, home_page):
    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.contact_email = "benevolat@exemple.fr"
    site_settings.save()
    post(call)
    assert ["benevolat@exemple.fr"] in [m.to for m in mail.outbox]


def test_english_answer_gets_an_english_confirmation(
    client, locales, call, english_home_page, django_capture_on_commit_callbacks
):
    translate(call.get_parent().specific, locales["en"], title="Volunteer calls", slug="calls")
    english_call = translate(call, locales["en"], title="Mock interviews", slug="mock")
    with translation.override("en"):
        url = english_call.url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID)
    assert response.status_code == 302
    answer = VolunteerAnswer.objects.get()
    assert answer.language == "en"
    assert answer.call_translation_key == call.translation_key
    assert VolunteerCallPageFactory._meta.model.objects.get(pk=call.pk).places_left == 2
    confirmation = next(m for m in mail.outbox if m.to == ["camille@exemple.fr"])
    assert "Mock interviews" in confirmation.subject


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("email", "pas-une-adresse"), ("message", "")],
)
def test_invalid_answer_redisplays_everything_typed_with_an_error(call, post, field, value):
    data = {**VALID, field: value}
    response = post(call, data)
    assert response.status_code == 200
    assert VolunteerAnswer.objects.count() == 0
    assert mail.outbox == []
    text = response.text
    assert 'aria-invalid="true"' in text
    assert "1 erreur dans le formulaire" in text and 'href="#id_' in text
    for name in ("name", "company"):
        if data[name]:
            assert f'value="{data[name]}"' in text
    if data["message"]:
        assert data["message"] in text


def test_duplicate_answer_from_the_same_email_is_refused(call, post):
    VolunteerAnswerFactory(call=call, email="camille@exemple.fr")
    response = post(call)
    assert response.status_code == 200
    assert "Vous avez déjà répondu à cet appel" in response.text
    assert VolunteerAnswer.objects.count() == 1
    assert mail.outbox == []


def test_full_call_shows_a_message_instead_of_the_form(client, call_index, post):
    call = VolunteerCallPageFactory(parent=call_index, places=1)
    VolunteerAnswerFactory(call=call)
    page = client.get(call.url)
    assert "Cet appel est clos" in page.text
    assert "Toutes les places ont été prises" in page.text
    assert 'name="email"' not in page.text
    response = post(call)
    assert response.status_code == 200
    assert "Toutes les places ont été prises" in response.text
    assert VolunteerAnswer.objects.count() == 1
    assert mail.outbox == []


def test_past_deadline_call_is_closed_and_stores_nothing(client, call_index, post):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    call = VolunteerCallPageFactory(parent=call_index, deadline=yesterday)
    page = client.get(call.url)
    assert "La date limite pour répondre est passée" in page.text
    assert 'name="email"' not in page.text
    response = post(call)
    assert "La date limite pour répondre est passée" in response.text
    assert VolunteerAnswer.objects.count() == 0


def test_last_place_closes_the_call(client, call_index, post):
    call = VolunteerCallPageFactory(parent=call_index, places=1)
    post(call)
    page = client.get(call.url)
    assert "Toutes les places ont été prises" in page.text
    second = post(call, {**VALID, "email": "autre@exemple.fr"})
    assert "Toutes les places ont été prises" in second.text
    assert VolunteerAnswer.objects.count() == 1


def test_honeypot_stores_nothing_and_sends_nothing(call, post):
    response = post(call, {**VALID, "homepage": "http://spam.example"})
    assert response.status_code == 302
    assert VolunteerAnswer.objects.count() == 0
    assert mail.outbox == []


def test_after_answering_the_page_confirms_instead_of_showing_the_form(client, call, post):
    post(call)
    page = client.get(call.url)
    assert "Vous avez répondu à cet appel." in page.text
    assert 'name="email"' not in page.text
    # Once: a later visit (a colleague on the same computer) gets the form.
    later = client.get(call.url).text
    assert 'name="email"' in later
    assert "Vous avez répondu à cet appel." not in later


def test_the_same_answer_sent_twice_is_stored_once_and_confirmed(client, call, post):
    first = post(call)
    client.cookies.clear()  # a second request that did not see the first one's session
    second = post(call)
    assert first.status_code == second.status_code == 302
    assert VolunteerAnswer.objects.count() == 1
    assert len(mail.outbox) == 2  # one answer's two emails (volunteer, association)
    assert "Vous avez répondu à cet appel." in client.get(call.url).text
