"""Keyword extraction speed: our YAKE statistics against the yake package itself, in the same run.

    python -m bench.keywords_speed build/bench/corpus-400.jsonl --repeat 3

Both extract keywords with the default settings from every document of the corpus, one after
the other, in this process. The claim is the ratio of their words per second of CPU time
(median over the repetitions), and that every document gets the same keywords and scores.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from analysis import Settings, load_corpus
from analysis.keywords import make_extractor, yake_extractor

Pairs = list[tuple[str, float]]


def cpu_seconds(extract: Callable[[str], Pairs], texts: Sequence[str]) -> tuple[float, list[Pairs]]:
    started = time.process_time()
    results = [extract(text) for text in texts]
    return time.process_time() - started, results


def exactly(pairs: Pairs) -> list[tuple[str, str]]:
    """Keywords with their scores to the last bit."""
    return [(keyword, repr(float(score))) for keyword, score in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(max_bytes=2**40)
    texts = [d.text for d in load_corpus(args.corpus, settings=settings).documents]
    words = sum(len(t.split()) for t in texts)
    reference = yake_extractor(settings)
    ours = make_extractor(settings)
    print(f"{len(texts)} documents, {words:,} words; words per CPU second")
    ratios = []
    for repetition in range(1, args.repeat + 1):
        theirs_s, theirs = cpu_seconds(reference.extract_keywords, texts)
        ours_s, found = cpu_seconds(ours.extract, texts)
        same = sum(exactly(a) == exactly(b) for a, b in zip(theirs, found))
        ratios.append(theirs_s / ours_s)
        print(
            f"run {repetition}: yake {words / theirs_s:9,.0f}   ours {words / ours_s:9,.0f}   "
            f"ours/yake {ratios[-1]:.2f}   identical keywords and scores: {same}/{len(texts)} documents"
        )
    print(f"median ours/yake over {args.repeat} run(s): {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
