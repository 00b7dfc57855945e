"""English addresses in English words (issue 14, point 13).

The routes of the members area, the account pages and the site search are msgids
(config/urls.py): /fr/espace/annuaire/ is /en/members/directory/ in English. The French
addresses never change (links in emails already sent, bookmarks); the English ones written
with French words before are redirected; the language switcher, the sign-in redirect and the
gates work the same in English.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from wagtail.models import Page, Site

from home.models import StandardPage
from members.enums import ReviewStatus
from members.models import Notification
from members.requests.workflow import TRANSITIONS
from tests.members import test_permission_matrix as matrix
from tests.members.factories import CounsellorFactory, YoungPersonFactory
from tests.members.profiles import test_young_status_gate as gate

pytestmark = pytest.mark.django_db

# Every URL name of the members area, its French address (exactly as it always was) and its
# English one, with 7 for any parameter.
MEMBERS_ADDRESSES = {
    "account-delete": (
        "/fr/espace/confidentialite/supprimer-mon-compte/",
        "/en/members/privacy/delete-my-account/",
    ),
    "applicant-confirm": (
        "/fr/espace/inscriptions-a-confirmer/7/confirmer/",
        "/en/members/sign-ups-to-confirm/7/confirm/",
    ),
    "applicant-reject": (
        "/fr/espace/inscriptions-a-confirmer/7/refuser/",
        "/en/members/sign-ups-to-confirm/7/reject/",
    ),
    "applicants": ("/fr/espace/inscriptions-a-confirmer/", "/en/members/sign-ups-to-confirm/"),
    "avatar": ("/fr/espace/photos/7/7", "/en/members/photos/7/7"),
    "company-contact-invitation-resend": (
        "/fr/espace/entreprises/invitations/7/renvoyer/",
        "/en/members/companies/invitations/7/resend/",
    ),
    "company-contact-invitation-revoke": (
        "/fr/espace/entreprises/invitations/7/annuler/",
        "/en/members/companies/invitations/7/cancel/",
    ),
    "company-contact-invite": (
        "/fr/espace/entreprises/7/contacts/",
        "/en/members/companies/7/contacts/",
    ),
    "company-contacts": ("/fr/espace/entreprises/", "/en/members/companies/"),
    "company-figures": ("/fr/espace/entreprise/chiffres/", "/en/members/company/figures/"),
    "company-figures-export": (
        "/fr/espace/entreprise/chiffres/export/",
        "/en/members/company/figures/export/",
    ),
    "dashboard": ("/fr/espace/", "/en/members/"),
    "data-export": ("/fr/espace/confidentialite/mes-donnees/", "/en/members/privacy/my-data/"),
    "directory": ("/fr/espace/annuaire/", "/en/members/directory/"),
    "impact": ("/fr/espace/chiffres/", "/en/members/figures/"),
    "impact-export": ("/fr/espace/chiffres/export/", "/en/members/figures/export/"),
    "impact-requests-export": ("/fr/espace/chiffres/demandes/", "/en/members/figures/requests/"),
    "impact-network": ("/fr/espace/chiffres/reseau/", "/en/members/figures/network/"),
    "impact-network-export": (
        "/fr/espace/chiffres/reseau/export/",
        "/en/members/figures/network/export/",
    ),
    "invitation-accept": ("/fr/espace/invitation/7/", "/en/members/invitation/7/"),
    "join": ("/fr/espace/rejoindre/", "/en/members/join/"),
    "join-sent": (
        "/fr/espace/rejoindre/verifiez-vos-e-mails/",
        "/en/members/join/check-your-email/",
    ),
    "member-report": ("/fr/espace/membres/7/signaler/", "/en/members/people/7/report/"),
    "message-report": ("/fr/espace/messages/7/signaler/", "/en/members/messages/7/report/"),
    "my-profile": ("/fr/espace/mon-profil/", "/en/members/my-profile/"),
    "notification-open": ("/fr/espace/notifications/7/", "/en/members/notifications/7/"),
    "notification-preferences": (
        "/fr/espace/notifications/preferences/",
        "/en/members/notifications/preferences/",
    ),
    "notifications": ("/fr/espace/notifications/", "/en/members/notifications/"),
    "notifications-read": (
        "/fr/espace/notifications/tout-lu/",
        "/en/members/notifications/all-read/",
    ),
    "offer-create": (
        "/fr/espace/jeunes-visibles/7/proposer/",
        "/en/members/visible-young-people/7/offer/",
    ),
    "privacy": ("/fr/espace/confidentialite/", "/en/members/privacy/"),
    "pro-pause": ("/fr/espace/professionnel/pause/", "/en/members/professional/pause/"),
    "pro-profile": ("/fr/espace/professionnel/profil/", "/en/members/professional/profile/"),
    "pro-profile-edit": (
        "/fr/espace/professionnel/profil/modifier/",
        "/en/members/professional/profile/edit/",
    ),
    "professional": ("/fr/espace/annuaire/7/", "/en/members/directory/7/"),
    "request-transition:accept": (
        "/fr/espace/demandes/7/accepter/",
        "/en/members/requests/7/accept/",
    ),
    "request-ask-counsellor": (
        "/fr/espace/demandes/7/demander-au-conseiller/",
        "/en/members/requests/7/ask-counsellor/",
    ),
    "request-transition:close": ("/fr/espace/demandes/7/clore/", "/en/members/requests/7/close/"),
    "request-transition:complete": (
        "/fr/espace/demandes/7/terminer/",
        "/en/members/requests/7/complete/",
    ),
    "request-create": ("/fr/espace/demandes/nouvelle/7/", "/en/members/requests/new/7/"),
    "request-transition:decline": (
        "/fr/espace/demandes/7/decliner/",
        "/en/members/requests/7/decline/",
    ),
    "request-detail": ("/fr/espace/demandes/7/", "/en/members/requests/7/"),
    "request-edit": ("/fr/espace/demandes/7/modifier/", "/en/members/requests/7/edit/"),
    "request-feedback": ("/fr/espace/demandes/7/retour/", "/en/members/requests/7/feedback/"),
    "request-feedback-stop-sharing": (
        "/fr/espace/demandes/7/retour/ne-plus-partager/",
        "/en/members/requests/7/feedback/stop-sharing/",
    ),
    "request-follow-up": ("/fr/espace/demandes/7/suivi/", "/en/members/requests/7/follow-up/"),
    "request-message": ("/fr/espace/demandes/7/messages/", "/en/members/requests/7/messages/"),
    "request-transition:return": (
        "/fr/espace/demandes/7/renvoyer/",
        "/en/members/requests/7/send-back/",
    ),
    "request-transition:submit": ("/fr/espace/demandes/7/envoyer/", "/en/members/requests/7/send/"),
    "request-transition:validate": (
        "/fr/espace/demandes/7/valider/",
        "/en/members/requests/7/validate/",
    ),
    "request-transition:withdraw": (
        "/fr/espace/demandes/7/retirer/",
        "/en/members/requests/7/withdraw/",
    ),
    "requests": ("/fr/espace/demandes/", "/en/members/requests/"),
    "structure-join-code-renew": (
        "/fr/espace/structure/reglages/nouveau-code/",
        "/en/members/structure/settings/new-code/",
    ),
    "structure-register": (
        "/fr/espace/structure/inscription/",
        "/en/members/structure/register/",
    ),
    "structure-register-done": (
        "/fr/espace/structure/inscription/merci/",
        "/en/members/structure/register/thank-you/",
    ),
    "structure-settings": ("/fr/espace/structure/reglages/", "/en/members/structure/settings/"),
    "team": ("/fr/espace/equipe/", "/en/members/team/"),
    "team-invitation-resend": (
        "/fr/espace/equipe/invitations/7/renvoyer/",
        "/en/members/team/invitations/7/resend/",
    ),
    "team-invitation-revoke": (
        "/fr/espace/equipe/invitations/7/annuler/",
        "/en/members/team/invitations/7/cancel/",
    ),
    "team-invite": ("/fr/espace/equipe/inviter/", "/en/members/team/invite/"),
    "team-member-deactivate": (
        "/fr/espace/equipe/membres/7/desactivation/",
        "/en/members/team/members/7/deactivation/",
    ),
    "team-member-deactivate-confirm": (
        "/fr/espace/equipe/membres/7/desactiver/",
        "/en/members/team/members/7/deactivate/",
    ),
    "team-member-reactivate": (
        "/fr/espace/equipe/membres/7/reactiver/",
        "/en/members/team/members/7/reactivate/",
    ),
    "young-browse": ("/fr/espace/jeunes-visibles/", "/en/members/visible-young-people/"),
    "young-invitation-resend": (
        "/fr/espace/invitations-jeunes/7/renvoyer/",
        "/en/members/young-invitations/7/resend/",
    ),
    "young-invitation-revoke": (
        "/fr/espace/invitations-jeunes/7/annuler/",
        "/en/members/young-invitations/7/cancel/",
    ),
    "young-invitations": ("/fr/espace/invitations-jeunes/", "/en/members/young-invitations/"),
    "young-invite": ("/fr/espace/inviter-un-jeune/", "/en/members/invite-a-young-person/"),
    "young-limited-profile": ("/fr/espace/profils/7/", "/en/members/profiles/7/"),
    "young-people": ("/fr/espace/jeunes/", "/en/members/young-people/"),
    "young-person": ("/fr/espace/jeunes/7/", "/en/members/young-people/7/"),
    "young-profile": ("/fr/espace/profil/", "/en/members/profile/"),
    "young-profile-edit": ("/fr/espace/profil/modifier/", "/en/members/profile/edit/"),
    "young-visibility": (
        "/fr/espace/jeunes/7/visibilite/",
        "/en/members/young-people/7/visibility/",
    ),
}

# The French words of the routes translated for English: none may show in an English one.
# (Words alike in both languages, such as messages, notifications, structure, are not here.)
FRENCH_WORDS = {
    "accepter", "annuaire", "annuler", "au", "chiffres", "clore", "compte", "confidentialite",
    "confirmer", "conseiller", "decliner", "demander", "demandes", "desactivation",
    "desactiver", "donnees", "e", "entreprise", "entreprises", "envoyer", "equipe", "espace",
    "inscription", "inscriptions", "inviter", "jeune", "jeunes", "lu", "mails", "membres",
    "merci", "mes", "modifier", "mon", "ne", "nouveau", "nouvelle", "partager", "plus",
    "professionnel", "profil", "profils", "proposer", "reactiver", "recherche", "refuser",
    "reglages", "rejoindre", "renvoyer", "reseau", "retirer", "retour", "signaler", "suivi",
    "supprimer", "terminer", "tout", "valider", "verifiez", "visibilite", "visibles", "vos",
}  # fmt: skip


def words_of(path: str) -> set[str]:
    return {word for segment in path.strip("/").split("/") for word in segment.split("-")}


def _reverse_in(language: str, name: str, kwargs: dict | None = None) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _sample_kwargs(resolver: URLResolver, name: str) -> dict:
    """7 for each parameter of the first pattern named ``name``."""
    possibilities, _pattern, _defaults, _converters = resolver.reverse_dict.getlist(name)[0]
    _result, params = possibilities[0]
    return dict.fromkeys(params, "7")


def _allauth_resolver(patterns=None) -> URLResolver | None:
    """The resolver of allauth's URLs, wherever the root URLconf includes them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern.urlconf_name, "__name__", None) == "allauth.urls":
                return pattern
            found = _allauth_resolver(pattern.url_patterns)
            if found is not None:
                return found
    return None


def account_url_names() -> list[str]:
    return sorted(name for name in _allauth_resolver().reverse_dict if isinstance(name, str))


# The addresses ---------------------------------------------------------------------------


def test_the_table_names_every_url_of_the_members_area():
    assert {key.partition(":")[0] for key in MEMBERS_ADDRESSES} == matrix.members_url_names()
    # One URL serves every transition people fire: each has its address in the table.
    assert {
        key.partition(":")[2] for key in MEMBERS_ADDRESSES if key.startswith("request-transition:")
    } == {name for name, spec in TRANSITIONS.items() if spec.fired_by_people}


@pytest.mark.parametrize("key", sorted(MEMBERS_ADDRESSES))
def test_each_members_address_keeps_its_french_words_and_has_english_ones(key):
    french, english = MEMBERS_ADDRESSES[key]
    # "request-transition:accept": the URL of every transition, with accept's word.
    name, _, transition = key.partition(":")
    kwargs = _sample_kwargs(get_resolver().namespace_dict["members"][1], name)
    if transition:
        kwargs["action"] = TRANSITIONS[transition].url_word
    assert _reverse_in("fr", f"members:{name}", kwargs) == french
    assert _reverse_in("en", f"members:{name}", kwargs) == english
    assert not words_of(english) & FRENCH_WORDS, english
    # Each address leads to the same view in its language.
    with translation.override("fr"):
        assert resolve(french).view_name == f"members:{name}"
    with translation.override("en"):
        assert resolve(english).view_name == f"members:{name}"


def test_the_account_pages_are_under_compte_in_french_and_account_in_english():
    names = account_url_names()
    assert {"account_login", "account_signup", "account_reset_password", "mfa_index"} <= set(names)
    for name in names:
        kwargs = _sample_kwargs(_allauth_resolver(), name)
        french, english = _reverse_in("fr", name, kwargs), _reverse_in("en", name, kwargs)
        assert french.startswith("/fr/compte/"), french
        assert english == "/en/account/" + french.removeprefix("/fr/compte/"), english
        assert not words_of(english) & FRENCH_WORDS, english
        with translation.override("en"):
            assert resolve(english).url_name == name


def test_a_few_addresses_exactly():
    assert _reverse_in("fr", "account_login") == "/fr/compte/login/"
    assert _reverse_in("en", "account_login") == "/en/account/login/"
    assert _reverse_in("fr", "account_confirm_email", {"key": "abc"}) == (
        "/fr/compte/confirm-email/abc/"
    )
    assert _reverse_in("fr", "home:search") == "/fr/recherche/"
    assert _reverse_in("en", "home:search") == "/en/search/"


def test_a_french_address_under_the_english_prefix_is_redirected_to_the_english_one(client):
    """Links in English emails already sent, notifications and bookmarks from before."""
    for old, new in [
        ("/en/compte/login/", "/en/account/login/"),
        ("/en/espace/", "/en/members/"),
        ("/en/espace/demandes/12/", "/en/members/requests/12/"),
        ("/en/espace/annuaire/?q=menuisier", "/en/members/directory/?q=menuisier"),
        ("/en/recherche/?q=atelier", "/en/search/?q=atelier"),
        # The links of account emails: a key in the path, a pattern with two parameters.
        ("/en/compte/confirm-email/MTI:1abc/", "/en/account/confirm-email/MTI:1abc/"),
        (
            "/en/compte/password/reset/key/1-set-password/",
            "/en/account/password/reset/key/1-set-password/",
        ),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response.headers["Location"] == new


def test_an_address_without_language_from_an_english_browser_ends_in_english_words(client):
    response = client.get("/compte/login/", headers={"accept-language": "en"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/en/account/login/"


def test_only_what_would_be_a_404_is_redirected(client, home_page):
    # French addresses are the site's own; an unknown English one stays unknown.
    assert client.get("/fr/espace/").status_code == 302
    assert client.get("/fr/espace/").headers["Location"].startswith("/fr/compte/login/")
    assert client.get("/en/espace/nulle-part/").status_code == 404
    assert client.get("/en/nothing-here/").status_code == 404
    # A form posted to an old address is not turned into a GET that would drop it.
    assert client.post("/en/espace/rejoindre/", {"email": "a@example.org"}).status_code == 404


def test_an_english_notification_from_before_still_opens_its_request(client, professional):
    notification = Notification.objects.create(
        recipient=professional, event="request_sent", text="Inès", url="/en/espace/demandes/12/"
    )
    client.force_login(professional)
    opened = client.get(_reverse_in("en", "members:notification-open", {"pk": notification.pk}))
    assert opened.headers["Location"] == "/en/espace/demandes/12/"
    assert client.get(opened.headers["Location"]).headers["Location"] == "/en/members/requests/12/"


def test_robots_keep_out_of_the_members_area_and_the_account_pages_in_each_language(client):
    body = client.get(reverse("robots-txt")).content.decode()
    for path in ("/fr/espace/", "/fr/compte/", "/en/members/", "/en/account/", "/admin/"):
        assert f"Disallow: {path}\n" in body


# The language switcher -------------------------------------------------------------------


def language_link(html: str, code: str) -> str:
    return re.search(rf'<a href="([^"]*)" lang="{code}" hreflang="{code}"', html).group(1)


def test_the_language_switcher_goes_from_french_words_to_english_ones_and_back(
    client, young_person
):
    # (hreflang alternates are only written for Wagtail pages: the members area is private.)
    client.force_login(young_person)
    french = client.get("/fr/espace/annuaire/?q=menuisier").content.decode()
    assert language_link(french, "en") == "/en/members/directory/?q=menuisier"

    english = client.get(language_link(french, "en"))
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert language_link(html, "fr") == "/fr/espace/annuaire/?q=menuisier"
    # Every other link of the page (the members menu, sign-out…) is in English words too.
    assert 'href="/en/members/requests/"' in html
    others = html.replace('href="/fr/espace/annuaire/?q=menuisier"', "")
    assert "/espace/" not in others
    assert "/compte/" not in others


def test_the_language_switcher_of_the_site_search_and_the_sign_in_page(client, home_page):
    search = client.get("/fr/recherche/?q=atelier").content.decode()
    assert language_link(search, "en") == "/en/search/?q=atelier"
    login = client.get("/en/account/login/").content.decode()
    assert language_link(login, "fr") == "/fr/compte/login/"


# The gates, in English -------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_english_sign_in_page(client):
    response = client.get("/en/members/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/account/login/?next=/en/members/"
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("name", ["directory", "professional", "request-create"])
def test_a_young_person_still_waiting_is_refused_in_english(client, world, structure, name):
    waiting = YoungPersonFactory(
        structure=structure, email="attente@example.org", profile__status=ReviewStatus.PENDING
    )
    client.force_login(waiting)
    with translation.override("en"):
        url = gate.url_of(world, name)
    response = client.get(url)
    assert response.status_code == 403, name
    assert '<html lang="en">' in response.content.decode()


def test_the_second_factor_is_asked_for_in_english_and_its_page_opens(client, structure):
    counsellor = CounsellorFactory(structure=structure, totp=False)
    client.force_login(counsellor)
    response = client.get("/en/members/directory/")
    assert response.headers["Location"] == _reverse_in("en", "mfa_activate_totp")
    # allauth asks for the password again first: every step in English words.
    page = client.get(response.headers["Location"], follow=True)
    assert page.status_code == 200
    assert all(url.startswith("/en/account/") for url, _status in page.redirect_chain)


# Wagtail pages under the same prefix -----------------------------------------------------


def test_the_site_views_answer_before_a_page_with_the_same_first_word(client, english_home_page):
    """A page whose slug is a first word of the site's views in its language would never be
    served (the views come first in config/urls.py): such a slug is refused
    (home/translations.py). In the other language the same slug is an ordinary page."""
    english = StandardPage(title="Members", slug="members")
    with pytest.raises(ValidationError):
        english_home_page.add_child(instance=english)
    response = client.get("/en/members/")
    assert response.headers["Location"].startswith("/en/account/login/")
    home_fr = Site.objects.get(is_default_site=True).root_page
    french = StandardPage(title="Membres", slug="members")
    Page.objects.get(pk=home_fr.pk).add_child(instance=french)
    french.save_revision().publish()
    assert client.get("/fr/members/").status_code == 200
