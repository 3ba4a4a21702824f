"""The per-document result cache: one SQLite file, one row per (part, fingerprint, text hash).

Results are committed a chunk at a time, in one transaction each, as they arrive:
a build that is killed keeps every chunk it had finished, and the next build
reuses them. SQLite's journal makes each commit all or nothing, so a row is
either complete or absent. Rows of other fingerprints (older settings, another
model) stay, so switching back is free; delete the file to reclaim the space.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from analysis.errors import CacheError

_BATCH = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    part TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    key TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (part, fingerprint, key)
) WITHOUT ROWID
"""


class ResultCache:
    """Payloads (JSON text) of per-document results by part, fingerprint and content hash; the loader
    keeps the documents it parsed from each input file here too (see :func:`analysis.loading.stream_corpus`)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            # WAL: readers never block the writer, and a commit is one append to the log.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            raise CacheError(
                f"cannot use the result cache {str(self.path)!r}: {err}; "
                "delete the file or build without a cache (--no-cache)"
            ) from err

    def get(self, part: str, fingerprint: str, keys: Sequence[str]) -> dict[str, str]:
        """The stored payloads among ``keys``."""
        return {key: payload for key, payload in self._select("key, payload", part, fingerprint, keys)}

    def stored(self, part: str, fingerprint: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` have a stored payload (without reading the payloads)."""
        return {key for (key,) in self._select("key", part, fingerprint, keys)}

    def _select(self, columns: str, part: str, fingerprint: str, keys: Sequence[str]) -> list[tuple[str, ...]]:
        found: list[tuple[str, ...]] = []
        try:
            for batch in _batches(list(dict.fromkeys(keys)), _BATCH):
                marks = ",".join("?" * len(batch))
                found += self._db.execute(
                    f"SELECT {columns} FROM results WHERE part = ? AND fingerprint = ? AND key IN ({marks})",
                    (part, fingerprint, *batch),
                ).fetchall()
        except sqlite3.Error as err:
            raise CacheError(f"cannot read the result cache {str(self.path)!r}: {err}") from err
        return found

    def put(self, part: str, fingerprint: str, items: Iterable[tuple[str, str]]) -> None:
        """Store (key, payload) pairs in one transaction."""
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (part, fingerprint, key, payload) VALUES (?, ?, ?, ?)",
                    ((part, fingerprint, key, payload) for key, payload in items),
                )
        except sqlite3.Error as err:
            raise CacheError(f"cannot write the result cache {str(self.path)!r}: {err}") from err

    def count(self, part: str, fingerprint: str) -> int:
        """How many results are stored for ``part`` under ``fingerprint``."""
        row = self._db.execute(
            "SELECT count(*) FROM results WHERE part = ? AND fingerprint = ?", (part, fingerprint)
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
