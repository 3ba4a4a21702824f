"""Immutable records passed between the analysis modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldSource:
    """How one metadata field of a document was found (e.g. from the manifest or a byline)."""

    field: str
    method: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner took out of an article, with the rule that matched it."""

    line_no: int
    line: str
    rule: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its cleaned text and metadata.

    ``published`` is the first day of the known period; ``date_precision`` says
    whether that period is a day, a month or a year, so a month-only date never
    pretends to know the day. ``language`` is an ISO 639-1 code, given or detected (None when
    the document was made by hand: the pipeline detects it then).
    """

    doc_id: str
    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    date_precision: str | None = None
    author: str | None = None
    url: str | None = None
    bureau: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    provenance: tuple[FieldSource, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class LoadError:
    """An input that could not be analysed: which one and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents that loaded, and the inputs that did not."""

    documents: tuple[Document, ...] = ()
    errors: tuple[LoadError, ...] = ()

    @classmethod
    def concat(cls, parts: Iterable[Corpus]) -> Corpus:
        """One corpus from many, built in one pass (adding them one by one would copy quadratically)."""
        parts = list(parts)
        return cls(
            documents=tuple(d for p in parts for d in p.documents), errors=tuple(e for p in parts for e in p.errors)
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention: character offsets into the document's cleaned text."""

    doc_id: str
    start: int
    end: int
    surface: str
    label: str
    sent_start: int
    sent_end: int
    entity: str = ""
    merge_rule: str = ""

    def renamed(self, entity: str, merge_rule: str, *, label: str | None = None) -> Mention:
        """This mention with another canonical entity (and label): what canonicalising does to
        every mention, so built directly (``dataclasses.replace`` takes three times as long)."""
        return Mention(
            self.doc_id,
            self.start,
            self.end,
            self.surface,
            self.label if label is None else label,
            self.sent_start,
            self.sent_end,
            entity,
            merge_rule,
        )


@dataclass(frozen=True, slots=True)
class Keyword:
    """A YAKE keyword of one document. Lower ``score`` is better; higher ``weight`` is better."""

    doc_id: str
    keyword: str
    score: float
    rank: int
    weight: float


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows."""

    place_id: str
    name: str
    country_code: str
    lat: float
    lon: float
    feature: str
    population: int
    source: str
    # The place ids of the first- and second-level divisions it lies in ("" where unknown).
    admin1: str = ""
    admin2: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The gazetteer's answer for one place name in its context."""

    entry: GazetteerEntry | None
    rule: str
    n_candidates: int
    margin: float = 0.0
    candidates: tuple[str, ...] = field(default=())
