"""How a message is shown: escaped, line breaks kept, links clickable and safe, contact
details masked for a minor's conversation (DESIGN.md, "Minors and safety")."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.conversations.services import render_body
from tests.members.factories import (
    HelpRequestFactory,
    MessageFactory,
    YoungPersonFactory,
    birth_date_for_age,
)

MASK = "[coordonnées masquées]"


# Escaping, line breaks, links --------------------------------------------------------


def test_html_is_escaped_and_line_breaks_kept():
    html = render_body('<script>alert("x")</script>\nDeuxième ligne & <b>gras</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Deuxième ligne &amp; " in html


def test_windows_line_breaks_make_one_break_each():
    assert render_body("un\r\ndeux\rtrois") == "un<br>deux<br>trois"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        (
            "Voici l’offre : https://exemple.fr/offre?id=1&amp=2.",
            '<a href="https://exemple.fr/offre?id=1&amp;amp=2" rel="nofollow noopener">'
            "https://exemple.fr/offre?id=1&amp;amp=2</a>.",
        ),
        (
            "Le site www.exemple.org, à voir",
            '<a href="https://www.exemple.org" rel="nofollow noopener">www.exemple.org</a>,',
        ),
        (
            "(voir http://exemple.fr/a_(b))",
            '(voir <a href="http://exemple.fr/a_(b)" rel="nofollow noopener">'
            "http://exemple.fr/a_(b)</a>)",
        ),
    ],
    ids=["https", "www", "parentheses"],
)
def test_links_are_clickable_with_nofollow_noopener(text, link):
    assert link in render_body(text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        'https://exemple.fr/"onmouseover="alert(1)',
        "https://exemple.fr/<img src=x onerror=alert(1)>",
    ],
)
def test_a_link_cannot_carry_a_script_or_break_out_of_its_attribute(text):
    html = render_body(text)
    assert "<img" not in html and "<script" not in html
    assert '"onmouseover' not in html
    for anchor in html.split("<a ")[1:]:
        assert anchor.startswith('href="http')


def test_words_with_dots_are_not_links():
    assert "<a" not in render_body("J’ai fini.Merci et à bientôt... ok.fr n’est pas un lien")


# Masking ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "contact",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "07 12 34 56 78",
        "01 23 45 67 89",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+32 470 12 34 56",
        "06\u00a012\u00a034\u00a056\u00a078",
        "prenom.nom@gmail.com",
        "Prenom.Nom+stage@exemple.co.uk",
        "mailto:prenom@exemple.fr",
        "prenom [at] exemple [point] fr",
        "prenom arobase exemple point fr",
        "prenom (at) exemple.fr",
        "https://exemple.fr/contact?email=prenom@exemple.fr",
        "https://wa.me/33612345678",
    ],
)
def test_contact_details_are_masked(contact):
    html = render_body(f"Mon contact : {contact}. À bientôt", mask_contacts=True)
    assert html == f'Mon contact : <span class="masked-contact">{MASK}</span>. À bientôt'


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous le 01/02/2025 à 14h30",
        "Le 01.02.2025 12 h, salle 3",
        "Le salaire est de 1 800 € brut, 35 h par semaine",
        "Mon code postal est 93200, mon dossier 2024-01-15",
        "Trois étapes : 1. CV 2. lettre 3. entretien",
    ],
)
def test_dates_amounts_and_postcodes_are_not_masked(text):
    assert MASK not in render_body(text, mask_contacts=True)


def test_masking_happens_before_links_are_made():
    html = render_body(
        "Écris-moi https://exemple.fr/?to=a@b.fr ou www.exemple.fr", mask_contacts=True
    )
    assert "a@b.fr" not in html
    assert 'href="https://exemple.fr/?to' not in html
    assert '<a href="https://www.exemple.fr" rel="nofollow noopener">' in html


def test_without_masking_contact_details_show():
    assert "06 12 34 56 78" in render_body("Appelle le 06 12 34 56 78")


# Who sees what, on the request's page ----------------------------------------------


@pytest.fixture
def minor_request(structure, counsellor, professional):
    minor = YoungPersonFactory(
        structure=structure,
        email="mineure@example.org",
        profile__birth_date=birth_date_for_age(16),
    )
    help_request = HelpRequestFactory(young_person=minor, professional=professional)
    MessageFactory(request=help_request, body="Mon numéro : 06 12 34 56 78, mail mineure@gmail.com")
    MessageFactory(
        request=help_request,
        author=professional,
        body="Le mien : +33 6 98 76 54 32 ou <b>pro@entreprise.fr</b>",
    )
    return help_request


def page_of(client, person, help_request) -> str:
    client.force_login(person)
    response = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("side", ["young_person", "professional"])
def test_in_a_minors_conversation_both_sides_see_contact_details_masked(
    client, minor_request, side
):
    person = minor_request.young_person if side == "young_person" else minor_request.professional
    content = page_of(client, person, minor_request)
    for detail in ("06 12 34 56 78", "mineure@gmail.com", "+33 6 98 76 54 32", "pro@entreprise"):
        assert detail not in content
    assert content.count(MASK) == 4
    assert "&lt;b&gt;" in content


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["counsellor", "moderator"])
def test_the_counsellor_and_moderators_see_them(client, minor_request, reader, request):
    content = page_of(client, request.getfixturevalue(reader), minor_request)
    for detail in ("06 12 34 56 78", "mineure@gmail.com", "+33 6 98 76 54 32", "pro@entreprise"):
        assert detail in content
    assert MASK not in content


@pytest.mark.django_db
def test_in_an_adults_conversation_nothing_is_masked(client, young_person, professional):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    MessageFactory(request=help_request, body="Mon numéro : 06 12 34 56 78")
    content = page_of(client, professional, help_request)
    assert "06 12 34 56 78" in content
    assert MASK not in content


@pytest.mark.django_db
def test_the_professional_sees_the_young_persons_public_name(
    client, young_person, professional, counsellor
):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    MessageFactory(request=help_request, body="Bonjour !")
    assert f"<strong>{young_person.public_name}</strong>" in page_of(
        client, professional, help_request
    )
    assert f"<strong>{young_person.get_full_name()}</strong>" in page_of(
        client, counsellor, help_request
    )


@pytest.mark.django_db
def test_a_hidden_message_is_removed_for_all_but_moderators(
    client, young_person, professional, counsellor, moderator
):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    MessageFactory(request=help_request, body="Un message déplacé", hidden_at=timezone.now())
    for person in (young_person, professional, counsellor):
        content = page_of(client, person, help_request)
        assert "Un message déplacé" not in content
        assert "Message retiré par la modération" in content
    content = page_of(client, moderator, help_request)
    assert "Un message déplacé" in content
    assert "Retiré par la modération" in content


@pytest.mark.django_db
def test_the_message_form_warns_that_contact_details_are_not_shown(client, minor_request):
    content = page_of(client, minor_request.professional, minor_request)
    assert "numéros de téléphone ne sont pas montrés" in content
