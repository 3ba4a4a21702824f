"""Reading the user's correction files: two-column CSVs such as aliases (variant,canonical)
and place overrides (name,place_id)."""

from __future__ import annotations

import csv
from pathlib import Path

from analysis.errors import InputError


def read_pairs(path: str | Path, *, columns: tuple[str, str], what: str) -> list[tuple[str, str]]:
    """The non-empty (first, second) column pairs of ``path``; :class:`InputError` names the file and the problem."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeError, csv.Error) as err:
        raise InputError(f"cannot read {what} {str(path)!r}: {err}") from err
    if rows and not set(columns) <= set(rows[0]):
        raise InputError(f"{what} {str(path)!r} must have the columns {','.join(columns)}; it has {list(rows[0])}")
    first, second = columns
    return [(r[first].strip(), r[second].strip()) for r in rows if r[first] and r[second]]
