"""The transition table is the single source (issue 15): each entry of
members.requests.workflow.TRANSITIONS carries everything a transition needs, one URL and one view
serve them all, and a new entry needs nothing else to be fired from the request's page."""

import dataclasses

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import resolve, reverse
from django.utils import timezone, translation

from members.access import Side
from members.enums import HelpRequestState
from members.models import HelpRequestTransition
from members.requests import services, workflow
from members.requests.workflow import TRANSITIONS, ButtonStyle, Transition, TransitionName
from tests.members.factories import (
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
PEOPLE_FIRE = [spec for spec in TRANSITIONS.values() if spec.fired_by_people]
# The words of the request's other pages, which the transitions' words must leave alone.
OTHER_PAGES = ["request-edit", "request-ask-counsellor", "request-feedback", "request-follow-up"]


def test_the_names_are_the_ones_the_transition_log_stores():
    # HelpRequestTransition.name holds them: a renamed value would orphan the history.
    assert {name.value for name in TransitionName} == {
        "submit",
        "validate",
        "return",
        "accept",
        "decline",
        "expire",
        "complete",
        "withdraw",
        "close",
        "leave",
    }
    assert set(TRANSITIONS) == set(TransitionName)
    assert all(name == spec.name for name, spec in TRANSITIONS.items())


@pytest.mark.parametrize("spec", PEOPLE_FIRE, ids=lambda spec: spec.name)
def test_each_transition_people_fire_carries_all_it_needs(spec):
    assert spec.url_word and spec.label and spec.success
    assert issubclass(spec.form, forms.Form)
    assert spec.offer_form is None or issubclass(spec.offer_form, spec.form)
    assert isinstance(spec.button, ButtonStyle)
    assert spec.sources and spec.target in S
    assert spec.sides and Side.SYSTEM not in spec.sides


def test_the_system_transitions_have_no_address():
    system = [spec for spec in TRANSITIONS.values() if not spec.fired_by_people]
    assert {spec.name for spec in system} == {TransitionName.EXPIRE, TransitionName.LEAVE}
    assert all(not spec.url_word for spec in system)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_one_url_serves_every_transition_and_their_words_are_their_own(language):
    with translation.override(language):
        words = [str(spec.url_word) for spec in PEOPLE_FIRE]
        assert len(set(words)) == len(words)
        for spec in PEOPLE_FIRE:
            match = resolve(spec.url(7))
            assert match.view_name == "members:request-transition"
            assert workflow.by_url_word(match.kwargs["action"]) is spec
        # The request's other pages keep their addresses: no transition takes their word.
        for name in OTHER_PAGES:
            assert resolve(reverse(f"members:{name}", kwargs={"pk": 7})).url_name == name
        message_url = reverse("members:request-message", kwargs={"pk": 7})
        assert resolve(message_url).url_name == "request-message"


@pytest.fixture
def sent_request(structure):
    structure.requires_validation = False
    structure.save()
    young = YoungPersonFactory(structure=structure)
    return HelpRequestFactory(
        young_person=young,
        professional=ProfessionalFactory(),
        structure=structure,
        state=S.SENT,
        hopes="Je voudrais découvrir votre métier et savoir quelle formation choisir.",
        sent_at=timezone.now(),
    )


@pytest.mark.parametrize("word", ["expire", "expirer", "leave", "quitter", "nimporte"])
def test_another_word_is_a_404_and_moves_nothing(client, sent_request, word):
    client.force_login(sent_request.professional)
    url = reverse("members:request-transition", kwargs={"pk": sent_request.pk, "action": word})
    assert client.post(url).status_code == 404
    sent_request.refresh_from_db()
    assert sent_request.state == S.SENT
    assert not HelpRequestTransition.objects.exists()


def test_a_transition_answers_only_a_post(client, sent_request):
    client.force_login(sent_request.professional)
    response = client.get(TRANSITIONS[TransitionName.ACCEPT].url(sent_request.pk))
    assert response.status_code == 405


def test_its_form_validates_what_it_writes_and_keeps_what_was_typed(client, structure):
    """A return without its comment: the page again with the error, nothing moved."""
    young = YoungPersonFactory(structure=structure)
    help_request = HelpRequestFactory(
        young_person=young,
        professional=ProfessionalFactory(),
        structure=structure,
        state=S.AWAITING_COUNSELLOR,
        sent_at=None,
        hopes="Je voudrais découvrir votre métier et savoir quelle formation choisir.",
    )
    client.force_login(CounsellorFactory(structure=structure))
    response = client.post(
        TRANSITIONS[TransitionName.RETURN].url(help_request.pk), {"return-comment": "   "}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.state == S.AWAITING_COUNSELLOR
    assert not HelpRequestTransition.objects.exists()


class PutAsideForm(forms.Form):
    why = forms.CharField()


def test_a_new_entry_is_all_it_takes(client, sent_request, monkeypatch):
    """One entry more in the table (a test double): its button is on the page, its address
    fires it, it writes what it says, logs its name and says its message."""
    fake = Transition(
        "put_aside",
        frozenset({S.SENT}),
        S.WITHDRAWN,
        frozenset({Side.RECIPIENT}),
        "Mettre de côté",
        url_word="mettre-de-cote",
        form=PutAsideForm,
        writes=lambda data, help_request, actor, now: ({"close_reason": data["why"]}, data["why"]),
        success="Mise de côté.",
        button=ButtonStyle.SECONDARY,
    )
    monkeypatch.setitem(TRANSITIONS, "put_aside", fake)
    client.force_login(sent_request.professional)
    url = reverse(
        "members:request-transition", kwargs={"pk": sent_request.pk, "action": "mettre-de-cote"}
    )
    page = client.get(reverse("members:request-detail", kwargs={"pk": sent_request.pk}))
    html = page.content.decode()
    assert f'action="{url}"' in html
    assert 'name="put_aside-why"' in html
    assert '<button type="submit" class="button button-secondary">Mettre de côté</button>' in html

    response = client.post(url, {"seen_state": S.SENT, "put_aside-why": "Plus tard."})

    assert response.status_code == 302
    sent_request.refresh_from_db()
    assert (sent_request.state, sent_request.close_reason) == (S.WITHDRAWN, "Plus tard.")
    step = HelpRequestTransition.objects.get(request=sent_request)
    assert (step.name, step.from_state, step.to_state, step.reason) == (
        "put_aside",
        S.SENT,
        S.WITHDRAWN,
        "Plus tard.",
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Mise de côté."]


def test_the_entries_are_frozen():
    # The table is read by every request at once: nobody changes an entry at run time.
    with pytest.raises(dataclasses.FrozenInstanceError):
        TRANSITIONS[TransitionName.ACCEPT].url_word = "x"


def test_the_timeline_says_a_step_s_note(client, sent_request):
    """The leave's note comes from its entry: a member deleted their account."""
    services.transition(sent_request.pk, TransitionName.LEAVE, None)
    client.force_login(sent_request.professional)
    html = client.get(reverse("members:request-detail", kwargs={"pk": sent_request.pk}))
    assert "Un membre de cette demande a supprimé son compte." in html.content.decode()
