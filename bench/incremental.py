"""Incremental builds: what a rebuild costs against the first build of the same corpus, measured in one run.

    python -m bench.make_corpus --articles 2000 --out build/bench/corpus-2k.jsonl
    python -m bench.incremental build/bench/corpus-2k.jsonl --repeat 3

Each step is what the command line does (``build_files``: read the inputs, build with the result
cache on every core, write the tables), timed from reading to written tables, each with a fresh result cache per
repetition: the first build; an unchanged rebuild (target: at most 5% of the first; it finds the
build up to date); one document added (that document's analysis, then the corpus stage over all, which finds again the
quotes only of documents whose names changed); the alias file, a corpus-wide
setting (parses nothing); and the number of keywords, a per-document setting (recomputes the keywords
of every document and parses nothing). The figures are ratios to the first build (medians over the
repetitions), since absolute times follow the machine's load.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import cast

from analysis import Settings, load_corpus
from analysis.cache import ResultCache
from analysis.engine import default_workers
from analysis.models import load_gazetteer
from analysis.pipeline import build_files
from analysis.storage import read_manifest
from bench.make_corpus import Writer

TARGET_UNCHANGED = 0.05


def step(paths: list[Path], settings: Settings, *, folder: Path, workers: int) -> tuple[float, str]:
    """Build ``paths`` into ``folder/out`` as the command line does; the seconds it took and what was parsed."""
    started = time.perf_counter()
    with ResultCache(folder / "results.sqlite") as results:
        written = build_files(paths, folder / "out", settings, workers=workers, cache=results)
    seconds = time.perf_counter() - started
    if written.up_to_date:
        return seconds, "up to date: nothing read but the inputs' bytes"
    quotes = cast(dict[str, dict[str, int]], read_manifest(written.out)["cache"])["quotes"]
    return seconds, (
        f"parsed {written.computed['entities']}, keywords {written.computed['keywords']}, "
        f"reused {written.reused['entities']}; "
        f"quotes of {quotes['computed']} found again"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="one .jsonl file (e.g. from bench.make_corpus)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    base = Settings(max_bytes=2**40)
    documents = len(load_corpus(args.corpus, settings=base).documents)
    writer = Writer(random.Random(99), words=700, gazetteer=load_gazetteer(base))
    added = json.dumps(writer.article(10**7))
    print(f"{documents} documents, {args.workers} workers; the machine may be shared")
    ratios: dict[str, list[float]] = {}
    for repetition in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            aliases = folder / "aliases.csv"
            aliases.write_text(
                "variant,canonical\nIlham Aliyev,Ilham Aliyev (President of Azerbaijan)\n", encoding="utf-8"
            )
            extra = folder / "added.jsonl"
            extra.write_text(added, encoding="utf-8")
            corpus = [args.corpus]
            steps = {
                "first build": step(corpus, base, folder=folder, workers=args.workers),
                "unchanged": step(corpus, base, folder=folder, workers=args.workers),
                "one document added": step([*corpus, extra], base, folder=folder, workers=args.workers),
                "alias file (corpus-wide)": step(
                    corpus, replace(base, aliases=aliases), folder=folder, workers=args.workers
                ),
                "keyword_top 20 -> 10": step(
                    corpus, replace(base, keyword_top=10), folder=folder, workers=args.workers
                ),
            }
        first = steps["first build"][0]
        print(f"run {repetition}:")
        for name, (seconds, what) in steps.items():
            ratios.setdefault(name, []).append(seconds / first)
            print(f"  {name:26s} {seconds:8.1f} s  {seconds / first:6.1%} of the first   ({what})")
    print(f"medians over {args.repeat} run(s), as a share of the first build:")
    for name, values in ratios.items():
        note = (
            f"   target <= {TARGET_UNCHANGED:.0%}: "
            f"{'meets' if statistics.median(values) <= TARGET_UNCHANGED else 'MISSES'}"
            if name == "unchanged"
            else ""
        )
        print(f"  {name:26s} {statistics.median(values):6.1%}{note}")


if __name__ == "__main__":
    main()
