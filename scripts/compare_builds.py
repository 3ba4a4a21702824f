"""Whether two builds wrote the same tables: each Parquet file's bytes, and its content where bytes differ.

    python -m scripts.compare_builds OUT_BEFORE OUT_AFTER

Exits 0 when every table is the same (bytes, or content with its schema metadata), 1 otherwise: what a
refactoring that must not change behaviour is checked with.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pyarrow.parquet as pq


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.compare_builds", description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    names = sorted({p.name for folder in (args.before, args.after) for p in folder.glob("*.parquet")})
    same = 0
    for name in names:
        before, after = args.before / name, args.after / name
        if not (before.is_file() and after.is_file()):
            print(f"{name:22} only in {args.before if before.is_file() else args.after}")
            continue
        data = before.read_bytes()
        if data == after.read_bytes():
            same += 1
            rows = pq.read_metadata(before).num_rows
            print(f"{name:22} bytes identical (sha256 {hashlib.sha256(data).hexdigest()[:12]}, {rows} rows)")
        elif pq.read_table(before).equals(pq.read_table(after), check_metadata=True):
            same += 1
            print(f"{name:22} content identical, bytes differ")
        else:
            print(f"{name:22} DIFFERENT")
    print(f"{same}/{len(names)} tables the same")
    return 0 if same == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
