"""A streamed build's documents, spooled in corpus order to a temporary SQLite file.

The command line reads its inputs once, into the spool, then reads the documents
back a chunk at a time: the texts the result cache lacks go to the workers, and
the corpus stage passes over the corpus twice (once for what needs all of it,
once to make the tables). The build process so holds a chunk of documents at a
time, never the corpus. The file is private to one build and deleted after it,
so nothing in it needs to survive a crash: no journal, no sync.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from analysis.errors import CacheError
from analysis.per_document import document_key
from analysis.types import Document

_SCHEMA = (
    "CREATE TABLE documents (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, record BLOB NOT NULL)",
    "CREATE TABLE texts (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, n INTEGER NOT NULL)",
    "CREATE TABLE tasks (seq INTEGER PRIMARY KEY, parts TEXT NOT NULL, n INTEGER NOT NULL)",
)


class Spool:
    """Documents in the order they were added, by position; and which distinct texts still need which
    per-document parts (the build's plan for its workers)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            for statement in _SCHEMA:
                self._db.execute(statement)
        except sqlite3.Error as err:
            raise CacheError(f"cannot create the build's document spool {str(self.path)!r}: {err}") from err
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, documents: Iterable[Document]) -> None:
        """Append documents after those already added."""
        rows = []
        for document in documents:
            self._count += 1
            rows.append((self._count, document_key(document), pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)))
        self._write("INSERT INTO documents (seq, key, record) VALUES (?, ?, ?)", rows)

    def chunks(self, size: int) -> Iterator[list[Document]]:
        """Every document in order, ``size`` at a time."""
        for rows in self._pages("SELECT seq, record FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", size):
            yield [pickle.loads(record) for _, record in rows]

    def texts(self, size: int) -> Iterator[list[tuple[int, str, int]]]:
        """Each distinct text once, in the order of its first document, ``size`` at a time: that
        document's position, the text's key and how many documents share it."""
        with self._db:
            self._db.execute("DELETE FROM texts")
            self._db.execute(
                "INSERT INTO texts (seq, key, n) SELECT min(seq), key, count(*) FROM documents GROUP BY key"
            )
        yield from self._pages("SELECT seq, key, n FROM texts WHERE seq > ? ORDER BY seq LIMIT ?", size)

    def plan(self, tasks: Iterable[tuple[int, tuple[str, ...], int]]) -> None:
        """Record texts to analyse: their first document's position, the parts they lack, how many documents
        share them."""
        self._write("INSERT INTO tasks (seq, parts, n) VALUES (?, ?, ?)", [(s, ",".join(p), n) for s, p, n in tasks])

    def planned(self, size: int) -> Iterator[list[tuple[Document, tuple[str, ...], int]]]:
        """The recorded texts in order, ``size`` at a time: (first document, parts it lacks, documents sharing it)."""
        sql = (
            "SELECT t.seq, d.record, t.parts, t.n FROM tasks t JOIN documents d ON d.seq = t.seq "
            "WHERE t.seq > ? ORDER BY t.seq LIMIT ?"
        )
        for rows in self._pages(sql, size):
            yield [(pickle.loads(record), tuple(parts.split(",")), n) for _, record, parts, n in rows]

    def _pages(self, sql: str, size: int) -> Iterator[list[tuple]]:
        """The rows of ``sql`` (positions first; bound to the last position read and ``size``), ``size`` at a time."""
        last = 0
        while rows := self._db.execute(sql, (last, size)).fetchall():
            last = rows[-1][0]
            yield rows

    def _write(self, statement: str, rows: Sequence[tuple[object, ...]]) -> None:
        try:
            with self._db:
                self._db.executemany(statement, rows)
        except sqlite3.Error as err:
            raise CacheError(f"cannot write the build's document spool {str(self.path)!r}: {err}") from err

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
