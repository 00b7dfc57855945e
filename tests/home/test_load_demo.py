"""`manage.py load_demo`: the demo site, idempotent."""

import io

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from home.models import ContactPage, HomePage, SiteSettings, StandardPage


def _counts():
    """Rows of every model of the project and of Wagtail's content tables."""
    labels = {"home", "stories", "network", "members", "wagtailcore", "wagtailimages"}
    labels |= {"taggit", "wagtailforms", "auth"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
        and not model._meta.label.startswith(("wagtailcore.Revision", "wagtailcore.ModelLog"))
        and model._meta.label not in {"wagtailcore.PageLogEntry", "wagtailcore.ReferenceIndex"}
    }


def _load():
    out = io.StringIO()
    # load_demo refuses to run with DEBUG off (production); the tests opt in.
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_site_and_running_it_again_changes_nothing(db, client):
    first_output = _load()
    counts = _counts()
    second_output = _load()

    assert _counts() == counts
    for created in ("Page « ", "Traduction « ", "Page d’accueil", "Compte "):
        assert created not in second_output

    site = Site.objects.get(is_default_site=True)
    home_fr = HomePage.objects.get(locale__language_code="fr")
    home_en = HomePage.objects.get(locale__language_code="en")
    assert site.root_page_id == home_fr.pk
    assert (site.hostname, site.port) == ("localhost", 80)
    assert home_en.translation_key == home_fr.translation_key and home_en.live
    # Wagtail's placeholder "Welcome" page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk__in=[home_fr.pk, home_en.pk]).exists()

    for slug in ("a-propos", "questions-frequentes", "mentions-legales", "confidentialite"):
        page = StandardPage.objects.get(slug=slug, locale__language_code="fr")
        assert page.get_translation_or_none(home_en.locale).live
    contact = ContactPage.objects.get(locale__language_code="fr")
    assert contact.form_fields.count() == 4
    assert contact.get_translation(home_en.locale).form_fields.first().label == "Full name"

    settings = SiteSettings.for_site(site)
    assert settings.contact_email and settings.footer_text_en and settings.legal_page

    assert "admin@undebutdereseau.fr" in first_output
    user_model = get_user_model()
    assert user_model.objects.get(email="admin@undebutdereseau.fr").is_superuser
    editor = user_model.objects.get(email="editrice@undebutdereseau.fr")
    moderator = user_model.objects.get(email="moderateur@undebutdereseau.fr")
    assert editor.groups.filter(name="Editors").exists()
    assert moderator.groups.filter(name="Moderators").exists()
    for role, email, password in (
        ("admin", "admin@undebutdereseau.fr", "Admin-demo-2026!"),
        ("editor", "editrice@undebutdereseau.fr", "Editrice-demo-2026!"),
    ):
        assert f"| {role}" in first_output and password in first_output
        assert user_model.objects.get(email=email).check_password(password)

    for url in ("/fr/", "/en/", "/fr/a-propos/", "/en/about/", "/fr/questions-frequentes/"):
        assert client.get(url).status_code == 200, url
