"""``analyze``: the single orchestration point from a corpus to the tidy tables.

It orchestrates a build two ways, in memory (``build``) and streamed from a spool a chunk at a time
(``build_files``, with its up-to-date check), and holds the per-document stage's planning, running and
storing that both share. The corpus stage is in ``corpus_stage.py``, the manifest in ``manifest.py``, the
models are loaded in ``models.py``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd
from spacy.language import Language

from analysis import schema
from analysis.cache import ResultCache
from analysis.config import Settings
from analysis.corpus_stage import CorpusStage, corpus_tables, records_frame
from analysis.engine import ChunkResult, Engine, check_engine, chunk_size, chunked, default_workers, open_engine
from analysis.errors import SettingsError
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.online import NominatimLookup
from analysis.language import document_language
from analysis.loading import stream_corpus
from analysis.manifest import build_key, manifest_from_counts, unread_values
from analysis.models import load_gazetteer, load_models, load_online, stage_settings
from analysis.per_document import (
    ENTITIES,
    PARTS,
    DocResult,
    Payload,
    Task,
    decode,
    document_key,
    encode,
    part_fingerprints,
)
from analysis.sources import outlets_table
from analysis.spool import Spool
from analysis.storage import TableWriter, built_with
from analysis.tables import Tables
from analysis.types import Corpus, Document, LoadError

Progress = Callable[[int, int], object]
DOCUMENTS_PER_WORKER = 50
# Documents the corpus stage of build_files() holds at a time; each chunk is a row group of every table.
CORPUS_CHUNK = 1000
_PLAN_BATCH = 500
# What the outlet mix needs of every document: kept for the whole corpus, these columns only.
_OUTLET_COLUMNS = ("doc_id", "outlet", "outlet_country", "outlet_type", "n_words")
__all__ = [
    "Build",
    "Written",
    "analyze",
    "build",
    "build_files",
]


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
            found[part] = {key: decode(part, text) for key, text in cache.get(part, fingerprints[part], unique).items()}
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
                errors_frame = schema.conform(records_frame(errors, LoadError), "errors")
                writer.append(
                    {
                        "outlets": schema.conform(outlets_table(pd.concat(outlets, ignore_index=True)), "outlets"),
                        "errors": errors_frame,
                    }
                )
                manifest = manifest_from_counts(
                    writer.counts, errors_frame, settings, inputs=inputs, nlp=None, unread=unread
                )
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
        part: {key: decode(part, text) for key, text in cache.get(part, fingerprints[part], keys).items()}
        for part in parts
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
