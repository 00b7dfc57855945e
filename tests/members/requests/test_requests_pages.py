"""The request pages: the guided form, "my requests" for each role, the menu entry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

S = HelpRequestState


def make(young, professional, state, days_ago=0):
    sent_at = timezone.now() - datetime.timedelta(days=days_ago)
    return HelpRequest.objects.create(
        young_person=young,
        professional=professional,
        structure=young.structure,
        state=state,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Je voudrais découvrir votre métier.",
        sent_at=None if state in (S.DRAFT, S.AWAITING_COUNSELLOR) else sent_at,
    )


def test_the_guided_form_asks_three_plain_questions_with_examples(client, young_person):
    professional = ProfessionalFactory()
    client.force_login(young_person)
    page = client.get(
        reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    )
    content = page.content.decode()
    assert "<legend>Quel coup de pouce demandez-vous ?" in content
    assert "Par exemple" in content
    assert "Enregistrer un brouillon" in content and "Envoyer la demande" in content


def test_a_paused_professional_has_no_form(client, young_person):
    professional = ProfessionalFactory(profile__is_paused=True)
    client.force_login(young_person)
    page = client.get(
        reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    )
    assert "pause" in page.content.decode()
    assert "Envoyer la demande" not in page.content.decode()


def test_a_pending_professional_cannot_be_asked(client, young_person, pending_professional):
    client.force_login(young_person)
    page = client.get(
        reverse(
            "members:request-create",
            kwargs={"professional_pk": pending_professional.pro_profile.pk},
        )
    )
    assert page.status_code == 404


def test_a_young_person_sees_only_their_own_requests(client, young_person, professional):
    mine = make(young_person, professional, S.SENT)
    other = make(YoungPersonFactory(structure=young_person.structure), professional, S.SENT)
    client.force_login(young_person)
    page = client.get(reverse("members:requests"))
    assert list(page.context["page_obj"].object_list) == [mine]
    assert other not in page.context["page_obj"].object_list
    assert "Mes demandes" in page.content.decode()


def test_a_professional_sees_what_waits_for_an_answer_but_no_draft(
    client, young_person, professional
):
    sent = make(young_person, professional, S.SENT)
    make(YoungPersonFactory(structure=young_person.structure), professional, S.DRAFT)
    client.force_login(professional)
    page = client.get(reverse("members:requests"))
    assert page.context["to_answer"] == [sent]
    assert list(page.context["page_obj"].object_list) == [sent]
    # The professional sees the first name and initial only.
    assert young_person.public_name in page.content.decode()
    assert young_person.get_full_name() not in page.content.decode()


def test_a_counsellor_sees_what_awaits_validation_and_what_gets_no_answer(
    client, young_person, professional, counsellor
):
    awaiting = make(young_person, professional, S.AWAITING_COUNSELLOR)
    other_pro = ProfessionalFactory()
    stale = make(young_person, other_pro, S.SENT, days_ago=8)
    make(young_person, ProfessionalFactory(), S.SENT, days_ago=2)
    make(YoungPersonFactory(), professional, S.AWAITING_COUNSELLOR)  # another structure
    client.force_login(counsellor)
    page = client.get(reverse("members:requests"))
    assert page.context["awaiting"] == [awaiting]
    assert page.context["stale"] == [stale]
    assert len(page.context["page_obj"].object_list) == 3


def test_how_long_a_request_waits_before_it_counts_as_unanswered_is_a_setting(
    client, young_person, professional, counsellor, settings
):
    settings.REQUEST_ESCALATION = {**settings.REQUEST_ESCALATION, "stale_days": 3}
    stale = make(young_person, professional, S.SENT, days_ago=4)
    make(young_person, ProfessionalFactory(), S.SENT, days_ago=2)
    client.force_login(counsellor)

    page = client.get(reverse("members:requests"))
    dashboard = client.get(reverse("members:dashboard"))

    assert page.context["stale"] == [stale]
    assert "Sans réponse depuis plus de 3 jours" in page.content.decode()
    assert [r.pk for r in dashboard.context["stale_requests"]] == [stale.pk]
    assert "Sans réponse depuis plus de 3 jours" in dashboard.content.decode()


def test_my_requests_does_not_grow_in_queries(
    client, young_person, counsellor, django_assert_max_num_queries
):
    for _ in range(6):
        make(young_person, ProfessionalFactory(), S.SENT, days_ago=9)
    client.force_login(counsellor)
    # One query counts the unread messages of every row.
    with django_assert_max_num_queries(17):
        page = client.get(reverse("members:requests"))
    assert page.status_code == 200


@pytest.mark.parametrize("role", ["young_person", "professional", "counsellor"])
def test_the_requests_list_reads_no_permission(client, role, request, young_person, professional):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        make(young_person, ProfessionalFactory(), S.SENT)
    make(young_person, professional, S.SENT)
    client.force_login(request.getfixturevalue(role))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("members:requests")).status_code == 200
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_the_menu_links_to_my_requests(client, young_person):
    client.force_login(young_person)
    page = client.get(reverse("members:dashboard"))
    assert reverse("members:requests") in page.content.decode()


def test_referents_have_no_request_list(client, referent):
    client.force_login(referent)
    assert client.get(reverse("members:requests")).status_code == 403


def test_the_request_table_shows_each_row_as_the_reader_may_see_it(
    client, young_person, professional, counsellor
):
    young_person.first_name, young_person.last_name = "Inès", "<b>Martin</b>"
    young_person.save()
    sent = make(young_person, professional, S.SENT, days_ago=3)
    sent_on = timezone.localtime(sent.sent_at)
    other = YoungPersonFactory(structure=young_person.structure)
    awaiting = make(other, ProfessionalFactory(), S.AWAITING_COUNSELLOR)
    HelpRequest.objects.filter(pk=awaiting.pk).update(professional=None)

    def table_of(user, language="fr"):
        client.force_login(user)
        return client.get(reverse("members:requests"), HTTP_ACCEPT_LANGUAGE=language)

    pro_page = table_of(professional).content.decode()
    assert f'href="{reverse("members:request-detail", kwargs={"pk": sent.pk})}"' in pro_page
    assert "<td>Inès &lt;.</td>" in pro_page  # the public name, escaped
    assert "&lt;b&gt;Martin" not in pro_page
    counsellor_page = table_of(counsellor).content.decode()
    assert "<td>Inès &lt;b&gt;Martin&lt;/b&gt;</td>" in counsellor_page
    assert "<td>Membre supprimé</td>" in counsellor_page  # no professional any more
    assert "<td>—</td>" in counsellor_page  # never sent
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    assert f"<td>{sent_on.day} {months[sent_on.month - 1]} {sent_on.year}</td>" in pro_page
    young_page = table_of(young_person).content.decode()
    assert 'class="badge request-state request-state-sent">Envoyée</span>' in young_page


def test_the_request_table_follows_the_language_and_every_change_of_its_rows(
    client, young_person, professional, counsellor
):
    sent = make(young_person, professional, S.SENT)
    sent_on = timezone.localtime(sent.sent_at)
    HelpRequest.objects.filter(pk=sent.pk).update(professional=None)
    client.force_login(counsellor)
    french = client.get(reverse("members:requests")).content.decode()
    assert "Conseils sur un métier" in french and ">Envoyée</span>" in french
    with translation.override("en"):
        english = client.get(reverse("members:requests")).content.decode()
    assert "Career advice" in english and ">Sent</span>" in english
    assert "<td>Deleted member</td>" in english
    assert f"<td>{sent_on.day} {sent_on:%B} {sent_on.year}</td>" in english
    assert "Conseils sur un métier" not in english

    # The table is kept in the cache under what it shows: a change shows at once.
    HelpRequest.objects.filter(pk=sent.pk).update(state=S.ACCEPTED)
    young_person.first_name = "Zoé"
    young_person.save()
    french = client.get(reverse("members:requests")).content.decode()
    assert ">Acceptée</span>" in french and ">Envoyée</span>" not in french
    assert f"<td>Zoé {young_person.last_name}</td>" in french
