"""The request panels of the dashboards: what each member has to do about requests, and
the professional's pause switch. Every panel costs the same queries for 3 or 30 items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import dashboard_cache
from members.directory.capacity import recount
from members.enums import HelpKind, HelpRequestState, Outcome
from members.models import HelpRequest, Message, ReadMarker
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.usefixtures("home_page")

S = HelpRequestState


def ago(days: int = 0, hours: int = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def make_request(young, pro, state, **fields) -> HelpRequest:
    fields.setdefault("sent_at", None if state in (S.DRAFT, S.AWAITING_COUNSELLOR) else ago(1))
    return HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=young.structure,
        state=state,
        kind=fields.pop("kind", HelpKind.TRADE_ADVICE),
        hopes="Je voudrais découvrir votre métier de cheffe de chantier.",
        **fields,
    )


def with_message(help_request, author, when=None) -> HelpRequest:
    when = when or timezone.now()
    Message.objects.create(request=help_request, author=author, body="Bonjour, merci !")
    HelpRequest.objects.filter(pk=help_request.pk).update(last_message_at=when)
    help_request.last_message_at = when
    return help_request


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    return response


def queries_of_dashboard(client) -> int:
    """The queries of a dashboard built, not read from the cache (a counsellor's panels)."""
    dashboard_cache.outdate_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    return len(queries)


# --- young person ---------------------------------------------------------------------


def test_young_person_sees_requests_by_state_and_what_to_do_next(
    client, young_person, professional
):
    others = ProfessionalFactory.create_batch(3)
    draft = make_request(young_person, others[0], S.DRAFT, kind=HelpKind.CV_REVIEW)
    sent = make_request(young_person, professional, S.SENT, sent_at=ago(days=2))
    accepted = with_message(
        make_request(young_person, others[1], S.ACCEPTED, answered_at=ago(1)), others[1]
    )
    make_request(young_person, others[2], S.DECLINED)
    make_request(young_person, others[2], S.DECLINED)
    followed_up = make_request(
        young_person,
        others[2],
        S.COMPLETED,
        outcome=Outcome.ADVICE,
        completed_at=ago(100),
        follow_up_sent_at=ago(10),
    )
    # Somebody else's request is not theirs.
    make_request(YoungPersonFactory(structure=young_person.structure), professional, S.SENT)

    response = dashboard(client, young_person)

    context = response.context
    assert {row["state"]: row["count"] for row in context["requests_by_state"]} == {
        S.DRAFT: 1,
        S.SENT: 1,
        S.ACCEPTED: 1,
        S.DECLINED: 2,
        S.COMPLETED: 1,
    }
    assert context["requests_total"] == 6
    assert {r.pk for r in context["open_requests"]} == {draft.pk, sent.pk, accepted.pk}
    steps = {r.pk: r.next_step for r in context["open_requests"]}
    assert "envoyez-le" in steps[draft.pk]
    assert "il y a 2 jours" in steps[sent.pk]
    assert "a accepté" in steps[accepted.pk]
    todo = [item.text for item in context["todo"]]
    assert any("brouillon" in text and "Relecture de CV" in text for text in todo)
    assert any("nouveaux messages" in text for text in todo)
    assert any("ce qu’a apporté" in text for text in todo)
    body = response.content.decode()
    assert "À faire maintenant" in body
    assert reverse("members:request-detail", kwargs={"pk": followed_up.pk}) in body
    assert "Nouveaux messages" in body


def test_a_draft_returned_by_the_counsellor_leads_to_its_form(client, young_person, professional):
    returned = make_request(
        young_person,
        professional,
        S.DRAFT,
        counsellor_comment="Dis-lui quelle formation tu prépares.",
    )

    context = dashboard(client, young_person).context

    steps = {r.pk: r.next_step for r in context["open_requests"]}
    assert "corrigez la demande" in steps[returned.pk]
    [todo] = [item for item in context["todo"] if "brouillon" in item.text]
    assert todo.text.startswith("Corrigez votre brouillon")
    assert todo.url == reverse("members:request-edit", kwargs={"pk": returned.pk})


def test_young_person_without_requests_is_invited_to_ask(client, young_person):
    response = dashboard(client, young_person)

    assert response.context["requests_total"] == 0
    todo = response.context["todo"]
    assert todo[-1].url == reverse("members:directory")
    assert "pas encore demandé de coup de pouce" in response.content.decode()


def test_young_person_does_not_see_an_offer_their_counsellor_has_not_passed_on(
    client, young_person, professional
):
    make_request(young_person, professional, S.AWAITING_COUNSELLOR, offered_by_professional=True)

    response = dashboard(client, young_person)

    assert response.context["requests_total"] == 0
    assert response.context["open_requests"] == []


def test_a_message_read_after_it_came_is_not_new(client, young_person, professional):
    accepted = with_message(
        make_request(young_person, professional, S.ACCEPTED, answered_at=ago(2)),
        professional,
        when=ago(hours=2),
    )
    ReadMarker.objects.create(request=accepted, user=young_person, read_at=ago(hours=1))

    response = dashboard(client, young_person)

    assert not response.context["open_requests"][0].has_unread
    assert "Nouveaux messages" not in response.content.decode()


def test_young_person_dashboard_costs_the_same_queries_for_3_and_30_requests(
    client, young_person, django_assert_max_num_queries
):
    pros = ProfessionalFactory.create_batch(30)
    states = [S.DRAFT, S.SENT, S.ACCEPTED, S.DECLINED, S.COMPLETED]

    def add(pros_slice):
        for index, pro in enumerate(pros_slice):
            help_request = make_request(
                young_person,
                pro,
                states[index % len(states)],
                follow_up_sent_at=ago(1) if index % len(states) == 4 else None,
            )
            with_message(help_request, pro)

    client.force_login(young_person)
    add(pros[:3])
    client.get(reverse("members:dashboard"))  # warm the session and the layout cache
    few = queries_of_dashboard(client)
    add(pros[3:])

    assert queries_of_dashboard(client) == few
    with django_assert_max_num_queries(25):
        client.get(reverse("members:dashboard"))


# --- professional ---------------------------------------------------------------------


def test_professional_sees_requests_to_answer_oldest_first_with_days_waiting(
    client, structure, professional
):
    young = YoungPersonFactory.create_batch(4, structure=structure)
    recent = make_request(young[0], professional, S.SENT, sent_at=ago(1))
    oldest = make_request(young[1], professional, S.SENT, sent_at=ago(6))
    # Their own offer waits for the young person, not for them.
    make_request(young[2], professional, S.SENT, offered_by_professional=True)
    # Not addressed to them yet.
    make_request(young[3], professional, S.AWAITING_COUNSELLOR)

    response = dashboard(client, professional)

    rows = response.context["to_answer"]
    assert [r.pk for r in rows] == [oldest.pk, recent.pk]
    assert [r.days_waiting for r in rows] == [6, 1]
    assert response.context["to_answer_count"] == 2
    body = response.content.decode()
    assert "En attente depuis 6 jours" in body
    # A professional sees first name and initial only.
    assert young[1].public_name in body
    assert young[1].get_full_name() not in body


def test_professional_sees_the_capacity_left_this_month(client, structure, db):
    pro = ProfessionalFactory(profile__monthly_capacity=3)
    young = YoungPersonFactory.create_batch(2, structure=structure)
    make_request(young[0], pro, S.SENT, sent_at=timezone.now())
    make_request(young[1], pro, S.ACCEPTED, sent_at=timezone.now(), answered_at=timezone.now())
    recount()  # written directly: the monthly counter follows them

    response = dashboard(client, pro)

    assert response.context["capacity"] == {"monthly": 3, "sent": 2, "left": 1}
    assert "Il vous reste 1 place ce mois-ci" in response.content.decode()


def test_professional_sees_conversations_with_unread_ones_marked(client, structure, professional):
    young = YoungPersonFactory.create_batch(2, structure=structure)
    unread = with_message(
        make_request(young[0], professional, S.ACCEPTED, answered_at=ago(3)), young[0]
    )
    read = with_message(
        make_request(young[1], professional, S.ACCEPTED, answered_at=ago(3)),
        young[1],
        when=ago(2),
    )
    ReadMarker.objects.create(request=read, user=professional, read_at=ago(1))

    response = dashboard(client, professional)

    conversations = {r.pk: r.has_unread for r in response.context["conversations"]}
    assert conversations == {unread.pk: True, read.pk: False}
    assert response.context["conversations_count"] == 2
    assert response.context["unread_count"] == 1
    assert "1 avec des messages non lus" in response.content.decode()


def test_professional_dashboard_costs_the_same_queries_for_3_and_30_requests(
    client, structure, professional, django_assert_max_num_queries
):
    young = YoungPersonFactory.create_batch(30, structure=structure)

    def add(people):
        for index, person in enumerate(people):
            state = S.SENT if index % 2 else S.ACCEPTED
            with_message(make_request(person, professional, state, sent_at=ago(index)), person)

    client.force_login(professional)
    add(young[:3])
    client.get(reverse("members:dashboard"))
    few = queries_of_dashboard(client)
    add(young[3:])

    assert queries_of_dashboard(client) == few
    with django_assert_max_num_queries(20):
        client.get(reverse("members:dashboard"))


# --- the pause switch -----------------------------------------------------------------


def test_professional_pauses_and_resumes_from_the_dashboard(client, professional):
    client.force_login(professional)
    url = reverse("members:pro-pause")
    assert reverse("members:pro-pause") in dashboard(client, professional).content.decode()

    response = client.post(url, {"paused": "true"}, follow=True)

    professional.pro_profile.refresh_from_db()
    assert professional.pro_profile.is_paused
    body = response.content.decode()
    assert "Vous êtes en pause : plus personne ne peut vous envoyer de demande" in body
    assert "Reprendre les demandes" in body

    response = client.post(url, {"paused": "false"}, follow=True)

    professional.pro_profile.refresh_from_db()
    assert not professional.pro_profile.is_paused
    assert "Vous pouvez de nouveau recevoir des demandes" in response.content.decode()


def test_a_second_click_on_pause_does_not_resume(client, professional):
    client.force_login(professional)
    url = reverse("members:pro-pause")
    client.post(url, {"paused": "true"})

    response = client.post(url, {"paused": "true"}, follow=True)

    professional.pro_profile.refresh_from_db()
    assert professional.pro_profile.is_paused
    assert "Vous étiez déjà en pause" in response.content.decode()


def test_pause_without_a_wanted_state_toggles(client, professional):
    client.force_login(professional)

    client.post(reverse("members:pro-pause"))

    professional.pro_profile.refresh_from_db()
    assert professional.pro_profile.is_paused


def test_pause_is_a_post(client, professional):
    client.force_login(professional)
    assert client.get(reverse("members:pro-pause")).status_code == 405


def test_a_paused_professional_receives_no_new_request(client, young_person, professional):
    client.force_login(professional)
    client.post(reverse("members:pro-pause"), {"paused": "true"})
    client.force_login(young_person)

    response = client.get(
        reverse(
            "members:request-create",
            kwargs={"professional_pk": professional.pro_profile.pk},
        )
    )

    assert "pause" in response.context["unavailable"]


# --- counsellor -----------------------------------------------------------------------


def test_counsellor_sees_what_waits_for_them(
    client, structure, counsellor, young_person, other_structure
):
    pros = ProfessionalFactory.create_batch(6)
    awaiting = make_request(young_person, pros[0], S.AWAITING_COUNSELLOR)
    stale = make_request(young_person, pros[1], S.SENT, sent_at=ago(9))
    make_request(young_person, pros[2], S.SENT, sent_at=ago(3))  # not stale yet
    long_accepted = make_request(young_person, pros[3], S.ACCEPTED, answered_at=ago(31))
    to_read = with_message(
        make_request(young_person, pros[4], S.ACCEPTED, answered_at=ago(5)), pros[4]
    )
    follow_up = make_request(
        young_person,
        pros[5],
        S.COMPLETED,
        outcome=Outcome.ADVICE,
        completed_at=ago(95),
        follow_up_sent_at=ago(5),
    )
    # Already answered three months later: nothing to record.
    make_request(
        young_person,
        pros[5],
        S.COMPLETED,
        completed_at=ago(95),
        follow_up_sent_at=ago(5),
        follow_up_outcome=Outcome.JOB,
    )
    # Another structure's requests stay out of sight.
    elsewhere = YoungPersonFactory(structure=other_structure, first_name="Ailleurs")
    make_request(elsewhere, pros[0], S.AWAITING_COUNSELLOR)
    with_message(make_request(elsewhere, pros[1], S.SENT, sent_at=ago(12)), pros[1])

    response = dashboard(client, counsellor)

    context = response.context
    assert [r.pk for r in context["awaiting_requests"]] == [awaiting.pk]
    assert [r.pk for r in context["stale_requests"]] == [stale.pk]
    assert context["stale_requests"][0].days_waiting == 9
    assert [r.pk for r in context["to_read"]] == [to_read.pk]
    assert [r.pk for r in context["follow_up_requests"]] == [follow_up.pk]
    assert [r.pk for r in context["long_accepted_requests"]] == [long_accepted.pk]
    assert (
        context["awaiting_count"],
        context["stale_count"],
        context["to_read_count"],
        context["follow_up_count"],
        context["long_accepted_count"],
    ) == (1, 1, 1, 1, 1)
    mine = context["my_young_people"]
    assert [p.user for p in mine] == [young_person]
    assert len(mine[0].open_requests) == 5
    body = response.content.decode()
    assert "Ailleurs" not in body
    assert "Envoyée il y a 9 jours" in body
    assert "Acceptée il y a 31 jours" in body


def test_a_conversation_the_counsellor_read_is_not_to_read(client, counsellor, young_person):
    pro = ProfessionalFactory()
    help_request = with_message(
        make_request(young_person, pro, S.ACCEPTED, answered_at=ago(3)), pro, when=ago(1)
    )
    ReadMarker.objects.create(request=help_request, user=counsellor, read_at=timezone.now())

    assert dashboard(client, counsellor).context["to_read"] == []


def test_counsellor_lists_are_bounded_and_counted(client, structure, counsellor):
    young = YoungPersonFactory.create_batch(12, structure=structure)
    pro = ProfessionalFactory()
    for person in young:
        make_request(person, pro, S.AWAITING_COUNSELLOR)

    response = dashboard(client, counsellor)

    assert len(response.context["awaiting_requests"]) == 10
    assert response.context["awaiting_count"] == 12
    assert "12 demandes attendent votre validation" in response.content.decode()


def test_each_counsellor_list_keeps_its_own_order_bound_and_count(client, structure, counsellor):
    # One open request a young person and professional pair: three professionals.
    pro, other_pro, third_pro = ProfessionalFactory.create_batch(3)
    people = YoungPersonFactory.create_batch(12, structure=structure)
    awaiting = [make_request(person, other_pro, S.AWAITING_COUNSELLOR) for person in people[:3]]
    for days, help_request in zip((3, 1, 2), awaiting, strict=True):
        HelpRequest.objects.filter(pk=help_request.pk).update(updated_at=ago(days))
    # Twelve stale ones, the oldest first; two long accepted ones, the oldest answer first.
    stale = [
        make_request(person, pro, S.SENT, sent_at=ago(30 - number))
        for number, person in enumerate(people[:12])
    ]
    long_accepted = [
        make_request(person, third_pro, S.ACCEPTED, answered_at=ago(days))
        for person, days in ((people[0], 40), (people[1], 50))
    ]

    context = dashboard(client, counsellor).context

    assert [r.pk for r in context["awaiting_requests"]] == [
        awaiting[0].pk,
        awaiting[2].pk,
        awaiting[1].pk,
    ]
    assert [r.pk for r in context["stale_requests"]] == [r.pk for r in stale[:10]]
    assert [r.days_waiting for r in context["stale_requests"]] == list(range(30, 20, -1))
    assert [r.pk for r in context["long_accepted_requests"]] == [
        long_accepted[1].pk,
        long_accepted[0].pk,
    ]
    assert (context["awaiting_count"], context["stale_count"], context["long_accepted_count"]) == (
        3,
        12,
        2,
    )
    assert context["follow_up_requests"] == []
    assert context["follow_up_count"] == 0


def test_counsellor_sees_only_the_young_people_they_follow(
    client, structure, counsellor, young_person
):
    YoungPersonFactory(structure=structure, first_name="Suivie-ailleurs")

    response = dashboard(client, counsellor)

    assert [p.user for p in response.context["my_young_people"]] == [young_person]
    assert response.context["my_young_people_count"] == 1


def test_counsellor_dashboard_costs_the_same_queries_for_3_and_30_requests(
    client, structure, counsellor, django_assert_max_num_queries
):
    pros = ProfessionalFactory.create_batch(5)
    states = [
        (S.AWAITING_COUNSELLOR, {}),
        (S.SENT, {"sent_at": ago(9)}),
        (S.ACCEPTED, {"answered_at": ago(40)}),
        (S.COMPLETED, {"completed_at": ago(95), "follow_up_sent_at": ago(2)}),
        (S.ACCEPTED, {"answered_at": ago(2)}),
    ]

    def add(count):
        for _ in range(count):
            person = YoungPersonFactory(structure=structure, profile__counsellor=counsellor)
            for pro, (state, fields) in zip(pros, states, strict=True):
                with_message(make_request(person, pro, state, **fields), pro)

    client.force_login(counsellor)
    add(1)  # 5 requests
    client.get(reverse("members:dashboard"))
    few = queries_of_dashboard(client)
    add(6)  # 35 requests

    assert queries_of_dashboard(client) == few
    with django_assert_max_num_queries(20):
        client.get(reverse("members:dashboard"))


# --- moderator ------------------------------------------------------------------------


def test_moderator_sees_reports_to_handle_and_stuck_requests_with_admin_links(
    client, moderator, young_person, professional
):
    from members.enums import ReportReason
    from members.models import Report

    stuck = make_request(young_person, professional, S.SENT, sent_at=ago(11))
    message = Message.objects.create(request=stuck, author=professional, body="Ton numéro ?")
    Report.objects.create(reporter=young_person, message=message, reason=ReportReason.CONTACT)

    response = dashboard(client, moderator)

    assert response.context["reports_to_handle"] == 1
    assert response.context["stuck_requests"] == 1
    body = response.content.decode()
    assert "1 signalement à traiter" in body
    assert "1 demande bloquée" in body
    reports = client.get(response.context["reports_url"])
    assert reports.status_code == 200 and "Ton numéro ?" in reports.content.decode()
    listing = client.get(response.context["stuck_url"])
    assert list(listing.context["object_list"]) == [stuck]
