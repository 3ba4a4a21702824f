"""Scoring quote extraction against gold: is each quotation found, and is it credited to the right voice?

Gold names each statement by a snippet of its text (unique in its document) and
its speaker: a canonical entity (``named``), a description such as "informed
sources", or ``unattributed``. A prediction finds a gold statement when its span
overlaps the snippet, and credits it rightly when its speaker matches.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.quotes import UNATTRIBUTED


@dataclass(frozen=True, slots=True)
class GoldQuote:
    doc_id: str
    snippet: str
    speaker: str
    named: bool
    kind: str


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Detection and attribution, each as precision and recall, plus how often the kind is right."""

    n_gold: int
    n_predicted: int
    precision: float
    recall: float
    speaker_precision: float
    speaker_recall: float
    kind_accuracy: float
    misses: tuple[str, ...]


def read_gold(path: str | Path) -> list[GoldQuote]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rows.append(GoldQuote(**{k: record[k] for k in ("doc_id", "snippet", "speaker", "named", "kind")}))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"{path}:{number}: a gold quote needs doc_id, snippet, speaker, named and kind") from err
    return rows


def score_quotes(quotes: pd.DataFrame, gold: Sequence[GoldQuote], *, texts: Mapping[str, str]) -> QuoteScores:
    """Score the ``quotes`` table against ``gold`` for the documents in ``texts``."""
    predicted = quotes[quotes["doc_id"].isin(texts)].reset_index(drop=True)
    found = right = kind_right = 0
    useful: set[int] = set()
    credited: set[int] = set()
    misses = []
    for g in gold:
        text = texts[g.doc_id]
        start = text.find(g.snippet)
        if start < 0:
            raise InputError(f"gold snippet {g.snippet!r} is not in document {g.doc_id!r}")
        end = start + len(g.snippet)
        hits = predicted.index[
            (predicted["doc_id"] == g.doc_id) & (predicted["start"] < end) & (predicted["end"] > start)
        ].tolist()
        useful.update(hits)
        good = [i for i in hits if _same_speaker(predicted.loc[i], g)]
        credited.update(good)
        found += bool(hits)
        right += bool(good)
        kind_right += any(predicted.at[i, "kind"] == g.kind for i in hits)
        if not good:
            said = ", ".join(_voice(predicted.loc[i]) for i in hits) or "not found"
            misses.append(f"{g.doc_id} {g.snippet[:40]!r}: gold {g.speaker!r}, predicted {said}")
    n_predicted = len(predicted)
    return QuoteScores(
        n_gold=len(gold),
        n_predicted=n_predicted,
        precision=len(useful) / n_predicted if n_predicted else 0.0,
        recall=found / len(gold) if gold else 0.0,
        speaker_precision=len(credited) / n_predicted if n_predicted else 0.0,
        speaker_recall=right / len(gold) if gold else 0.0,
        kind_accuracy=kind_right / found if found else 0.0,
        misses=tuple(misses),
    )


def _voice(row: pd.Series) -> str:
    return str(row["speaker"] if pd.isna(row["speaker_entity"]) else row["speaker_entity"])


def _same_speaker(row: pd.Series, gold: GoldQuote) -> bool:
    entity = row["speaker_entity"]
    if gold.named:
        return not pd.isna(entity) and str(entity) == gold.speaker
    if gold.speaker == UNATTRIBUTED:
        return row["speaker"] == UNATTRIBUTED
    return pd.isna(entity) and set(gold.speaker.casefold().split()) <= set(str(row["speaker"]).casefold().split())
