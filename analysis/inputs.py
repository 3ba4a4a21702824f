"""What the inputs name: the files under a folder (hidden and looping entries reported, never silently
left out), a folder's sidecar files, and a digest of everything loading the inputs reads."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SIDECARS = ("manifest.csv", "aliases.csv", "overrides.csv")


def input_digest(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> str | None:
    """A hash of everything loading ``paths`` reads: each file's bytes, each folder's files (and the
    names of those it skips, with why) and sidecars, in order. None when something cannot be read,
    since then nothing can be vouched for."""
    digest = hashlib.sha256()
    try:
        for path in map(Path, [paths] if isinstance(paths, (str, os.PathLike)) else paths):
            digest.update(b"\0input\0" + str(path).encode("utf-8", "surrogateescape"))
            if path.is_dir():
                sidecars = [(path / name, Path(name), None) for name in SIDECARS if (path / name).is_file()]
                for file, relative, skipped in [*sidecars, *walk(path)]:
                    digest.update(b"\0file\0" + relative.as_posix().encode("utf-8", "surrogateescape"))
                    digest.update(skipped.encode() if skipped is not None else _file_digest(file))
            else:
                digest.update(_file_digest(path))
    except OSError:
        return None
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def sidecar(paths: Iterable[str | os.PathLike[str]], name: str) -> Path | None:
    """The first input folder's ``name`` file (``aliases.csv``, ``overrides.csv``), if any."""
    for path in map(Path, paths):
        if path.is_dir() and (path / name).is_file():
            return path / name
    return None


def walk(
    folder: Path, relative: Path = Path(), seen: frozenset[Path] = frozenset()
) -> Iterator[tuple[Path, Path, str | None]]:
    """Every input under ``folder`` in name order: (path, path relative to the top, why it is skipped or None).

    Anything that is not a folder is an input, so a broken link is reported rather than
    skipped; linked folders are followed (a loop is reported), and hidden files and
    folders are reported rather than silently left out.
    """
    seen = seen | {folder.resolve()}
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        yield folder, relative, f"cannot read folder: {err.strerror or err}"
        return
    for path in entries:
        inner = relative / path.name
        if path.name.startswith("."):
            kind = "folder" if path.is_dir() else "file"
            yield path, inner, f"hidden {kind} (its name starts with a dot), not read; rename it to include it"
        elif path.is_dir():
            if path.resolve() in seen:
                yield path, inner, "folder link that loops back to a folder above it, not followed"
            else:
                yield from walk(path, inner, seen)
        elif not (relative == Path() and path.name in SIDECARS):
            yield path, inner, None
