"""End-to-end check on a mixed English + Russian corpus: one person and one place across scripts, and who
named the place how.

Run: ``python -m bench.russian_e2e RUSSIAN_CORPUS [--out FOLDER]``. It builds the seeds together with the
Russian articles (real news pages on the region, kept out of git, e.g. a JSONL of id, url, title,
published and text) as ``python -m analysis build`` does, then prints:

- the documents per language;
- every entity whose mentions are written Пашинян/Pashinyan (and Алиев/Aliyev), with its surfaces:
  one entity each is the goal;
- every place written Khankendi/Ханкенди/Stepanakert/Степанакерт, with its place ids: one is the goal;
- the Naming table of that place (who used which form), from the dashboard's own question.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import read_tables
from analysis.cli import main as analysis_main
from dashboard.store import Selection
from dashboard.store import questions as q
from dashboard.store.memory import MemoryStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PEOPLE = {"Pashinyan": "Пашинян|Pashinyan", "Aliyev": "Алиев|Aliyev"}
PLACE = "Khankendi|Ханкенди|Stepanakert|Степанакерт"


def report(build: Path) -> bool:
    """Print the check's tables; True when each person and the place are one."""
    tables = read_tables(build)
    documents, mentions, places = tables.documents, tables.mentions, tables.places
    print("documents per language:", documents["language"].value_counts().to_dict())
    ok = True
    for person, pattern in PEOPLE.items():
        found = mentions[mentions["surface"].str.contains(pattern) & (mentions["label"] == "PERSON")]
        entities = found.groupby("entity")["surface"].agg(lambda s: sorted(set(s)))
        print(f"\n{person}: {len(found)} mentions, {found['entity'].nunique()} entit(y/ies)")
        for entity, surfaces in entities.items():
            print(f"  {entity}: {', '.join(surfaces)}")
        ok &= found["entity"].nunique() == 1
    named = places[places["surface"].str.contains(PLACE)]
    print(f"\nKhankendi/Stepanakert: {len(named)} mentions, place ids {sorted(named['place_id'].dropna().unique())}")
    print("  surfaces:", ", ".join(sorted(set(named["surface"]))))
    ok &= named["place_id"].nunique() == 1 and named["place_id"].notna().all()
    table = MemoryStore(tables).ask(q.naming_table, Selection(), limit=None)
    place = named["name"].dropna().iloc[0] if named["name"].notna().any() else None
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print("\nNaming table for", place)
        print(table[table["place"] == place].to_string(index=False))
    return bool(ok)


def main(argv: Sequence[str] = sys.argv[1:]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("russian", type=Path, help="the Russian articles (a file or folder the build reads)")
    parser.add_argument("--out", type=Path, help="build folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "build"
        analysis_main(["build", str(SEEDS), str(args.russian), "--out", str(out), "--quiet"])
        ok = report(out)
    print("\nOK: one person and one place across scripts" if ok else "\nNOT OK: see above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
