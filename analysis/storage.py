"""Writing and reading a build's tables as Parquet files plus ``manifest.json``.

Each file is written to a temporary name in the same folder and renamed into
place, and ``manifest.json`` is written last: an interrupted build leaves the
previous results readable.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
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
    for name, frame in tables.as_dict().items():
        schema.validate(frame, name)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        _atomic(out / f"{name}.parquet", lambda path, t=table: pq.write_table(t, path))
    text = json.dumps(dict(manifest), indent=2, sort_keys=True, default=str)
    _atomic(out / MANIFEST, lambda path: Path(path).write_text(text, encoding="utf-8"))
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


def _atomic(target: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
