"""How long contact masking takes on ordinary and hostile texts (the request page masks
every message of a conversation). Prints microseconds per text.

    .venv/bin/python -m tests.bench.masking
"""

import os
import timeit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from members.conversations.masking import hide_contacts  # noqa: E402
from tests.members.conversations.test_masking import ADVERSARIAL_TEXTS  # noqa: E402

ORDINARY = [
    "Bonjour, merci pour votre réponse ! Je suis disponible le 12/03 à 14h30.",
    "Mon numéro c'est le 06 12 34 56 78, appelle-moi après 18h.",
    "Écris-moi sur lucas.martin@example.fr ou sur snap : lucas75.",
]


def main():
    for label, texts in (("ordinary", ORDINARY), ("hostile (4,000 characters)", ADVERSARIAL_TEXTS)):
        print(label)  # noqa: T201
        for text in texts:
            runs = 20
            seconds = timeit.timeit(lambda text=text: hide_contacts(text), number=runs) / runs
            print(f"  {seconds * 1e6:10.0f} µs  {text[:40]!r}")  # noqa: T201


if __name__ == "__main__":
    main()
