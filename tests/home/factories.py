import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from home.models import ContactPage, FormField, HomePage, StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page standard {n}")
    slug = factory.Sequence(lambda n: f"page-standard-{n}")
    intro = "Une introduction courte."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Comment ça marche", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Des bénévoles donnent un coup de pouce.</p>"},
            {
                "type": "faq",
                "value": {
                    "title": "Questions",
                    "items": [{"question": "Est-ce payant ?", "answer": "<p>Non.</p>"}],
                },
            },
        ]
    )

    class Meta:
        model = StandardPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    slug = "contact"
    intro = "Écrivez-nous."

    class Meta:
        model = ContactPage

    @factory.post_generation
    def with_fields(obj, create, extracted, **kwargs):
        if extracted is False:
            return
        fields = [
            ("Nom et prénom", "singleline", True),
            ("Adresse e-mail", "email", True),
            ("Votre message", "multiline", True),
        ]
        for order, (label, field_type, required) in enumerate(fields):
            FormField.objects.create(
                page=obj, sort_order=order, label=label, field_type=field_type, required=required
            )


def publish_translation(page, locale, **fields):
    """The published translation of a page, made as editors and the demo make them."""
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(page).objects.get(pk=translated.pk)


def site_with_a_home_page() -> HomePage:
    """French and English locales, and the French home page served as the default site's
    root (what the ``home_page`` fixture gives)."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a placeholder page at the site root.
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePage(title="Accueil", slug="accueil", hero_title="Un premier réseau")
    home.locale = french
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Un début de réseau"},
    )
    return home


def english_translation_of(home: HomePage) -> HomePage:
    """The live English translation of the home page (the ``english_home_page`` fixture)."""
    english = home.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    english.save_revision().publish()
    english.refresh_from_db()
    return english
