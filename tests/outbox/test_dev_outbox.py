"""The development outbox (`make run`): every email the site wrote, readable, links working.

Only with DEBUG on. With DEBUG off (production) its addresses answer 404 to everyone,
whatever their role: the emails hold sign-in and password reset links.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.emails import send_later
from outbox import services as outbox
from outbox.models import OutboxEmail
from tests.members.factories import ModeratorFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r'<a href="(http://testserver/[^"]+/password/reset/key/[^"]+/)"')


@pytest.fixture
def development(settings):
    """As under `make run` (config/settings/dev.py)."""
    settings.DEBUG = True


def queued(subject: str, minutes_ago: int, **fields) -> OutboxEmail:
    email = outbox.build(to=["ines@example.org"], subject=subject, body="Bonjour", **fields)
    email.created_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    email.save()
    return email


def test_the_page_lists_the_emails_newest_first_with_their_state(development, client):
    queued("Le plus ancien", 10, kind="members/request_sent")
    queued("Le plus récent", 1, kind="members/request_accepted")

    response = client.get(reverse("dev-outbox:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Le plus récent") < page.index("Le plus ancien")
    assert "members/request_accepted" in page
    assert "ines@example.org" in page
    assert "En attente" in page  # not sent: these rows' tasks never ran


def test_a_password_reset_is_readable_with_its_link_working(
    development, client, home_page, django_capture_on_commit_callbacks
):
    member = YoungPersonFactory(email="awa@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
    email = OutboxEmail.objects.get(kind="account/email/password_reset_key")

    listing = client.get(reverse("dev-outbox:list")).content.decode()
    assert reverse("dev-outbox:detail", args=[email.pk]) in listing
    assert "Envoyé" in listing  # the immediate task backend of `make run` sent it already

    detail = client.get(reverse("dev-outbox:detail", args=[email.pk]))
    page = detail.content.decode()
    assert "[Un début de réseau] Choisir un nouveau mot de passe" in page
    assert "awa@example.org" in page
    [link] = RESET_LINK.findall(page)  # the text part, its link clickable
    html_url = reverse("dev-outbox:html", args=[email.pk])
    assert f'<iframe class="dev-outbox-frame" src="{html_url}" sandbox=' in page

    # Signed out, the reader follows the link: the reset form opens.
    client.logout()
    assert client.get(link, follow=True).status_code == 200


def test_the_html_part_is_served_alone_for_the_frame_of_the_page(development, client):
    email = queued("Bienvenue", 1)

    response = client.get(reverse("dev-outbox:html", args=[email.pk]))

    assert response.status_code == 200
    assert response.content.decode() == email.html_body
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # The page frames it (and nothing else may); the layout's inline styles apply; no
    # script runs whatever an email held.
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-cache" in response["Cache-Control"]


def test_the_pages_of_the_site_keep_their_strict_policy(development, client):
    email = queued("Bienvenue", 1)

    response = client.get(reverse("dev-outbox:detail", args=[email.pk]))

    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_email_without_html_part_says_so(development, client):
    email = queued("Texte seul", 1)
    OutboxEmail.objects.filter(pk=email.pk).update(html_body="")  # written before HTML parts

    page = client.get(reverse("dev-outbox:detail", args=[email.pk])).content.decode()

    assert "Ce courriel n’a pas de version HTML." in page
    html_part = client.get(reverse("dev-outbox:html", args=[email.pk]), follow=True)
    assert html_part.status_code == 404


def test_the_empty_outbox_says_how_to_fill_it(development, client):
    page = client.get(reverse("dev-outbox:list")).content.decode()

    assert "Aucun courriel pour l’instant." in page


@pytest.fixture
def people(admin_user):
    return {
        "anonymous": None,
        "young_person": YoungPersonFactory(),
        "moderator": ModeratorFactory(),
        "superuser": admin_user,
    }


@pytest.mark.parametrize("person", ["anonymous", "young_person", "moderator", "superuser"])
def test_with_debug_off_the_pages_do_not_exist_for_anyone(client, people, person):
    send_later("ines@example.org", "request_accepted", {"first_name": "Inès"}, "fr")
    email = OutboxEmail.objects.get()
    if people[person] is not None:
        client.force_login(people[person])

    for name, args in (("list", []), ("detail", [email.pk]), ("html", [email.pk])):
        response = client.get(reverse(f"dev-outbox:{name}", args=args), follow=True)
        assert response.status_code == 404, name
        assert "Inès" not in response.content.decode()
