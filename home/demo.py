"""Demo content of the public site: home page, standard pages, contact form, settings.

Every function is idempotent: it looks for what it would create and leaves existing
content alone, so `manage.py load_demo` can run any number of times.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.models import ContactPage, FormField, HomePage, SiteSettings, StandardPage

SITE_NAME = "Un début de réseau"

# Warm palette of the site (see static/css/site.css).
PALETTE = ["#b8421c", "#1f5f5b", "#e0a526", "#3d2c22", "#f4e9dc", "#7a9e7e", "#d9734e"]

DEMO_ACCOUNTS = [
    # role, email, password, first name, last name, group
    ("admin", "admin@undebutdereseau.fr", "Admin-demo-2026!", "Claire", "Martin", None),
    (
        "editor",
        "editrice@undebutdereseau.fr",
        "Editrice-demo-2026!",
        "Sophie",
        "Bernard",
        "Editors",
    ),
    (
        "moderator",
        "moderateur@undebutdereseau.fr",
        "Moderateur-demo-2026!",
        "Karim",
        "Haddad",
        "Moderators",
    ),
]


# --- images -------------------------------------------------------------------------
def make_image(title, seed, size=(1200, 800)):
    """A Wagtail image drawn with Pillow (no network): warm shapes linked like a network.

    Returns the existing image of that title if there is one.
    """
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    width, height = size
    background, *others = rng.sample(PALETTE, len(PALETTE))
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    points = [
        (rng.randint(width // 10, width * 9 // 10), rng.randint(height // 10, height * 9 // 10))
        for _ in range(7)
    ]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        draw.line((x1, y1, x2, y2), fill=others[0], width=max(width // 150, 3))
    for index, (x, y) in enumerate(points):
        radius = rng.randint(width // 30, width // 10)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=others[1 + index % 4])
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60]
    image = image_model(title=title, file=ImageFile(buffer, name=f"demo-{slug}.png"))
    image.save()
    return image


# --- locales, home page and site ------------------------------------------------------
def ensure_locales():
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return fr, en


def ensure_home(fr, en, stdout):
    """The French home page as the default site's root, and its English translation."""
    home_fr = HomePage.objects.filter(locale=fr, depth=2).first()
    if home_fr is None:
        root = Page.get_first_root_node()
        home_fr = HomePage(
            title="Accueil",
            slug="accueil",
            seo_title="Un début de réseau – un premier réseau pour les jeunes",
            search_description=(
                "Des professionnels donnent un coup de pouce aux jeunes de 16 à 25 ans "
                "accompagnés par une structure d’insertion : conseils, CV, entretien blanc, stage."
            ),
            hero_title="Un premier réseau professionnel pour chaque jeune",
            hero_text=(
                "60 % des emplois se trouvent grâce au réseau. Les jeunes accompagnés par une "
                "École de la 2e chance, un EPIDE ou une mission locale n’en ont pas encore : "
                "des professionnels bénévoles leur donnent un coup de pouce."
            ),
            hero_image=make_image("Accueil – un réseau qui se tisse", seed=1),
            mission_title="Notre mission",
            mission_text=(
                "Mettre en relation des jeunes de 16 à 25 ans sortis de l’école sans diplôme "
                "avec des professionnels qui veulent aider, dans un cadre sûr tenu par leur "
                "conseiller ou leur conseillère. Un conseil sur un métier, une relecture de CV, "
                "un entretien blanc, une journée d’observation : chaque coup de pouce compte."
            ),
        )
        home_fr.locale = fr
        root.add_child(instance=home_fr)
        home_fr.save_revision().publish()
        stdout.write("  Page d’accueil (fr) créée.")
    _point_default_site_at(home_fr)
    _remove_wagtail_placeholder()

    home_en = home_fr.get_translation_or_none(en)
    if home_en is None:
        home_en = home_fr.copy_for_translation(en, copy_parents=True, alias=False)
        home_en.title = "Home"
        home_en.slug = "home"
        home_en.seo_title = "Un début de réseau – a first network for young people"
        home_en.search_description = (
            "Professionals give a boost to young people aged 16 to 25 followed by an "
            "integration organisation: advice, CV review, mock interview, internship."
        )
        home_en.hero_title = "A first professional network for every young person"
        home_en.hero_text = (
            "60% of jobs are found through a network. Young people followed by a "
            "second-chance school, an EPIDE or a mission locale do not have one yet: "
            "volunteer professionals give them a boost."
        )
        home_en.mission_title = "Our mission"
        home_en.mission_text = (
            "We connect young people aged 16 to 25 who left school without a diploma with "
            "professionals who want to help, within a safe frame held by their counsellor. "
            "Advice on a trade, a CV review, a mock interview, a day of observation: "
            "every boost counts."
        )
        home_en.save_revision().publish()
        stdout.write("  Page d’accueil (en) créée.")
    return home_fr.specific, home_en.specific


def _point_default_site_at(home_fr):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home_fr,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        return
    if site.root_page_id != home_fr.pk or site.site_name != SITE_NAME:
        site.root_page = home_fr
        site.site_name = SITE_NAME
        site.save()


def _remove_wagtail_placeholder():
    """Wagtail's first migration leaves a "Welcome to your new Wagtail site!" page."""
    base_type = ContentType.objects.get_for_model(Page)
    for placeholder in Page.objects.filter(depth=2, content_type=base_type):
        placeholder.delete()


def _add_audiences(home_fr, home_en, pages):
    """The calls to action for each audience, once the pages they link to exist."""
    # Fresh copies: children were added since these objects were loaded, and saving a
    # stale object would write back an old child count (numchild) and hide the children.
    home_fr = HomePage.objects.get(pk=home_fr.pk)
    home_en = HomePage.objects.get(pk=home_en.pk)
    contact_fr, contact_en = pages["contact"]
    # Each button leads where its label says: the professional sign-up, the structure's
    # registration, "join with my structure's code"; a company has no sign-up of its own,
    # so its button says it writes to the team. Addresses of the site, which an editor
    # can change in the admin.
    signup, register, join = {}, {}, {}
    for language in ("fr", "en"):
        with translation.override(language):
            signup[language] = reverse("account_signup")
            register[language] = reverse("members:structure-register")
            join[language] = reverse("members:join")
    fresh = not home_fr.audiences
    calls_fr = [
        {
            "type": "audience_call",
            "value": {
                "audience": "young",
                "title": "Vous avez entre 16 et 25 ans",
                "text": (
                    "Parlez-en à votre conseiller ou votre conseillère : votre structure "
                    "vous ouvre la porte du réseau et vous accompagne à votre rythme."
                ),
                "link_label": "Rejoindre avec le code de ma structure",
                "page": None,
                "url": join["fr"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "professional",
                "title": "Vous êtes professionnel ou professionnelle",
                "text": (
                    "Une heure de conseils, une relecture de CV, un entretien blanc : "
                    "donnez un coup de pouce, au rythme qui vous convient."
                ),
                "link_label": "Devenir bénévole",
                "page": None,
                "url": signup["fr"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "structure",
                "title": "Vous accompagnez des jeunes",
                "text": (
                    "E2C, EPIDE, mission locale, association : rejoignez le réseau et "
                    "ouvrez à vos jeunes des portes qu’ils ne connaissent pas."
                ),
                "link_label": "Inscrire ma structure",
                "page": None,
                "url": register["fr"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "company",
                "title": "Vous êtes une entreprise",
                "text": (
                    "Proposez à vos salariés de s’engager pendant leurs journées solidaires "
                    "et accueillez des jeunes pour une visite ou une immersion."
                ),
                "link_label": "Nous écrire pour devenir partenaire",
                "page": contact_fr.pk,
                "url": "",
            },
        },
    ]
    calls_en = [
        {
            "type": "audience_call",
            "value": {
                "audience": "young",
                "title": "You are 16 to 25",
                "text": (
                    "Talk to your counsellor: your organisation opens the door to the "
                    "network and supports you at your own pace."
                ),
                "link_label": "Join with my organisation's code",
                "page": None,
                "url": join["en"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "professional",
                "title": "You are a professional",
                "text": (
                    "An hour of advice, a CV review, a mock interview: give a boost, "
                    "at the pace that suits you."
                ),
                "link_label": "Volunteer",
                "page": None,
                "url": signup["en"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "structure",
                "title": "You support young people",
                "text": (
                    "Second-chance school, EPIDE, mission locale, association: join the "
                    "network and open doors your young people do not know yet."
                ),
                "link_label": "Register my organisation",
                "page": None,
                "url": register["en"],
            },
        },
        {
            "type": "audience_call",
            "value": {
                "audience": "company",
                "title": "You are a company",
                "text": (
                    "Let your employees volunteer during their solidarity days and welcome "
                    "young people for a visit or an immersion."
                ),
                "link_label": "Write to us to become a partner",
                "page": contact_en.pk,
                "url": "",
            },
        },
    ]
    for home, calls in ((home_fr, calls_fr), (home_en, calls_en)):
        if fresh:
            home.audiences = calls
            home.save_revision().publish()
        else:
            _repair_audiences(home, calls)


# The labels of the buttons the demo used to send to the contact form or the "about" page.
_OLD_DEMO_LABELS = {
    "Comment ça marche",
    "Devenir bénévole",
    "Inscrire ma structure",
    "Devenir partenaire",
    "How it works",
    "Volunteer",
    "Register my organisation",
    "Become a partner",
}


def _repair_audiences(home, calls):
    """A demo loaded before its buttons were fixed: the cards still as the demo wrote them
    (an old label, a page and no address) get the new button; an editor's card is kept."""
    new = {call["value"]["audience"]: call for call in calls}
    changed = False
    audiences = []
    for child in home.audiences:
        value = child.block.get_prep_value(child.value)
        old = value.get("link_label") in _OLD_DEMO_LABELS and not value.get("url")
        if child.block_type == "audience_call" and old and value.get("audience") in new:
            audiences.append(new[value["audience"]])
            changed = True
        else:
            audiences.append({"type": child.block_type, "value": value})
    if changed:
        home.audiences = audiences
        home.save_revision().publish()


# --- standard pages -------------------------------------------------------------------
def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _faq(title, items):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items],
        },
    }


def _quote(text, attribution):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def _image(image, alt, caption=""):
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "alt_text": alt, "decorative": False},
            "caption": caption,
        },
    }


def _cta(title, text, label, page):
    return {
        "type": "call_to_action",
        "value": {"title": title, "text": text, "link_label": label, "page": page.pk, "url": ""},
    }


def _ensure_child(parent, model, slug, fields, stdout):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  Page « {page.title} » créée.")
    return page


def _ensure_translation(page, locale, fields, stdout):
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    stdout.write(f"  Traduction « {translated.title} » ({locale.language_code}) créée.")
    return translated.specific


def ensure_about(home_fr, home_en, en, stdout):
    image = make_image("Un coup de pouce autour d’une table", seed=2)
    fr_body = [
        _paragraph(
            "<p>Environ <b>60 % des jeunes</b> trouvent leur premier emploi grâce à leur "
            "réseau. Ceux qui ont quitté l’école sans diplôme, et que suit aujourd’hui une "
            "École de la 2e chance, un EPIDE ou une mission locale, n’en ont souvent aucun : "
            "personne pour relire un CV, expliquer un métier ou ouvrir une porte.</p>"
        ),
        _heading("Comment ça marche"),
        _paragraph(
            "<ol><li>Le conseiller ou la conseillère de la structure invite le jeune sur la "
            "plateforme et l’aide à écrire son profil.</li><li>Le jeune demande un coup de "
            "pouce à un professionnel bénévole : conseils sur un métier, relecture de CV, "
            "entretien blanc, journée d’observation…</li><li>Le professionnel répond, "
            "l’échange se fait sur la plateforme, et le conseiller reste dans la boucle.</li>"
            "</ol>"
        ),
        _image(
            image,
            "Illustration : des cercles colorés reliés entre eux, comme un réseau qui se tisse.",
            "Chaque coup de pouce ajoute un lien au réseau du jeune.",
        ),
        _heading("Un cadre sûr"),
        _paragraph(
            "<p>Les échanges passent par la plateforme, jamais par un numéro personnel. Pour "
            "les mineurs, chaque demande est validée par le conseiller, et rien ne se fait en "
            "personne sans son accord. Les modérateurs de l’association approuvent chaque "
            "structure et chaque professionnel.</p>"
        ),
        _quote(
            "Il m’a fallu un seul rendez-vous pour comprendre que le métier de technicienne "
            "de laboratoire était fait pour moi.",
            "Inès, 19 ans, E2C de Seine-Saint-Denis",
        ),
        _heading("Un pilote, puis tout le pays"),
        _paragraph(
            "<p>Un premier pilote de trois mois a réuni 300 jeunes et 150 professionnels. "
            "L’association déploie maintenant la plateforme dans toute la France, avec les "
            "structures d’insertion et les entreprises partenaires.</p>"
        ),
    ]
    en_body = [
        _paragraph(
            "<p>About <b>60% of young people</b> find their first job through their network. "
            "Those who left school without a diploma, and who are now followed by a "
            "second-chance school, an EPIDE or a mission locale, often have none: nobody to "
            "read a CV, explain a trade or open a door.</p>"
        ),
        _heading("How it works"),
        _paragraph(
            "<ol><li>The organisation’s counsellor invites the young person onto the "
            "platform and helps them write their profile.</li><li>The young person asks a "
            "volunteer professional for a boost: advice on a trade, a CV review, a mock "
            "interview, a day of observation…</li><li>The professional answers, the exchange "
            "happens on the platform, and the counsellor stays in the loop.</li></ol>"
        ),
        _image(
            image,
            "Illustration: coloured circles linked together, like a growing network.",
            "Every boost adds a link to the young person’s network.",
        ),
        _heading("A safe frame"),
        _paragraph(
            "<p>Exchanges go through the platform, never through a personal phone number. "
            "For minors, every request is approved by the counsellor, and nothing happens in "
            "person without their agreement. The association’s moderators approve every "
            "organisation and every professional.</p>"
        ),
        _quote(
            "One meeting was all it took to understand that being a lab technician was the "
            "job for me.",
            "Inès, 19, second-chance school in Seine-Saint-Denis",
        ),
        _heading("A pilot, then the whole country"),
        _paragraph(
            "<p>A first three-month pilot brought together 300 young people and 150 "
            "professionals. The association is now rolling the platform out across France, "
            "with integration organisations and partner companies.</p>"
        ),
    ]
    about_fr = _ensure_child(
        home_fr,
        StandardPage,
        "a-propos",
        {
            "title": "À propos",
            "show_in_menus": True,
            "search_description": "Pourquoi l’association existe et comment fonctionne la "
            "plateforme.",
            "intro": "Un début de réseau met en relation des jeunes sans réseau et des "
            "professionnels qui veulent les aider, dans un cadre tenu par leur structure.",
            "body": fr_body,
        },
        stdout,
    )
    about_en = _ensure_translation(
        about_fr,
        en,
        {
            "title": "About",
            "slug": "about",
            "search_description": "Why the association exists and how the platform works.",
            "intro": "Un début de réseau connects young people who have no network with "
            "professionals who want to help, within a frame held by their organisation.",
            "body": en_body,
        },
        stdout,
    )
    return about_fr, about_en


FAQ_FR = [
    (
        "Qui peut demander un coup de pouce ?",
        "Les jeunes de 16 à 25 ans accompagnés par une structure partenaire : École de la "
        "2e chance, EPIDE, mission locale ou association d’insertion. C’est leur conseiller "
        "ou leur conseillère qui les invite sur la plateforme.",
    ),
    (
        "Combien de temps faut-il donner quand on est bénévole ?",
        "Ce que vous voulez : vous indiquez combien de demandes vous acceptez par mois, et "
        "vous pouvez faire une pause à tout moment. Un conseil par message prend une "
        "demi-heure ; une journée d’observation, une journée.",
    ),
    (
        "Les échanges sont-ils sûrs pour les mineurs ?",
        "Oui. Pour un jeune mineur, chaque demande est validée par son conseiller, les "
        "adresses et numéros écrits dans les messages sont masqués, et aucune rencontre "
        "n’a lieu sans l’accord de la structure.",
    ),
    (
        "Est-ce payant ?",
        "Non. La plateforme est gratuite pour les jeunes, les professionnels et les "
        "structures ; l’association est financée par des fondations et des entreprises "
        "partenaires.",
    ),
    (
        "Mon entreprise peut-elle s’engager ?",
        "Oui : vos salariés peuvent donner des coups de pouce pendant leurs journées "
        "solidaires, et vous pouvez accueillir des jeunes pour des visites. Écrivez-nous "
        "par le formulaire de contact.",
    ),
]

FAQ_EN = [
    (
        "Who can ask for a boost?",
        "Young people aged 16 to 25 followed by a partner organisation: second-chance "
        "school, EPIDE, mission locale or integration association. Their counsellor invites "
        "them onto the platform.",
    ),
    (
        "How much time does volunteering take?",
        "As much as you like: you say how many requests you accept per month, and you can "
        "pause at any time. Advice by message takes half an hour; a day of observation, a "
        "day.",
    ),
    (
        "Are exchanges safe for minors?",
        "Yes. For a minor, every request is approved by their counsellor, addresses and "
        "phone numbers typed into messages are masked, and no meeting happens without the "
        "organisation’s agreement.",
    ),
    (
        "Does it cost anything?",
        "No. The platform is free for young people, professionals and organisations; the "
        "association is funded by foundations and partner companies.",
    ),
    (
        "Can my company get involved?",
        "Yes: your employees can give boosts during their solidarity days, and you can "
        "welcome young people for visits. Write to us through the contact form.",
    ),
]


def ensure_faq(home_fr, en, stdout):
    faq_fr = _ensure_child(
        home_fr,
        StandardPage,
        "questions-frequentes",
        {
            "title": "Questions fréquentes",
            "show_in_menus": True,
            "search_description": "Les réponses aux questions des jeunes, des bénévoles et "
            "des structures.",
            "intro": "Jeunes, professionnels, structures : les réponses aux questions qu’on "
            "nous pose le plus souvent.",
            "body": [_faq("", FAQ_FR)],
        },
        stdout,
    )
    faq_en = _ensure_translation(
        faq_fr,
        en,
        {
            "title": "Frequently asked questions",
            "slug": "faq",
            "search_description": "Answers to the questions of young people, volunteers and "
            "organisations.",
            "intro": "Young people, professionals, organisations: answers to the questions we "
            "are asked most often.",
            "body": [_faq("", FAQ_EN)],
        },
        stdout,
    )
    return faq_fr, faq_en


def ensure_legal_pages(home_fr, en, stdout):
    legal_fr = _ensure_child(
        home_fr,
        StandardPage,
        "mentions-legales",
        {
            "title": "Mentions légales",
            "intro": "Qui publie ce site et qui l’héberge.",
            "body": [
                _heading("Éditeur"),
                _paragraph(
                    "<p>Association Un début de réseau, association loi 1901, 12 rue des "
                    "Lilas, 75019 Paris. Directrice de la publication : Claire Martin, "
                    "présidente.</p>"
                ),
                _heading("Hébergement"),
                _paragraph(
                    "<p>Le site est hébergé en France par un prestataire dont les serveurs "
                    "sont situés dans l’Union européenne.</p>"
                ),
                _heading("Propriété intellectuelle"),
                _paragraph(
                    "<p>Les textes et images du site appartiennent à l’association ou aux "
                    "personnes qui ont accepté de témoigner. Toute reproduction demande "
                    "leur accord.</p>"
                ),
            ],
        },
        stdout,
    )
    legal_en = _ensure_translation(
        legal_fr,
        en,
        {
            "title": "Legal notice",
            "slug": "legal-notice",
            "intro": "Who publishes this site and who hosts it.",
            "body": [
                _heading("Publisher"),
                _paragraph(
                    "<p>Association Un début de réseau, a non-profit under the French law of "
                    "1901, 12 rue des Lilas, 75019 Paris. Publication director: Claire "
                    "Martin, president.</p>"
                ),
                _heading("Hosting"),
                _paragraph(
                    "<p>The site is hosted in France by a provider whose servers are in "
                    "the European Union.</p>"
                ),
                _heading("Intellectual property"),
                _paragraph(
                    "<p>The texts and images of the site belong to the association or to "
                    "the people who agreed to share their story. Any reproduction needs "
                    "their consent.</p>"
                ),
            ],
        },
        stdout,
    )
    privacy_fr = _ensure_child(
        home_fr,
        StandardPage,
        "confidentialite",
        {
            "title": "Politique de confidentialité",
            "intro": "Les données que nous gardons, pourquoi, combien de temps, et vos droits.",
            "body": [
                _heading("Les données que nous traitons"),
                _paragraph(
                    "<ul><li>Les messages envoyés par le formulaire de contact : nom, "
                    "adresse e-mail, message.</li><li>Les réponses aux appels à bénévoles : "
                    "nom, adresse e-mail, entreprise, message.</li><li>Pour les membres : le "
                    "profil et les échanges sur la plateforme.</li></ul>"
                ),
                _heading("Pourquoi et combien de temps"),
                _paragraph(
                    "<p>Uniquement pour vous répondre et organiser les coups de pouce. Les "
                    "messages de contact sont supprimés au bout d’un an ; les comptes "
                    "inactifs, au bout de deux ans.</p>"
                ),
                _heading("Pas de traceur"),
                _paragraph(
                    "<p>Le site ne dépose aucun cookie publicitaire ni de mesure d’audience "
                    "et ne charge rien depuis un autre site. Seul un cookie de session est "
                    "utilisé quand vous vous connectez.</p>"
                ),
                _heading("Vos droits"),
                _paragraph(
                    "<p>Vous pouvez consulter, corriger ou supprimer vos données en nous "
                    "écrivant par le formulaire de contact. Vous pouvez aussi saisir la "
                    "CNIL.</p>"
                ),
            ],
        },
        stdout,
    )
    privacy_en = _ensure_translation(
        privacy_fr,
        en,
        {
            "title": "Privacy policy",
            "slug": "privacy",
            "intro": "The data we keep, why, for how long, and your rights.",
            "body": [
                _heading("The data we process"),
                _paragraph(
                    "<ul><li>Messages sent through the contact form: name, email address, "
                    "message.</li><li>Answers to volunteer calls: name, email address, "
                    "company, message.</li><li>For members: their profile and exchanges on "
                    "the platform.</li></ul>"
                ),
                _heading("Why and for how long"),
                _paragraph(
                    "<p>Only to answer you and organise the boosts. Contact messages are "
                    "deleted after one year; inactive accounts after two years.</p>"
                ),
                _heading("No trackers"),
                _paragraph(
                    "<p>The site sets no advertising or analytics cookie and loads nothing "
                    "from another site. Only a session cookie is used when you sign in.</p>"
                ),
                _heading("Your rights"),
                _paragraph(
                    "<p>You can see, correct or delete your data by writing to us through "
                    "the contact form. You may also complain to the CNIL.</p>"
                ),
            ],
        },
        stdout,
    )
    return (legal_fr, legal_en), (privacy_fr, privacy_en)


CONTACT_FIELDS_FR = [
    ("Nom et prénom", "singleline", True, "", ""),
    ("Adresse e-mail", "email", True, "Pour que nous puissions vous répondre.", ""),
    (
        "Vous êtes",
        "dropdown",
        True,
        "",
        "Un ou une jeune\nUn professionnel ou une professionnelle\nUne structure\n"
        "Une entreprise\nAutre",
    ),
    ("Votre message", "multiline", True, "", ""),
]
CONTACT_FIELDS_EN = [
    ("Full name", "", "", ""),
    ("Email address", "So that we can answer you.", "", ""),
    (
        "You are",
        "",
        "A young person\nA professional\nAn organisation\nA company\nOther",
        "",
    ),
    ("Your message", "", "", ""),
]


def ensure_contact(home_fr, en, stdout):
    contact_fr = ContactPage.objects.child_of(home_fr).filter(slug="contact").first()
    if contact_fr is None:
        contact_fr = ContactPage(
            title="Contact",
            slug="contact",
            show_in_menus=True,
            intro="Une question, une envie de devenir bénévole, une structure ou une entreprise "
            "qui veut rejoindre le réseau ? Écrivez-nous, nous répondons sous une semaine.",
            thank_you_text="<p>Merci ! L’équipe de l’association vous répond en général sous "
            "une semaine.</p>",
            subject="Nouveau message depuis le site",
        )
        for sort_order, (label, field_type, required, help_text, choices) in enumerate(
            CONTACT_FIELDS_FR
        ):
            contact_fr.form_fields.add(
                FormField(
                    sort_order=sort_order,
                    label=label,
                    field_type=field_type,
                    required=required,
                    help_text=help_text,
                    choices=choices,
                )
            )
        home_fr.add_child(instance=contact_fr)
        contact_fr.save_revision().publish()
        stdout.write("  Page « Contact » créée.")
    contact_en = contact_fr.get_translation_or_none(en)
    if contact_en is None:
        contact_en = contact_fr.copy_for_translation(en, copy_parents=False, alias=False)
        contact_en.title = "Contact"
        contact_en.slug = "contact"
        contact_en.intro = (
            "A question, a wish to volunteer, an organisation or a company that wants to join "
            "the network? Write to us, we answer within a week."
        )
        contact_en.thank_you_text = "<p>Thank you! The association’s team usually answers "
        contact_en.thank_you_text += "within a week.</p>"
        contact_en.subject = "New message from the site"
        # The copied fields keep their French clean names, so the stored answers of both
        # languages share the same keys; only what visitors read is translated.
        fields = list(contact_en.form_fields.all())
        for field, (label, help_text, choices, _unused) in zip(
            fields, CONTACT_FIELDS_EN, strict=False
        ):
            field.label = label
            field.help_text = help_text
            if choices:
                field.choices = choices
        contact_en.form_fields = fields
        contact_en.save_revision().publish()
        stdout.write("  Traduction « Contact » (en) créée.")
    return contact_fr, contact_en.specific


def ensure_site_settings(site, legal_fr, privacy_fr):
    site_settings = SiteSettings.for_site(site)
    if site_settings.contact_email:
        return site_settings
    site_settings.contact_email = "contact@undebutdereseau.fr"
    site_settings.footer_text = (
        "Un début de réseau est une association loi 1901 qui donne aux jeunes accompagnés "
        "par une structure d’insertion un premier réseau professionnel."
    )
    site_settings.footer_text_en = (
        "Un début de réseau is a French non-profit that gives young people followed by an "
        "integration organisation a first professional network."
    )
    site_settings.social_links = [
        {
            "type": "link",
            "value": {
                "network": "linkedin",
                "label": "",
                "url": "https://www.linkedin.com/company/undebutdereseau",
            },
        },
        {
            "type": "link",
            "value": {
                "network": "instagram",
                "label": "",
                "url": "https://www.instagram.com/undebutdereseau",
            },
        },
        {
            "type": "link",
            "value": {
                "network": "mastodon",
                "label": "",
                "url": "https://mastodon.social/@undebutdereseau",
            },
        },
    ]
    site_settings.legal_page = legal_fr
    site_settings.privacy_page = privacy_fr
    site_settings.save()
    return site_settings


# --- accounts -------------------------------------------------------------------------
def ensure_accounts(stdout):
    """Staff accounts of the demo; returns rows (role, email, password) to print."""
    user_model = get_user_model()
    rows = []
    for role, email, password, first_name, last_name, group_name in DEMO_ACCOUNTS:
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model(
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
                is_superuser=role == "admin",
            )
            user.set_password(password)
            user.save()
            stdout.write(f"  Compte {role} créé.")
        if group_name:
            group = Group.objects.filter(name=group_name).first()
            if group is not None:
                user.groups.add(group)
        rows.append((role, email, password))
    return rows


def load(stdout):
    """Everything the home app owns. Returns (home_fr, home_en, accounts rows)."""
    fr, en = ensure_locales()
    home_fr, home_en = ensure_home(fr, en, stdout)
    about = ensure_about(home_fr, home_en, en, stdout)
    return fr, en, home_fr, home_en, about


def load_after_apps(home_fr, home_en, en, about, stdout):
    """Pages that come after the stories and network indexes in the menu."""
    faq = ensure_faq(home_fr, en, stdout)
    legal, privacy = ensure_legal_pages(home_fr, en, stdout)
    contact = ensure_contact(home_fr, en, stdout)
    _add_audiences(home_fr, home_en, {"about": about, "contact": contact})
    site = Site.objects.get(is_default_site=True)
    ensure_site_settings(site, legal[0], privacy[0])
    return {"about": about, "faq": faq, "legal": legal, "privacy": privacy, "contact": contact}
