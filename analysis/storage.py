"""Writing and reading a build's tables as Parquet files plus ``manifest.json``.

Every file is first written in full to a temporary name in the same folder;
only then are they renamed into place, one after the other, and ``manifest.json``
last. An interrupted build leaves the previous results readable: it can only
stop between two renames, a few microseconds apart, never mid-file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import schema
from analysis.errors import TablesError
from analysis.tables import Tables

MANIFEST = "manifest.json"


def write_tables(tables: Tables, out_dir: str | os.PathLike[str], *, manifest: Mapping[str, object]) -> Path:
    """Write every table to ``out_dir/<name>.parquet`` and the manifest; return the folder."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in tables.as_dict().items():
            schema.validate(frame, name)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            target = out / f"{name}.parquet"
            staged.append((_staged(target, partial(pq.write_table, table)), target))
        text = json.dumps(dict(manifest), indent=2, sort_keys=True, default=str)
        staged.append((_staged(out / MANIFEST, lambda path: Path(path).write_text(text, encoding="utf-8")), out / MANIFEST))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return out


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
