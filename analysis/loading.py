"""Loading a corpus: files, folders, CSV/JSONL rows and uploaded bytes into Documents.

Every input either becomes documents or a :class:`LoadError` naming it and the
reason, so ``len(documents) + len(errors)`` always counts the inputs and one bad
file never stops the rest.

Bytes become text in :mod:`analysis.encodings`; the row formats and ``manifest.csv`` are read in
:mod:`analysis.formats`; here are the walk over files and folders, the parsed-file cache and the
assembly of each document's record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from analysis.cache import ResultCache
from analysis.cleaning import clean_text, normalise_newlines
from analysis.config import Settings
from analysis.dates import parse_date
from analysis.encodings import decode
from analysis.errors import FileTooLargeError, InputError
from analysis.fingerprint import code_digest, package_version
from analysis.formats import (
    COLUMN_ALIASES,
    HTML_SUFFIXES,
    METADATA_FIELDS,
    ROW_SUFFIXES,
    TEXT_COLUMNS,
    csv_rows,
    file_suffix,
    json_rows,
    markdown_text,
    read_manifest,
)
from analysis.html import extract_article
from analysis.inputs import walk
from analysis.language import detect_language, given_language
from analysis.metadata import canonical_outlet, infer_metadata, outlet_from_url
from analysis.types import Corpus, Document, FieldSource, LoadError, RemovedLine

log = logging.getLogger(__name__)

# The provenance method of a given value that could not be read (the rest of the method says why):
# the field stays empty and the value is listed in the manifest, the article is analysed.
NOT_READ = "not read: "
# A user's id is kept as given; one longer than this, or holding control characters, is refused by name.
MAX_ID_CHARS = 200
# One text of a million characters took spaCy's NER 16 s and 2.5 GB here, and no news article comes
# near this limit (about 30,000 words): longer texts are refused rather than exhaust a shared server.
MAX_DOCUMENT_CHARS = 200_000

_MB = 1024 * 1024
# The result cache's part for the documents parsed from one input file, and the code and data that decide them.
LOADED = "loaded"
_LOADER_PACKAGES = ("trafilatura", "charset-normalizer")
# Larger parsed files are not kept: SQLite refuses values over a billion bytes.
_MAX_KEPT_CHARS = 256 * _MB


def load_corpus(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, settings: Settings | None = None
) -> Corpus:
    """Load files and folders (recursively) into a corpus.

    A folder's ``manifest.csv`` (columns ``file`` or ``doc_id``, then any of
    title, outlet, published, date_precision, author, url, bureau) overrides the
    metadata inferred from the texts in it.
    """
    return Corpus.concat(stream_corpus(paths, settings=settings))


def stream_corpus(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
) -> Iterator[Corpus]:
    """:func:`load_corpus` one input file at a time: each file's documents (ids unique over
    everything streamed so far) and errors, so only one file's documents are held at once.

    With a ``cache``, the documents parsed from a file are stored under its bytes, name and
    manifest rows, and a file met again is not parsed again (cleaning and inferring metadata
    cost about a millisecond a document)."""
    settings = settings or Settings()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    loader = _Loader(settings, cache)
    seen: dict[str, int] = {}
    for path in map(Path, paths):
        if path.is_dir():
            manifest = read_manifest(path / "manifest.csv")
            for file, relative, skipped in walk(path):
                # Labelled from the folder's name down, so no server path reaches tables or screens.
                label = _printable((Path(path.name) / relative).as_posix())
                if skipped:
                    yield Corpus(errors=(LoadError(source=label, reason=skipped),))
                else:
                    yield _unique(_load_path(file, loader=loader, manifest=manifest, label=label), seen=seen)
        else:
            yield _unique(_load_path(path, loader=loader, manifest={}, label=_printable(str(path))), seen=seen)


def load_bytes(name: str, data: bytes, *, settings: Settings | None = None) -> Corpus:
    """Load one uploaded file from its name and bytes; the name only picks the format."""
    settings = settings or Settings()
    label = display_name(name)
    try:
        if len(data) > settings.max_bytes:
            raise FileTooLargeError(_too_large(len(data), settings.max_bytes))
        corpus = _parse(label, data, suffix=file_suffix(name), stem=Path(label).stem, manifest={}, settings=settings)
        return unique_ids(corpus)
    except InputError as err:
        return Corpus(errors=(LoadError(source=label, reason=str(err)),))


def make_document(
    raw: str,
    *,
    doc_id: str,
    source: str,
    given: Mapping[str, object] | None = None,
    given_by: str = "manifest",
) -> Document:
    """Clean ``raw`` and attach metadata: ``given`` values win over what the text implies."""
    given = dict(given or {})
    raw = normalise_newlines(raw)
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        reason = "no text left after removing boilerplate" if cleaned.removed else "empty file"
        raise InputError(reason)
    if len(cleaned.text) > MAX_DOCUMENT_CHARS:
        raise InputError(
            f"text too long: {len(cleaned.text):,} characters, "
            f"the limit is {MAX_DOCUMENT_CHARS:,} per article; split it into articles"
        )
    inferred = infer_metadata(raw, cleaned=cleaned.text)
    values = dict(inferred.values)
    provenance = {p.field: p for p in inferred.provenance}
    url = given.get("url")
    if isinstance(url, str) and not given.get("outlet"):
        known, host = outlet_from_url(url)
        # A known outlet's domain names the publisher; an unknown site's name only when the text names none.
        if known or (host and "outlet" not in values):
            values["outlet"] = known or host
            provenance["outlet"] = FieldSource(field="outlet", method="url domain", evidence=url[:200])
    for field, value in given.items():
        if value in (None, ""):
            continue
        if field == "outlet":
            value = canonical_outlet(str(value))
        if field == "language":
            code = given_language(str(value))
            if code is None:
                # Not a language we know: the text's own language is used, and the value is listed.
                unknown = NOT_READ + "not a language"
                provenance[field] = FieldSource(field=field, method=unknown, evidence=str(value)[:200])
                continue
            value = code
        if field == "published":
            parsed = _parse_published(value)
            if parsed is None:
                # A value that is not a date leaves the field empty; the article is analysed all the same.
                values.pop("published", None)
                values.pop("date_precision", None)
                provenance.pop("date_precision", None)
                provenance[field] = FieldSource(field=field, method=NOT_READ + "not a date", evidence=str(value)[:200])
                continue
            value, precision = parsed
            if not given.get("date_precision"):
                values["date_precision"] = precision
                provenance["date_precision"] = FieldSource("date_precision", given_by, str(given["published"]))
        values[field] = value
        provenance[field] = FieldSource(field=field, method=given_by, evidence=str(value)[:200])
    return Document(
        doc_id=doc_id,
        text=cleaned.text,
        source=source,
        title=_str(values.get("title")),
        outlet=_str(values.get("outlet")),
        published=published if isinstance(published := values.get("published"), dt.date) else None,
        date_precision=_str(values.get("date_precision")),
        author=_str(values.get("author")),
        url=_str(values.get("url")),
        bureau=_str(values.get("bureau")),
        removed=cleaned.removed,
        provenance=tuple(provenance.values()),
        language=_str(values.get("language")) or detect_language(cleaned.text),
    )


class _Loader:
    """Parsing files' bytes with ``settings``, through ``cache`` when there is one."""

    def __init__(self, settings: Settings, cache: ResultCache | None) -> None:
        self.settings = settings
        self._cache = cache
        self._fingerprint = ""
        if cache is not None:
            versions = {package: package_version(package) for package in _LOADER_PACKAGES}
            self._fingerprint = code_digest({"max_bytes": settings.max_bytes, "versions": versions}, [__name__])

    def parse(
        self, label: str, data: bytes, *, suffix: str, stem: str, manifest: Mapping[str, Mapping[str, str]]
    ) -> Corpus:
        if self._cache is None:
            return _parse(label, data, suffix=suffix, stem=stem, manifest=manifest, settings=self.settings)
        key = hashlib.sha256(data)
        key.update(json.dumps([label, suffix, stem, manifest], sort_keys=True).encode("utf-8", "surrogatepass"))
        stored = self._cache.get(LOADED, self._fingerprint, [key.hexdigest()])
        if stored:
            return _corpus_of(json.loads(next(iter(stored.values()))))
        corpus = _parse(label, data, suffix=suffix, stem=stem, manifest=manifest, settings=self.settings)
        encoded = _corpus_payload(corpus)
        if encoded is not None:
            text = json.dumps(encoded, separators=(",", ":"))
            if len(text) <= _MAX_KEPT_CHARS:
                self._cache.put(LOADED, self._fingerprint, [(key.hexdigest(), text)])
        return corpus


def _corpus_payload(corpus: Corpus) -> dict[str, object] | None:
    """``corpus`` in JSON form, its records as objects by field name (what :func:`_corpus_of` reads back),
    or None if a value has no such form."""
    if any(d.published is not None and type(d.published) is not dt.date for d in corpus.documents):
        return None
    documents = []
    for document in corpus.documents:
        values = asdict(document)
        values["published"] = document.published.isoformat() if document.published else None
        documents.append(values)
    return {"documents": documents, "errors": [asdict(e) for e in corpus.errors]}


def _corpus_of(payload: dict[str, Any]) -> Corpus:
    """The corpus a :func:`_corpus_payload` was made of (decoded JSON)."""
    documents = []
    for values in payload["documents"]:
        published = values["published"]
        documents.append(
            Document(
                **{
                    **values,
                    "published": dt.date.fromisoformat(published) if published else None,
                    "removed": tuple(RemovedLine(**r) for r in values["removed"]),
                    "provenance": tuple(FieldSource(**p) for p in values["provenance"]),
                }
            )
        )
    return Corpus(documents=tuple(documents), errors=tuple(LoadError(**e) for e in payload["errors"]))


def _load_path(path: Path, *, loader: _Loader, manifest: Mapping[str, Mapping[str, str]], label: str) -> Corpus:
    settings = loader.settings
    try:
        suffix = file_suffix(path.name)
        try:
            size = path.stat().st_size
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror or err}") from err
        if size > settings.max_bytes:
            raise FileTooLargeError(_too_large(size, settings.max_bytes))
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror or err}") from err
        return loader.parse(label, data, suffix=suffix, stem=path.stem, manifest=manifest)
    except InputError as err:
        return Corpus(errors=(LoadError(source=label, reason=str(err)),))


def _parse(
    label: str,
    data: bytes,
    *,
    suffix: str,
    stem: str,
    manifest: Mapping[str, Mapping[str, str]],
    settings: Settings | None = None,
) -> Corpus:
    if not data.strip():
        raise InputError("empty file")
    text = decode(data)
    if not text.strip():
        raise InputError("empty file (only white space)")
    if suffix in ROW_SUFFIXES:
        rows = csv_rows(text, settings=settings or Settings()) if suffix == ".csv" else json_rows(text, suffix=suffix)
        return _rows_to_corpus(label, rows, manifest=manifest)
    doc_id = _safe_id(stem) or _content_id(text)
    given = dict(manifest.get(Path(label).name) or manifest.get(doc_id) or {})
    if suffix in HTML_SUFFIXES:
        text, html_meta = extract_article(text)
        for field, value in html_meta.items():
            given.setdefault(field, value)
        document = make_document(text, doc_id=doc_id, source=label, given=given, given_by="html metadata")
    else:
        if suffix in (".md", ".markdown"):
            text = markdown_text(text)
        document = make_document(text, doc_id=doc_id, source=label, given=given)
    return Corpus(documents=(document,))


def _rows_to_corpus(
    label: str, rows: Iterable[tuple[int, object]], *, manifest: Mapping[str, Mapping[str, str]]
) -> Corpus:
    documents: list[Document] = []
    errors: list[LoadError] = []
    for number, row in rows:
        where = f"{label} row {number}"
        try:
            if isinstance(row, InputError):
                raise row
            if not isinstance(row, Mapping):
                raise InputError(f"expected an object with a `text` field, got {type(row).__name__}")
            fields = {str(k).strip().lower(): v for k, v in row.items()}
            for alias, field in COLUMN_ALIASES.items():
                if fields.get(field) in (None, "") and alias in fields:
                    fields[field] = fields[alias]
            text = next((fields[c] for c in TEXT_COLUMNS if isinstance(fields.get(c), str) and fields[c].strip()), None)
            if text is None:
                raise InputError("row has no text")
            given_id, refused = _user_id(fields.get("id"))
            doc_id = given_id or _content_id(text)
            given = {f: fields.get(f) for f in METADATA_FIELDS if isinstance(fields.get(f), (str, int))}
            given.update({k: v for k, v in (manifest.get(doc_id) or {}).items() if v})
            document = make_document(text, doc_id=doc_id, source=where, given=given, given_by="row field")
            if refused:
                document = replace(document, provenance=(*document.provenance, refused))
            documents.append(document)
        except InputError as err:
            errors.append(LoadError(source=where, reason=str(err)))
    if not documents and not errors:
        raise InputError("no rows")
    return Corpus(documents=tuple(documents), errors=tuple(errors))


def _parse_published(value: object) -> tuple[dt.date, str] | None:
    if isinstance(value, dt.date):
        return value, "day"
    return parse_date(str(value))


def unique_ids(corpus: Corpus, *, prefix: str = "") -> Corpus:
    """``corpus`` with ``prefix`` before every doc_id and a "~2", "~3"... after repeated ones."""
    return _unique(corpus, seen={}, prefix=prefix)


def _unique(corpus: Corpus, *, seen: dict[str, int], prefix: str = "") -> Corpus:
    """:func:`unique_ids` counting repeats in ``seen`` (updated), which holds the ids of earlier corpora."""
    documents = []
    for document in corpus.documents:
        if prefix:
            document = replace(document, doc_id=prefix + document.doc_id)
        n = seen.get(document.doc_id, 0) + 1
        seen[document.doc_id] = n
        documents.append(document if n == 1 else replace(document, doc_id=f"{document.doc_id}~{n}"))
    return Corpus(documents=tuple(documents), errors=corpus.errors)


def display_name(name: str) -> str:
    """An upload's name made safe to show: last path part, no control characters, bounded length."""
    base = _printable(re.split(r"[\\/]", name)[-1]).strip() or "upload"
    return base if len(base) <= 120 else base[:80] + "…" + base[-30:]


def _printable(name: str) -> str:
    """``name`` with control and formatting characters (terminal escapes, right-to-left overrides) as "?"."""
    return "".join(ch if ch.isprintable() else "?" for ch in name)


def _user_id(value: object) -> tuple[str | None, FieldSource | None]:
    """A row's ``id`` exactly as the user gave it (joins on it must find every document), or, for a
    value no table can hold as an id, None and the provenance entry that says why it was refused."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, None
    given = str(value)
    if not given.strip():
        return None, None
    reason = (
        f"longer than {MAX_ID_CHARS} characters"
        if len(given) > MAX_ID_CHARS
        else "holds control characters"
        if not given.isprintable()
        else None
    )
    if reason is None:
        return given, None
    return None, FieldSource(field="id", method=NOT_READ + reason + ", a content id is used", evidence=given[:200])


def _safe_id(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:80]


def _content_id(text: str) -> str:
    return hashlib.sha1(normalise_newlines(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _too_large(size: int, limit: int) -> str:
    # In MiB, the unit of --max-mb and of Streamlit's maxUploadSize, so the limit reads as the number the user set.
    return f"file too large: {size / _MB:.1f} MB, the limit is {limit / _MB:.1f} MB"


def _str(value: object) -> str | None:
    return None if value in (None, "") else str(value)
