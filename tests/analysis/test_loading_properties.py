"""The loader over arbitrary bytes, names, rows and folders: it never raises, every input is a document or a
named error, and what it keeps is clean text that the cleaner leaves alone."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import load_bytes, load_corpus
from analysis.cleaning import clean_text
from analysis.formats import SUPPORTED_SUFFIXES
from analysis.loading import MAX_DOCUMENT_CHARS, display_name
from tests.strategies import news_text

names = st.text(max_size=300).map(lambda s: s + ".txt") | st.text(max_size=40)
suffixes = st.sampled_from([*SUPPORTED_SUFFIXES, ".gz", ".png", ""])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])


@settings(max_examples=300, deadline=None)
@given(name=names, data=st.binary(max_size=3000))
def test_any_bytes_under_any_name_become_one_document_or_one_named_error(name, data):
    corpus = load_bytes(name, data)
    assert len(corpus.documents) + len(corpus.errors) == 1
    for record in (*corpus.documents, *corpus.errors):
        assert record.source == display_name(name)
    assert all(error.reason for error in corpus.errors)


@settings(max_examples=300, deadline=None)
@given(name=names)
def test_a_shown_name_is_printable_bounded_and_has_no_path(name):
    shown = display_name(name)
    assert shown and len(shown) <= 120
    assert all(ch.isprintable() for ch in shown)
    assert "/" not in shown and "\\" not in shown


@settings(max_examples=300, deadline=None)
@given(text=news_text, encoding=encodings, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_kept_text_is_clean_and_the_cleaner_leaves_it_alone(text, encoding, suffix):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    corpus = load_bytes("article" + suffix, data)
    assert len(corpus.documents) + len(corpus.errors) == 1
    for document in corpus.documents:
        assert document.text.strip() and len(document.text) <= MAX_DOCUMENT_CHARS
        assert "\r" not in document.text and "\x00" not in document.text
        assert clean_text(document.text).text == document.text


rows = st.lists(
    st.fixed_dictionaries(
        {"id": st.text(max_size=10), "text": news_text | st.none(), "outlet": st.text(max_size=10) | st.none()}
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(rows=rows)
def test_every_jsonl_row_is_a_document_or_a_named_error(rows):
    lines = [json.dumps(row) for row in rows]
    corpus = load_bytes("rows.jsonl", "\n".join(lines).encode())
    if not rows:
        assert [e.reason for e in corpus.errors] in (["empty file"], ["empty file (only white space)"], ["no rows"])
        return
    assert len(corpus.documents) + len(corpus.errors) == len(rows)
    assert len({d.doc_id for d in corpus.documents}) == len(corpus.documents), "doc ids are unique"
    assert all(" row " in record.source for record in (*corpus.documents, *corpus.errors))


@settings(max_examples=200, deadline=None)
@given(rows=rows, delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_every_csv_row_is_a_document_or_a_named_error(rows, delimiter):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "text", "outlet"], delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    corpus = load_bytes("rows.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    assert all(error.reason for error in corpus.errors)
    # A CSV either reads as rows and accounts for each of them, or is refused whole, by name.
    refused_whole = not corpus.documents and [e.source for e in corpus.errors] == ["rows.csv"]
    assert refused_whole or len(corpus.documents) + len(corpus.errors) == len(rows), (
        corpus.errors,
        len(corpus.documents),
    )


files = st.lists(
    st.tuples(st.text(alphabet="abcdefgh_-. ", min_size=1, max_size=12), suffixes, st.binary(max_size=400)), max_size=8
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=files)
def test_every_file_in_a_folder_is_a_document_or_a_named_error(files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("folder") / "articles"
    folder.mkdir()
    written = set()
    for stem, suffix, data in files:
        name = stem.strip() + suffix
        if name in written or name in ("", ".", "..") or name in ("manifest.csv", "aliases.csv", "overrides.csv"):
            continue
        (folder / name).write_bytes(data)
        written.add(name)
    corpus = load_corpus(folder)
    by_file: dict[str, int] = {}
    for record in (*corpus.documents, *corpus.errors):
        file = record.source.split(" row ")[0]
        by_file[file] = by_file.get(file, 0) + 1
    assert set(by_file) == {f"articles/{name}" for name in written}
