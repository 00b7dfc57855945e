"""`manage.py demo_totp_code <email>`: the current 6-digit code of a demo account.

Works only for the demo accounts of `load_demo`, whose TOTP secret is fixed and public
(members/demo/); any other account, or a demo account whose owner set up a new
authenticator, is refused, and so is any account with DEBUG off (home.management.guards).
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from home.management.guards import refuse_without_debug
from members.demo import DEMO_TOTP_SECRETS, demo_totp_secret


def current_code(secret: str, now: float | None = None) -> str:
    counter = int(time.time() if now is None else now) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo secrets only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse e-mail d’un compte de démonstration.")

    def handle(self, *args, email, **options):
        refuse_without_debug("demo_totp_code")
        secret = demo_totp_secret(email)
        if secret is None:
            accounts = ", ".join(sorted(DEMO_TOTP_SECRETS))
            raise CommandError(
                f"{email} n’est pas un compte de démonstration avec le code de démo "
                f"(comptes : {accounts}). Lancez d’abord `manage.py load_demo`."
            )
        remaining = app_settings.TOTP_PERIOD - int(time.time()) % app_settings.TOTP_PERIOD
        self.stdout.write(current_code(secret))
        self.stderr.write(f"(valable encore {remaining} s)")
