"""Analysis throughput in words/second, against spaCy's own NER speed measured in the same run.

    python -m bench.make_corpus --articles 400 --out build/bench/corpus-400.jsonl
    python -m bench.analysis_speed build/bench/corpus-400.jsonl --repeat 3

(a) spaCy NER alone through ``nlp.pipe`` on one core (other components excluded): the reference limit.
(a*) the same on every core: the corpus split among as many processes as (d) has workers, each with
    the model loaded. a*/a is what the machine's cores give NER itself, the most d/a can approach.
(b) the naive notebook approach: ``nlp(text)`` with the full default pipeline, then YAKE, per document.
(c) our pipeline (``build``, no cache) on one worker, in this process, with the model already loaded.
(d) our pipeline on every core: a local pool whose workers have loaded the model (their start-up is
    reported apart), as a long build sees them.
Each repetition measures all four on the same corpus; the claim is the ratios (medians over the
repetitions), since absolute figures follow the machine's load. On a shared machine the clock
counts other people's work too, so (a) to (c), which run in this process, are also rated by this
process' CPU time, which does not. Targets: c/a >= 0.6,
d/a >= 0.9 x cores, c/b >= 2, and at most 1 GB resident per worker.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import spacy
import yake

from analysis import Settings, load_corpus
from analysis.engine import LocalPool, default_workers
from analysis.models import load_gazetteer, load_nlp
from analysis.nlp import EXCLUDED
from analysis.pipeline import build

GB = 1024**3
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process spent on ``action``."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


# Each process of (a*) loads its model once, before the first timing.
_NER_ONLY: dict[str, spacy.language.Language] = {}


def load_ner_only(model: str) -> None:
    _NER_ONLY["nlp"] = spacy.load(model, exclude=list(EXCLUDED))


def ner_only_share(texts: list[str], batch_size: int) -> None:
    for _ in _NER_ONLY["nlp"].pipe(texts, batch_size=batch_size):
        pass


def peak_rss(who: int) -> float:
    """Peak resident memory in bytes of this process (RUSAGE_SELF) or of its largest finished child."""
    return resource.getrusage(who).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--naive-docs", type=int, default=100, help="documents for (b), which is slow")
    parser.add_argument("--workers", type=int, default=default_workers(), help="workers for (d) (default: every core)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    settings = Settings(model=args.model, max_bytes=2**40)
    corpus = load_corpus(args.corpus, settings=settings)
    texts = [d.text for d in corpus.documents]
    words = sum(len(t.split()) for t in texts)
    sample = texts[: args.naive_docs]
    sample_words = sum(len(t.split()) for t in sample)
    print(f"{len(texts)} documents, {words:,} words; {args.workers} workers for (d); the machine may be shared")

    ner_only = spacy.load(args.model, exclude=list(EXCLUDED))
    full = spacy.load(args.model)
    extractor = yake.KeywordExtractor(lan="en", n=3, top=20)
    gazetteer = load_gazetteer(settings)
    nlp = load_nlp(settings, gazetteer=gazetteer)
    ratios: dict[str, list[float]] = {"c/a": [], "d/a": [], "c/b": [], "c/a (CPU)": [], "c/b (CPU)": [], "a*/a": []}
    shares = [texts[i :: args.workers] for i in range(args.workers)]
    with (
        LocalPool(settings, workers=args.workers) as pool,
        cf.ProcessPoolExecutor(
            args.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=load_ner_only,
            initargs=(args.model,),
        ) as ner_pool,
    ):
        list(ner_pool.map(ner_only_share, [share[:5] for share in shares], [settings.batch_size] * args.workers))
        startup, _ = timed(lambda: build(load_corpus(SEEDS), engine=pool, gazetteer=gazetteer))
        print(f"worker start-up (model and gazetteer, {args.workers} in parallel) and the seeds: {startup:.1f} s")
        for repetition in range(1, args.repeat + 1):
            a, a_cpu = timed(lambda: list(ner_only.pipe(texts, batch_size=settings.batch_size)))
            a_all, _ = timed(lambda: list(ner_pool.map(ner_only_share, shares, [settings.batch_size] * args.workers)))
            b, b_cpu = timed(lambda: [(full(t), extractor.extract_keywords(t)) for t in sample])
            c, c_cpu = timed(lambda: build(corpus, settings, nlp=nlp, gazetteer=gazetteer))
            d, _ = timed(lambda: build(corpus, settings, engine=pool, gazetteer=gazetteer))
            speed = {"a": words / a, "a*": words / a_all, "b": sample_words / b, "c": words / c, "d": words / d}
            cpu = {"a": words / a_cpu, "b": sample_words / b_cpu, "c": words / c_cpu}
            ratios["c/a"].append(speed["c"] / speed["a"])
            ratios["d/a"].append(speed["d"] / speed["a"])
            ratios["c/b"].append(speed["c"] / speed["b"])
            ratios["c/a (CPU)"].append(cpu["c"] / cpu["a"])
            ratios["c/b (CPU)"].append(cpu["c"] / cpu["b"])
            ratios["a*/a"].append(speed["a*"] / speed["a"])
            print(f"run {repetition}: words/s by the clock (by this process' CPU time)")
            print(f"  (a) spaCy NER alone, nlp.pipe, 1 core:  {speed['a']:8,.0f}  ({cpu['a']:,.0f})  reference")
            print(f"  (a*) spaCy NER alone, {args.workers} processes:   {speed['a*']:8,.0f}")
            print(
                f"  (b) naive: full pipeline + YAKE:        {speed['b']:8,.0f}  ({cpu['b']:,.0f})  "
                f"on {len(sample)} documents"
            )
            print(f"  (c) our pipeline, 1 worker:             {speed['c']:8,.0f}  ({cpu['c']:,.0f})")
            print(f"  (d) our pipeline, {args.workers} workers:            {speed['d']:8,.0f}")
            print("  " + "   ".join(f"{name} {values[-1]:.2f}" for name, values in ratios.items()))
    targets = {"c/a": 0.6, "d/a": 0.9 * args.workers, "c/b": 2.0, "c/a (CPU)": 0.6, "c/b (CPU)": 2.0}
    print(f"medians over {args.repeat} run(s):")
    for name, values in ratios.items():
        median = statistics.median(values)
        if name not in targets:
            print(
                f"  {name:10s} = {median:.2f}   "
                f"what {args.workers} cores give spaCy's NER itself on this machine (no target)"
            )
            continue
        verdict = "meets" if median >= targets[name] else "MISSES"
        print(f"  {name:10s} = {median:.2f}   target >= {targets[name]:.1f}   {verdict} the target")
    # d/a = (d/c) x (c/a), and d/c cannot exceed the number of workers: say what c/a leaves reachable.
    ceiling = args.workers * statistics.median(ratios["c/a (CPU)"])
    print(
        f"  with c/a (CPU) as measured, d/a can reach at most {args.workers} x c/a = {ceiling:.2f} (d/c measured: "
        f"{statistics.median(d / c for d, c in zip(ratios['d/a'], ratios['c/a'])):.2f}; "
        f"a*/a x c/a = {statistics.median(ratios['a*/a']) * statistics.median(ratios['c/a (CPU)']):.2f} "
        "if ours scales as NER does)"
    )
    worker = peak_rss(resource.RUSAGE_CHILDREN)
    print(
        f"peak resident memory per worker (d): {worker / 2**20:,.0f} MB   target <= 1024 MB   "
        f"{'meets' if worker <= GB else 'MISSES'} the target"
    )
    print(
        "peak resident memory of this process (a, b, c and the corpus stages): "
        f"{peak_rss(resource.RUSAGE_SELF) / 2**20:,.0f} MB"
    )


if __name__ == "__main__":
    main()
