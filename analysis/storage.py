"""Writing and reading a build's tables as Parquet files plus ``manifest.json``.

Every file is first written in full to a temporary name in the same folder;
only then are they renamed into place, one after the other, and ``manifest.json``
last. An interrupted build leaves the previous results readable: it can only
stop between two renames, a few microseconds apart, never mid-file. A large
build appends its rows a chunk of documents at a time (:class:`TableWriter`),
each chunk a row group, so no table is ever held whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import schema
from analysis.errors import TablesError
from analysis.tables import Tables

MANIFEST = "manifest.json"


def write_tables(tables: Tables, out_dir: str | os.PathLike[str], *, manifest: Mapping[str, object]) -> Path:
    """Write every table to ``out_dir/<name>.parquet`` and the manifest; return the folder."""
    with TableWriter(out_dir) as writer:
        writer.append(tables.as_dict())
        return writer.commit(manifest)


class TableWriter:
    """The tables of one build, appended a part at a time to temporary files in ``out_dir``;
    :meth:`commit` renames them into place with the manifest last, and closing without
    committing deletes them (the folder's previous tables stay as they were)."""

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.counts = dict.fromkeys(schema.TABLES, 0)
        self._staged: dict[str, tuple[Path, pq.ParquetWriter]] = {}

    def append(self, frames: Mapping[str, pd.DataFrame]) -> None:
        """Append rows to some tables; each frame must already have the contract's columns and dtypes."""
        for name, frame in frames.items():
            schema.validate(frame, name)
            if len(frame):
                self._write(name, frame)

    def commit(self, manifest: Mapping[str, object]) -> Path:
        """Close every table (one without rows is written empty), write ``manifest`` and rename all into place."""
        for name in schema.TABLES:
            if name not in self._staged:
                self._write(name, schema.empty(name))
        staged = []
        for name, (path, writer) in self._staged.items():
            writer.close()
            staged.append((path, self.out / f"{name}.parquet"))
        text = json.dumps(dict(manifest), indent=2, sort_keys=True, default=str)
        manifest_path = _staged(self.out / MANIFEST, lambda path: Path(path).write_text(text, encoding="utf-8"))
        staged.append((manifest_path, self.out / MANIFEST))
        try:
            for tmp, target in staged:
                os.replace(tmp, target)
        finally:
            manifest_path.unlink(missing_ok=True)
        self._staged.clear()
        return self.out

    def _write(self, name: str, frame: pd.DataFrame) -> None:
        if name not in self._staged:
            # Later parts are cast to the first part's schema, so a part with only nulls in a column still fits.
            path = _staged(self.out / f"{name}.parquet", lambda path: None)
            self._staged[name] = (path, pq.ParquetWriter(path, pa.Schema.from_pandas(frame, preserve_index=False)))
        writer = self._staged[name][1]
        writer.write_table(pa.Table.from_pandas(frame, schema=writer.schema, preserve_index=False))
        self.counts[name] += len(frame)

    def close(self) -> None:
        """Delete whatever was staged and not committed."""
        for path, writer in self._staged.values():
            writer.close()
            path.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def read_tables(out_dir: str | os.PathLike[str]) -> Tables:
    """Read the tables a build wrote; :class:`TablesError` names what is missing or unreadable."""
    out = Path(out_dir)
    if not (out / MANIFEST).is_file():
        raise TablesError(f"{str(out)!r} holds no build: {MANIFEST} is missing")
    frames: dict[str, pd.DataFrame] = {}
    for name in schema.TABLES:
        path = out / f"{name}.parquet"
        try:
            frames[name] = pq.read_table(path).to_pandas()
        except (OSError, pa.ArrowException) as err:
            raise TablesError(f"cannot read table {path.name!r} in {str(out)!r}: {err}") from err
    return Tables.from_frames(frames)


def read_manifest(out_dir: str | os.PathLike[str]) -> dict[str, object]:
    path = Path(out_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise TablesError(f"cannot read {str(path)!r}: {err}") from err


def built_with(out_dir: str | os.PathLike[str], key: str) -> dict[str, object] | None:
    """The manifest of the build in ``out_dir`` if it was made with ``key`` and is whole (every table's
    footer reads and holds the rows the manifest counts); None otherwise."""
    out = Path(out_dir)
    try:
        manifest = read_manifest(out)
    except TablesError:
        return None
    counts = manifest.get("counts")
    if manifest.get("build_key") != key or not isinstance(counts, dict):
        return None
    for name in schema.TABLES:
        try:
            rows = pq.read_metadata(out / f"{name}.parquet").num_rows
        except (OSError, pa.ArrowException):
            return None
        if rows != counts.get(name):
            return None
    return manifest


def _staged(target: Path, write: Callable[[str], object]) -> Path:
    """Write ``target``'s content to a temporary file beside it and return that file's path."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)
