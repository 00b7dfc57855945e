"""The map of France by département, drawn server-side as inline SVG.

Shapes come from static/network/france-departements.json (see static/network/README.md
for the source and licence), read once per process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from config import caching
from network.departements import DEPARTEMENTS, OVERSEAS_CODES

# Paris and the petite couronne are a few units wide on the map: an inset zooms on them.
INSET_CODES: tuple[str, ...] = ("75", "92", "93", "94")
INSET_VIEW_BOX = "302 132.5 24 24"

MAP_DATA_FILE = Path(settings.BASE_DIR) / "static" / "network" / "france-departements.json"


@dataclass(frozen=True)
class MapDepartement:
    code: str
    name: str
    path: str
    count: int
    url: str
    label: str
    level: int
    selected: bool


@lru_cache(maxsize=1)
def load_shapes() -> tuple[str, dict[str, str]]:
    with MAP_DATA_FILE.open(encoding="utf-8") as f:
        data = json.load(f)
    return data["viewBox"], data["departements"]


def count_level(count: int) -> int:
    """Colour step of a département: 0 (none), 1 (one), 2 (2–4), 3 (5 or more)."""
    if count <= 0:
        return 0
    if count == 1:
        return 1
    return 2 if count < 5 else 3


def departement_label(code: str, count: int) -> str:
    return ngettext(
        "%(name)s (%(code)s) : %(count)s structure",
        "%(name)s (%(code)s) : %(count)s structures",
        count,
    ) % {"name": DEPARTEMENTS[code], "code": code, "count": count}


def build_map(counts: dict[str, int], kind: str = "", selected: str = "") -> dict[str, object]:
    """Everything the template needs; links keep the kind filter and pick a département."""
    view_box, shapes = load_shapes()

    def item(code: str, path: str) -> MapDepartement:
        count = counts.get(code, 0)
        params = {"kind": kind, "departement": code} if kind else {"departement": code}
        return MapDepartement(
            code=code,
            name=DEPARTEMENTS[code],
            path=path,
            count=count,
            url="?" + urlencode(params) + "#structures",
            label=departement_label(code, count),
            level=count_level(count),
            selected=code == selected,
        )

    return {
        "view_box": view_box,
        "departements": [item(code, path) for code, path in shapes.items()],
        "inset_view_box": INSET_VIEW_BOX,
        "inset": [item(code, shapes[code]) for code in INSET_CODES],
        "overseas": [item(code, "") for code in OVERSEAS_CODES],
    }


# --- Rendered map cache ------------------------------------------------------------------
# Drawing ~100 département paths costs more than the rest of the index page. The HTML
# depends only on the counts (so on the structures), the kind filter, the selected
# département and the language: it is cached until a structure changes (config.caching,
# scope STRUCTURES, connected in network.apps).


def structure_order(kind: str, departement: str, compute: Callable[[], list[int]]) -> list[int]:
    """The primary keys of the approved structures a filter shows, in the index's order,
    cached until a structure changes: sorting them all by name cost more than the page."""
    return caching.get_or_compute(
        "structure-order", [kind, departement], compute, scopes=(caching.STRUCTURES,)
    )


def render_map(counts: Callable[[], dict[str, int]], kind: str = "", selected: str = "") -> str:
    """The map's HTML; ``counts`` (one query) runs only when the cache has no copy."""
    html = caching.get_or_compute(
        "structure-map",
        [get_language(), kind, selected],
        lambda: render_to_string(
            "network/includes/france_map.html",
            {"map": build_map(counts(), kind=kind, selected=selected)},
        ),
        scopes=(caching.STRUCTURES,),
    )
    return mark_safe(html)  # noqa: S308 -- our own template's output, escaped when rendered
