"""Russian named entities: the project's build against factRuEval-2016's devset, and natasha alone.

Run: ``python -m bench.ner_eval [PATH]`` (default ``../shared/devsets/factru_dev.jsonl``). The articles
(id and text only) go through :func:`analysis.pipeline.build_files`, as ``python -m analysis build``
would take them; its mentions are mapped PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC (NORP is left
out) and scored per type with exact span match and with overlap match. A gold LOCORG (a country or
city as a political body) counts as found when tagged LOC or ORG. natasha's NewsNERTagger alone is
scored the same way, and both are timed on one core: the per-document entity stage of the build
(natasha, lemmas, names) against natasha alone, as words a second.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# One core for both, and numpy without its own threads, so that the ratio compares like with like.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "devsets" / "factru_dev.jsonl"
TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
ROWS = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class Span:
    doc: str
    start: int
    end: int
    type: str


def _compatible(predicted: str, gold: str) -> bool:
    return predicted == gold or (gold == "LOCORG" and predicted in ("LOC", "ORG"))


def _matches(p: Span, g: Span, *, overlap: bool) -> bool:
    if p.doc != g.doc or not _compatible(p.type, g.type):
        return False
    return p.start < g.end and g.start < p.end if overlap else (p.start, p.end) == (g.start, g.end)


def score(predicted: Sequence[Span], gold: Sequence[Span], *, overlap: bool) -> dict[str, tuple[float, float, float]]:
    """(precision, recall, F1) per type and overall. A type's precision is over the mentions predicted
    with it, its recall over the gold mentions of it (LOCORG: recall only, reported on its own row)."""
    by_doc: dict[str, list[Span]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    right = {p for p in predicted if any(_matches(p, g, overlap=overlap) for g in by_doc.get(p.doc, []))}
    found = {g for g in gold if any(_matches(p, g, overlap=overlap) for p in predicted if p.doc == g.doc)}
    out = {}
    for kind in (*ROWS, "LOCORG", "all"):
        preds = [p for p in predicted if kind in ("all", p.type)]
        golds = [g for g in gold if kind in ("all", g.type)]
        precision = sum(p in right for p in preds) / len(preds) if preds else float("nan")
        recall = sum(g in found for g in golds) / len(golds) if golds else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = (precision, recall, f1)
    return out


def _report(name: str, predicted: Sequence[Span], gold: Sequence[Span]) -> None:
    exact, overlap = score(predicted, gold, overlap=False), score(predicted, gold, overlap=True)
    print(f"\n{name}: {len(predicted)} mentions predicted, {len(gold)} gold")
    print(f"{'type':8}{'exact P':>9}{'R':>7}{'F1':>7}   {'overlap P':>9}{'R':>7}{'F1':>7}")
    for kind in (*ROWS, "LOCORG", "all"):
        (ep, er, ef), (op, orr, of) = exact[kind], overlap[kind]
        print(f"{kind:8}{ep:9.3f}{er:7.3f}{ef:7.3f}   {op:9.3f}{orr:7.3f}{of:7.3f}")


def _build_spans(articles: Sequence[dict[str, object]]) -> tuple[list[Span], dict[str, set[int]]]:
    """The build's mentions as spans of the original texts, and for each text the offsets cleaning kept."""
    from analysis.pipeline import build_files

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "factru.jsonl"
        rows = (json.dumps({"id": a["id"], "text": a["text"]}, ensure_ascii=False) + "\n" for a in articles)
        path.write_text("".join(rows), encoding="utf-8")
        build_files([path], Path(scratch) / "out", workers=1)
        mentions = pd.read_parquet(Path(scratch) / "out" / "mentions.parquet")
        documents = pd.read_parquet(Path(scratch) / "out" / "documents.parquet").set_index("doc_id")
    # Cleaning takes out lines it judges boilerplate: offsets into the cleaned text are mapped back.
    maps = {str(a["id"]): _offset_map(str(documents.loc[a["id"], "text"]), str(a["text"])) for a in articles}
    spans = [
        Span(m.doc_id, maps[m.doc_id][m.start], maps[m.doc_id][m.end - 1] + 1, TYPES[m.label])
        for m in mentions.itertuples()
        if m.label in TYPES
    ]
    return spans, {doc: set(offsets) for doc, offsets in maps.items()}


def _offset_map(cleaned: str, original: str) -> list[int]:
    """For each character of ``cleaned``, its offset in ``original`` (the cleaned text is the original
    less some lines and white space, so the characters come in the same order)."""
    out = [0] * len(cleaned)
    matcher = difflib.SequenceMatcher(None, cleaned, original, autojunk=False)
    for block in matcher.get_matching_blocks():
        for i in range(block.size):
            out[block.a + i] = block.b + i
    return out


def _natasha_spans(articles: Sequence[dict[str, object]]) -> list[Span]:
    from natasha import NewsEmbedding, NewsNERTagger

    tagger = NewsNERTagger(NewsEmbedding())
    texts = [str(a["text"]) for a in articles]
    return [
        Span(str(a["id"]), s.start, s.stop, s.type)
        for a, markup in zip(articles, tagger.map(texts), strict=True)
        for s in markup.spans
    ]


def _speeds(texts: Sequence[str], *, rounds: int = 3) -> tuple[float, float]:
    """Words a second, best of ``rounds``: natasha alone, and the build's per-document entity stage
    (natasha, sentences, lemmas, canonical names) for the same texts."""
    from natasha import NewsEmbedding, NewsNERTagger

    from analysis.config import Settings
    from analysis.models import load_models
    from analysis.per_document import ENTITIES, Task, analyse_chunk, text_key

    tagger = NewsNERTagger(NewsEmbedding())
    models = load_models(Settings())
    tasks = [Task(key=text_key(t), doc_id=t[:20], text=t, parts=(ENTITIES,), language="ru") for t in texts]
    analyse_chunk(tasks[:2], models)
    words = sum(len(t.split()) for t in texts)
    alone, ours = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        list(tagger.map(list(texts)))
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        analyse_chunk(tasks, models)
        ours.append(time.perf_counter() - start)
    return words / min(alone), words / min(ours)


def _load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _gold(articles: Iterable[dict[str, object]]) -> list[Span]:
    return [
        Span(str(a["id"]), int(e["start"]), int(e["end"]), str(e["type"]))
        for a in articles
        for e in a["entities"]  # type: ignore[attr-defined]
    ]


def main(argv: Sequence[str] = sys.argv[1:]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    path = Path(argv[0]) if argv else DEFAULT
    articles = _load(path)
    gold = _gold(articles)
    built, kept = _build_spans(articles)
    _report("project build", built, gold)
    natasha = _natasha_spans(articles)
    _report("natasha alone", natasha, gold)
    # What the NER does on the text that reaches it: cleaning takes out lines it judges boilerplate
    # (bulleted lists of names, mostly), and the mentions in them with it.
    inside = [g for g in gold if g.start in kept[g.doc] and g.end - 1 in kept[g.doc]]
    print(f"\n{len(gold) - len(inside)} gold mentions lie on lines cleaning removed; on the rest:")
    _report("project build, kept lines", built, inside)
    _report("natasha alone, kept lines", [p for p in natasha if p.start in kept[p.doc]], inside)
    alone, ours = _speeds([str(a["text"]) for a in articles])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nspeed on one core (load average {load:.1f}): natasha alone {alone:,.0f} words/s, "
        f"build's entity stage {ours:,.0f} words/s, ratio {ours / alone:.2f}"
    )


if __name__ == "__main__":
    main()
