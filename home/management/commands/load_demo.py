"""`manage.py load_demo`: the demo content of the whole site, in French and English.

Idempotent: running it again creates nothing new. The home app builds the page tree's
root, the standard pages and the settings; the stories and network apps add their own
content through `<app>.demo.load(home_fr, home_en, stdout)`.

Refused with DEBUG off (home.management.guards): the demo's accounts have public passwords.
"""

import importlib
import logging

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from config.site_url import absolute_url
from home import demo, figures
from home.management.guards import refuse_without_debug

APP_DEMOS = ["stories.demo", "network.demo", "members.demo"]
# Wagtail and the task runner log every page saved and every index update at INFO.
QUIET_LOGGERS = ["wagtail", "django_tasks", "modelsearch"]


class Command(BaseCommand):
    help = "Load the demo content (French and English) and the demo staff accounts."

    def handle(self, *args, **options):
        refuse_without_debug("load_demo")
        if options["verbosity"] < 2:
            for name in QUIET_LOGGERS:
                logging.getLogger(name).setLevel(logging.WARNING)
        self.stdout.write("Chargement du contenu de démonstration…")
        with transaction.atomic():
            fr, en, home_fr, home_en, about = demo.load(self.stdout)
            # An app's demo may return a list of accounts (role, email, password) to print.
            app_accounts = []
            for module_name in APP_DEMOS:
                result = self._load_app(module_name, home_fr, home_en)
                if isinstance(result, list):
                    app_accounts += result
            demo.load_after_apps(home_fr, home_en, en, about, self.stdout)
            accounts = demo.ensure_accounts(self.stdout)
        figures.clear()
        self._print_accounts([*accounts, *app_accounts])

    def _load_app(self, module_name, home_fr, home_en):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            self.stdout.write(f"  {module_name} n’existe pas encore : ignoré.")
            return None
        self.stdout.write(f"{module_name}…")
        return module.load(home_fr, home_en, self.stdout)

    def _print_accounts(self, rows):
        header = ("rôle", "adresse e-mail", "mot de passe")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
        line = "+-" + "-+-".join("-" * width for width in widths) + "-+"
        self.stdout.write("")
        with translation.override("fr"):
            login_path = reverse("account_login")
        self.stdout.write(
            f"Comptes de démonstration (connexion sur {login_path}, administration sur "
            f"{reverse('wagtailadmin_home')}) :"
        )
        self.stdout.write(line)
        for row in [header, *rows]:
            cells = " | ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write(f"| {cells} |")
            if row is header:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write(
            "Administrateur, modérateur, référente, conseiller·ères : "
            "code à 6 chiffres : python manage.py demo_totp_code <email>"
        )
        # The emails of a sign-up or an invitation tried on the demo, links included.
        self.stdout.write(
            f"Courriels envoyés par le site : {absolute_url(reverse('dev-outbox:list'))}"
        )
