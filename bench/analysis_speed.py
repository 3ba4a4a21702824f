"""Analysis throughput in words/second, against spaCy's own NER speed measured in the same run.

    python -m bench.make_corpus --articles 1000 --out build/bench/corpus-1k.jsonl
    python -m bench.analysis_speed build/bench/corpus-1k.jsonl

(a) spaCy NER alone through ``nlp.pipe`` (other components excluded): the reference limit.
(b) the naive notebook approach: ``nlp(text)`` with the full default pipeline, then YAKE, per document.
(c) our pipeline (``analyze``) on one process, with models already loaded.
The claim is the ratios (c/a, c/b); absolute figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import spacy
import yake

from analysis import Settings, analyze, load_corpus
from analysis.nlp import EXCLUDED
from analysis.pipeline import load_gazetteer, load_nlp


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--naive-docs", type=int, default=200, help="documents for (b), which is slow")
    args = parser.parse_args()
    settings = Settings(model=args.model)
    corpus = load_corpus(args.corpus, settings=settings)
    texts = [d.text for d in corpus.documents]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words:,} words")

    ner_only = spacy.load(args.model, exclude=list(EXCLUDED))
    a = words / timed(lambda: list(ner_only.pipe(texts, batch_size=settings.batch_size)))
    print(f"(a) spaCy NER alone, nlp.pipe:        {a:8,.0f} words/s  (reference)")

    full = spacy.load(args.model)
    extractor = yake.KeywordExtractor(lan="en", n=3, top=20)
    sample = texts[: args.naive_docs]
    b = sum(len(t.split()) for t in sample) / timed(lambda: [(full(t), extractor.extract_keywords(t)) for t in sample])
    print(f"(b) naive: full pipeline + YAKE:      {b:8,.0f} words/s  = {b / a:.2f} x (a)  (on {len(sample)} documents)")

    gazetteer = load_gazetteer(settings)
    nlp = load_nlp(settings, gazetteer=gazetteer)
    c = words / timed(lambda: analyze(corpus, settings, nlp=nlp, gazetteer=gazetteer))
    print(f"(c) our pipeline, one process:        {c:8,.0f} words/s  = {c / a:.2f} x (a), {c / b:.2f} x (b)")
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
