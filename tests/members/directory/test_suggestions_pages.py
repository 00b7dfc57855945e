"""Suggestions on the young person's dashboard and on their counsellor's page of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.enums import HelpKind, ReviewStatus
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, sector

pytestmark = pytest.mark.usefixtures("home_page")


def _pro(**kw):
    fields = {
        "profile__help_kinds": [HelpKind.CV_REVIEW],
        "profile__departements": ["93"],
        "profile__remote": False,
        "profile__sectors": [sector("F")],
    }
    fields.update({f"profile__{k}": v for k, v in kw.items()})
    return ProfessionalFactory(**fields)


def _young(structure, **kw):
    fields = {
        "profile__sector": sector("F"),
        "profile__help_wanted": [HelpKind.CV_REVIEW],
        "profile__departement": "93",
    }
    fields.update({f"profile__{k}": v for k, v in kw.items()})
    return YoungPersonFactory(structure=structure, **fields)


def test_young_person_sees_suggested_professionals_with_a_link_and_why(client, structure):
    young = _young(structure)
    pro = _pro()
    paused = _pro(is_paused=True)
    client.force_login(young)

    response = client.get(reverse("members:dashboard"))

    content = response.content.decode()
    assert "Professionnel·les qui pourraient vous aider" in content
    assert reverse("members:professional", kwargs={"pk": pro.pro_profile.pk}) in content
    assert pro.get_full_name() in content
    assert "Même secteur que votre projet" in content
    assert reverse("members:professional", kwargs={"pk": paused.pro_profile.pk}) not in content


def test_young_person_without_suggestions_is_told_what_to_do(client, structure):
    young = _young(structure)
    client.force_login(young)

    response = client.get(reverse("members:dashboard"))

    assert "Pas encore de suggestion" in response.content.decode()


def test_pending_applicant_gets_no_suggestions(client, structure):
    young = _young(structure, status=ReviewStatus.PENDING)
    _pro()
    client.force_login(young)

    response = client.get(reverse("members:dashboard"))

    assert response.context["suggestions"] == []
    assert "qui pourraient vous aider" not in response.content.decode()


def test_counsellor_sees_the_suggestions_for_their_young_person(client, counsellor):
    young = _young(counsellor.structure)
    pro = _pro()
    client.force_login(counsellor)

    response = client.get(reverse("members:young-person", kwargs={"pk": young.young_profile.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Professionnel·les qui pourraient l’aider" in content
    assert reverse("members:professional", kwargs={"pk": pro.pro_profile.pk}) in content
    assert "Même secteur que son projet" in content
    assert "dans son département" in content


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_number_of_professionals(client, structure):
    young = _young(structure)
    client.force_login(young)
    url = reverse("members:dashboard")
    for _ in range(5):
        _pro()
    client.get(url)  # warm the session and the layout cache
    few = _count_queries(client, url)
    for _ in range(35):
        _pro()

    assert _count_queries(client, url) == few


def test_counsellor_page_queries_do_not_grow_with_the_number_of_professionals(client, counsellor):
    young = _young(counsellor.structure)
    client.force_login(counsellor)
    url = reverse("members:young-person", kwargs={"pk": young.young_profile.pk})
    for _ in range(5):
        _pro()
    client.get(url)
    few = _count_queries(client, url)
    for _ in range(35):
        _pro()

    assert _count_queries(client, url) == few
