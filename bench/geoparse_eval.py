"""Geoparsing evaluation: run the real pipeline on annotated articles and print recall, precision, accuracy.

    python -m bench.geoparse_eval                       # both development sets, side by side
    python -m bench.geoparse_eval --sample 150          # a fixed sample of each set, for quick iteration
    python -m bench.geoparse_eval tests/gold/seeds_places.jsonl --texts seeds

A place counts as right within 161 km of the gold point or, where the gold has a GeoNames id, when it
is that place. Every error falls in one class (not recognised, abbreviation, regions missing,
region/feature resolved to a town, namesake, unresolved, other), counted per set.

Gold lines: {"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon"}]}, optionally "url"; with
--texts FOLDER, lines may omit "text" and the article is read from FOLDER/<id>.txt. The articles go in as
one JSONL upload of {"id", "text", "url"} rows, so an article's outlet is its url's site, as in a user's
export, and each outlet's other articles are evidence of where it is at home.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import time
from pathlib import Path

from analysis import Settings, analyze, load_bytes
from analysis.geo.evaluate import ERROR_CLASSES, GoldArticle, Scores, read_gold, score

DEVSETS = Path(__file__).resolve().parent.parent.parent / "shared" / "devsets"
DEFAULT_SETS = (DEVSETS / "geovirus.jsonl", DEVSETS / "lgl.jsonl")


def sample(articles: list[GoldArticle], size: int | None) -> list[GoldArticle]:
    """A fixed sample: the ``size`` articles whose ids hash lowest (the same ones in every run)."""
    if size is None or size >= len(articles):
        return articles
    return sorted(articles, key=lambda a: hashlib.sha256(a.id.encode()).hexdigest())[:size]


def evaluate(articles: list[GoldArticle], *, model: str) -> tuple[Scores, float]:
    # One JSONL file as a user would upload it: each article with its id and the address it was published at.
    rows = (json.dumps({"id": a.id, "text": a.text, "url": a.url}, ensure_ascii=False) for a in articles)
    corpus = load_bytes("gold.jsonl", "\n".join(rows).encode("utf-8"))
    started = time.perf_counter()
    tables = analyze(corpus, Settings(model=model))
    return score(articles, tables.documents, tables.places), time.perf_counter() - started


def table(results: dict[str, tuple[int, Scores, float]]) -> str:
    """The sets side by side: one column each."""
    names = list(results)
    rows: list[tuple[str, list[str]]] = [
        ("articles", [str(results[n][0]) for n in names]),
        ("analysed in (s)", [f"{results[n][2]:.0f}" for n in names]),
        ("gold toponyms", [str(results[n][1].n_gold) for n in names]),
        ("recall", [f"{results[n][1].recall:.3f}" for n in names]),
        ("precision", [f"{results[n][1].precision:.3f}" for n in names]),
        ("accuracy (id or 161 km)", [f"{results[n][1].accuracy_161:.3f}" for n in names]),
        ("  without countries", [f"{results[n][1].accuracy_161_local:.3f}" for n in names]),
        ("  by 161 km alone", [f"{results[n][1].accuracy_by_distance:.3f}" for n in names]),
        ("errors by class:", ["" for _ in names]),
    ]
    for kind in ERROR_CLASSES:
        rows.append((f"  {kind}", [str(results[n][1].error_classes()[kind]) for n in names]))
    width = max(len(label) for label, _ in rows)
    cols = [max(len(n), 8) for n in names]
    lines = [" " * width + "  " + "  ".join(n.rjust(c) for n, c in zip(names, cols, strict=True))]
    for label, values in rows:
        lines.append(label.ljust(width) + "  " + "  ".join(v.rjust(c) for v, c in zip(values, cols, strict=True)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, nargs="*", default=list(DEFAULT_SETS))
    parser.add_argument("--texts", type=Path, help="folder with <id>.txt for gold lines without text")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--sample", type=int, help="evaluate a fixed sample of this many articles per set")
    parser.add_argument("--misses", type=int, default=10, help="how many misses of each class to print per set")
    parser.add_argument("--misses-file", type=Path, help="write every miss to this JSONL file")
    args = parser.parse_args()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in args.texts.glob("*.txt")} if args.texts else None
    results: dict[str, tuple[int, Scores, float]] = {}
    for path in args.gold:
        articles = sample(read_gold(path, texts=texts), args.sample)
        scores, elapsed = evaluate(articles, model=args.model)
        results[path.stem] = (len(articles), scores, elapsed)
    print(f"model {args.model}" + (f", a fixed sample of {args.sample} articles per set" if args.sample else ""))
    print(table(results))
    for name, (_, scores, _) in results.items():
        by_class = collections.defaultdict(list)
        for miss in scores.misses:
            by_class[miss.get("class", miss["kind"])].append(miss)
        for kind, misses in by_class.items():
            names = collections.Counter(m["name"] for m in misses)
            frequent = ", ".join(f"{n} x{c}" for n, c in names.most_common(12))
            print(f"\n{name}, {kind}: {len(misses)} (most frequent: {frequent})")
            for miss in misses[: args.misses]:
                print("  ", {k: v for k, v in miss.items() if k not in ("kind", "class")})
    if args.misses_file:
        with args.misses_file.open("w", encoding="utf-8") as out:
            for name, (_, scores, _) in results.items():
                for miss in scores.misses:
                    out.write(json.dumps({"set": name, **miss}, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    main()
