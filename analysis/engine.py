"""Engines that run the per-document stage: in this process, on a local process pool, or on Dask.

Every engine runs the same function (:func:`analysis.per_document.analyse_in_worker`)
on chunks of a few hundred documents, keeps a bounded number of chunks in flight
(the corpus is streamed to the workers, never copied to them whole) and yields
each chunk's plain-tuple results as it completes. Workers load the model and the
gazetteer once, on their first chunk, and keep them. Which engine ran changes
nothing in the tables: the caller puts results back in document order.

This is the only module that imports dask/distributed, and only when the Dask
engine is asked for.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import logging
import math
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from analysis.config import Settings
from analysis.errors import SettingsError
from analysis.models import Models, worker_models
from analysis.per_document import Payload, Task, analyse_chunk, analyse_in_worker

ENGINES = ("local", "dask")
MAX_CHUNK = 200
# Chunks queued per worker beyond the one it is working on: enough to keep it busy, few enough
# that the texts waiting in queues stay a small, fixed share of the corpus.
_QUEUED_PER_WORKER = 2

ChunkResult = list[tuple[str, dict[str, Payload]]]


class Engine(Protocol):
    """Runs chunks of per-document tasks somewhere and yields their results as they complete."""

    workers: int

    def map(self, chunks: Iterable[Sequence[Task]]) -> Iterator[ChunkResult]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def chunk_size(n_tasks: int, workers: int) -> int:
    """A few hundred documents at most, and small enough that every worker gets several chunks."""
    return max(1, min(MAX_CHUNK, math.ceil(n_tasks / (workers * 4))))


def chunked(tasks: Iterable[Task], size: int) -> Iterator[Sequence[Task]]:
    """``tasks`` ``size`` at a time, read as the chunks are asked for (a spooled corpus is never listed whole)."""
    remaining = iter(tasks)
    while chunk := list(itertools.islice(remaining, size)):
        yield chunk


def open_engine(
    name: str,
    settings: Settings,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    models: Models | None = None,
) -> Engine:
    """The engine called ``name``: ``local`` (this process when ``workers`` is 1, else a process pool)
    or ``dask`` (the cluster at ``scheduler``, else a local cluster of ``workers`` single-threaded
    processes). ``models`` are used by the in-process engine instead of loading new ones."""
    check_engine(name, workers=workers, scheduler=scheduler)
    workers = workers or default_workers()
    if name == "dask":
        return DaskEngine(settings, workers=workers, scheduler=scheduler)
    if workers == 1:
        return InProcess(settings, models=models)
    return LocalPool(settings, workers=workers)


def check_engine(name: str, *, workers: int | None, scheduler: str | None) -> None:
    """Raise :class:`SettingsError` for an engine that cannot be opened as asked."""
    if name not in ENGINES:
        raise SettingsError(f"`engine` = {name!r} is invalid; must be one of {ENGINES}")
    if workers is not None and workers < 1:
        raise SettingsError(f"`workers` = {workers!r} is invalid; must be at least 1")
    if scheduler and name != "dask":
        raise SettingsError(f"`scheduler` = {scheduler!r} needs the dask engine; `engine` is {name!r}")


class _Closing:
    def close(self) -> None:
        """Release the engine's workers."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class InProcess(_Closing):
    """No pool: chunks run one after another in this process, with models loaded once."""

    workers = 1

    def __init__(self, settings: Settings, *, models: Models | None = None) -> None:
        self._settings = settings
        self._models = models

    def map(self, chunks: Iterable[Sequence[Task]]) -> Iterator[ChunkResult]:
        for chunk in chunks:
            if self._models is None:
                self._models = worker_models(self._settings)
            yield analyse_chunk(chunk, self._models)


class LocalPool(_Closing):
    """A pool of ``workers`` processes on this machine, each loading the model and gazetteer once."""

    def __init__(self, settings: Settings, *, workers: int) -> None:
        self.workers = workers
        self._settings = settings
        # Fresh interpreters rather than forks: the parent may hold threads (Arrow, SQLite) that a fork would copy
        # mid-state.
        self._pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, chunks: Iterable[Sequence[Task]]) -> Iterator[ChunkResult]:
        pending: set[cf.Future[ChunkResult]] = set()
        limit = self.workers * (1 + _QUEUED_PER_WORKER)
        for chunk in chunks:
            pending.add(self._pool.submit(analyse_in_worker, list(chunk), self._settings))
            if len(pending) >= limit:
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(_Closing):
    """Dask distributed: the cluster at ``scheduler`` (``tcp://host:port``), or a local cluster of
    ``workers`` single-threaded worker processes on 127.0.0.1."""

    def __init__(self, settings: Settings, *, workers: int, scheduler: str | None = None) -> None:
        from distributed import Client, LocalCluster

        self._settings = settings
        self._cluster: Any = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self.workers = max(1, sum(self._client.nthreads().values()))

    @property
    def address(self) -> str:
        """The scheduler's address, for other clients (``--scheduler``)."""
        return str(self._client.scheduler.address)

    def map(self, chunks: Iterable[Sequence[Task]]) -> Iterator[ChunkResult]:
        from distributed import as_completed

        limit = self.workers * (1 + _QUEUED_PER_WORKER)
        running = as_completed()
        in_flight = 0
        for chunk in chunks:
            running.add(self._client.submit(analyse_in_worker, list(chunk), self._settings, pure=False))
            in_flight += 1
            if in_flight >= limit:
                yield next(running).result()
                in_flight -= 1
        for future in running:
            yield future.result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
