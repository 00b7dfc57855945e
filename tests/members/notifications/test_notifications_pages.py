"""The notifications page: the list, opening one, marking all read, the email preference."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.enums import EmailFrequency
from members.models import Notification
from tests.members.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def notification(person, text="Inès vous demande un coup de pouce", **fields):
    fields.setdefault("url", "/fr/espace/demandes/")
    return Notification.objects.create(recipient=person, event="request_sent", text=text, **fields)


def test_the_list_shows_my_notifications_newest_first_unread_ones_marked(client, professional):
    older = notification(professional, text="La plus ancienne", read_at=timezone.now())
    newer = notification(professional, text="La plus récente")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    notification(ProfessionalFactory(), text="Celle de quelqu’un d’autre")
    client.force_login(professional)
    content = client.get(reverse("members:notifications")).content.decode()
    assert content.index("La plus récente") < content.index("La plus ancienne")
    assert "Celle de quelqu’un d’autre" not in content
    assert "1 notification non lue." in content
    # The unread one stands out and says so in words (for screen readers too).
    unread = re.findall(r'<li class="notification notification-unread">(.*?)</li>', content, re.S)
    assert len(unread) == 1
    assert "Non lue</span> La plus récente" in unread[0]
    assert reverse("members:notification-open", kwargs={"pk": newer.pk}) in unread[0]
    assert content.count("Non lue</span>") == 1


def test_the_menu_shows_the_unread_count(client, young_person):
    notification(young_person)
    notification(young_person)
    notification(young_person, read_at=timezone.now())
    client.force_login(young_person)
    content = client.get(reverse("members:dashboard")).content.decode()
    assert 'Notifications (2<span class="visually-hidden"> non lues</span>)' in content


def test_nothing_yet_says_so(client, counsellor):
    client.force_login(counsellor)
    content = client.get(reverse("members:notifications")).content.decode()
    assert "Aucune notification pour l’instant." in content
    assert "Tout marquer comme lu" not in content


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    client, professional, django_assert_max_num_queries
):
    for n in range(35):
        notification(professional, text=f"Notification {n}")
    client.force_login(professional)
    url = reverse("members:notifications")
    # The members layout's own queries, the unread count (once for the menu and the page),
    # the page's count and its rows.
    with django_assert_max_num_queries(16) as few:
        first = client.get(url).content.decode()
    assert first.count('class="notification ') == 30
    assert "Page 1 sur 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="notification ') == 5
    for n in range(35, 335):
        notification(professional, text=f"Notification {n}")
    with django_assert_max_num_queries(16) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def open_notification(client, pk, method="post"):
    return getattr(client, method)(reverse("members:notification-open", kwargs={"pk": pk}))


def test_opening_one_marks_it_read_and_goes_where_it_points(client, professional):
    mine = notification(professional, url="/fr/espace/demandes/12/")
    client.force_login(professional)
    response = open_notification(client, mine.pk)
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/espace/demandes/12/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_one_twice_keeps_the_first_read_time(client, professional):
    read_at = timezone.now() - datetime.timedelta(days=1)
    mine = notification(professional, read_at=read_at)
    client.force_login(professional)
    open_notification(client, mine.pk)
    mine.refresh_from_db()
    assert mine.read_at == read_at


def test_a_get_goes_where_it_points_but_leaves_it_unread(client, professional):
    # An email's link, or a link or an image planted on another page: a GET changes nothing.
    mine = notification(professional, url="/fr/espace/demandes/12/")
    client.force_login(professional)
    response = open_notification(client, mine.pk, method="get")
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/espace/demandes/12/"
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_list_opens_a_notification_with_a_form_that_posts(client, professional):
    mine = notification(professional)
    client.force_login(professional)
    content = client.get(reverse("members:notifications")).content.decode()
    url = reverse("members:notification-open", kwargs={"pk": mine.pk})
    assert f'<form method="post" action="{url}" class="notification-open">' in content


def test_someone_elses_notification_is_a_404_and_stays_unread(client, professional, young_person):
    theirs = notification(young_person)
    client.force_login(professional)
    for method in ("get", "post"):
        response = open_notification(client, theirs.pk, method=method)
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example.com/", "//evil.example.com/fr/", "javascript:alert(1)", ""],
)
def test_a_link_elsewhere_is_not_followed(client, professional, url):
    mine = notification(professional, url=url)
    client.force_login(professional)
    response = open_notification(client, mine.pk)
    assert response.headers["Location"] == reverse("members:notifications")
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_link_to_our_own_site_is_followed(client, professional):
    mine = notification(professional, url="http://testserver/fr/espace/demandes/3/")
    client.force_login(professional)
    response = open_notification(client, mine.pk)
    assert response.headers["Location"] == "http://testserver/fr/espace/demandes/3/"


def test_mark_all_read_marks_only_mine(client, professional, young_person):
    mine = [notification(professional), notification(professional)]
    theirs = notification(young_person)
    client.force_login(professional)
    response = client.post(reverse("members:notifications-read"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Tout marquer comme lu" not in response.content.decode()


def test_mark_all_read_is_a_post(client, professional):
    client.force_login(professional)
    assert client.get(reverse("members:notifications-read")).status_code == 405


def test_the_preference_shows_my_choice(client, professional):
    professional.email_frequency = EmailFrequency.DAILY
    professional.save()
    client.force_login(professional)
    content = client.get(reverse("members:notifications")).content.decode()
    assert "<legend>Recevoir les notifications par e-mail" in content
    assert 'value="daily" id="id_email_frequency_1" required checked>' in content
    assert 'value="immediate" id="id_email_frequency_0" required>' in content


def test_choosing_the_daily_summary_is_saved_with_a_message(client, young_person):
    client.force_login(young_person)
    response = client.post(
        reverse("members:notification-preferences"),
        {"email_frequency": EmailFrequency.DAILY},
        follow=True,
    )
    assert "vous recevrez un résumé de vos notifications par jour" in response.content.decode()
    young_person.refresh_from_db()
    assert young_person.email_frequency == EmailFrequency.DAILY


def test_a_bad_choice_shows_the_form_again_with_a_clear_message(client, young_person):
    client.force_login(young_person)
    response = client.post(reverse("members:notification-preferences"), {"email_frequency": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(reverse("members:notification-preferences"), {})
    assert "Choisissez comment recevoir vos notifications." in response.content.decode()
    young_person.refresh_from_db()
    assert young_person.email_frequency == EmailFrequency.IMMEDIATE


@pytest.mark.parametrize(
    "person",
    ["young_person", "professional", "pending_professional", "counsellor", "referent", "moderator"],
)
def test_every_member_role_has_the_page(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("members:notifications")).status_code == 200


def test_a_person_without_a_role_has_no_notifications_page(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("members:notifications")).status_code == 403
