import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from network.enums import CallClosedReason
from network.models import VolunteerCallIndexPage, VolunteerCallPage
from tests.network.factories import (
    VolunteerAnswerFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
    translate,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_call_page_can_be_created_only_under_the_call_index(home_page, call_index):
    assert VolunteerCallPage.can_create_at(call_index)
    assert not VolunteerCallPage.can_create_at(home_page)
    assert VolunteerCallPage.allowed_subpage_models() == []


def test_call_index_only_under_home_and_once_per_language(home_page):
    assert VolunteerCallIndexPage.can_create_at(home_page)
    VolunteerCallIndexPageFactory(parent=home_page)
    assert not VolunteerCallIndexPage.can_create_at(home_page)


def test_places_left_counts_answers_in_every_language(locales, call, english_home_page):
    english_index = translate(call.get_parent().specific, locales["en"], title="Calls")
    assert english_index.pk
    english_call = translate(call, locales["en"], title="Mock interviews")
    VolunteerAnswerFactory(call=call)
    VolunteerAnswerFactory(call=english_call)
    assert call.places == 3
    assert VolunteerCallPage.objects.get(pk=call.pk).places_left == 1
    assert VolunteerCallPage.objects.get(pk=english_call.pk).places_left == 1


def test_open_excludes_full_and_past_deadline_calls(call_index):
    open_call = VolunteerCallPageFactory(parent=call_index, places=2, deadline=days(5))
    VolunteerAnswerFactory(call=open_call)
    due_today = VolunteerCallPageFactory(parent=call_index, deadline=days(0))
    full = VolunteerCallPageFactory(parent=call_index, places=1)
    VolunteerAnswerFactory(call=full)
    VolunteerCallPageFactory(parent=call_index, deadline=days(-1))
    assert set(VolunteerCallPage.objects.open()) == {open_call, due_today}


def test_open_is_a_single_query(call_index, django_assert_num_queries):
    for _ in range(5):
        VolunteerAnswerFactory(call=VolunteerCallPageFactory(parent=call_index))
    with django_assert_num_queries(1):
        calls = list(VolunteerCallPage.objects.live().open())
        assert [c.places_left for c in calls] == [2] * 5


def test_closed_reason_tells_full_from_past_deadline(call_index):
    full = VolunteerCallPageFactory(parent=call_index, places=1)
    VolunteerAnswerFactory(call=full)
    past = VolunteerCallPageFactory(parent=call_index, deadline=days(-1))
    assert full.closed_reason() == CallClosedReason.FULL
    assert past.closed_reason() == CallClosedReason.PAST_DEADLINE
    assert VolunteerCallPageFactory(parent=call_index).closed_reason() is None


def test_index_lists_open_calls_first_then_closed_ones(client, call_index):
    past = VolunteerCallPageFactory(parent=call_index, title="Appel passé", deadline=days(-3))
    late = VolunteerCallPageFactory(parent=call_index, title="Appel lointain", deadline=days(20))
    soon = VolunteerCallPageFactory(parent=call_index, title="Appel proche", deadline=days(2))
    full = VolunteerCallPageFactory(parent=call_index, title="Appel complet", places=1)
    VolunteerAnswerFactory(call=full)
    response = client.get(call_index.url)
    assert response.status_code == 200
    text = response.text
    positions = [text.index(p.title) for p in (soon, late, full, past)]
    assert positions == sorted(positions)
    assert "Complet" in text
    assert "Clos" in text


def test_index_is_paginated(client, call_index):
    for n in range(12):
        VolunteerCallPageFactory(parent=call_index, title=f"Appel numéro {n:02d}")
    first = client.get(call_index.url)
    second = client.get(call_index.url, {"page": 2})
    assert first.text.count('class="card-title"') == 10
    assert second.text.count('class="card-title"') == 2


def test_call_page_renders_facts_in_french(client, call):
    response = client.get(call.url)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "3 places restantes sur 3" in response.text
    assert "Lille (59)" in response.text
    assert 'name="email"' in response.text


def test_remote_call_says_so(client, call_index):
    call = VolunteerCallPageFactory(parent=call_index, is_remote=True, city="")
    assert "À distance" in client.get(call.url).text


def test_call_page_renders_in_english(client, locales, call, english_home_page):
    translate(call.get_parent().specific, locales["en"], title="Volunteer calls", slug="calls")
    english_call = translate(call, locales["en"], title="Mock interviews", slug="mock-interviews")
    with translation.override("en"):
        url = english_call.url
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Mock interviews" in response.text


def count_queries(client, url):
    # Warm-up: the shared layout (menu, language links) is cached until a page changes,
    # so both counts compared are those of a page built with the layout cached.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_index_queries_do_not_grow_with_calls_and_answers(
    client, call_index, django_assert_max_num_queries
):
    VolunteerCallPageFactory(parent=call_index)
    client.get(call_index.url)
    few = count_queries(client, call_index.url)
    for _ in range(15):
        call = VolunteerCallPageFactory(parent=call_index)
        VolunteerAnswerFactory.create_batch(2, call=call)
    assert count_queries(client, call_index.url) == few
    # Most of the budget is the shared layout (menu, language links, site settings).
    with django_assert_max_num_queries(25):
        client.get(call_index.url, {"page": 2})


def test_call_page_queries_do_not_grow_with_answers(client, call, django_assert_max_num_queries):
    client.get(call.url)
    few = count_queries(client, call.url)
    VolunteerAnswerFactory.create_batch(2, call=call)
    assert count_queries(client, call.url) == few
    with django_assert_max_num_queries(25):
        client.get(call.url)
