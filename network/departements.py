"""French départements: codes, names, and the rules that tie them to postcodes.

Codes are the official ones: "01"–"95" (no "20": Corsica is "2A" and "2B") and the
overseas départements "971"–"976".
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEPARTEMENTS: dict[str, str] = {
    "01": "Ain",
    "02": "Aisne",
    "03": "Allier",
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "07": "Ardèche",
    "08": "Ardennes",
    "09": "Ariège",
    "10": "Aube",
    "11": "Aude",
    "12": "Aveyron",
    "13": "Bouches-du-Rhône",
    "14": "Calvados",
    "15": "Cantal",
    "16": "Charente",
    "17": "Charente-Maritime",
    "18": "Cher",
    "19": "Corrèze",
    "2A": "Corse-du-Sud",
    "2B": "Haute-Corse",
    "21": "Côte-d'Or",
    "22": "Côtes-d'Armor",
    "23": "Creuse",
    "24": "Dordogne",
    "25": "Doubs",
    "26": "Drôme",
    "27": "Eure",
    "28": "Eure-et-Loir",
    "29": "Finistère",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "33": "Gironde",
    "34": "Hérault",
    "35": "Ille-et-Vilaine",
    "36": "Indre",
    "37": "Indre-et-Loire",
    "38": "Isère",
    "39": "Jura",
    "40": "Landes",
    "41": "Loir-et-Cher",
    "42": "Loire",
    "43": "Haute-Loire",
    "44": "Loire-Atlantique",
    "45": "Loiret",
    "46": "Lot",
    "47": "Lot-et-Garonne",
    "48": "Lozère",
    "49": "Maine-et-Loire",
    "50": "Manche",
    "51": "Marne",
    "52": "Haute-Marne",
    "53": "Mayenne",
    "54": "Meurthe-et-Moselle",
    "55": "Meuse",
    "56": "Morbihan",
    "57": "Moselle",
    "58": "Nièvre",
    "59": "Nord",
    "60": "Oise",
    "61": "Orne",
    "62": "Pas-de-Calais",
    "63": "Puy-de-Dôme",
    "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin",
    "68": "Haut-Rhin",
    "69": "Rhône",
    "70": "Haute-Saône",
    "71": "Saône-et-Loire",
    "72": "Sarthe",
    "73": "Savoie",
    "74": "Haute-Savoie",
    "75": "Paris",
    "76": "Seine-Maritime",
    "77": "Seine-et-Marne",
    "78": "Yvelines",
    "79": "Deux-Sèvres",
    "80": "Somme",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
    "83": "Var",
    "84": "Vaucluse",
    "85": "Vendée",
    "86": "Vienne",
    "87": "Haute-Vienne",
    "88": "Vosges",
    "89": "Yonne",
    "90": "Territoire de Belfort",
    "91": "Essonne",
    "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne",
    "95": "Val-d'Oise",
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte",
}

OVERSEAS_CODES: tuple[str, ...] = ("971", "972", "973", "974", "975", "976")

# "01 – Ain", in the official order (2A and 2B sit between 19 and 21).
DEPARTEMENT_CHOICES: list[tuple[str, str]] = [
    (code, f"{code} – {name}") for code, name in DEPARTEMENTS.items()
]

POSTCODE_RE = re.compile(r"^\d{5}$")


def departement_name(code: str) -> str:
    return DEPARTEMENTS.get(code, "")


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(value or ""):
        raise ValidationError(
            _("Le code postal doit compter exactement 5 chiffres (par exemple 93200)."),
            code="invalid_postcode",
        )


def validate_departement(value: str) -> None:
    if value not in DEPARTEMENTS:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un code de département : utilisez 01 à 95, "
                "2A, 2B ou 971 à 976."
            ),
            code="invalid_departement",
            params={"value": value},
        )


def departement_from_postcode(postcode: str) -> str | None:
    """Return the département code of a French postcode, or None when it cannot be told.

    Corsica: postcodes 200xx–201xx are Corse-du-Sud (2A), 202xx–206xx Haute-Corse (2B).
    Overseas: the first three digits (97100 → 971). Monaco (980xx) and the overseas
    collectivities (986xx, 987xx, 988xx) are not départements.
    """
    if not POSTCODE_RE.match(postcode or ""):
        return None
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    if postcode.startswith("97"):
        code = postcode[:3]
    else:
        code = postcode[:2]
    return code if code in DEPARTEMENTS else None
