"""Every email has a plain-text part and an HTML part, both in the recipient's language.

The HTML part is the text in the site's layout (templates/emails/layout.html, rendered by
outbox.services.build): the same words, escaped once, links clickable on the site's
configured address.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.core import context as allauth_context
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.utils.html import strip_tags

from config.site_url import absolute_url
from members.accounts.adapter import AccountAdapter
from members.emails import send_later
from outbox import services as outbox
from outbox.models import OutboxEmail
from tests.home.factories import ContactPageFactory
from tests.network.factories import VolunteerCallIndexPageFactory, VolunteerCallPageFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MEMBERS_EMAILS = sorted(
    path.stem
    for path in (TEMPLATES / "members" / "emails").glob("*.txt")
    if not path.stem.endswith("_subject")
)
ACCOUNT_EMAILS = sorted(
    f"account/email/{path.stem.removesuffix('_message')}"
    for path in (TEMPLATES / "account" / "email").glob("*_message.txt")
    if not path.stem.startswith("base_")
)
# The security notices (ACCOUNT_EMAIL_NOTIFICATIONS): allauth's sentence in the site's
# account/email/base_notification.txt.
SECURITY_NOTICES = [
    "account/email/password_changed",
    "account/email/password_set",
    "account/email/email_deleted",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/recovery_codes_generated",
]

# What the members area's emails are given, one value for each name their templates use.
MEMBERS_CONTEXT = {
    "first_name": "Inès",
    "young_name": "Awa",
    "professional_name": "Karim Benali",
    "name": "Karim Benali",
    "author_name": "Karim",
    "inviter": "Nadia Roux",
    "counsellor": "Nadia Roux",
    "referent_name": "Nadia Roux",
    "referent_email": "nadia@example.org",
    "structure": "Mission locale de Bondy",
    "company": "Atelier Martin",
    "job_title": "infirmier",
    "kind": "conseils sur un métier",
    "reason": "pas disponible ce mois-ci",
    "decline_reason": "pas disponible ce mois-ci",
    "decline_text": "Je pars en congé.",
    "close_reason": "sans réponse",
    "comment": "Merci !",
    "days": 3,
    "months": 12,
    "count": 2,
    "counter": 2,
    "applicant": "Awa",
    "email": "awa@example.org",
    "url": absolute_url("/fr/x/demandes/1/"),
    "login_url": absolute_url("/fr/x/connexion/"),
    "admin_url": absolute_url("/admin/"),
    "notifications_url": absolute_url("/fr/x/notifications/"),
    "lines": [{"text": "Nouveau message de Karim", "url": absolute_url("/fr/x/1/"), "date": ""}],
    "alternatives": [{"name": "Léa", "job_title": "aide-soignante", "url": absolute_url("/x/")}],
}


class Links(HTMLParser):
    """The ``href`` of every ``<a>`` of an HTML document."""

    def __init__(self, document: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def html_of(email: OutboxEmail) -> str:
    assert email.html_body.startswith("<!DOCTYPE html>")
    return email.html_body


def assert_same_words(email: OutboxEmail) -> None:
    """Every line of the text part is in the HTML part, read as text."""
    shown = html.unescape(strip_tags(email.html_body))
    for line in filter(None, (line.strip() for line in email.body.splitlines())):
        assert line in shown, line


def send_members_email(template: str, language: str) -> OutboxEmail:
    send_later("ines@example.org", template, MEMBERS_CONTEXT, language)
    return OutboxEmail.objects.filter(kind=f"members/{template}").latest("pk")


@pytest.mark.parametrize("template", MEMBERS_EMAILS)
def test_every_members_email_has_a_text_and_an_html_part_in_the_recipients_language(template):
    french = send_members_email(template, "fr")
    english = send_members_email(template, "en")

    for email, language in ((french, "fr"), (english, "en")):
        assert email.language == language
        assert email.body.strip()
        assert f'<html lang="{language}">' in html_of(email)
        assert_same_words(email)
    assert english.body != french.body
    assert english.subject != french.subject
    assert "Bonjour" not in english.body
    assert "Courriel envoyé par Un début de réseau" in french.html_body


def send_account_email(template_prefix: str, language: str) -> OutboxEmail:
    """As allauth sends it: rendered in the visitor's request, through the site's adapter."""
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=language)
    request.user = AnonymousUser()
    context = {
        "user": None,
        "activate_url": absolute_url("/fr/compte/confirm-email/KEY/"),
        "password_reset_url": absolute_url("/fr/compte/password/reset/key/1-KEY/"),
        "signup_url": absolute_url("/fr/compte/signup/"),
        "key": "KEY",
        "code": "123456",
        "timestamp": "7 décembre 2026 10:00",
        "ip": "203.0.113.7",
        "user_agent": "Firefox",
        "from_email": "ancienne@example.org",
        "to_email": "ines@example.org",
    }
    with translation.override(language), allauth_context.request_context(request):
        AccountAdapter(request).send_mail(template_prefix, "ines@example.org", context)
    return OutboxEmail.objects.filter(kind=template_prefix).latest("pk")


@pytest.mark.parametrize("template_prefix", ACCOUNT_EMAILS + SECURITY_NOTICES)
def test_every_account_email_has_a_text_and_an_html_part_in_the_visitors_language(
    template_prefix, home_page
):
    french = send_account_email(template_prefix, "fr")
    english = send_account_email(template_prefix, "en")

    for email, language in ((french, "fr"), (english, "en")):
        assert email.language == language
        assert email.body.strip()
        assert f'<html lang="{language}">' in html_of(email)
        assert_same_words(email)
    assert english.body != french.body
    assert "Bonjour" not in english.body


def test_the_email_that_leaves_carries_both_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_later("ines@example.org", "request_accepted", MEMBERS_CONTEXT, "en")

    [message] = mail.outbox
    email = OutboxEmail.objects.get()
    assert message.body == email.body
    assert message.alternatives == [(email.html_body, "text/html")]


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8800")
def test_links_of_the_html_part_are_clickable_on_the_configured_host_and_port():
    url = absolute_url("/fr/x/invitation/TOKEN/")
    send_later("nadia@example.org", "invitation", MEMBERS_CONTEXT | {"url": url}, "fr")

    email = OutboxEmail.objects.get()
    hrefs = Links(email.html_body).hrefs
    assert url in hrefs
    assert all(href.startswith("http://127.0.0.1:8800/") for href in hrefs), hrefs
    assert url in email.body  # the text part keeps the bare address


@pytest.mark.parametrize("name", ["Awa N'Diaye", "<script>alert('x')</script>", "Léa & Co"])
def test_names_are_escaped_once_in_the_html_part_and_left_as_typed_in_the_text(name):
    for offer in (False, True):
        context = MEMBERS_CONTEXT | {"young_name": name, "professional_name": name, "offer": offer}
        send_later("ines@example.org", "request_accepted", context, "fr")

    for email in OutboxEmail.objects.all():
        assert name in email.body
        assert name not in email.html_body
        # Once in the text shown, and in the title and label of the document per subject.
        expected = email.body.count(name) + 2 * email.subject.count(name)
        assert email.html_body.count(html.escape(name)) == expected
        for escaped_twice in ("&amp;#x27;", "&amp;lt;", "&amp;amp;"):
            assert escaped_twice not in email.html_body


def test_an_email_built_with_its_own_html_keeps_it():
    email = outbox.build(
        to=["ines@example.org"], subject="Objet", body="Texte", html_body="<p>HTML</p>"
    )

    assert email.html_body == "<p>HTML</p>"


def test_the_html_part_is_in_the_language_of_the_email_not_of_the_request():
    with translation.override("fr"):
        email = outbox.build(to=["ines@example.org"], subject="Hello", body="Hi", language="en")

    assert '<html lang="en">' in email.html_body
    assert 'aria-roledescription="email"' in email.html_body


TYPED = "Awa N'Diaye <b>disponible</b> & motivée"


def test_the_public_forms_emails_have_an_html_part_with_what_was_typed_escaped(
    client, home_page, django_capture_on_commit_callbacks
):
    call = VolunteerCallPageFactory(parent=VolunteerCallIndexPageFactory(parent=home_page))
    contact = ContactPageFactory(parent=home_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            call.url,
            {"name": "Awa", "email": "awa@exemple.fr", "message": TYPED, "homepage": ""},
        )
        client.post(
            contact.url,
            {"nom_et_prenom": "Awa", "adresse_e_mail": "awa@exemple.fr", "votre_message": TYPED},
        )

    kinds = ["home/contact", "network/answer_confirmation", "network/answer_notification"]
    assert sorted(OutboxEmail.objects.values_list("kind", flat=True)) == kinds
    for email in OutboxEmail.objects.all():
        assert TYPED in email.body
        assert html.escape(TYPED) in email.html_body
        assert "<b>" not in email.html_body
        assert '<html lang="fr">' in email.html_body
        assert_same_words(email)
    confirmation = OutboxEmail.objects.get(kind="network/answer_confirmation")
    [call_url] = re.findall(r"https?://\S+", confirmation.body)
    assert call_url in Links(confirmation.html_body).hrefs
