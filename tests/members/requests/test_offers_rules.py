"""The rules of an offer: who may receive what, how often, and never twice at once."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from members.directory.services import response_stats
from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import HelpRequest, YoungPersonProfile
from members.profiles.services import hide_profile
from members.requests import services
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, birth_date_for_age

pytestmark = pytest.mark.django_db

S = HelpRequestState
HOPES = "Je peux vous faire visiter le restaurant et vous présenter l’équipe en cuisine."


@pytest.fixture(autouse=True)
def no_validation_by_choice(structure):
    structure.requires_validation = False
    structure.save()


@pytest.fixture
def pro(db):
    return ProfessionalFactory(
        profile__monthly_capacity=20,
        profile__help_kinds=[HelpKind.TRADE_ADVICE, HelpKind.HOSTING, HelpKind.CV_REVIEW],
        profile__verified_in_person=True,
    )


def visible_young(structure, age=20, **profile):
    return YoungPersonFactory(
        structure=structure,
        profile__is_visible=True,
        profile__birth_date=birth_date_for_age(age),
        **profile,
    )


@pytest.fixture
def adult(structure):
    return visible_young(structure, profile__help_wanted=[HelpKind.CV_REVIEW])


@pytest.fixture
def minor(structure):
    return visible_young(structure, age=17)


def url(young):
    return reverse("members:offer-create", kwargs={"young_pk": young.young_profile.pk})


def post(client, pro, young, kind=HelpKind.TRADE_ADVICE, hopes=HOPES):
    client.force_login(pro)
    return client.post(url(young), {"kind": kind, "hopes": hopes, "availability": ""})


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def kinds_offered(client, pro, young) -> list[str]:
    client.force_login(pro)
    form = client.get(url(young)).context["form"]
    return [value for value, _label in form.fields["kind"].choices]


# What may be offered -----------------------------------------------------------------


def test_kinds_are_those_the_pro_offers_the_young_person_wanted_first(client, pro, adult):
    client.force_login(pro)

    content = client.get(url(adult)).content.decode()

    assert kinds_offered(client, pro, adult) == [
        HelpKind.CV_REVIEW,
        HelpKind.TRADE_ADVICE,
        HelpKind.HOSTING,
    ]
    assert "Relecture de CV ou de lettre (recherché)" in content
    assert str(HelpKind.MOCK_INTERVIEW.label) not in content


def test_hosting_is_never_offered_to_a_minor(client, pro, minor):
    assert HelpKind.HOSTING not in kinds_offered(client, pro, minor)

    response = post(client, pro, minor, kind=HelpKind.HOSTING)

    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert not HelpRequest.objects.exists()


def test_the_service_refuses_hosting_for_a_minor_too(pro, minor):
    with pytest.raises(services.RequestError, match="majeurs"):
        services.create_offer(pro, minor, HelpKind.HOSTING, HOPES)

    assert not HelpRequest.objects.exists()


def test_hosting_only_by_a_verified_professional(client, adult):
    unverified = ProfessionalFactory(
        profile__monthly_capacity=20, profile__help_kinds=[HelpKind.HOSTING, HelpKind.CV_REVIEW]
    )

    assert kinds_offered(client, unverified, adult) == [HelpKind.CV_REVIEW]
    with pytest.raises(services.RequestError, match="vérifié"):
        services.create_offer(unverified, adult, HelpKind.HOSTING, HOPES)


def test_hosting_for_an_adult_is_always_read_by_the_counsellor_first(client, pro, adult):
    post(client, pro, adult, kind=HelpKind.HOSTING)

    assert HelpRequest.objects.get().state == S.AWAITING_COUNSELLOR


def test_a_kind_the_professional_does_not_offer_is_refused(client, pro, adult):
    response = post(client, pro, adult, kind=HelpKind.COMPANY_VISIT)

    assert response.context["form"].errors["kind"]
    assert not HelpRequest.objects.exists()


def test_a_message_too_short_is_refused_and_what_was_typed_is_kept(client, pro, adult):
    response = post(client, pro, adult, hopes="Salut")

    assert response.status_code == 200
    assert "au moins une ou deux phrases" in response.content.decode()
    assert re.search(r'value="trade_advice"[^>]* checked', response.content.decode())
    assert not HelpRequest.objects.exists()


# Who may receive one ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["hidden", "locked", "inactive", "unconfirmed"])
def test_only_a_visible_young_person_may_receive_an_offer(client, pro, adult, counsellor, how):
    profile = adult.young_profile
    if how == "hidden":
        YoungPersonProfile.objects.filter(pk=profile.pk).update(is_visible=False)
    elif how == "locked":
        hide_profile(profile, counsellor, "Sur demande de la jeune.")
    elif how == "inactive":
        type(adult).objects.filter(pk=adult.pk).update(is_active=False)
    else:
        YoungPersonProfile.objects.filter(pk=profile.pk).update(status=ReviewStatus.PENDING)
    client.force_login(pro)

    assert client.get(url(adult)).status_code == 404
    assert post(client, pro, adult).status_code == 404
    assert not HelpRequest.objects.exists()


def test_the_service_refuses_a_young_person_who_hid_their_profile(pro, adult):
    YoungPersonProfile.objects.filter(pk=adult.young_profile.pk).update(is_visible=False)

    with pytest.raises(services.RequestError, match="ne montre plus son profil"):
        services.create_offer(pro, adult, HelpKind.TRADE_ADVICE, HOPES)


@pytest.mark.parametrize(
    "person", ["young_person", "counsellor", "referent", "moderator", "pending_professional"]
)
def test_only_approved_professionals_may_offer(client, request, adult, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(url(adult)).status_code == 403
    assert client.post(url(adult), {"kind": "trade_advice", "hopes": HOPES}).status_code == 403
    assert not HelpRequest.objects.exists()


# Limits -------------------------------------------------------------------------------


def test_a_paused_professional_cannot_offer(client, adult):
    paused = ProfessionalFactory(profile__is_paused=True, profile__monthly_capacity=20)
    client.force_login(paused)

    page = client.get(url(adult))
    response = post(client, paused, adult)

    assert "en pause" in page.content.decode()
    assert "Envoyer la proposition" not in page.content.decode()
    assert response.status_code == 200
    assert not HelpRequest.objects.exists()
    with pytest.raises(services.RequestError, match="en pause"):
        services.create_offer(paused, adult, HelpKind.TRADE_ADVICE, HOPES)


def test_the_browse_page_tells_a_paused_professional_why_they_cannot_offer(client, adult):
    paused = ProfessionalFactory(profile__is_paused=True)
    client.force_login(paused)

    content = client.get(reverse("members:young-browse")).content.decode()

    assert "Vos coups de pouce sont en pause" in content


def test_at_most_five_offers_a_day(client, pro, structure):
    for _ in range(services.MAX_OFFERS_PER_DAY):
        services.create_offer(pro, visible_young(structure), HelpKind.TRADE_ADVICE, HOPES)
    sixth = visible_young(structure)
    client.force_login(pro)

    page = client.get(url(sixth))
    response = post(client, pro, sixth)

    assert "déjà proposé 5 coups de pouce aujourd’hui" in page.content.decode()
    assert "Envoyer la proposition" not in page.content.decode()
    assert response.status_code == 200
    assert HelpRequest.objects.count() == services.MAX_OFFERS_PER_DAY
    with pytest.raises(services.RequestError, match="aujourd’hui"):
        services.create_offer(pro, sixth, HelpKind.TRADE_ADVICE, HOPES)


def test_yesterdays_offers_do_not_count(pro, structure):
    for _ in range(services.MAX_OFFERS_PER_DAY):
        services.create_offer(pro, visible_young(structure), HelpKind.TRADE_ADVICE, HOPES)
    HelpRequest.objects.update(created_at=timezone.now() - timezone.timedelta(days=1))

    services.create_offer(pro, visible_young(structure), HelpKind.TRADE_ADVICE, HOPES)

    assert HelpRequest.objects.count() == services.MAX_OFFERS_PER_DAY + 1


def test_a_professional_whose_month_is_full_cannot_offer(client, adult, structure):
    busy = ProfessionalFactory(profile__monthly_capacity=1)
    services.create_offer(busy, visible_young(structure), HelpKind.TRADE_ADVICE, HOPES)

    with pytest.raises(services.RequestError, match="par mois"):
        services.create_offer(busy, adult, HelpKind.TRADE_ADVICE, HOPES)
    assert HelpRequest.objects.count() == 1


# One open exchange per pair ---------------------------------------------------------------


def test_a_second_offer_to_the_same_young_person_leads_to_the_first(client, pro, adult):
    first = services.create_offer(pro, adult, HelpKind.TRADE_ADVICE, HOPES)
    client.force_login(pro)

    for response in (client.get(url(adult)), post(client, pro, adult)):
        assert response.url == reverse("members:request-detail", kwargs={"pk": first.pk})
        assert any("déjà un échange en cours" in text for text in flash(response))
    assert HelpRequest.objects.count() == 1


def test_a_request_the_young_person_sent_them_leads_to_it(client, pro, adult):
    asked = HelpRequest.objects.create(
        young_person=adult,
        professional=pro,
        structure=adult.structure,
        state=S.SENT,
        kind=HelpKind.CV_REVIEW,
        hopes="Pouvez-vous relire mon CV ?",
    )
    client.force_login(pro)

    response = client.get(url(adult))

    assert response.url == reverse("members:request-detail", kwargs={"pk": asked.pk})


def test_a_young_persons_unsent_draft_is_not_revealed(client, pro, adult):
    HelpRequest.objects.create(
        young_person=adult,
        professional=pro,
        structure=adult.structure,
        state=S.DRAFT,
        kind=HelpKind.CV_REVIEW,
        hopes="Pouvez-vous relire mon CV ?",
    )
    client.force_login(pro)

    response = client.get(url(adult))

    assert response.url == reverse(
        "members:young-limited-profile", kwargs={"pk": adult.young_profile.pk}
    )
    assert any("déjà en préparation" in text for text in flash(response))
    assert "CV" not in " ".join(flash(response))


def test_the_service_refuses_a_duplicate_without_writing_anything(pro, adult):
    services.create_offer(pro, adult, HelpKind.TRADE_ADVICE, HOPES)

    with pytest.raises(services.RequestError, match="déjà un échange en cours"):
        services.create_offer(pro, adult, HelpKind.CV_REVIEW, HOPES)

    assert HelpRequest.objects.count() == 1


def test_once_the_exchange_is_over_a_new_offer_is_possible(pro, adult):
    first = services.create_offer(pro, adult, HelpKind.TRADE_ADVICE, HOPES)
    services.transition(first.pk, "decline", adult, reason="no_time")

    second = services.create_offer(pro, adult, HelpKind.CV_REVIEW, HOPES)

    assert second.state == S.SENT


# What offers do not change ------------------------------------------------------------


def test_offers_do_not_count_in_the_professionals_response_rate(pro, adult):
    help_request = services.create_offer(pro, adult, HelpKind.TRADE_ADVICE, HOPES)
    services.transition(help_request.pk, "accept", adult)

    assert response_stats(pro.pro_profile).received == 0
