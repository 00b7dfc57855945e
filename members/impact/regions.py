"""French regions and their départements (the 2016 map, INSEE region codes).

Saint-Pierre-et-Miquelon (975) is an overseas collectivity, not in any region: it is
counted under its département only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    departements: tuple[str, ...]


REGIONS: dict[str, Region] = {
    region.code: region
    for region in (
        Region(
            "84",
            "Auvergne-Rhône-Alpes",
            ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
        ),
        Region("27", "Bourgogne-Franche-Comté", ("21", "25", "39", "58", "70", "71", "89", "90")),
        Region("53", "Bretagne", ("22", "29", "35", "56")),
        Region("24", "Centre-Val de Loire", ("18", "28", "36", "37", "41", "45")),
        Region("94", "Corse", ("2A", "2B")),
        Region("44", "Grand Est", ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")),
        Region("32", "Hauts-de-France", ("02", "59", "60", "62", "80")),
        Region("11", "Île-de-France", ("75", "77", "78", "91", "92", "93", "94", "95")),
        Region("28", "Normandie", ("14", "27", "50", "61", "76")),
        Region(
            "75",
            "Nouvelle-Aquitaine",
            ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
        ),
        Region(
            "76",
            "Occitanie",
            ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
        ),
        Region("52", "Pays de la Loire", ("44", "49", "53", "72", "85")),
        Region("93", "Provence-Alpes-Côte d'Azur", ("04", "05", "06", "13", "83", "84")),
        Region("01", "Guadeloupe", ("971",)),
        Region("02", "Martinique", ("972",)),
        Region("03", "Guyane", ("973",)),
        Region("04", "La Réunion", ("974",)),
        Region("06", "Mayotte", ("976",)),
    )
}

REGION_CHOICES: list[tuple[str, str]] = sorted(
    ((region.code, region.name) for region in REGIONS.values()), key=lambda choice: choice[1]
)


def region_of(departement: str) -> Region | None:
    """The region ``departement`` belongs to; None for 975 or an unknown code."""
    for region in REGIONS.values():
        if departement in region.departements:
            return region
    return None
