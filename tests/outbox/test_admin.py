"""Emails and tasks in the Wagtail admin: moderators follow failed emails without reading
them, superusers see everything, editors nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from members.tasks import send_member_email
from outbox import services as outbox
from outbox.enums import EmailState
from outbox.models import OutboxEmail
from tests.members.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Bonjour Inès, votre conseillère a validé votre demande de stage chez Banque du Nord."


def stored(state=EmailState.SENT, **fields) -> OutboxEmail:
    email = outbox.build(
        to=["ines.benali@example.org"],
        subject="Inès, votre demande est validée",
        body=BODY,
        kind="members/request_sent",
    )
    email.state = state
    for name, value in fields.items():
        setattr(email, name, value)
    email.save()
    return email


@pytest.fixture
def failed():
    return stored(
        EmailState.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: {'ines.benali@example.org': (550, b'No such user')}",
    )


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory(email="moderatrice@example.org"))
    return client


@pytest.fixture
def editor_client(client):
    editor = UserFactory(email="redaction@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


def emails_url():
    return reverse("outbox_emails:index")


def email_url(email):
    return reverse("outbox_emails:inspect", args=[email.pk])


def test_the_listing_shows_failed_emails_first(moderator_client, failed):
    stored(EmailState.SENT, kind="members/newer")
    stored(EmailState.QUEUED, kind="members/waiting")
    page = moderator_client.get(emails_url()).content.decode()
    assert page.index(f"#{failed.pk}") < page.index("members/waiting") < page.index("members/newer")


def test_the_listing_filters_by_state(moderator_client, failed):
    sent = stored(EmailState.SENT, kind="members/other")
    page = moderator_client.get(emails_url(), {"state": "failed"}).content.decode()
    assert str(failed) in page
    assert str(sent) not in page


def test_a_moderator_sees_masked_addresses_and_no_content(moderator_client, failed):
    listing = moderator_client.get(emails_url()).content.decode()
    detail = moderator_client.get(email_url(failed)).content.decode()
    for page in (listing, detail):
        assert "i…@example.org" in page
        assert "ines.benali" not in page
        assert "Banque du Nord" not in page
        assert "votre demande est validée" not in page
        assert "SMTPRecipientsRefused" in page  # the kind of error, not its text


def test_a_superuser_reads_the_email(superuser_client, failed):
    detail = superuser_client.get(email_url(failed)).content.decode()
    assert "ines.benali@example.org" in detail
    assert "Banque du Nord" in detail
    assert "No such user" in detail


def test_html_bodies_are_shown_as_text_never_rendered(superuser_client):
    email = stored(html_body='<p>Bonjour</p><script>alert("x")</script>')
    detail = superuser_client.get(email_url(email)).content.decode()
    assert '<script>alert("x")</script>' not in detail
    assert "&lt;script&gt;" in detail


def test_editors_and_members_see_neither_emails_nor_tasks(editor_client, failed):
    assert editor_client.get(emails_url()).status_code in (302, 403)
    assert editor_client.get(email_url(failed)).status_code in (302, 403)
    assert editor_client.get(reverse("task_results:index")).status_code in (302, 403)
    assert "Envois" not in editor_client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_moderator_finds_the_emails_in_the_menu_but_not_the_task_queue(moderator_client):
    home = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Envois" in home
    assert emails_url() in home
    assert reverse("task_results:index") not in home
    assert moderator_client.get(reverse("task_results:index")).status_code in (302, 403)


def test_a_superuser_finds_both_in_the_menu(superuser_client):
    home = superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    assert emails_url() in home
    assert reverse("task_results:index") in home


def test_nobody_edits_or_deletes_an_email(superuser_client, failed):
    assert superuser_client.get(reverse("outbox_emails:edit", args=[failed.pk])).status_code in (
        302,
        403,
    )
    assert superuser_client.post(reverse("outbox_emails:delete", args=[failed.pk])).status_code in (
        302,
        403,
    )
    assert OutboxEmail.objects.filter(pk=failed.pk).exists()


def test_a_moderator_sends_a_failed_email_again(
    moderator_client, failed, django_capture_on_commit_callbacks
):
    url = reverse("outbox_emails:retry", args=[failed.pk])
    assert moderator_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == EmailState.SENT
    assert failed.attempts == 1
    assert len(mail.outbox) == 1


def test_a_sent_email_is_not_sent_again_by_the_retry_action(
    moderator_client, django_capture_on_commit_callbacks
):
    sent = stored(EmailState.SENT, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("outbox_emails:retry", args=[sent.pk]), follow=True
        )
    assert "rien n’a été renvoyé" in response.content.decode()
    assert mail.outbox == []


def test_a_superuser_sees_the_task_queue_with_its_errors(superuser_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_member_email.enqueue(["ines@example.org"], "request_accepted", {}, "fr")
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.FAILED
    row.exception_class_path = "smtplib.SMTPServerDisconnected"
    row.traceback = "Traceback: Connection unexpectedly closed"
    row.save()

    listing = superuser_client.get(reverse("task_results:index")).content.decode()
    assert "members.tasks.send_member_email" in listing
    assert "smtplib.SMTPServerDisconnected" in listing
    detail = superuser_client.get(reverse("task_results:inspect", args=[row.pk])).content.decode()
    assert "Connection unexpectedly closed" in detail
