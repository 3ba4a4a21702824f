"""Geoparsing evaluation: toponym recall, precision and accuracy@161 km against gold annotations.

Gold is JSONL: ``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon"}]}`` with
offsets into the raw text. The pipeline runs end to end from that raw text; its place
offsets point into the cleaned text and are mapped back by aligning the two texts.
A gold toponym is recognised when a predicted place span overlaps it; it is resolved
correctly when the predicted point lies within 161 km (100 miles) of the gold point, or when
the gold carries a GeoNames id and the prediction is that place (a country's or a state's
single point is a convention, so the id decides for them). Gold that names its place by a
Wikipedia page instead (GeoVirus) is the same place when a predicted country, continent,
region or first-level division bears the page's title; a town is still judged by distance.

Every error is put in one class (:func:`error_class`), so a change can be judged by what it fixes.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pandas as pd

ACCURACY_KM = 161.0
_CONVENTIONAL_POINTS = ("country", "continent")
# Places whose single point is a convention, so that the identity of the place decides.
_AREAS = ("country", "continent", "region", "admin1", "water")
_TOWNS = ("city", "capital")
# GeoNames feature classes of gold places that are not towns: areas, terrain, water, spots, roads, vegetation.
_FEATURE_CLASSES = frozenset("LTHSRV")
ERROR_CLASSES = (
    "not recognised",
    "abbreviation",
    "regions missing",
    "region/feature resolved to a town",
    "namesake",
    "unresolved",
    "other wrong place",
)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[dict[str, Any], ...]
    # Where the article was published: its outlet, whose other articles say where its home is.
    url: str = ""


@dataclass(frozen=True, slots=True)
class Scores:
    """What an evaluation found; ``misses`` lists every error for a person to read."""

    n_gold: int
    n_predicted: int
    recognised: int
    correct_predictions: int
    resolved_within: int
    recognised_local: int = 0
    resolved_local: int = 0
    # Within 161 km, whatever the identity: comparable with figures scored by distance alone.
    resolved_by_distance: int = 0
    misses: tuple[dict[str, object], ...] = field(default=())

    @property
    def recall(self) -> float:
        return self.recognised / self.n_gold if self.n_gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.n_predicted if self.n_predicted else 0.0

    @property
    def accuracy_161(self) -> float:
        return self.resolved_within / self.recognised if self.recognised else 0.0

    @property
    def accuracy_by_distance(self) -> float:
        return self.resolved_by_distance / self.recognised if self.recognised else 0.0

    @property
    def accuracy_161_local(self) -> float:
        """Accuracy@161 km without countries and continents, whose single point is a convention."""
        return self.resolved_local / self.recognised_local if self.recognised_local else 0.0

    def error_classes(self) -> dict[str, int]:
        """How many gold toponyms each error class holds (every class, zeros included)."""
        counts = dict.fromkeys(ERROR_CLASSES, 0)
        for miss in self.misses:
            if "class" in miss:
                counts[str(miss["class"])] += 1
        return counts

    def summary(self) -> str:
        return (
            f"gold toponyms {self.n_gold}, predicted {self.n_predicted}: recall {self.recall:.3f}, "
            f"precision {self.precision:.3f}, accuracy@161km {self.accuracy_161:.3f} "
            f"({self.resolved_within} of {self.recognised} recognised); without countries and continents "
            f"{self.accuracy_161_local:.3f} ({self.resolved_local} of {self.recognised_local})"
        )


def read_gold(path: str | Path, *, texts: dict[str, str] | None = None) -> list[GoldArticle]:
    """Read gold JSONL; ``texts`` supplies the text of articles whose lines carry only ids and toponyms."""
    articles = []
    # Not splitlines(): it would also split at U+2028 and the like inside JSON strings.
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            text = row.get("text") or (texts or {})[row["id"]]
            articles.append(
                GoldArticle(id=row["id"], text=text, toponyms=tuple(row["toponyms"]), url=row.get("url") or "")
            )
    return articles


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def raw_offsets(clean: str, raw: str) -> list[tuple[int, int, int]]:
    """Matching blocks (clean_start, raw_start, length) that align the cleaned text with the raw text."""
    matcher = SequenceMatcher(None, clean, raw, autojunk=False)
    return [(a, b, n) for a, b, n in matcher.get_matching_blocks() if n]


def to_raw(position: int, blocks: list[tuple[int, int, int]], starts: list[int]) -> int | None:
    index = bisect.bisect_right(starts, position) - 1
    if index < 0:
        return None
    a, b, n = blocks[index]
    return b + (position - a) if position <= a + n else None


def _abbreviated(name: str) -> bool:
    letters = name.replace(".", "").replace(" ", "")
    return "." in name or (letters.isupper() and 2 <= len(letters) <= 5)


def error_class(gold: dict[str, Any], chosen_feature: str | None, *, chosen_name: str | None) -> str:
    """The class of a recognised gold toponym resolved wrongly (or not at all) to a place of ``chosen_feature``."""
    fcode, fclass = str(gold.get("fcode") or ""), str(gold.get("fclass") or "")
    if _abbreviated(gold["name"]):
        return "abbreviation"
    if fcode.startswith("ADM") and chosen_feature not in ("admin1", "admin2", "region"):
        return "regions missing"
    if chosen_feature in _TOWNS and (fclass in _FEATURE_CLASSES or fcode.startswith(("PCL", "CONT"))):
        return "region/feature resolved to a town"
    if chosen_feature is None:
        return "unresolved"
    if chosen_feature in _TOWNS and fclass in ("", "P") and chosen_name is not None:
        return "namesake"
    return "other wrong place"


def same_place(gold: dict[str, Any], row: Any) -> bool:
    """Whether a predicted place (a row of the places table) is the gold's by identity: its GeoNames id,
    or for an area named by its Wikipedia page, the page's title."""
    place_id = getattr(row, "place_id", None)
    if not isinstance(place_id, str):
        return False
    if gold.get("geonameid") is not None:
        return place_id == f"geonames:{gold['geonameid']}"
    page = str(gold.get("wikipedia") or "").rsplit("/wiki/", 1)[-1]
    return bool(page) and row.feature in _AREAS and unquote(page).replace("_", " ") == row.name


def score(
    articles: Iterable[GoldArticle],
    documents: pd.DataFrame,
    places: pd.DataFrame,
    *,
    skip_notes: tuple[str, ...] = ("boilerplate",),
) -> Scores:
    """Compare the pipeline's ``places`` (for ``documents`` analysed from the gold texts) with the gold."""
    texts = documents.set_index("doc_id")["text"]
    n_gold = n_predicted = recognised = correct_predictions = resolved_within = recognised_local = resolved_local = 0
    resolved_by_distance = 0
    misses: list[dict[str, object]] = []
    for article in articles:
        gold = [t for t in article.toponyms if t.get("note") not in skip_notes]
        skipped = [t for t in article.toponyms if t.get("note") in skip_notes]
        predicted = []
        if article.id in texts.index:
            blocks = raw_offsets(texts[article.id], article.text)
            starts = [a for a, _, _ in blocks]
            for row in places[places["doc_id"] == article.id].itertuples(index=False):
                start, end = to_raw(row.start, blocks, starts), to_raw(row.end - 1, blocks, starts)
                if start is not None and end is not None:
                    predicted.append((start, end + 1, row))
        n_gold += len(gold)
        for t in gold:
            hits = [p for p in predicted if p[0] < t["end"] and t["start"] < p[1]]
            if not hits:
                misses.append(
                    {
                        "id": article.id,
                        "kind": "not recognised",
                        "name": t["name"],
                        "start": t["start"],
                        "class": "not recognised",
                    }
                )
                continue
            recognised += 1
            row = hits[0][2]
            local = pd.isna(row.feature) or row.feature not in _CONVENTIONAL_POINTS
            recognised_local += local
            near = pd.notna(row.lat) and km(row.lat, row.lon, t["lat"], t["lon"]) <= ACCURACY_KM
            resolved_by_distance += near
            if near or same_place(t, row):
                resolved_within += 1
                resolved_local += local
            else:
                distance = None if pd.isna(row.lat) else round(km(row.lat, row.lon, t["lat"], t["lon"]))
                chosen_feature = None if pd.isna(row.feature) else row.feature
                chosen = None if pd.isna(row.name) else row.name
                misses.append(
                    {
                        "id": article.id, "kind": "wrong place", "name": t["name"], "start": t["start"],
                        "chosen": chosen, "km": distance, "rule": row.rule,
                        "class": error_class(t, chosen_feature, chosen_name=chosen),
                    }
                )  # fmt: skip
        for start, end, row in predicted:
            if any(s["start"] < end and start < s["end"] for s in skipped):
                continue
            n_predicted += 1
            if any(t["start"] < end and start < t["end"] for t in gold):
                correct_predictions += 1
            else:
                misses.append(
                    {
                        "id": article.id,
                        "kind": "not a gold toponym",
                        "name": row.surface,
                        "start": start,
                        "chosen": row.name,
                    }
                )
    return Scores(
        n_gold, n_predicted, recognised, correct_predictions, resolved_within, recognised_local, resolved_local,
        resolved_by_distance, tuple(misses),
    )  # fmt: skip
