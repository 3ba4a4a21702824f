"""Quote extraction against gold: detection and attribution precision/recall, and every miss.

    python -m bench.quotes_eval tests/gold/seeds_quotes.jsonl --tables build/seeds-cli
    python -m bench.quotes_eval --annotated ../shared/devsets/polnear_dev.jsonl

``--tables`` is a build folder (``python -m analysis build seeds --out build/seeds-cli``).
``--annotated`` is a JSON-lines file of articles with their annotated attributions (the
development sets' format): the articles are analysed end to end from their raw text, with a
result cache (``--cache``) so that a second run redoes only the quotes, and scored by words
(see :func:`analysis.quote_scoring.score_attributions`).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from analysis import Corpus, read_tables
from analysis.quote_scoring import read_attributions, read_gold, score_attributions, score_quotes

_CLASSES = {
    "direct": "direct",
    "speech": "indirect, >= 4 words, speech cue",
    "indirect": "indirect (all)",
    "all": "all",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", help="hand-written gold (tests/gold/seeds_quotes.jsonl), with --tables")
    parser.add_argument("--tables", help="a build folder holding quotes.parquet and documents.parquet")
    parser.add_argument("--annotated", action="append", default=[], help="articles with annotated attributions")
    parser.add_argument("--cache", default="build/quotes-eval/cache.sqlite", help="result cache for --annotated")
    parser.add_argument("--misses", action="store_true", help="list every missed or miscredited statement")
    args = parser.parse_args(argv)
    if args.gold:
        if not args.tables:
            parser.error("gold needs --tables")
        seeds(args.gold, args.tables, misses=args.misses)
    for path in args.annotated:
        annotated(path, cache=args.cache, misses=args.misses)
    if not args.gold and not args.annotated:
        parser.error("give a gold file with --tables, or --annotated")


def seeds(gold: str, folder: str, *, misses: bool) -> None:
    tables = read_tables(folder)
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    scores = score_quotes(tables.quotes, read_gold(gold), texts=texts)
    print(f"{gold}: gold statements {scores.n_gold}, predicted {scores.n_predicted}")
    print(f"found:    precision {scores.precision:.3f}  recall {scores.recall:.3f}")
    print(f"credited: precision {scores.speaker_precision:.3f}  recall {scores.speaker_recall:.3f}")
    print(f"kind right for {scores.kind_accuracy:.3f} of those found")
    if misses:
        for miss in scores.misses:
            print("  miss:", miss)


def annotated(path: str, *, cache: str, misses: bool) -> None:
    from analysis.cache import ResultCache
    from analysis.loading import load_corpus
    from analysis.pipeline import build

    gold = read_attributions(path)
    corpus = load_corpus(path)
    # The loader makes ids safe for file names ("…-in-" -> "…-in"): name each article as the gold does.
    ids = [json.loads(line)["id"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(ids) != len(corpus.documents):
        raise SystemExit(f"{path}: {len(corpus.documents)} articles loaded, {len(ids)} annotated")
    corpus = Corpus(documents=tuple(replace(d, doc_id=i) for d, i in zip(corpus.documents, ids)), errors=corpus.errors)
    with ResultCache(Path(cache)) as store:
        tables = build(corpus, cache=store).tables
    scores = score_attributions(tables.quotes, gold)
    print(f"{path}: {scores.n_predicted} statements output")
    print(f"  precision {scores.precision:.3f} (outputs inside an annotated statement)")
    print(f"  {'class':<36}{'n':>6}{'recall':>9}{'source right':>14}{'end to end':>12}")
    for key, name in _CLASSES.items():
        found, total = scores.recall[key]
        right, hits = scores.source_right[key]
        print(f"  {name:<36}{total:>6}{found / total:>9.3f}{right / max(hits, 1):>14.3f}{right / total:>12.3f}")
    if misses:
        for miss in scores.misses:
            print("  ", miss)
        for extra in scores.extras:
            print("   not annotated:", extra)


if __name__ == "__main__":
    main()
