"""Reading real articles: outlet, date and title against a truth file, what was dropped, what was removed.

    python -m bench.ingest_eval devcorpus devcorpus/truth.csv [--keywords ID,ID,...] [--no-keywords]

CORPUS is a folder (or file) as ``python -m analysis build`` reads it; TRUTH is a CSV with columns
doc_id, outlet, date (YYYY-MM-DD), title. An empty outlet means the article names no outlet anywhere
(not even a URL), an empty date that it states none, an empty title that it has none to judge: those
articles do not count for that field. Outlets are compared by canonical name (``analysis/data/outlets.csv``).
The keywords of a few articles are printed for a reader to judge whether they are topical.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter
from pathlib import Path

from analysis import load_corpus
from analysis.dates import parse_dateline
from analysis.metadata import outlet_info
from analysis.types import Document

_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$|^\s*[\w-]+(?:\.[\w-]+)+/\S*\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")
_DEFAULT_KEYWORDS = 5


def canonical(outlet: str | None) -> str:
    """An outlet's canonical name (its own spelling when it is not a known outlet), case-folded."""
    if not outlet:
        return ""
    info = outlet_info(outlet)
    return (info.name if info else outlet).casefold()


def bad_title(title: str | None, outlet: str | None) -> str | None:
    """Why ``title`` is not a title (a date, a URL, a symbol, the site's name), or None."""
    if not title:
        return None
    if parse_dateline(title) is not None:
        return "date"
    if _URL.match(title):
        return "URL"
    if not _WORD.search(title):
        return "symbol"
    if outlet and canonical(title) == canonical(outlet):
        return "site name"
    return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("truth")
    parser.add_argument("--keywords", default="", help="comma-separated doc ids whose top 5 keywords to print")
    parser.add_argument("--no-keywords", action="store_true", help="skip the analysis that keywords need")
    args = parser.parse_args(argv)
    with open(args.truth, encoding="utf-8", newline="") as handle:
        truth = {row["doc_id"]: row for row in csv.DictReader(handle)}
    started = time.perf_counter()
    corpus = load_corpus(Path(args.corpus))
    load_seconds = time.perf_counter() - started
    documents: dict[str, Document] = {d.doc_id: d for d in corpus.documents}

    outlet_total = outlet_right = date_total = date_right = title_total = title_right = 0
    misses: list[str] = []
    bad: list[str] = []
    for doc_id, row in truth.items():
        document = documents.get(doc_id)
        if row["outlet"]:
            outlet_total += 1
            found = document.outlet if document else None
            if canonical(found) == canonical(row["outlet"]):
                outlet_right += 1
            else:
                misses.append(f"outlet  {doc_id}: {found!r}, truth {row['outlet']!r}")
        if row["date"]:
            date_total += 1
            found_date = document.published.isoformat() if document and document.published else None
            if found_date == row["date"]:
                date_right += 1
            else:
                misses.append(f"date    {doc_id}: {found_date!r}, truth {row['date']!r}")
        if document is None:
            continue
        why = bad_title(document.title, document.outlet)
        if why:
            bad.append(f"{doc_id}: {document.title!r} ({why})")
        if row["title"]:
            title_total += 1
            if _norm((document.title or "").rstrip("…")) == _norm(row["title"]):
                title_right += 1
            else:
                misses.append(f"title   {doc_id}: {document.title!r}")

    missing = [doc_id for doc_id in truth if doc_id not in documents]
    metadata_errors = [e for e in corpus.errors if "`" in e.reason or "date" in e.reason]
    rules = Counter(r.rule for d in corpus.documents for r in d.removed)
    unread = [
        (d.doc_id, p.field, p.evidence)
        for d in corpus.documents
        for p in d.provenance
        if p.method.startswith("not read")
    ]

    print(f"documents {len(corpus.documents)}, errors {len(corpus.errors)}, truth rows {len(truth)}", end="")
    print(f"  (loaded in {load_seconds:.2f} s)")
    print(f"outlet right: {outlet_right}/{outlet_total} = {_pct(outlet_right, outlet_total)}", end="")
    print(" of the articles that name their outlet")
    print(f"date right:   {date_right}/{date_total} = {_pct(date_right, date_total)} of the articles that state a date")
    print(f"title right:  {title_right}/{title_total} = {_pct(title_right, title_total)}")
    print(f"dropped for a metadata value: {len(metadata_errors)}; truth articles missing: {len(missing)} {missing}")
    for error in corpus.errors:
        print(f"  error: {error.source}: {error.reason}")
    for doc_id, field, value in unread:
        print(f"  kept, {field} not read: {doc_id}: {value!r}")
    print(f"titles that are a date/URL/symbol/site name: {len(bad)}")
    for line in bad:
        print("  bad title:", line)
    print(f"removed lines by rule ({sum(rules.values())}):")
    for rule, n in rules.most_common():
        print(f"  {n:4d}  {rule}")
    for line in misses:
        print("  miss:", line)
    if not args.no_keywords:
        chosen = [k for k in args.keywords.split(",") if k] or [d for d in truth if d in documents][:_DEFAULT_KEYWORDS]
        _print_keywords(corpus, chosen)


def _print_keywords(corpus, chosen: list[str]) -> None:
    from analysis.pipeline import analyze  # the model loads only when keywords are asked for

    tables = analyze(corpus)
    keywords = tables.keywords
    print("top 5 keywords:")
    for doc_id in chosen:
        top = keywords[keywords["doc_id"] == doc_id].sort_values("rank")["keyword"].head(5).tolist()
        print(f"  {doc_id}: {top}")


def _pct(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.0f}%" if denominator else "n/a"


if __name__ == "__main__":
    main()
