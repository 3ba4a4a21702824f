"""Synthesise large stored tables from a build of the seeds, for the dashboard benchmarks.

    python -m analysis build seeds --out build/seeds-cli
    python -m bench.make_tables build/seeds-cli --articles 100000 --out build/bench/tables-100k
    python -m bench.make_tables build/seeds-cli --articles 1000000 --out build/bench/tables-1m

Each synthetic article copies one seed article's rows in every table under a new
doc_id, outlet (eight, of unequal size) and date (two years). About a fifth of its
entity mentions are dropped (so about 70 remain), and entities, places and keywords
are partly swapped for names drawn from large Zipf-distributed pools, so the
vocabulary grows with the corpus as a real one does and group-bys are not
unrealistically cheap. Swapped mentions get the new name as their surface too; the
document text stays the seed's, so their contexts show the seed's words.

Layout, chosen for filter pushdown: documents are sorted by (outlet, published),
doc_ids are assigned in that order, and every table is written in doc_id order, one
row group per ``--batch-docs`` documents. A filter on outlets, dates or documents
therefore touches few row groups, by their min/max statistics. Tables are built
and written one batch at a time, so memory stays flat whatever the size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import Tables, read_tables, schema
from analysis.sources import outlet_details
from analysis.storage import MANIFEST

OUTLETS = ("JAMnews", "Sputnik", "OBC Transeuropa", "Eurasianet", "OC Media", "TASS", "Trend", "Armenpress")
OUTLET_SHARES = (0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04)
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 730
MONTH_PRECISION_SHARE = 0.1
KEEP_MENTION = 0.8
SWAP = {"PERSON": 0.7, "ORG": 0.5, "NORP": 0.2, "place": 0.3, "keyword": 0.5}
POOL = {"PERSON": 60_000, "ORG": 9_000, "NORP": 500, "place": 3_000, "keyword": 27_000}
ZIPF_S = 1.1
REGION = {"AZ": (38.5, 41.9, 44.8, 50.4), "AM": (38.9, 41.3, 43.5, 46.6), "GE": (41.1, 43.6, 40.0, 46.7)}
DOC_TABLES = ("provenance", "boilerplate", "sentences", "mentions", "keywords", "places", "quotes")
_SYLLABLES = (
    "ka",
    "ra",
    "man",
    "vel",
    "li",
    "sar",
    "go",
    "bek",
    "zar",
    "tin",
    "mo",
    "han",
    "ne",
    "dov",
    "ri",
    "sha",
    "lu",
    "gar",
    "pet",
    "yan",
    "al",
    "ov",
    "ze",
    "ber",
    "ti",
    "nu",
    "ros",
    "ami",
    "del",
    "kov",
)
_FIRST = (
    "Anna",
    "Arman",
    "Elnur",
    "Gohar",
    "Ilkin",
    "Lusine",
    "Nigar",
    "Ruben",
    "Sevinj",
    "Tigran",
    "Vugar",
    "Zara",
    "Aram",
    "Leyla",
    "Davit",
    "Nino",
    "Giorgi",
    "Ani",
    "Rashad",
    "Sona",
    "Levan",
    "Mariam",
    "Orkhan",
    "Tamar",
)
_ORG_KINDS = (
    "Ministry",
    "Council",
    "Party",
    "Bank",
    "Agency",
    "Committee",
    "Foundation",
    "Union",
    "Institute",
    "Group",
)
_WORDS = (
    "peace",
    "border",
    "talks",
    "corridor",
    "gas",
    "pipeline",
    "refugees",
    "election",
    "ceasefire",
    "treaty",
    "sanctions",
    "trade",
    "army",
    "protest",
    "court",
    "energy",
    "railway",
    "summit",
    "mediation",
    "aid",
    "reform",
    "budget",
    "customs",
    "water",
    "mining",
    "tourism",
    "media",
    "parliament",
    "minister",
    "villages",
)


def synthesise(
    source: Tables, out: str | os.PathLike[str], *, articles: int, seed: int = 7, batch_docs: int = 8192
) -> Path:
    """Write ``articles`` synthetic articles made from ``source``'s as a stored build under ``out``."""
    if articles < 1 or source.documents.empty:
        raise ValueError(f"`articles` = {articles!r} must be at least 1, from a build with documents")
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    templates = _Templates(source)
    pools = _pools(rng)
    plan = _plan(rng, articles, n_templates=len(source.documents))
    writers = {
        name: pq.ParquetWriter(out / f"{name}.parquet", templates.schemas[name]) for name in ("documents", *DOC_TABLES)
    }
    counts = dict.fromkeys(schema.TABLES, 0)
    try:
        for first in range(0, articles, batch_docs):
            batch = {key: values[first : first + batch_docs] for key, values in plan.items()}
            for name, table in _batch(templates, pools, batch, first=first, rng=rng).items():
                writers[name].write_table(table, row_group_size=max(len(table), 1))
                counts[name] += len(table)
    finally:
        for writer in writers.values():
            writer.close()
    outlets = _outlets(plan, templates)
    pq.write_table(pa.Table.from_pandas(outlets, preserve_index=False), out / "outlets.parquet")
    pq.write_table(pa.Table.from_pandas(schema.empty("errors"), preserve_index=False), out / "errors.parquet")
    counts.update(outlets=len(outlets), errors=0)
    manifest = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [f"synthetic: {articles} articles from {len(source.documents)} (bench.make_tables, seed {seed})"],
        "counts": {**counts, "inputs": articles},
        "errors": [],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return out


class _Templates:
    """The source tables as Arrow, with each document's row positions in every per-document table."""

    def __init__(self, source: Tables) -> None:
        self.documents = pa.Table.from_pandas(source.documents, preserve_index=False)
        doc_ids = source.documents["doc_id"].tolist()
        self.tables: dict[str, pa.Table] = {}
        self.rows: dict[str, list[np.ndarray]] = {}
        self.schemas = {"documents": self.documents.schema}
        for name in DOC_TABLES:
            frame = getattr(source, name)
            self.tables[name] = pa.Table.from_pandas(frame, preserve_index=False)
            self.schemas[name] = self.tables[name].schema
            positions = frame.groupby("doc_id", sort=False).indices
            self.rows[name] = [np.asarray(positions.get(d, []), dtype=np.int64) for d in doc_ids]
        mentions, places = source.mentions, source.places
        # Each place row is one mention (same span): its position among its document's mentions.
        local = mentions.groupby("doc_id").cumcount()
        where = dict(zip(zip(mentions["doc_id"], mentions["start"], mentions["end"]), local))
        self.place_mention = np.array(
            [where[key] for key in zip(places["doc_id"], places["start"], places["end"])], dtype=np.int64
        )
        self.entity_codes, self.entities = (np.asarray(a) for a in _factorize(mentions["entity"].tolist()))
        self.labels = mentions["label"].to_numpy(dtype=object)


def _factorize(values: list[str]) -> tuple[np.ndarray, list[str]]:
    uniques: dict[str, int] = {}
    codes = np.array([uniques.setdefault(v, len(uniques)) for v in values], dtype=np.int64)
    return codes, list(uniques)


def _zipf(rng: np.random.Generator, size: int, n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** ZIPF_S
    return rng.choice(n, size=size, p=weights / weights.sum())


def _pools(rng: np.random.Generator) -> dict[str, pa.Table]:
    surnames = [
        a.capitalize() + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("yan", "ov", "eva", "dze", "li")
    ]
    people = [f"{f} {s}" for s in surnames for f in _FIRST][: POOL["PERSON"]]
    stems = [a.capitalize() + b for a in _SYLLABLES for b in _SYLLABLES]
    orgs = [f"{stem} {kind}" for kind in _ORG_KINDS for stem in stems][: POOL["ORG"]]
    groups = [f"{stem}is" for stem in stems][: POOL["NORP"]]
    keywords = [f"{stem.lower()} {w}" for w in _WORDS for stem in stems][: POOL["keyword"]]
    n_places = POOL["place"]
    countries = rng.choice(list(REGION), size=n_places)
    boxes = np.array([REGION[c] for c in countries])
    towns = [f"{a.capitalize()}{b}{c}" for a in _SYLLABLES for b in _SYLLABLES for c in ("kend", "li", "shen", "ani")]
    places = pa.table(
        {
            "place_id": [f"synthetic:{i}" for i in range(n_places)],
            "name": towns[:n_places],
            "country_code": countries.tolist(),
            "lat": rng.uniform(boxes[:, 0], boxes[:, 1]),
            "lon": rng.uniform(boxes[:, 2], boxes[:, 3]),
            "n_candidates": rng.integers(1, 6, size=n_places),
        }
    )
    return {
        "PERSON": pa.table({"name": people}),
        "ORG": pa.table({"name": orgs}),
        "NORP": pa.table({"name": groups}),
        "keyword": pa.table({"name": keywords}),
        "place": places,
    }


def _plan(rng: np.random.Generator, articles: int, *, n_templates: int) -> dict[str, np.ndarray]:
    """Every article's outlet, date, precision and seed template, sorted by (outlet, published)."""
    shares = np.array(OUTLET_SHARES) / sum(OUTLET_SHARES)
    rank = np.argsort(np.argsort(OUTLETS))
    outlet = rng.choice(len(OUTLETS), size=articles, p=shares)
    day = rng.integers(0, DAYS, size=articles)
    monthly = rng.random(articles) < MONTH_PRECISION_SHARE
    published = np.datetime64(FIRST_DAY, "D") + day
    published = np.where(monthly, published.astype("datetime64[M]").astype("datetime64[D]"), published)
    sort = np.lexsort((published, rank[outlet]))
    return {
        "outlet": outlet[sort],
        "published": published[sort],
        "monthly": monthly[sort],
        "template": rng.integers(0, n_templates, size=articles),
    }


def _batch(
    templates: _Templates,
    pools: Mapping[str, pa.Table],
    plan: Mapping[str, np.ndarray],
    *,
    first: int,
    rng: np.random.Generator,
) -> dict[str, pa.Table]:
    n = len(plan["template"])
    tpl = plan["template"]
    doc_ids = pa.array([f"syn-{first + i:07d}" for i in range(n)], type=pa.large_string())
    documents = _documents(templates, plan, doc_ids, first=first)
    tables = {"documents": documents}
    doc_of: dict[str, np.ndarray] = {}
    for name in DOC_TABLES:
        positions = [templates.rows[name][t] for t in tpl]
        sizes = np.array([len(p) for p in positions], dtype=np.int64)
        take = np.concatenate(positions) if n else np.zeros(0, dtype=np.int64)
        doc_of[name] = np.repeat(np.arange(n), sizes)
        table = templates.tables[name].take(pa.array(take))
        tables[name] = table.set_column(0, "doc_id", doc_ids.take(pa.array(doc_of[name])))
    mention_take = np.concatenate([templates.rows["mentions"][t] for t in tpl]) if n else np.zeros(0, dtype=np.int64)
    place_take = np.concatenate([templates.rows["places"][t] for t in tpl]) if n else np.zeros(0, dtype=np.int64)
    mention_start = np.concatenate(([0], np.cumsum([len(templates.rows["mentions"][t]) for t in tpl])))[:-1]
    place_mention = mention_start[doc_of["places"]] + templates.place_mention[place_take]
    keep = rng.random(len(mention_take)) < KEEP_MENTION
    mentions, places = _swap_entities(
        tables["mentions"], tables["places"], templates, pools, mention_take, doc_of["mentions"], place_mention, rng=rng
    )
    tables["mentions"] = mentions.filter(pa.array(keep))
    tables["places"] = places.filter(pa.array(keep[place_mention]))
    keywords = tables["keywords"]
    swap = rng.random(len(keywords)) < SWAP["keyword"]
    drawn = pools["keyword"]["name"].take(pa.array(_zipf(rng, len(keywords), len(pools["keyword"]))))
    tables["keywords"] = keywords.set_column(
        1, "keyword", pc.if_else(pa.array(swap), drawn.cast(pa.large_string()), keywords["keyword"])
    )
    return tables


def _documents(templates: _Templates, plan: Mapping[str, np.ndarray], doc_ids: pa.Array, *, first: int) -> pa.Table:
    source = templates.documents.take(pa.array(plan["template"]))
    outlets = [OUTLETS[o] for o in plan["outlet"]]
    details = [outlet_details(o) for o in outlets]
    titles = [f"{t} [{first + i}]" for i, t in enumerate(source["title"].to_pylist())]
    replaced = {
        "doc_id": doc_ids,
        "title": pa.array(titles, type=pa.large_string()),
        "outlet": pa.array(outlets, type=pa.large_string()),
        "outlet_country": pa.array([c for c, _ in details], type=pa.large_string()),
        "outlet_type": pa.array([t for _, t in details], type=pa.large_string()),
        "published": pa.array(plan["published"].astype("datetime64[ms]"), type=pa.timestamp("ms")),
        "date_precision": pa.array(np.where(plan["monthly"], "month", "day").tolist(), type=pa.large_string()),
    }
    for column, values in replaced.items():
        source = source.set_column(source.schema.get_field_index(column), column, values)
    return source


def _swap_entities(
    mentions: pa.Table,
    places: pa.Table,
    templates: _Templates,
    pools: Mapping[str, pa.Table],
    take: np.ndarray,
    doc_of: np.ndarray,
    place_mention: np.ndarray,
    *,
    rng: np.random.Generator,
) -> tuple[pa.Table, pa.Table]:
    """Swap some entities of each document (all mentions of one entity in one document alike) for pool names."""
    codes = templates.entity_codes[take]
    labels = templates.labels[take]
    pairs, pair_of = np.unique(doc_of * len(templates.entities) + codes, return_inverse=True)
    chance = rng.random(len(pairs))[pair_of]
    is_place = np.zeros(len(take), dtype=bool)
    is_place[place_mention] = True
    entity = mentions["entity"].to_numpy(zero_copy_only=False).astype(object)
    surface = mentions["surface"].to_numpy(zero_copy_only=False).astype(object)
    pool_row = np.full(len(take), -1, dtype=np.int64)
    for label in ("PERSON", "ORG", "NORP", "place"):
        chosen = (is_place if label == "place" else (labels == label) & ~is_place) & (chance < SWAP[label])
        pool = pools[label]
        draws = _zipf(rng, len(pairs), len(pool))[pair_of]
        names = np.asarray(pool["name"].to_pylist(), dtype=object)
        entity[chosen] = names[draws[chosen]]
        surface[chosen] = names[draws[chosen]]
        if label == "place":
            pool_row[chosen] = draws[chosen]
    mentions = mentions.set_column(
        mentions.schema.get_field_index("entity"), "entity", pa.array(entity, type=pa.large_string())
    )
    mentions = mentions.set_column(
        mentions.schema.get_field_index("surface"), "surface", pa.array(surface, type=pa.large_string())
    )
    row = pool_row[place_mention]
    swapped = row >= 0
    if swapped.any():
        pool = pools["place"].take(pa.array(np.where(swapped, row, 0)))
        mask = pa.array(swapped)
        updates = {
            "surface": pool["name"],
            "place_id": pool["place_id"],
            "name": pool["name"],
            "country_code": pool["country_code"],
            "lat": pool["lat"],
            "lon": pool["lon"],
            "n_candidates": pool["n_candidates"],
        }
        for column, values in updates.items():
            index = places.schema.get_field_index(column)
            values = values.cast(places.schema.field(index).type)
            places = places.set_column(index, column, pc.if_else(mask, values, places[column]))
    return mentions, places


def _outlets(plan: Mapping[str, np.ndarray], templates: _Templates) -> pd.DataFrame:
    words = templates.documents["n_words"].to_numpy()[plan["template"]]
    frame = pd.DataFrame({"outlet": [OUTLETS[o] for o in plan["outlet"]], "n_words": words})
    counts = frame.groupby("outlet").agg(n_docs=("outlet", "size"), n_words=("n_words", "sum")).reset_index()
    counts["country"] = [outlet_details(o)[0] for o in counts["outlet"]]
    counts["type"] = [outlet_details(o)[1] for o in counts["outlet"]]
    counts = counts.sort_values(["n_docs", "n_words", "outlet"], ascending=[False, False, True])
    return schema.conform(counts, "outlets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a build of the seeds (python -m analysis build seeds --out DIR)")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-docs", type=int, default=8192, help="documents per Parquet row group")
    args = parser.parse_args()
    started = time.perf_counter()
    out = synthesise(
        read_tables(args.source), args.out, articles=args.articles, seed=args.seed, batch_docs=args.batch_docs
    )
    counts = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["counts"]
    print(
        f"wrote {counts['documents']:,} documents, {counts['mentions']:,} mentions, {counts['places']:,} places, "
        f"{counts['keywords']:,} keywords to {out} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
