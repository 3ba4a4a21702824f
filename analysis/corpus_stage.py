"""The corpus stage: from each document's per-document results (see :mod:`analysis.per_document`) to
the tables. Everything that looks across documents happens here: canonical entity names, the alias
file, place resolution and overrides, keywords without the names, quotes with their canonical speakers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import cast

import pandas as pd

from analysis import nlp as nlp_module
from analysis import schema
from analysis.cache import ResultCache
from analysis.config import PLACE_LABELS, Settings
from analysis.entities import NameCounts, NameMerges, merge_names, normalise, read_aliases
from analysis.geo.evidence import CorpusFocus
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.online import NominatimLookup
from analysis.geo.recognise import county_list_names, dateline_starts, is_metonymy
from analysis.geo.resolve import GENERIC_RULE, Fallback, read_overrides, resolve_places
from analysis.keywords import topical_keywords
from analysis.language import RUSSIAN, document_language
from analysis.metadata import known_outlets
from analysis.outlets import names_of
from analysis.parts.entities import RUSSIAN_PLACE
from analysis.parts.quotes import QuotesPayload, document_quotes, quotes_key, quotes_of
from analysis.per_document import QUOTES, DocResult, decode, document_key, encode, quotes_fingerprint
from analysis.quotes import Quote, in_quotes
from analysis.russian import place_form
from analysis.sources import outlet_details, outlets_table, without_self_credits
from analysis.tables import Tables
from analysis.types import Document, FieldSource, Keyword, LoadError, Mention, RemovedLine

# Mentions whose names are not keywords of their document (nor fragments of them, see _keywords).
_NAME_LABELS = ("PERSON", "ORG")
_PLACE_COLUMNS = (
    "doc_id",
    "start",
    "end",
    "surface",
    "form",
    "place_id",
    "name",
    "country_code",
    "lat",
    "lon",
    "feature",
    "source",
    "rule",
    "n_candidates",
    "metonymy",
    "sent_start",
    "sent_end",
)
__all__ = ["CorpusStage", "corpus_tables", "records_frame"]


def corpus_tables(
    documents: Sequence[Document],
    results: Sequence[DocResult],
    settings: Settings,
    *,
    gazetteer: Gazetteer,
    online: NominatimLookup | None = None,
    errors: Sequence[LoadError] = (),
    cache: ResultCache | None = None,
) -> Tables:
    """The corpus stage: from each document's per-document results (in the same order) to the
    tables. Everything that looks across documents happens here: canonical entity names, the
    alias file, place resolution and overrides, the outlet mix. Quotes found before for the same
    text and canonical names are taken from ``cache``, and those found here are added to it."""
    stage = CorpusStage(settings, gazetteer=gazetteer, online=online, cache=cache)
    stage.survey(documents, results)
    frames = stage.frames(documents, results)
    return Tables.from_frames(
        {**frames, "outlets": outlets_table(frames["documents"]), "errors": records_frame(errors, LoadError)}
    )


class CorpusStage:
    """The corpus stage over a corpus given as chunks of whole documents (with their per-document
    results), in corpus order: :meth:`survey` every chunk, then :meth:`frames` every chunk. The survey
    keeps only what looks across documents (distinct names and their counts, the countries the
    corpus' places point to), so it grows with the corpus' vocabulary, not with its size.

    With a ``cache``, each document's quotes are taken from it when its text and canonical names
    are those of a document seen before; ``quotes`` counts the documents whose quotes were
    ``computed`` and ``reused``."""

    def __init__(
        self,
        settings: Settings,
        *,
        gazetteer: Gazetteer,
        online: NominatimLookup | None = None,
        cache: ResultCache | None = None,
    ) -> None:
        self._gazetteer = gazetteer
        self._name_language = settings.name_language
        self._keyword_top = settings.keyword_top
        # Demonyms from the shipped list, not NORP mentions: keywords do not change with the entity labels.
        self._demonyms = tuple(nlp_module.demonyms())
        self._cache = cache
        self._quotes_fingerprint = quotes_fingerprint(settings) if cache is not None else ""
        self.quotes = {"computed": 0, "reused": 0}
        aliases = {normalise(name).casefold(): o.name for o in known_outlets() for name in o.aliases}
        self._aliases = aliases | (read_aliases(settings.aliases) if settings.aliases else {})
        self._overrides = read_overrides(settings.place_overrides) if settings.place_overrides else {}
        self._fallback = online.lookup_with_reason if online else None
        self._names = NameCounts()
        self._focus = CorpusFocus()
        self._merges: NameMerges | None = None

    def survey(self, documents: Sequence[Document], results: Sequence[DocResult]) -> None:
        """Take in one chunk."""
        mentions = _mentions(documents, results)
        self._names.add(mentions)
        places = [m for m in mentions if _is_place(m, self._gazetteer)]
        self._focus.add(places, self._gazetteer, outlets={d.doc_id: d.outlet for d in documents if d.outlet})

    def frames(self, documents: Sequence[Document], results: Sequence[DocResult]) -> dict[str, pd.DataFrame]:
        """The rows of every table but ``outlets`` and ``errors`` for one chunk, conformed to the contract."""
        if self._merges is None:
            self._merges = self._names.merges(name_language=self._name_language)
        mentions = _merged_mentions(documents, results, self._merges, aliases=self._aliases)
        texts = {d.doc_id: d.text for d in documents}
        home = {d.doc_id: country for d in documents if (country := outlet_details(d.outlet)[0])}
        places, mentions = _places(
            mentions, self._gazetteer, texts=texts, overrides=self._overrides, fallback=self._fallback,
            focus=self._focus, home=home, outlets={d.doc_id: d.outlet for d in documents if d.outlet},
            russian={d.doc_id for d in documents if document_language(d) == RUSSIAN},
        )  # fmt: skip
        sentences = [
            (d.doc_id, i, s, e) for d, r in zip(documents, results, strict=True) for i, (s, e) in enumerate(r.sentences)
        ]
        keywords = self._keywords(documents, results, mentions)
        spans, quotes = self._quotes(documents, results, mentions)
        quotes = without_self_credits(quotes, {d.doc_id: d.outlet for d in documents})
        places["quoted"] = [
            in_quotes(spans[cast(str, doc_id)], cast(int, start), cast(int, end))
            for doc_id, start, end in zip(places["doc_id"], places["start"], places["end"], strict=True)
        ]
        frames = {
            "documents": _documents_frame(documents),
            "provenance": _owned_frame(documents, [d.provenance for d in documents], FieldSource),
            "boilerplate": _owned_frame(documents, [d.removed for d in documents], RemovedLine),
            "sentences": pd.DataFrame(sentences, columns=["doc_id", "sent_id", "start", "end"]),
            "mentions": records_frame(mentions, Mention),
            "keywords": records_frame(keywords, Keyword),
            "places": pd.DataFrame(places),
            "quotes": records_frame(quotes, Quote),
        }
        return {name: schema.conform(frame, name) for name, frame in frames.items()}

    def _keywords(
        self, documents: Sequence[Document], results: Sequence[DocResult], mentions: list[Mention]
    ) -> list[Keyword]:
        """Each document's first ``keyword_top`` keyword candidates that are not fragments of the names
        recognised in it nor its outlet's name (see :func:`analysis.keywords.topical_keywords`)."""
        names: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            if m.label in _NAME_LABELS:
                names[m.doc_id, m.label].update((m.surface, m.entity) if m.entity else (m.surface,))
        return [
            keyword
            for d, r in zip(documents, results, strict=True)
            for keyword in topical_keywords(
                [(k.keyword, k.score) for k in r.keywords],
                doc_id=d.doc_id,
                top=self._keyword_top,
                persons=names[d.doc_id, "PERSON"],
                organisations=names[d.doc_id, "ORG"],
                groups=self._demonyms,
                outlet_names=names_of(d.outlet),
                text=d.text,
            )
        ]

    def _quotes(
        self, documents: Sequence[Document], results: Sequence[DocResult], mentions: list[Mention]
    ) -> tuple[dict[str, list[tuple[int, int]]], list[Quote]]:
        """Each document's quoted spans, and the quoted and reported statements of all, attributed
        with their canonical mentions: from the cache when it has them for the same text and names."""
        by_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_doc[m.doc_id].append(m)
        # The document's key, not only its text's: its language decides which quotation rules read it.
        keys = [quotes_key(document_key(d), by_doc[d.doc_id]) for d in documents]
        stored: dict[str, QuotesPayload] = {}
        if self._cache is not None:
            for key, text in self._cache.get(QUOTES, self._quotes_fingerprint, keys).items():
                cached = decode(QUOTES, text)
                if isinstance(cached, QuotesPayload):
                    stored[key] = cached
        fresh: dict[str, QuotesPayload] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        quotes: list[Quote] = []
        for d, r, key in zip(documents, results, keys, strict=True):
            payload = stored[key] if key in stored else fresh.get(key)
            if payload is None:
                payload = fresh[key] = document_quotes(
                    d.text, mentions=by_doc[d.doc_id], sentences=r.sentences, language=document_language(d)
                )
                self.quotes["computed"] += 1
            else:
                self.quotes["reused"] += 1
            spans[d.doc_id], found = quotes_of(d.text, payload, doc_id=d.doc_id)
            quotes += found
        if self._cache is not None and fresh:
            self._cache.put(
                QUOTES, self._quotes_fingerprint, [(key, encode(payload)) for key, payload in fresh.items()]
            )
        return spans, quotes


def _merged_mentions(
    documents: Sequence[Document], results: Sequence[DocResult], merges: NameMerges, *, aliases: Mapping[str, str]
) -> list[Mention]:
    """What :func:`merge_names` makes of :func:`_mentions`, renaming each distinct name once (it
    renames a mention by its label, name and surface alone)."""
    renamed: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    out = []
    for d, r in zip(documents, results, strict=True):
        text, doc_id = d.text, d.doc_id
        for m in r.mentions:
            surface = text[m.start : m.end]
            name = (m.label, m.entity, m.merge_rule, surface)
            found = renamed.get(name)
            if found is None:
                mention = Mention(
                    doc_id, m.start, m.end, surface, m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule
                )
                merged = merge_names([mention], merges, aliases=aliases)[0]
                found = renamed[name] = (merged.entity, merged.merge_rule)
            out.append(Mention(doc_id, m.start, m.end, surface, m.label, m.sent_start, m.sent_end, *found))
    return out


def _mentions(documents: Sequence[Document], results: Sequence[DocResult]) -> list[Mention]:
    """Each document's mentions as named within it (what :func:`analysis.entities.document_names` made of them)."""
    return [
        Mention(
            d.doc_id, m.start, m.end, d.text[m.start : m.end], m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule
        )
        for d, r in zip(documents, results, strict=True)
        for m in r.mentions
    ]


def _places(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    *,
    texts: Mapping[str, str],
    overrides: Mapping[str, str],
    fallback: Fallback | None,
    focus: CorpusFocus,
    home: Mapping[str, str],
    outlets: Mapping[str, str],
    russian: Collection[str],
) -> tuple[dict[str, list[object]], list[Mention]]:
    """Resolve place mentions and give resolved ones the gazetteer's name as their entity: the columns
    of the places table but for whether each was said in a quotation (``quoted``, which the caller
    adds once it has the quotes). A place's ``form`` is its name as written in the dictionary form: in
    the documents of ``russian`` (doc ids) mostly the nominative (Степанакерта -> Степанакерт, see
    :func:`analysis.russian.place_form`), so the Naming view counts one name, not one per case; elsewhere
    the surface itself."""
    # A Russian place name is looked up by the gazetteer's name for it (Степанакерта -> Khankendi / Stepanakert).
    place_mentions = [
        Mention(m.doc_id, m.start, m.end, m.entity, m.label, m.sent_start, m.sent_end, m.entity, m.merge_rule)
        if m.merge_rule == RUSSIAN_PLACE
        else m
        for m in mentions
        if _is_place(m, gazetteer)
    ]
    resolutions = iter(
        resolve_places(
            place_mentions,
            gazetteer,
            overrides=overrides,
            fallback=fallback,
            focus=focus,
            home=home,
            outlets=outlets,
            datelines={doc_id: dateline_starts(text) for doc_id, text in texts.items()},
            counties={
                doc_id: {start: county for start, (_, county) in county_list_names(text, gazetteer.lookup).items()}
                for doc_id, text in texts.items()
            },
            texts=texts,
            dateline_towns={doc_id: dateline_starts(text, regions=False) for doc_id, text in texts.items()},
        )
    )
    rows: list[tuple[object, ...]] = []
    out = []
    for m in mentions:
        if not _is_place(m, gazetteer):
            out.append(m)
            continue
        resolution = next(resolutions)
        entry = resolution.entry
        if resolution.rule == GENERIC_RULE:
            # "the West" stays an entity mention, but it is not a place to map.
            out.append(m)
            continue
        if entry is not None and m.merge_rule != "alias file" and m.label in PLACE_LABELS:
            m = m.renamed(entry.name, "gazetteer")
        out.append(m)
        rows.append(
            (
                m.doc_id,
                m.start,
                m.end,
                m.surface,
                place_form(m.surface) if m.doc_id in russian else m.surface,
                entry.place_id if entry else None,
                entry.name if entry else None,
                entry.country_code if entry else None,
                entry.lat if entry else float("nan"),
                entry.lon if entry else float("nan"),
                entry.feature if entry else None,
                entry.source if entry else None,
                resolution.rule,
                resolution.n_candidates,
                is_metonymy(texts[m.doc_id], m.end),
                m.sent_start,
                m.sent_end,
            )
        )
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in _PLACE_COLUMNS]
    return dict(zip(_PLACE_COLUMNS, columns, strict=True)), out


def _is_place(m: Mention, gazetteer: Gazetteer) -> bool:
    """A place mention, or a group named by its place's people ("Iraqis"): that group stays a group
    among the entities, and its place goes on the map."""
    return m.label in PLACE_LABELS or (m.label == "NORP" and bool(gazetteer.demonym(m.surface)))


def _documents_frame(documents: Sequence[Document]) -> pd.DataFrame:
    rows = []
    for d in documents:
        country, kind = outlet_details(d.outlet)
        rows.append(
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "outlet": d.outlet,
                "outlet_country": country,
                "outlet_type": kind,
                "published": pd.Timestamp(d.published) if d.published else None,
                "date_precision": d.date_precision,
                "author": d.author,
                "url": d.url,
                "bureau": d.bureau,
                "language": document_language(d),
                "source": d.source,
                "n_words": len(d.text.split()),
                "text": d.text,
            }
        )
    return pd.DataFrame(rows)


def records_frame(records: Sequence[object], kind: type) -> pd.DataFrame:
    """Records of one dataclass as a frame, built column by column (much faster than row dicts)."""
    names = [f.name for f in fields(kind)]
    return pd.DataFrame({name: list(map(attrgetter(name), records)) for name in names}, columns=names)


def _owned_frame(documents: Sequence[Document], records: Sequence[Sequence[object]], kind: type) -> pd.DataFrame:
    """Each document's ``records`` (of one dataclass) as a frame, with the document's id first."""
    frame = records_frame([r for owned in records for r in owned], kind)
    frame.insert(0, "doc_id", [d.doc_id for d, owned in zip(documents, records, strict=True) for _ in owned])
    return frame
