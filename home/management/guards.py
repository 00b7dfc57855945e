"""Checks shared by the management commands that only make sense on a development machine."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_without_debug(command: str) -> None:
    """The demo creates accounts whose passwords are in the README and whose two-factor
    secrets are in the code: a production site (DEBUG off) must never get them."""
    if not settings.DEBUG:
        raise CommandError(
            f"`manage.py {command}` ne fonctionne qu’en développement (DEBUG=1) : ses comptes "
            "de démonstration ont des mots de passe et des codes publics. Sur un serveur, "
            "créez l’administrateur avec `manage.py createsuperuser`. "
            f"/ `manage.py {command}` only runs in development (DEBUG=1): its demo accounts "
            "have public passwords and codes."
        )
