"""Scoring quote extraction against gold: is each quotation found, and is it credited to the right voice?

Gold names each statement by a snippet of its text (unique in its document) and
its speaker: a canonical entity (``named``), a description such as "informed
sources", or ``unattributed``. A prediction finds a gold statement when its span
overlaps the snippet, and credits it rightly when its speaker matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
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


# The cues of plain reported speech: a statement introduced by one of these is what the extractor
# is for, unlike beliefs, plans or polls that "show", which the annotated corpora count as well.
SPEECH_CUES = frozenset(
    "said says say saying told tell tells telling wrote write writes writing added add adds adding according "
    "noted notes noting stated states stating explained explains argued argues arguing insisted insists claimed "
    "claims claiming announced announces warned warns asked asks responded replied tweeted acknowledged "
    "emphasized stressed".split()
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One annotated statement: its content (in pieces when its attribution splits it), source and cue."""

    doc_id: str
    content: str
    pieces: tuple[str, ...]
    source: str | None
    cue: str | None
    direct: bool

    @property
    def speech(self) -> bool:
        """Reported speech worth finding: indirect, four words or more, introduced by a plain speech cue."""
        cue_words = set(_WORD.findall((self.cue or "").casefold()))
        return not self.direct and len(self.content.split()) >= 4 and bool(cue_words & SPEECH_CUES)


@dataclass(frozen=True, slots=True)
class AttributionScores:
    """Found (recall) by class, outputs inside an annotated statement (precision), speakers right."""

    n_predicted: int
    precision: float
    recall: dict[str, tuple[int, int]]
    source_right: dict[str, tuple[int, int]]
    misses: tuple[str, ...]
    extras: tuple[str, ...]


def read_attributions(path: str | Path) -> list[Attribution]:
    """Annotated statements from a JSON-lines file of ``{"id", "text", "attributions": [...]}`` (the
    development sets' format: content, source and cue spans; a content in pieces lists ``fragments``)."""
    rows = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                for a in record["attributions"]:
                    pieces = tuple(f["text"] for f in a.get("fragments") or [a["content"]])
                    rows.append(
                        Attribution(
                            doc_id=record["id"],
                            content=a["content"]["text"],
                            pieces=pieces,
                            source=(a.get("source") or {}).get("text"),
                            cue=(a.get("cue") or {}).get("text"),
                            direct=bool(a["direct"]),
                        )
                    )
            except (ValueError, KeyError, TypeError) as err:
                message = f"{path}:{number}: an annotated article needs id and attributions with content"
                raise InputError(message) from err
    return rows


def score_attributions(quotes: pd.DataFrame, gold: Sequence[Attribution]) -> AttributionScores:
    """Score the ``quotes`` table against annotated statements, matching by words, not offsets (cleaning
    may move them): an output finds a statement when the longest runs of words it shares with the
    statement's pieces cover at least half of the statement's words; an output is right (precision)
    when at least half of its words lie in one run shared with an annotated statement of its document.
    The speaker is right when the last word of the speaker (as written or resolved) is among the
    source's words or the other way round; a statement without a source wants ``unattributed``."""
    by_doc: dict[str, list[Attribution]] = {}
    for g in gold:
        by_doc.setdefault(g.doc_id, []).append(g)
    predicted = quotes[quotes["doc_id"].isin(by_doc)]
    outputs: dict[str, list[tuple[list[str], str, str | None]]] = {}
    for row in predicted.itertuples():
        entity = None if pd.isna(row.speaker_entity) else str(row.speaker_entity)
        outputs.setdefault(str(row.doc_id), []).append((_words(str(row.quote)), str(row.speaker), entity))
    extras = []
    for doc_id, found in outputs.items():
        contents = [_words(g.content) for g in by_doc[doc_id]]
        extras += [
            f"{doc_id} {' '.join(words)[:110]!r}"
            for words, _, _ in found
            if not any(2 * _run(words, c) >= len(words) for c in contents)
        ]
    recall: dict[str, list[int]] = {}
    right: dict[str, list[int]] = {}
    misses = []
    for g in gold:
        pieces = [_words(p) for p in g.pieces]
        need = sum(map(len, pieces))
        best = max(
            ((sum(_run(w, p) for p in pieces), speaker, entity) for w, speaker, entity in outputs.get(g.doc_id, ())),
            default=(0, UNATTRIBUTED, None),
            key=lambda found: found[0],
        )
        hit = need > 0 and 2 * best[0] >= need
        good = hit and _source_matches(g.source, best[1], best[2])
        for name in _classes(g):
            recall.setdefault(name, [0, 0])
            right.setdefault(name, [0, 0])
            recall[name][0] += hit
            recall[name][1] += 1
            right[name][0] += good
            right[name][1] += hit
        if (g.direct or g.speech) and not good:
            said = f"{best[1]} ({best[2]})" if hit else "not found"
            kind = "direct" if g.direct else "speech"
            misses.append(f"{g.doc_id} {kind} {g.content[:70]!r}: source {g.source!r}, {said}")
    n_predicted = len(predicted)
    return AttributionScores(
        n_predicted=n_predicted,
        precision=1 - len(extras) / n_predicted if n_predicted else 0.0,
        recall={k: (v[0], v[1]) for k, v in recall.items()},
        source_right={k: (v[0], v[1]) for k, v in right.items()},
        misses=tuple(misses),
        extras=tuple(extras),
    )


def _classes(g: Attribution) -> list[str]:
    return ["all", "direct" if g.direct else "indirect", *(["speech"] if g.speech else [])]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _run(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest run of words ``a`` and ``b`` share."""
    if not a or not b or not set(a) & set(b):
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _source_matches(source: str | None, speaker: str, entity: str | None) -> bool:
    if source is None:
        return speaker == UNATTRIBUTED
    if speaker == UNATTRIBUTED:
        return False
    gold = _words(source)
    for said in (speaker, entity):
        words = _words(said or "")
        if words and gold and (words[-1] in gold or gold[-1] in words):
            return True
    return False
