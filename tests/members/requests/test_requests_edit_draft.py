"""Its author rewrites a draft: a request not sent yet, or one the counsellor returned with
what to change, and a professional's offer returned the same way."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from members.requests import services
from tests.members.factories import (
    CounsellorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
FIRST_TEXT = "Je voudrais découvrir votre métier de cheffe de chantier."
BETTER_TEXT = (
    "Je prépare un CAP électricien. J’aimerais savoir comment se passe une journée sur un "
    "chantier et quelle formation choisir ensuite."
)


@pytest.fixture
def people(structure):
    structure.requires_validation = True
    structure.save()
    counsellor = CounsellorFactory(structure=structure)
    return {
        "young": YoungPersonFactory(
            structure=structure,
            first_name="Inès",
            profile__counsellor=counsellor,
            profile__is_visible=True,
        ),
        "pro": ProfessionalFactory(
            first_name="Claire", last_name="Dubois", profile__monthly_capacity=20
        ),
        "counsellor": counsellor,
    }


@pytest.fixture
def returned(people):
    """The young person's request, returned by the counsellor with a comment."""
    help_request = services.create(
        people["young"],
        people["pro"].pro_profile,
        kind=HelpKind.TRADE_ADVICE,
        hopes=FIRST_TEXT,
        submit=True,
    )
    assert help_request.state == S.AWAITING_COUNSELLOR
    return services.transition(
        help_request.pk,
        "return",
        people["counsellor"],
        comment="Dis-lui quelle formation tu prépares.",
    )


def edit_url(help_request) -> str:
    return reverse("members:request-edit", kwargs={"pk": help_request.pk})


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_draft_page_links_to_the_form_filled_with_the_draft_and_the_comment(
    client, people, returned
):
    client.force_login(people["young"])
    detail = client.get(reverse("members:request-detail", kwargs={"pk": returned.pk}))
    assert edit_url(returned) in detail.content.decode()

    page = client.get(edit_url(returned))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Dis-lui quelle formation tu prépares." in body
    assert FIRST_TEXT in body
    assert page.context["form"]["kind"].value() == HelpKind.TRADE_ADVICE


def test_a_returned_request_rewritten_and_sent_goes_back_to_the_counsellor(
    client, people, returned
):
    client.force_login(people["young"])

    response = client.post(
        edit_url(returned),
        {
            "kind": HelpKind.MOCK_INTERVIEW,
            "hopes": BETTER_TEXT,
            "availability": "Le mardi",
            "send": "1",
        },
    )

    assert response.status_code == 302
    returned.refresh_from_db()
    assert (returned.state, returned.kind, returned.hopes, returned.availability) == (
        S.AWAITING_COUNSELLOR,
        HelpKind.MOCK_INTERVIEW,
        BETTER_TEXT,
        "Le mardi",
    )
    assert [step.name for step in returned.transitions.order_by("pk")] == [
        "submit",
        "return",
        "submit",
    ]
    assert any("relit avant de la transmettre" in text for text in flash(response))


def test_a_draft_saved_again_stays_a_draft(client, people, returned):
    client.force_login(people["young"])

    response = client.post(
        edit_url(returned), {"kind": HelpKind.TRADE_ADVICE, "hopes": BETTER_TEXT, "draft": "1"}
    )

    returned.refresh_from_db()
    assert (returned.state, returned.hopes) == (S.DRAFT, BETTER_TEXT)
    assert "Votre brouillon est enregistré." in flash(response)


def test_bad_input_is_explained_and_keeps_what_was_typed(client, people, returned):
    client.force_login(people["young"])

    page = client.post(
        edit_url(returned),
        {"kind": HelpKind.TRADE_ADVICE, "hopes": "Trop court", "availability": "Le jeudi"},
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Écrivez au moins une ou deux phrases" in body
    assert "Trop court" in body and "Le jeudi" in body
    returned.refresh_from_db()
    assert returned.hopes == FIRST_TEXT


def test_a_request_no_longer_a_draft_cannot_be_edited(client, people, returned):
    services.transition(returned.pk, "submit", people["young"])
    client.force_login(people["young"])

    response = client.post(
        edit_url(returned), {"kind": HelpKind.TRADE_ADVICE, "hopes": BETTER_TEXT, "send": "1"}
    )

    assert response.status_code == 302
    assert "Ce n’est plus un brouillon : il ne peut plus être modifié." in flash(response)
    returned.refresh_from_db()
    assert (returned.state, returned.hopes) == (S.AWAITING_COUNSELLOR, FIRST_TEXT)


def test_a_draft_sent_from_another_tab_meanwhile_is_not_rewritten(people, returned):
    stale = HelpRequest.objects.select_related("young_person", "professional__pro_profile").get(
        pk=returned.pk
    )
    services.transition(returned.pk, "submit", people["young"])

    with pytest.raises(services.AlreadyChangedError):
        services.edit_draft(stale, people["young"], kind=HelpKind.TRADE_ADVICE, hopes=BETTER_TEXT)

    returned.refresh_from_db()
    assert returned.hopes == FIRST_TEXT


def test_only_its_author_edits_a_draft(client, people, returned):
    client.force_login(people["counsellor"])
    assert client.get(edit_url(returned)).status_code == 403
    client.force_login(people["pro"])
    assert client.get(edit_url(returned)).status_code == 404  # not sent to them yet
    client.force_login(YoungPersonFactory(structure=people["young"].structure))
    assert client.get(edit_url(returned)).status_code == 404


def test_a_kind_a_minor_may_not_ask_for_is_refused_with_a_clear_message(people, structure):
    minor = YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(17))
    pro = ProfessionalFactory(
        profile__help_kinds=[HelpKind.TRADE_ADVICE, HelpKind.HOSTING],
        profile__verified_in_person=True,
    )
    draft = services.create(minor, pro.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=FIRST_TEXT)

    with pytest.raises(services.RequestError) as refused:
        services.edit_draft(draft, minor, kind=HelpKind.HOSTING, hopes=FIRST_TEXT)

    assert "jeunes majeurs" in str(refused.value)
    draft.refresh_from_db()
    assert draft.kind == HelpKind.TRADE_ADVICE


def test_a_returned_offer_is_rewritten_by_its_professional_and_sent_again(client, people):
    minor = YoungPersonFactory(
        structure=people["young"].structure,
        profile__is_visible=True,
        profile__birth_date=birth_date_for_age(17),
    )
    offer = services.create_offer(
        people["pro"], minor, kind=HelpKind.TRADE_ADVICE, hopes=FIRST_TEXT
    )
    services.transition(
        offer.pk, "return", people["counsellor"], comment="Proposez plutôt la visio."
    )
    client.force_login(people["pro"])

    page = client.get(edit_url(offer))
    assert "Proposez plutôt la visio." in page.content.decode()
    assert "Envoyer la proposition" in page.content.decode()
    response = client.post(
        edit_url(offer),
        {
            "kind": HelpKind.TRADE_ADVICE,
            "hopes": BETTER_TEXT,
            "availability": "En visio",
            "send": "1",
        },
    )

    offer.refresh_from_db()
    assert (offer.state, offer.hopes, offer.availability) == (
        S.AWAITING_COUNSELLOR,
        BETTER_TEXT,
        "En visio",
    )
    assert any("la relit avant de la lui montrer" in text for text in flash(response))


def test_a_draft_that_cannot_be_sent_is_still_saved_and_says_why(client, people, returned):
    profile = people["pro"].pro_profile
    profile.is_paused = True
    profile.save()
    client.force_login(people["young"])

    page = client.post(
        edit_url(returned), {"kind": HelpKind.TRADE_ADVICE, "hopes": BETTER_TEXT, "send": "1"}
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Votre brouillon est enregistré, mais il n’est pas parti" in body
    assert "pause" in body
    returned.refresh_from_db()
    assert (returned.state, returned.hopes) == (S.DRAFT, BETTER_TEXT)
