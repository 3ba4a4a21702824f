"""Stored builds for the dashboard tests: the analysed seeds, and a small corpus synthesised from them the way the
large benchmark corpora are (row groups, clustered by outlet and date)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import Tables, read_tables, write_tables
from bench.make_tables import synthesise

SYNTHETIC_ARTICLES = 400


@pytest.fixture(scope="session")
def seeds_build(seeds_tables, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-build")
    write_tables(seeds_tables, out, manifest={"inputs": ["seeds"]})
    return out


@pytest.fixture(scope="session")
def synthetic_build(seeds_build, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic-build")
    return synthesise(read_tables(seeds_build), out, articles=SYNTHETIC_ARTICLES, seed=3, batch_docs=64)


SMALL_DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["jam-june", "jam-sept", "sputnik-june", "undated"],
        "title": ["Talks resume", "Khankendi", "Stepanakert", None],
        "outlet": ["JAMnews", "JAMnews", "Sputnik", None],
        "published": pd.to_datetime(["2023-06-01", "2023-09-12", "2023-06-01", None]),
        "date_precision": ["month", "day", "month", None],
        "n_words": [120, 80, 60, 10],
    }
)
# (doc_id, start, end, surface, entity, label)
SMALL_MENTIONS = [
    ("jam-june", 0, 12, "Haji Namazov", "Haji Namazov", "PERSON"),
    ("jam-june", 20, 29, "Khankendi", "Khankendi", "GPE"),
    ("jam-sept", 0, 12, "Hagi Namazov", "Haji Namazov", "PERSON"),
    ("jam-sept", 15, 24, "Khankendi", "Khankendi", "GPE"),
    ("sputnik-june", 0, 11, "Stepanakert", "Khankendi", "GPE"),
    ("sputnik-june", 20, 28, "Kremlin", "Kremlin", "ORG"),
    ("undated", 0, 4, "Baku", "Baku", "GPE"),
]


@pytest.fixture(scope="session")
def small_tables() -> Tables:
    """Four documents of two outlets (one undated, one without an outlet), month and day dates, a few mentions."""
    mentions = pd.DataFrame(SMALL_MENTIONS, columns=["doc_id", "start", "end", "surface", "entity", "label"])
    places = mentions[mentions["label"] == "GPE"].assign(
        place_id=lambda f: f["entity"], name=lambda f: f["entity"], lat=40.0, lon=47.0, n_candidates=1
    )
    return Tables.from_frames(
        {
            "documents": SMALL_DOCUMENTS,
            "mentions": mentions.assign(sent_start=0, sent_end=50),
            "places": places.drop(columns=["entity", "label"]).assign(sent_start=0, sent_end=50),
            "keywords": pd.DataFrame(
                {"doc_id": SMALL_DOCUMENTS["doc_id"], "keyword": "talks", "score": 0.1, "rank": 1, "weight": 1.0}
            ),
            "sentences": pd.DataFrame({"doc_id": SMALL_DOCUMENTS["doc_id"], "sent_id": 0, "start": 0, "end": 50}),
            "outlets": pd.DataFrame(
                {"outlet": ["JAMnews", "Sputnik", "(unknown)"], "n_docs": [2, 1, 1], "n_words": [200, 60, 10]}
            ),
        }
    )
