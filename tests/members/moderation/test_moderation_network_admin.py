"""Moderators in the Wagtail admin: reports (resolve with a note, hide the message), the
requests read only with every read audited, and what is stuck on the admin home. Editors
and members see none of it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.enums import HelpKind, HelpRequestState, ModerationAction, ReportReason
from members.models import HelpRequest, HelpRequestTransition, Message, ModerationLog, Report
from tests.members.factories import ProfessionalFactory, UserFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

S = HelpRequestState


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaction@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def make_request(young, pro, state=S.ACCEPTED, **fields) -> HelpRequest:
    fields.setdefault("sent_at", ago(2))
    return HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=young.structure,
        state=state,
        kind=fields.pop("kind", HelpKind.TRADE_ADVICE),
        hopes="Je voudrais découvrir votre métier.",
        **fields,
    )


@pytest.fixture
def conversation(young_person, professional):
    help_request = make_request(young_person, professional, answered_at=ago(1))
    HelpRequestTransition.objects.create(
        request=help_request,
        name="accept",
        from_state=S.SENT,
        to_state=S.ACCEPTED,
        actor=professional,
    )
    question = Message.objects.create(
        request=help_request, author=young_person, body="Bonjour, à quelle heure ?"
    )
    rude = Message.objects.create(
        request=help_request, author=professional, body="Donne-moi ton numéro perso."
    )
    HelpRequest.objects.filter(pk=help_request.pk).update(last_message_at=rude.created_at)
    return {"request": help_request, "question": question, "rude": rude}


@pytest.fixture
def report(conversation, young_person):
    return Report.objects.create(
        reporter=young_person,
        message=conversation["rude"],
        reason=ReportReason.CONTACT,
        text="Il insiste pour avoir mon numéro.",
    )


def logs(action) -> list[ModerationLog]:
    return list(ModerationLog.objects.filter(action=action))


# Reports ----------------------------------------------------------------------------------


def test_report_listing_shows_the_message_its_author_and_its_request(
    moderator_client, report, conversation, professional
):
    response = moderator_client.get(reverse("member_reports:index"))

    assert response.status_code == 200
    assert "Donne-moi ton numéro perso." in response.text
    assert professional.get_full_name() in response.text
    assert reverse("help_requests:inspect", args=[conversation["request"].pk]) in response.text
    assert reverse("member_reports:resolve", args=[report.pk]) in response.text
    assert reverse("member_reports:hide_message", args=[report.pk]) in response.text


def test_reports_to_handle_come_first(moderator_client, conversation, young_person, moderator):
    handled = Report.objects.create(
        reporter=young_person,
        message=conversation["question"],
        reason=ReportReason.SPAM,
        resolved_at=timezone.now(),
        resolved_by=moderator,
    )
    to_handle = Report.objects.create(
        reporter=young_person, reported_user=conversation["rude"].author, reason="harassment"
    )

    response = moderator_client.get(reverse("member_reports:index"))

    rows = list(response.context["object_list"])
    assert rows == [to_handle, handled]


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"resolved": "false"}, "Profil de", "Bonjour, à quelle"),
        ({"resolved": "true"}, "Bonjour, à quelle", "Profil de"),
        ({"reason": ReportReason.SPAM}, "Bonjour, à quelle", "Profil de"),
    ],
)
def test_report_listing_filters(
    moderator_client, conversation, young_person, moderator, params, shown, hidden
):
    Report.objects.create(
        reporter=young_person,
        message=conversation["question"],
        reason=ReportReason.SPAM,
        resolved_at=timezone.now(),
        resolved_by=moderator,
    )
    Report.objects.create(
        reporter=young_person,
        reported_user=conversation["rude"].author,
        reason=ReportReason.HARASSMENT,
    )

    response = moderator_client.get(reverse("member_reports:index"), params)

    assert shown in response.text
    assert hidden not in response.text


def test_report_inspect_view_shows_the_whole_message(moderator_client, report, conversation):
    response = moderator_client.get(reverse("member_reports:inspect", args=[report.pk]))

    assert response.status_code == 200
    assert "Donne-moi ton numéro perso." in response.text
    assert "Il insiste pour avoir mon numéro." in response.text
    assert reverse("help_requests:inspect", args=[conversation["request"].pk]) in response.text


def test_moderator_resolves_a_report_with_a_note(moderator_client, moderator, report):
    url = reverse("member_reports:resolve", args=[report.pk])
    assert moderator_client.get(url).status_code == 200

    response = moderator_client.post(url, {"reason": "Rappel de la charte envoyé au pro."})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert report.resolved_by == moderator
    assert report.resolution == "Rappel de la charte envoyé au pro."
    [log] = logs(ModerationAction.RESOLVE_REPORT)
    assert log.actor == moderator and log.target == report
    assert log.reason == "Rappel de la charte envoyé au pro."


def test_resolving_without_a_note_changes_nothing(moderator_client, report):
    response = moderator_client.post(
        reverse("member_reports:resolve", args=[report.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    report.refresh_from_db()
    assert report.resolved_at is None
    assert not ModerationLog.objects.exists()


def test_a_report_already_resolved_gets_a_clear_message(moderator_client, moderator, report):
    url = reverse("member_reports:resolve", args=[report.pk])
    moderator_client.post(url, {"reason": "Traité."})

    response = moderator_client.post(url, {"reason": "Encore."})

    assert response.status_code == 200
    assert "déjà traité" in response.text
    report.refresh_from_db()
    assert report.resolution == "Traité."
    assert len(logs(ModerationAction.RESOLVE_REPORT)) == 1


def test_moderator_hides_the_reported_message(
    client, moderator, report, conversation, young_person, professional
):
    other = Report.objects.create(
        reporter=UserFactory(), message=conversation["rude"], reason=ReportReason.INAPPROPRIATE
    )
    client.force_login(moderator)

    response = client.post(
        reverse("member_reports:hide_message", args=[report.pk]),
        {"reason": "Demande de coordonnées."},
    )

    assert response.status_code == 302
    rude = conversation["rude"]
    rude.refresh_from_db()
    assert rude.hidden_at is not None
    for each in (report, other):
        each.refresh_from_db()
        assert each.resolved_at is not None
        assert each.resolution == "Demande de coordonnées."
    [hidden] = logs(ModerationAction.HIDE_MESSAGE)
    assert hidden.target == rude and hidden.actor == moderator
    assert len(logs(ModerationAction.RESOLVE_REPORT)) == 2
    # The participants see that a message was removed, not what it said.
    client.force_login(young_person)
    page = client.get(reverse("members:request-detail", kwargs={"pk": conversation["request"].pk}))
    assert "Donne-moi ton numéro perso." not in page.content.decode()
    assert "Message retiré par la modération" in page.content.decode()


def test_hiding_is_not_offered_for_a_profile_report(moderator_client, young_person, professional):
    profile_report = Report.objects.create(
        reporter=young_person, reported_user=professional, reason=ReportReason.SPAM
    )
    url = reverse("member_reports:hide_message", args=[profile_report.pk])

    listing = moderator_client.get(reverse("member_reports:index"))
    response = moderator_client.post(url, {"reason": "Non."})

    assert url not in listing.text
    assert response.status_code == 200
    assert "concerne un profil" in response.text


def test_reports_cannot_be_added_edited_or_deleted(moderator_client, report):
    assert moderator_client.get(reverse("member_reports:add")).status_code in (302, 403)
    assert moderator_client.get(reverse("member_reports:edit", args=[report.pk])).status_code in (
        302,
        403,
    )
    moderator_client.post(reverse("member_reports:delete", args=[report.pk]))
    assert Report.objects.filter(pk=report.pk).exists()


def test_report_listing_costs_the_same_queries_whatever_the_number_of_rows(
    moderator_client, conversation
):
    def add(count):
        for _ in range(count):
            Report.objects.create(
                reporter=UserFactory(), message=conversation["rude"], reason=ReportReason.SPAM
            )

    add(2)
    moderator_client.get(reverse("member_reports:index"))
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(reverse("member_reports:index"))
    add(6)
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(reverse("member_reports:index"))

    assert len(many) == len(few)


# Requests ---------------------------------------------------------------------------------


@pytest.fixture
def requests_in_every_place(structure, other_structure, professional):
    young = YoungPersonFactory.create_batch(5, structure=structure)
    elsewhere = YoungPersonFactory(structure=other_structure, last_name="Ailleurs")
    return {
        "fresh": make_request(young[0], professional, S.SENT, sent_at=ago(2)),
        "unanswered": make_request(young[1], professional, S.SENT, sent_at=ago(11)),
        "awaiting": make_request(young[2], professional, S.AWAITING_COUNSELLOR, sent_at=None),
        "long_accepted": make_request(young[3], professional, S.ACCEPTED, answered_at=ago(61)),
        "closed": make_request(young[4], professional, S.CLOSED, close_reason="Pas sûr."),
        "elsewhere": make_request(elsewhere, professional, S.SENT, sent_at=ago(1)),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": S.CLOSED}, {"closed"}),
        ({"stuck": "sent"}, {"unanswered"}),
        ({"stuck": "awaiting"}, {"awaiting"}),
        ({"stuck": "accepted"}, {"long_accepted"}),
        ({"stuck": "any"}, {"unanswered", "awaiting", "long_accepted"}),
    ],
)
def test_request_listing_filters(moderator_client, requests_in_every_place, params, expected):
    places = requests_in_every_place
    # Waiting for the counsellor for 8 days (a transition sets updated_at).
    HelpRequest.objects.filter(pk=places["awaiting"].pk).update(updated_at=ago(8))

    response = moderator_client.get(reverse("help_requests:index"), params)

    assert response.status_code == 200
    shown = {name for name, r in places.items() if r in response.context["object_list"]}
    assert shown == expected


def test_request_listing_filters_by_structure(
    moderator_client, requests_in_every_place, other_structure
):
    response = moderator_client.get(
        reverse("help_requests:index"), {"structure": other_structure.pk}
    )

    assert list(response.context["object_list"]) == [requests_in_every_place["elsewhere"]]


def test_a_request_waiting_7_days_or_less_for_the_counsellor_is_not_stuck(
    moderator_client, requests_in_every_place
):
    response = moderator_client.get(reverse("help_requests:index"), {"stuck": "awaiting"})

    assert list(response.context["object_list"]) == []


def test_when_a_request_is_stuck_follows_the_configured_delays(
    moderator_client, requests_in_every_place, settings
):
    settings.REQUEST_ESCALATION = {**settings.REQUEST_ESCALATION, "stuck_sent_days": 1}
    elsewhere = requests_in_every_place["elsewhere"]
    HelpRequest.objects.filter(pk=elsewhere.pk).update(sent_at=ago(0))

    listing = moderator_client.get(reverse("help_requests:index"), {"stuck": "sent"})
    home = moderator_client.get(reverse("wagtailadmin_home"))

    # Sent 2 and 11 days ago; the one sent just now is not stuck yet.
    shown = set(listing.context["object_list"])
    assert shown == {requests_in_every_place["fresh"], requests_in_every_place["unanswered"]}
    assert "Envoyées, sans réponse depuis plus de 1 jours" in listing.text
    assert "2 demandes sans réponse depuis plus de 1 jours" in home.text


def test_reading_a_request_shows_timeline_and_messages_and_is_audited(
    moderator_client, moderator, conversation
):
    help_request = conversation["request"]
    url = reverse("help_requests:inspect", args=[help_request.pk])

    response = moderator_client.get(url)

    assert response.status_code == 200
    assert "Bonjour, à quelle heure ?" in response.text
    assert "Donne-moi ton numéro perso." in response.text
    assert "Acceptée" in response.text
    [log] = logs(ModerationAction.READ_REQUEST)
    assert log.actor == moderator and log.target == help_request
    # Reading it again the same day adds no row.
    moderator_client.get(url)
    assert len(logs(ModerationAction.READ_REQUEST)) == 1


def test_a_hidden_message_and_its_report_are_marked_for_the_moderator(
    moderator_client, report, conversation
):
    Message.objects.filter(pk=conversation["rude"].pk).update(hidden_at=timezone.now())

    response = moderator_client.get(
        reverse("help_requests:inspect", args=[conversation["request"].pk])
    )

    assert "Masqué le" in response.text
    assert reverse("member_reports:inspect", args=[report.pk]) in response.text


def test_an_open_request_links_to_its_page_in_the_members_area_to_close_it(
    moderator_client, conversation
):
    help_request = conversation["request"]

    response = moderator_client.get(reverse("help_requests:inspect", args=[help_request.pk]))

    assert reverse("members:request-detail", kwargs={"pk": help_request.pk}) in response.text


def test_requests_cannot_be_added_edited_or_deleted(moderator_client, conversation):
    pk = conversation["request"].pk
    assert moderator_client.get(reverse("help_requests:add")).status_code in (302, 403)
    assert moderator_client.get(reverse("help_requests:edit", args=[pk])).status_code in (302, 403)
    moderator_client.post(reverse("help_requests:delete", args=[pk]))
    assert HelpRequest.objects.filter(pk=pk).exists()


def test_request_listing_costs_the_same_queries_whatever_the_number_of_rows(
    moderator_client, structure
):
    pros = ProfessionalFactory.create_batch(8)
    young = YoungPersonFactory(structure=structure)

    def add(some):
        for pro in some:
            make_request(young, pro, S.SENT)

    add(pros[:2])
    moderator_client.get(reverse("help_requests:index"))
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(reverse("help_requests:index"))
    add(pros[2:])
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(reverse("help_requests:index"))

    assert len(many) == len(few)


# Admin home -------------------------------------------------------------------------------


def test_admin_home_tells_moderators_what_is_stuck(
    moderator_client, report, requests_in_every_place
):
    response = moderator_client.get(reverse("wagtailadmin_home"))

    assert "1 signalement à traiter" in response.text
    assert "1 demande sans réponse depuis plus de 10 jours" in response.text
    assert "1 demande acceptée depuis plus de 60 jours" in response.text
    assert reverse("member_reports:index") + "?resolved=false" in response.text
    assert reverse("help_requests:index") + "?stuck=sent" in response.text


def test_moderator_sees_reports_and_requests_in_the_moderation_menu(moderator_client):
    response = moderator_client.get(reverse("wagtailadmin_home"))

    assert reverse("member_reports:index") in response.text
    assert reverse("help_requests:index") in response.text


# Editors and members ----------------------------------------------------------------------


def test_editor_sees_nothing_of_reports_and_requests(editor_client, report, conversation):
    pk = conversation["request"].pk
    urls = [
        reverse("member_reports:index"),
        reverse("member_reports:inspect", args=[report.pk]),
        reverse("help_requests:index"),
        reverse("help_requests:inspect", args=[pk]),
    ]
    for url in urls:
        assert editor_client.get(url).status_code in (302, 403), url
    response = editor_client.post(
        reverse("member_reports:resolve", args=[report.pk]), {"reason": "Non."}
    )
    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.resolved_at is None
    assert not ModerationLog.objects.exists()
    home = editor_client.get(reverse("wagtailadmin_home"))
    assert reverse("member_reports:index") not in home.text
    assert "signalement à traiter" not in home.text


def test_an_editor_cannot_tell_whether_a_request_exists(editor_client, conversation):
    missing = reverse("help_requests:inspect", args=[conversation["request"].pk + 1000])
    existing = reverse("help_requests:inspect", args=[conversation["request"].pk])

    assert editor_client.get(missing).status_code == editor_client.get(existing).status_code


def test_members_without_staff_status_cannot_reach_reports(client, young_person, report):
    client.force_login(young_person)

    assert client.get(reverse("member_reports:index")).status_code in (302, 403)
    assert client.get(reverse("help_requests:index")).status_code in (302, 403)


# The Moderators group (migration 0007) ----------------------------------------------------

NETWORK_PERMISSIONS = {"view_report", "change_report", "view_helprequest", "view_message"}


def test_moderators_group_may_handle_reports_and_read_requests():
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert NETWORK_PERMISSIONS <= codenames
    # Reading only: nobody edits or deletes a request or a message in the admin.
    assert not {"change_helprequest", "delete_helprequest", "change_message"} & codenames


def test_editors_group_gets_none_of_it():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert not NETWORK_PERMISSIONS & codenames
