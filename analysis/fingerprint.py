"""Fingerprints: what a stored result depends on, derived from the code rather than listed by hand.

A cached part (a document's entities, its keywords, its quotes, a parsed input file) is made by
one module. Its fingerprint hashes the settings and library versions it reads and the files of
this package its output can depend on: that module, every package module it imports, directly
or through others (read from the import statements, nothing is imported), the ``__init__.py`` of
each subpackage on the way (not the package's own, which only re-exports), and the data packages
those modules read (named as a string, as in ``resources.files("analysis.data")``). A new import is
a new dependency, with no list to forget.

A whole build has one fingerprint of every code and data file (:func:`build_fingerprint`); the
dashboard uses it to tell whether its stored seed tables are due for a rebuild, without loading spaCy.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from analysis.config import Settings

PACKAGE = "analysis"
_ROOT = Path(__file__).resolve().parent
_HASHED = (".py", ".csv", ".txt")

__all__ = ["build_fingerprint", "code_digest", "module_sources", "package_version", "source_digest"]


def code_digest(values: Mapping[str, object], modules: Iterable[str], *, files: Iterable[str] = ()) -> str:
    """A fingerprint of ``values`` (JSON-ready) and of the sources of ``modules`` (see :func:`module_sources`),
    plus ``files`` (package-relative paths) taken alone."""
    sources = {source for module in modules for source in module_sources(module)} | set(files)
    return source_digest(values, sorted(sources))


def source_digest(values: Mapping[str, object], sources: Iterable[str]) -> str:
    """A fingerprint of ``values`` (JSON-ready) and of the package's code and data files at ``sources``
    (paths relative to the package; a folder stands for every file under it)."""
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode())
    for source in sources:
        path = _ROOT / source
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix in _HASHED:
                digest.update(file.relative_to(_ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def module_sources(module: str) -> tuple[str, ...]:
    """The package-relative files ``module`` (a dotted name in this package) can depend on: its own file,
    those of every package module it imports, directly or not, with their packages' ``__init__.py``, and
    the data packages (folders) they name. Sorted."""
    seen: set[str] = set()
    data: set[str] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _path(name)
        if path is None:
            raise ValueError(f"`module` = {name!r} is invalid; must be a module of the {PACKAGE} package")
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported, named = _references(tree, package=name if path.name == "__init__.py" else name.rpartition(".")[0])
        data |= {n for n in named if _is_data_package(n)}
        pending.extend(n for n in imported | _parents(name) if n not in seen and _path(n) is not None)
    files = {path.relative_to(_ROOT).as_posix() for path in map(_path, seen) if path is not None}
    folders = {name.removeprefix(PACKAGE + ".").replace(".", "/") for name in data}
    return tuple(sorted(files | folders))


def build_fingerprint(settings: Settings | None = None) -> str:
    """A hash of everything that decides a build's output besides its input: every code and data file of
    the package, the settings and the model's installed version. Stored results with another fingerprint
    are out of date."""
    settings = settings or Settings()
    digest = hashlib.sha256(json.dumps(settings.as_dict(), sort_keys=True).encode())
    digest.update(str(package_version(settings.model)).encode())
    for path in sorted(_ROOT.rglob("*")):
        if path.is_file() and path.suffix in _HASHED:
            digest.update(path.relative_to(_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def package_version(package: str) -> str | None:
    """The installed version of ``package`` (a library or a model package), or None when it is not installed."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _references(tree: ast.Module, *, package: str) -> tuple[set[str], set[str]]:
    """The package modules ``tree`` imports (``from a import b`` counts ``a.b`` too, in case ``b`` is a
    module; names that are not modules are dropped by the caller), and the dotted package names it
    spells as strings. Imports under ``if TYPE_CHECKING:`` never run, so they are left out."""
    imported: set[str] = set()
    named: set[str] = set()
    typing_only = {id(node) for block in ast.walk(tree) if _is_type_checking(block) for node in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package=package)
            imported.add(base)
            imported |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(PACKAGE + "."):
            named.add(node.value)
    return {name for name in imported if name.startswith(PACKAGE + ".")}, named


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(node: ast.ImportFrom, *, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def _parents(name: str) -> set[str]:
    """The packages Python imports before ``name``: ``analysis.keywords`` before ``analysis.keywords.extract``.
    Not ``analysis`` itself: its ``__init__`` re-exports the public surface and computes nothing."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(2, len(parts))}


def _path(name: str) -> Path | None:
    """The file of module ``name`` in this package, or None when it names no module (a function, a class)."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    relative = Path(*name.split(".")[1:])
    for candidate in (_ROOT / relative / "__init__.py", (_ROOT / relative).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _is_data_package(name: str) -> bool:
    """Whether ``name`` is a package of this one that holds data files (``analysis.data``, ``analysis.geo.data``)."""
    path = _path(name)
    return (
        path is not None
        and path.name == "__init__.py"
        and any(p.suffix in _HASHED and p.suffix != ".py" for p in path.parent.iterdir())
    )
