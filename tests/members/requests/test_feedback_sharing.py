"""Quoting feedback on the company's page, safely (issue 16, members.requests.sharing): a
minor is never asked and never quoted, whatever is POSTed or was stored; an author stops
sharing in one click, their own side only, and the quote leaves the page at once."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from members.enums import Outcome, Role
from members.impact.company import shared_quotes
from members.impact.figures import Scope
from members.models import HelpRequest
from members.requests import services
from members.requests.workflow import TRANSITIONS, TransitionName
from tests.members.factories import (
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    UserFactory,
    YoungPersonFactory,
    birth_date_for_age,
)
from tests.network.factories import CompanyFactory

pytestmark = pytest.mark.django_db

COMPLETE = TRANSITIONS[TransitionName.COMPLETE]
BOX = 'name="complete-share_feedback"'
FEEDBACK_BOX = 'name="share_feedback"'
STOP = "Ne plus partager ce retour"
# The completed request's page for one of its authors, as before the consent's panel
# (measured on the commit before it): the panel reads nothing more.
QUERIES_OF_THE_PAGE = 8


@pytest.fixture
def acme(db):
    return CompanyFactory(name="Acme")


@pytest.fixture
def pro(acme):
    return ProfessionalFactory(profile__company=acme)


@pytest.fixture
def minor():
    return YoungPersonFactory(profile__birth_date=birth_date_for_age(16))


@pytest.fixture
def adult():
    return YoungPersonFactory(profile__birth_date=birth_date_for_age(19))


@pytest.fixture
def contact_client(client, acme):
    client.force_login(UserFactory(role=Role.COMPANY_CONTACT, company=acme))
    return client


def accepted(young, pro):
    return HelpRequestFactory(young_person=young, professional=pro, state="accepted")


def completed(young, pro, **fields):
    return HelpRequestFactory(
        young_person=young,
        professional=pro,
        state="completed",
        outcome=Outcome.ADVICE,
        completed_at=timezone.now(),
        **fields,
    )


def complete_url(help_request):
    return COMPLETE.url(help_request.pk)


def complete_data(feedback="Merci, j’ai eu confiance.", share=True):
    data = {
        "seen_state": "accepted",
        "complete-outcome": Outcome.ADVICE,
        "complete-feedback": feedback,
    }
    if share:
        data["complete-share_feedback"] = "on"
    return data


def detail(client, help_request):
    return client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))


def stop_sharing(client, help_request):
    return client.post(
        reverse("members:request-feedback-stop-sharing", kwargs={"pk": help_request.pk})
    )


def quotes(acme):
    return sorted(
        (q.text, q.author) for q in shared_quotes(Scope.year(timezone.localdate().year), acme.pk)
    )


# A minor never shares ---------------------------------------------------------------------


def test_a_minor_is_not_offered_the_box_when_completing(client, minor, pro):
    help_request = accepted(minor, pro)
    client.force_login(minor)

    html = detail(client, help_request).content.decode()

    assert 'name="complete-feedback"' in html
    assert BOX not in html


def test_a_minor_completing_with_a_forged_box_does_not_share(client, minor, pro):
    help_request = accepted(minor, pro)
    client.force_login(minor)

    response = client.post(complete_url(help_request), complete_data())

    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.state == "completed"
    assert help_request.young_feedback == "Merci, j’ai eu confiance."
    assert help_request.young_feedback_shared is False


def test_a_minor_is_not_offered_the_box_when_adding_feedback_later(client, minor, pro):
    help_request = completed(minor, pro)
    client.force_login(minor)

    html = detail(client, help_request).content.decode()

    assert 'name="feedback"' in html
    assert FEEDBACK_BOX not in html


def test_a_minor_adding_feedback_with_a_forged_box_does_not_share(client, minor, pro):
    help_request = completed(minor, pro)
    client.force_login(minor)

    client.post(
        reverse("members:request-feedback", kwargs={"pk": help_request.pk}),
        {"feedback": "Merci beaucoup.", "share_feedback": "on"},
    )

    help_request.refresh_from_db()
    assert help_request.young_feedback == "Merci beaucoup."
    assert help_request.young_feedback_shared is False


def test_the_services_refuse_a_minors_consent_too(minor, pro):
    first = accepted(minor, pro)
    services.transition(
        first.pk,
        TransitionName.COMPLETE,
        minor,
        outcome=Outcome.ADVICE,
        feedback="Merci.",
        share_feedback=True,
    )
    second = completed(minor, ProfessionalFactory())
    services.add_feedback(second, minor, "Merci aussi.", shared=True)

    assert not HelpRequest.objects.filter(
        pk__in=[first.pk, second.pk], young_feedback_shared=True
    ).exists()


def test_the_professional_of_a_minor_may_share_their_own_feedback(client, minor, pro):
    help_request = accepted(minor, pro)
    client.force_login(pro)

    assert BOX in detail(client, help_request).content.decode()
    client.post(complete_url(help_request), complete_data("Une belle rencontre."))

    help_request.refresh_from_db()
    assert help_request.professional_feedback_shared is True


def test_a_quote_stored_by_someone_who_is_a_minor_today_is_not_shown(acme, pro, minor, adult):
    completed(
        minor,
        pro,
        young_feedback="Stocké avant la règle.",
        young_feedback_shared=True,
        professional_feedback="Une belle rencontre.",
        professional_feedback_shared=True,
    )
    completed(adult, pro, young_feedback="J’ai eu confiance.", young_feedback_shared=True)

    assert quotes(acme) == [
        ("J’ai eu confiance.", "young"),
        ("Une belle rencontre.", "professional"),
    ]


def test_the_page_tells_a_minor_their_feedback_is_not_shared(client, minor, pro):
    # Stored before the rule: not shown to the company, so not "shared" for them either.
    help_request = completed(minor, pro, young_feedback="Merci.", young_feedback_shared=True)
    client.force_login(minor)

    response = detail(client, help_request)

    assert response.context["feedback_shared"] is False
    assert STOP not in response.content.decode()


# An adult may share --------------------------------------------------------------------


def test_an_adult_is_offered_the_box_and_shares_on_completion(client, adult, pro, acme):
    help_request = accepted(adult, pro)
    client.force_login(adult)

    assert BOX in detail(client, help_request).content.decode()
    client.post(complete_url(help_request), complete_data())

    help_request.refresh_from_db()
    assert help_request.young_feedback_shared is True
    assert quotes(acme) == [("Merci, j’ai eu confiance.", "young")]


def test_an_adult_shares_feedback_added_later(client, adult, pro, acme):
    help_request = completed(adult, pro)
    client.force_login(adult)

    assert FEEDBACK_BOX in detail(client, help_request).content.decode()
    client.post(
        reverse("members:request-feedback", kwargs={"pk": help_request.pk}),
        {"feedback": "Merci beaucoup.", "share_feedback": "on"},
    )

    help_request.refresh_from_db()
    assert help_request.young_feedback_shared is True
    assert quotes(acme) == [("Merci beaucoup.", "young")]


# Withdrawing ---------------------------------------------------------------------------


def test_the_page_tells_the_author_their_feedback_is_shared_and_offers_to_stop(client, adult, pro):
    help_request = completed(adult, pro, young_feedback="Merci.", young_feedback_shared=True)
    client.force_login(adult)

    response = detail(client, help_request)

    html = response.content.decode()
    assert response.context["feedback_shared"] is True
    assert "Votre retour est partagé" in html and STOP in html
    assert reverse("members:request-feedback-stop-sharing", kwargs={"pk": help_request.pk}) in html


def test_withdrawing_hides_the_quote_from_the_company_page_at_once(
    client, contact_client, adult, pro
):
    help_request = completed(adult, pro, young_feedback="Merci, j’ai eu confiance.",
                             young_feedback_shared=True)  # fmt: skip
    company_page = reverse("members:company-figures")
    assert "Merci, j’ai eu confiance." in contact_client.get(company_page).content.decode()

    author = client.__class__()
    author.force_login(adult)
    response = stop_sharing(author, help_request)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "members:request-detail", kwargs={"pk": help_request.pk}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Votre retour n’est plus partagé : il n’apparaît plus sur la page de l’entreprise."
    ]
    help_request.refresh_from_db()
    assert help_request.young_feedback_shared is False
    assert help_request.young_feedback == "Merci, j’ai eu confiance."
    assert "Merci, j’ai eu confiance." not in contact_client.get(company_page).content.decode()
    page = detail(author, help_request).content.decode()
    assert "Votre retour n’est pas partagé" in page and STOP not in page


def test_each_author_withdraws_their_own_side_only(client, adult, pro, acme):
    help_request = completed(
        adult,
        pro,
        young_feedback="Merci.",
        young_feedback_shared=True,
        professional_feedback="Une belle rencontre.",
        professional_feedback_shared=True,
    )
    client.force_login(pro)

    stop_sharing(client, help_request)

    help_request.refresh_from_db()
    assert help_request.professional_feedback_shared is False
    assert help_request.young_feedback_shared is True
    assert quotes(acme) == [("Merci.", "young")]


def test_withdrawing_twice_says_it_is_not_shared(client, adult, pro):
    help_request = completed(adult, pro, young_feedback="Merci.", young_feedback_shared=True)
    client.force_login(adult)
    stop_sharing(client, help_request)

    response = stop_sharing(client, help_request)

    assert response.status_code == 302
    # The first click's message was not read (no page followed the redirect).
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Votre retour n’est pas partagé avec l’entreprise."
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_young", 404), ("other_pro", 404), ("counsellor", 403), ("contact", 403)],
)
def test_nobody_else_withdraws_an_authors_consent(client, adult, pro, acme, who, status):
    help_request = completed(
        adult,
        pro,
        young_feedback="Merci.",
        young_feedback_shared=True,
        professional_feedback="Une belle rencontre.",
        professional_feedback_shared=True,
    )
    people = {
        "other_young": lambda: YoungPersonFactory(structure=adult.structure),
        "other_pro": lambda: ProfessionalFactory(profile__company=acme),
        # Of the young person's structure: reads the request, writes no feedback.
        "counsellor": lambda: CounsellorFactory(structure=adult.structure),
        "contact": lambda: UserFactory(role=Role.COMPANY_CONTACT, company=acme),
    }
    client.force_login(people[who]())

    assert stop_sharing(client, help_request).status_code == status

    help_request.refresh_from_db()
    assert help_request.young_feedback_shared is True
    assert help_request.professional_feedback_shared is True


def test_a_get_withdraws_nothing(client, adult, pro):
    help_request = completed(adult, pro, young_feedback="Merci.", young_feedback_shared=True)
    client.force_login(adult)

    response = client.get(
        reverse("members:request-feedback-stop-sharing", kwargs={"pk": help_request.pk})
    )

    assert response.status_code == 405
    help_request.refresh_from_db()
    assert help_request.young_feedback_shared is True


# Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("author", ["young", "pro"])
def test_the_request_page_reads_as_many_queries_whether_the_feedback_is_shared(
    client, adult, pro, author, django_assert_max_num_queries
):
    client.force_login(adult if author == "young" else pro)
    shared, not_shared = (
        completed(
            adult,
            pro,
            young_feedback="Merci.",
            young_feedback_shared=value,
            professional_feedback="Une belle rencontre.",
            professional_feedback_shared=value,
        )
        for value in (True, False)
    )
    detail(client, not_shared)  # the session and the site, read once

    with django_assert_max_num_queries(QUERIES_OF_THE_PAGE) as captured:
        assert "Votre retour est partagé" in detail(client, shared).content.decode()
    with django_assert_max_num_queries(len(captured)):
        assert "Votre retour n’est pas partagé" in detail(client, not_shared).content.decode()


# Consents stored before the rule ----------------------------------------------------------


def test_migration_0018_withdraws_the_consents_of_those_minor_at_completion(pro, minor, adult):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("members.migrations.0018_minors_feedback_not_shared")
    minor_today = completed(minor, pro, young_feedback="Merci.", young_feedback_shared=True)
    # 19 today, 17 when the coup de pouce was completed two years ago.
    minor_then = completed(adult, pro, young_feedback="Merci !", young_feedback_shared=True)
    HelpRequest.objects.filter(pk=minor_then.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=2 * 365 + 1)
    )
    adult_then = completed(
        YoungPersonFactory(),
        pro,
        young_feedback="Super.",
        young_feedback_shared=True,
        professional_feedback="Une belle rencontre.",
        professional_feedback_shared=True,
    )

    migration.minors_consents_withdrawn(apps, None)

    shared = dict(HelpRequest.objects.values_list("pk", "young_feedback_shared"))
    assert shared == {minor_today.pk: False, minor_then.pk: False, adult_then.pk: True}
    assert HelpRequest.objects.get(pk=adult_then.pk).professional_feedback_shared is True
