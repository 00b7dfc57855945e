"""The key of the directory's cached cards (the HTML is in
members/directory/includes/card.html)."""

from __future__ import annotations

from django import template

from members.templatetags.request_tags import shown_key

register = template.Library()


@register.filter
def cards_key(cards: list[dict]) -> str:
    """Everything the cards show (``card`` = {profile, kinds, state} from
    members.directory.views): the key of their fragment."""
    return shown_key(
        [
            (
                profile.pk,
                profile.user_id,
                profile.user.first_name,
                profile.user.last_name,
                profile.user.avatar.name,
                profile.job_title,
                profile.company.name if profile.company else None,
                [str(kind) for kind in card["kinds"]],
                card["state"],
                [(sector.name, sector.name_en) for sector in profile.sectors.all()],
                profile.departements,
                profile.remote,
            )
            for card in cards
            for profile in (card["profile"],)
        ]
    )
