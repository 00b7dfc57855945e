"""StreamField blocks shared by every page type that has a body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading_block.html"
        description = _("Un titre de section, pour structurer la page.")
        preview_value = {"text": "Comment ça marche", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    # ImageBlock makes the alternative text mandatory (or an explicit "decorative" tick).
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image avec légende")
        template = "blocks/captioned_image_block.html"
        description = _("Une image, son texte alternatif et une légende facultative.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"), max_length=600)
    attribution = blocks.CharBlock(label=_("Auteur ou autrice"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote_block.html"
        description = _("Une parole mise en avant, avec son auteur.")
        preview_value = {
            "text": "Il m’a fallu un seul rendez-vous pour comprendre le métier.",
            "attribution": "Inès, 19 ans",
        }


def require_page_or_url(value):
    """A link block points somewhere: a page of the site or an address."""
    if not value.get("page") and not value.get("url"):
        raise blocks.StructBlockValidationError(
            block_errors={"page": [_("Choisissez une page du site ou indiquez une adresse.")]}
        )
    return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False, max_length=400)
    link_label = blocks.CharBlock(label=_("Texte du bouton"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Appel à l’action")
        template = "blocks/call_to_action_block.html"
        description = _("Un encadré avec un bouton vers une page.")
        preview_value = {
            "title": "Devenir bénévole",
            "text": "Une heure par mois suffit pour changer une trajectoire.",
            "link_label": "Je m’inscris",
            "url": "https://example.org/",
        }

    def clean(self, value):
        return require_page_or_url(super().clean(value))


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Réponse"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Question")


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Foire aux questions")
        # <details>/<summary>: an accordion that works without JavaScript.
        template = "blocks/faq_block.html"
        description = _("Des questions qui se déplient, lisibles sans JavaScript.")


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Du texte mis en forme : gras, liens, listes."),
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    faq = FaqBlock()


class Audience(blocks.ChoiceBlock):
    """Who a call to action on the home page speaks to."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("young", _("Jeune (par sa structure)")),
                ("professional", _("Professionnel ou professionnelle")),
                ("structure", _("Structure d’insertion")),
                ("company", _("Entreprise")),
            ],
            **kwargs,
        )


class AudienceCallBlock(blocks.StructBlock):
    audience = Audience(label=_("Public"))
    title = blocks.CharBlock(label=_("Titre"), max_length=80)
    text = blocks.TextBlock(label=_("Texte"), max_length=300)
    link_label = blocks.CharBlock(label=_("Texte du bouton"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.CharBlock(
        label=_("Ou adresse"),
        required=False,
        max_length=200,
        help_text=_("Une adresse du site (« /fr/contact/ ») ou complète (« https://… »)."),
    )

    class Meta:
        icon = "group"
        label = _("Appel à un public")
        template = "blocks/audience_call_block.html"
        description = _("Un encadré de la page d’accueil qui s’adresse à un public précis.")
        preview_value = {
            "audience": "professional",
            "title": "Vous êtes professionnel",
            "text": "Donnez un coup de pouce : une heure de conseils, une relecture de CV.",
            "link_label": "Devenir bénévole",
            "url": "/fr/",
        }

    def clean(self, value):
        return require_page_or_url(super().clean(value))


class AudienceCallsBlock(blocks.StreamBlock):
    audience_call = AudienceCallBlock()

    class Meta:
        max_num = 4


SOCIAL_NETWORKS = [
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("mastodon", "Mastodon"),
    ("youtube", "YouTube"),
    ("bluesky", "Bluesky"),
    ("other", _("Autre")),
]


class SocialLinkValue(blocks.StructValue):
    @property
    def display_name(self):
        return self.get("label") or dict(SOCIAL_NETWORKS).get(self.get("network"), "")


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(label=_("Réseau"), choices=SOCIAL_NETWORKS)
    label = blocks.CharBlock(
        label=_("Nom affiché"),
        required=False,
        max_length=60,
        help_text=_("Laissez vide pour afficher le nom du réseau."),
    )
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link-external"
        label = _("Lien vers un réseau social")
        value_class = SocialLinkValue
        preview_value = {"network": "linkedin", "url": "https://www.linkedin.com/"}


class SocialLinksBlock(blocks.StreamBlock):
    link = SocialLinkBlock()
