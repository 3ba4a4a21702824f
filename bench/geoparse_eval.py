"""Geoparsing evaluation: run the real pipeline on annotated articles and print recall, precision, accuracy@161 km.

    python -m bench.geoparse_eval ../shared/devsets/geovirus.jsonl
    python -m bench.geoparse_eval tests/gold/seeds_places.jsonl --texts seeds

Gold lines: {"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon"}]}; with --texts FOLDER,
lines may omit "text" and the article is read from FOLDER/<id>.txt.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from analysis import Corpus, Settings, analyze, load_bytes
from analysis.geo.evaluate import read_gold, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--texts", type=Path, help="folder with <id>.txt for gold lines without text")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--misses", type=int, default=25, help="how many misses of each kind to print")
    args = parser.parse_args()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in args.texts.glob("*.txt")} if args.texts else None
    articles = read_gold(args.gold, texts=texts)
    corpus = Corpus.concat(load_bytes(f"{article.id}.txt", article.text.encode("utf-8")) for article in articles)
    started = time.perf_counter()
    tables = analyze(corpus, Settings(model=args.model))
    elapsed = time.perf_counter() - started
    scores = score(articles, tables.documents, tables.places)
    print(f"{len(articles)} articles, analysed in {elapsed:.1f} s with {args.model}")
    print(scores.summary())
    by_kind = collections.defaultdict(list)
    for miss in scores.misses:
        by_kind[miss["kind"]].append(miss)
    for kind, misses in by_kind.items():
        names = collections.Counter(m["name"] for m in misses)
        print(f"\n{kind}: {len(misses)} (most frequent: {', '.join(f'{n} x{c}' for n, c in names.most_common(12))})")
        for miss in misses[: args.misses]:
            print("  ", {k: v for k, v in miss.items() if k != "kind"})


if __name__ == "__main__":
    main()
