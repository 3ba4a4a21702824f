"""Quote extraction against gold: detection and attribution precision/recall, and every miss.

    python -m bench.quotes_eval tests/gold/seeds_quotes.jsonl --tables build/seeds-cli

``--tables`` is a build folder (``python -m analysis build seeds --out build/seeds-cli``).
"""

from __future__ import annotations

import argparse

from analysis import read_tables
from analysis.quote_scoring import read_gold, score_quotes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--tables", required=True, help="a build folder holding quotes.parquet and documents.parquet")
    args = parser.parse_args(argv)
    tables = read_tables(args.tables)
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    scores = score_quotes(tables.quotes, read_gold(args.gold), texts=texts)
    print(f"gold statements {scores.n_gold}, predicted {scores.n_predicted}")
    print(f"found:    precision {scores.precision:.3f}  recall {scores.recall:.3f}")
    print(f"credited: precision {scores.speaker_precision:.3f}  recall {scores.speaker_recall:.3f}")
    print(f"kind right for {scores.kind_accuracy:.3f} of those found")
    for miss in scores.misses:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
