"""The row formats and the folder manifest: CSV and JSON/JSONL rows, what scrapers call their columns,
``manifest.csv``; and Markdown's markup taken out of a text."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from analysis.config import Settings
from analysis.encodings import decode
from analysis.errors import AnalysisError, InputError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ROW_SUFFIXES = (".csv", ".jsonl", ".json")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + ROW_SUFFIXES
METADATA_FIELDS = ("title", "outlet", "published", "author", "url", "bureau", "language")
TEXT_COLUMNS = ("text", "body", "content", "article")
# What scrapers and exports call the metadata columns; the column of the field's own name wins.
COLUMN_ALIASES = {
    "headline": "title",
    "link": "url",
    "source_url": "url",
    "date": "published",
    "published_at": "published",
    "publish_date": "published",
    "pubdate": "published",
    "site": "outlet",
    "publisher": "outlet",
    "byline": "author",
    "lang": "language",
}
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)


def csv_rows(text: str, *, settings: Settings) -> Iterator[tuple[int, object]]:
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","

    # Only the delimiter is guessed: the sniffer's guesses at quoting misread a quoted quote mark or line break.
    class dialect(csv.excel):
        pass

    dialect.delimiter = delimiter
    csv.field_size_limit(max(settings.max_bytes, 131072))
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except csv.Error as err:
        raise InputError(f"not a readable CSV file: {err}") from err
    if not any(c in header for c in TEXT_COLUMNS):
        raise InputError(f"CSV has no text column (one of {', '.join(TEXT_COLUMNS)}); its columns are {header[:20]}")
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield number, InputError(f"unreadable CSV row: {err}")
            return
        yield number, row


def json_rows(text: str, *, suffix: str) -> Iterator[tuple[int, object]]:
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as err:
            raise InputError(f"invalid JSON: {err}") from err
        except RecursionError as err:
            raise InputError("invalid JSON: nested too deeply") from err
        items = data if isinstance(data, list) else [data]
        yield from enumerate(items, start=1)
        return
    # Split at line feeds only: JSON writers leave U+0085, U+2028 and the like unescaped inside strings,
    # where splitlines() would cut a row in two.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as err:
            yield number, InputError(f"invalid JSON: {err}")
        except RecursionError:
            yield number, InputError("invalid JSON: nested too deeply")


def markdown_text(text: str) -> str:
    text = _MD_IMAGE.sub(lambda m: m[1], text)
    text = _MD_LINK.sub(lambda m: m[1], text)
    return _MD_HEADING.sub("", text)


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    try:
        rows = list(csv.DictReader(io.StringIO(decode(path.read_bytes()))))
    except (OSError, csv.Error, AnalysisError) as err:
        log.warning("ignoring unreadable manifest %s: %s", path, err)
        return {}
    manifest: dict[str, dict[str, str]] = {}
    for row in rows:
        key = (row.get("file") or row.get("doc_id") or "").strip()
        if key:
            manifest[key] = {k: v.strip() for k, v in row.items() if k in (*METADATA_FIELDS, "date_precision") and v}
    return manifest


def file_suffix(name: str) -> str:
    """The format ``name`` is read as (its suffix, lower case); compressed and unsupported files are refused."""
    suffix = Path(name).suffix.lower()
    if suffix in (".gz", ".zip", ".bz2", ".xz", ".7z", ".tgz"):
        raise InputError(f"compressed files are not accepted ({suffix}); extract the articles first")
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    return suffix
