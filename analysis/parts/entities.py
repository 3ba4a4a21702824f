"""The ``entities`` part: a text's sentences and entity mentions, each with its name as written in the
document (see :func:`analysis.entities.document_names`).

English texts go through spaCy's NER with the entity ruler (fed with the region's places and the known
outlets, :func:`ruler_places` and :func:`ruler_organisations`), plus places recognised from their
context; Russian texts through natasha, their places named as the gazetteer names them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from spacy.language import Language

from analysis.config import PLACE_LABELS, Settings
from analysis.entities import document_names, extract_mentions
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.recognise import add_context_places
from analysis.metadata import known_outlets
from analysis.nlp import parse
from analysis.russian import RussianParse, RussianPipeline
from analysis.types import Mention

# The merge rule of a Russian place mention named by the gazetteer's name for it.
RUSSIAN_PLACE = "Russian place name"


class MentionRecord(NamedTuple):
    """One mention as the cache keeps it: the surface is text[start:end]; ``entity`` is the name as written
    in the document, ``label`` what it is taken for there."""

    start: int
    end: int
    label: str
    sent_start: int
    sent_end: int
    entity: str
    merge_rule: str

    @classmethod
    def of(cls, m: Mention) -> MentionRecord:
        return cls(m.start, m.end, m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule)


class EntitiesPayload(NamedTuple):
    """The ``entities`` part of one text: its sentences' (start, end) and its mentions."""

    sentences: list[tuple[int, int]]
    mentions: list[MentionRecord]

    @classmethod
    def decode(cls, value: list) -> EntitiesPayload:
        """The payload from its JSON form (lists for tuples)."""
        sentences, mentions = value
        return cls([(s, e) for s, e in sentences], [MentionRecord(*m) for m in mentions])


def ruler_places(settings: Settings, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """The place names the entity ruler is fed: the gazetteer's for the settings' region countries."""
    return gazetteer.ruler_names(settings.region_countries)


def ruler_organisations() -> tuple[str, ...]:
    """The organisation names the pipelines are told of: every known outlet's name and aliases."""
    return tuple(name for outlet in known_outlets() for name in (outlet.name, *outlet.aliases))


def english_entities(
    texts: Sequence[str], *, doc_ids: Sequence[str], nlp: Language, gazetteer: Gazetteer, settings: Settings
) -> Iterator[EntitiesPayload]:
    """The payload of each text, in order, parsed with ``nlp`` in batches; ``doc_ids`` name them in log messages."""
    docs = parse(nlp, iter(texts), batch_size=settings.batch_size)
    for text, doc_id, doc in zip(texts, doc_ids, docs):
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        found = extract_mentions(doc, doc_id=doc_id, labels=settings.labels)
        if set(PLACE_LABELS) & set(settings.labels):
            found = add_context_places(text, found, doc_id=doc_id, sentences=sentences, lookup=gazetteer.lookup)
        named = document_names(found, is_place=lambda name: bool(gazetteer.lookup(name)))
        yield EntitiesPayload(sentences, [MentionRecord.of(m) for m in named])


def russian_entities(
    text: str,
    parsed: RussianParse,
    *,
    doc_id: str,
    pipeline: RussianPipeline,
    labels: Sequence[str],
) -> EntitiesPayload:
    """The payload of a Russian text: natasha's mentions named by their dictionary form, and the region's
    places by the name the gazetteer knows them by (merge rule ``RUSSIAN_PLACE``), which the places stage
    resolves, so that Степанакерта and Stepanakert are one."""
    sentences = parsed.sentences
    starts = [start for start, _ in sentences]
    found = []
    names: dict[tuple[int, int], str] = {}
    for entity in parsed.entities:
        if entity.label not in labels:
            continue
        sent_start, sent_end = sentences[max(bisect.bisect_right(starts, entity.start) - 1, 0)]
        surface = text[entity.start : entity.end]
        end = max(sent_end, entity.end)
        found.append(Mention(doc_id, entity.start, entity.end, surface, entity.label, sent_start, end))
        names[entity.start, entity.end] = entity.name

    def is_place(name: str) -> bool:
        return pipeline.english_place(name) is not None

    named = document_names(found, is_place=is_place, name_of=lambda m: names[m.start, m.end])
    mentions = []
    for m in named:
        english = pipeline.english_place(m.entity) if m.label in PLACE_LABELS else None
        if english is not None:
            # The name the gazetteer is asked (the places stage then names the place it resolves to).
            m = m.renamed(english, RUSSIAN_PLACE)
        mentions.append(MentionRecord.of(m))
    return EntitiesPayload(sentences, mentions)
