"""Loading: every input becomes documents or a named error; nothing else is lost."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import Corpus, Settings, load_bytes, load_corpus
from analysis.cache import ResultCache
from analysis.loading import LOADED, NOT_READ, stream_corpus

GOOD = "Talks in Baku\n\nThe delegations of Azerbaijan and Armenia met in Baku on Monday and agreed to meet again."


def reasons(corpus):
    return {os.path.basename(e.source.split(" row ")[0]): e.reason for e in corpus.errors}


def test_a_folder_with_bad_files_still_loads_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "also_good.md").write_text("# Heading\n\n" + GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02\x03" * 100)
    (tmp_path / "huge.txt").write_bytes(b"word " * 300_000)
    (tmp_path / "archive.gz").write_bytes(b"\x1f\x8b\x08")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    corpus = load_corpus(tmp_path, settings=Settings(max_bytes=1_000_000))
    assert sorted(d.doc_id for d in corpus.documents) == ["also_good", "good"]
    found = reasons(corpus)
    assert "empty" in found["empty.txt"]
    assert "empty" in found["blank.txt"]
    assert "binary" in found["image.txt"] and "PNG" in found["image.txt"]
    assert "binary" in found["nul.txt"]
    assert "too large" in found["huge.txt"]
    assert "compressed" in found["archive.gz"]
    assert "cannot read" in found["dangling.txt"]
    assert len(corpus.documents) + len(corpus.errors) == 9


def test_encodings_are_detected():
    text = "Café talks in Gyumri: “naïve” hopes, déjà vu for the résumé of the talks."
    for data in (
        text.encode("utf-8"),
        text.encode("utf-8-sig"),
        text.encode("utf-16"),
        text.encode("cp1252"),
        text.replace("“", '"').replace("”", '"').encode("latin-1"),
    ):
        corpus = load_bytes("article.txt", data)
        assert corpus.errors == ()
        assert "naïve" in corpus.documents[0].text and "Gyumri" in corpus.documents[0].text


def test_rows_without_text_are_reported_and_the_others_kept(tmp_path):
    (tmp_path / "a.csv").write_text(
        'id,text,outlet\n1,"First, with a comma",X\n2,,Y\n3,"Third\nwith a newline",Z\n', encoding="utf-8"
    )
    lines = [json.dumps({"id": "j1", "text": GOOD, "published": "2023-03"}), "{not json", json.dumps({"id": "j3"})]
    (tmp_path / "b.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert sorted(d.doc_id for d in corpus.documents) == ["1", "3", "j1"]
    errors = {e.source.split(os.sep)[-1]: e.reason for e in corpus.errors}
    assert errors["a.csv row 3"] == "row has no text"
    assert "invalid JSON" in errors["b.jsonl row 2"]
    assert errors["b.jsonl row 3"] == "row has no text"
    j1 = next(d for d in corpus.documents if d.doc_id == "j1")
    assert (str(j1.published), j1.date_precision) == ("2023-03-01", "month")
    assert next(d for d in corpus.documents if d.doc_id == "3").text == "Third\nwith a newline"


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\x1c", "\x0c"])
def test_a_jsonl_row_whose_text_holds_a_line_separator_is_one_article(separator):
    # Windows-1252 text read as Latin-1 carries U+0085 for "…"; JSON writers leave it unescaped.
    rows = [{"id": "a", "text": f"Aghdam{separator} a town of Karabakh."}, {"id": "b", "text": GOOD}]
    data = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    corpus = load_bytes("rows.jsonl", data)
    assert corpus.errors == ()
    assert [d.doc_id for d in corpus.documents] == ["a", "b"]
    assert "Karabakh" in corpus.documents[0].text


def test_csv_without_a_text_column_names_its_columns():
    corpus = load_bytes("table.csv", b"a;b\n1;2\n")
    assert "no text column" in corpus.errors[0].reason and "['a', 'b']" in corpus.errors[0].reason


def test_html_main_text_without_scripts():
    html = (
        "<html><head><title>Talks</title></head><body><nav>Home | About</nav><article><h1>Talks resume</h1>"
        f"<p>{GOOD}</p><script>alert('x')</script></article></body></html>"
    ).encode()
    document = load_bytes("page.html", html).documents[0]
    assert "Azerbaijan and Armenia met" in document.text
    assert "alert" not in document.text


def test_manifest_overrides_inferred_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\n  • JAMnews\n\n" + GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet,published\na.txt,Sputnik,2023-06\n", encoding="utf-8")
    document = load_corpus(tmp_path).documents[0]
    assert document.outlet == "Sputnik"
    assert (str(document.published), document.date_precision) == ("2023-06-01", "month")
    assert {p.field: p.method for p in document.provenance}["outlet"] == "manifest"


def test_upload_names_are_only_labels(tmp_path):
    corpus = load_bytes("../../etc/passwd.txt", GOOD.encode())
    assert corpus.documents[0].source == "passwd.txt"
    assert corpus.documents[0].doc_id == "passwd"
    weird = load_bytes("a\x00b\x1b[31m" + "x" * 500 + ".txt", GOOD.encode())
    assert len(weird.documents[0].source) <= 120
    assert all(ch.isprintable() for ch in weird.documents[0].source)


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=40).map(lambda s: s + ".txt"), data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(name, data):
    corpus = load_bytes(name, data)
    assert len(corpus.documents) + len(corpus.errors) == 1
    for error in corpus.errors:
        assert error.reason


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(min_size=1, max_size=500), suffix=st.sampled_from([".txt", ".md", ".csv", ".jsonl", ".json", ".html"])
)
def test_arbitrary_text_in_any_format_never_raises(text, suffix):
    corpus = load_bytes("f" + suffix, text.encode("utf-8", "surrogatepass"))
    assert len(corpus.documents) + len(corpus.errors) >= 1


def test_hidden_files_and_folders_are_reported_not_silently_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(GOOD, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    found = {e.source.split("/", 1)[1]: e.reason for e in corpus.errors}
    assert set(found) == {".draft.txt", ".git"}
    assert "hidden file" in found[".draft.txt"] and "hidden folder" in found[".git"]


def test_linked_folders_are_followed_and_a_loop_is_reported(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text(GOOD, encoding="utf-8")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    os.symlink(elsewhere, corpus_dir / "more")
    os.symlink(corpus_dir, corpus_dir / "loop")
    corpus = load_corpus(corpus_dir)
    assert [d.source for d in corpus.documents] == ["articles/more/linked.txt"]
    assert [(e.source, "loops back" in e.reason) for e in corpus.errors] == [("articles/loop", True)]


def test_texts_longer_than_an_article_are_refused_by_name():
    corpus = load_bytes("book.txt", ("Talks in Baku. " * 20_000).encode())
    assert (
        corpus.documents == () and "text too long" in corpus.errors[0].reason and "200,000" in corpus.errors[0].reason
    )


def test_control_characters_in_file_names_do_not_reach_labels(tmp_path):
    (tmp_path / "red\x1b[31m.txt").write_text(GOOD, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.documents[0].source.endswith("/red?[31m.txt")


def test_files_met_again_come_from_the_cache_as_they_were_parsed_and_changes_are_parsed_anew(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("By Anna Petrosyan\n" + GOOD, encoding="utf-8")
    rows = [
        {"id": "a", "text": GOOD, "published": "2024-03-01"},
        {"id": "b"},
        {"id": "c", "text": "Lone \ud800 surrogate in Baku."},
    ]
    (folder / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (folder / "manifest.csv").write_text("file,title\ngood.txt,Talks resume\n", encoding="utf-8")
    with ResultCache(tmp_path / "results.sqlite") as cache:
        first = Corpus.concat(stream_corpus([folder], cache=cache))
        again = Corpus.concat(stream_corpus([folder], cache=cache))
        assert first == again == load_corpus(folder) and len(first.documents) == 3 and len(first.errors) == 1
        stored = (
            sqlite3.connect(cache.path).execute("SELECT count(*) FROM results WHERE part = ?", (LOADED,)).fetchone()[0]
        )
        assert stored == 2, "each file is kept once"
        (folder / "manifest.csv").write_text("file,title\ngood.txt,Talks stall\n", encoding="utf-8")
        (folder / "rows.jsonl").write_text(
            json.dumps({"id": "a", "text": GOOD + " They met in Tbilisi."}), encoding="utf-8"
        )
        changed = Corpus.concat(stream_corpus([folder], cache=cache))
    assert changed == load_corpus(folder)
    assert {d.doc_id: d.title for d in changed.documents}["good"] == "Talks stall"
    assert changed.documents[-1].text.endswith("Tbilisi.") and not changed.errors


def test_a_row_whose_date_cannot_be_read_is_analysed_without_it(tmp_path):
    rows = [
        {"id": "printed", "text": GOOD, "published": "18 July 2025 11:18 (UTC+04:00)"},
        {"id": "garbled", "text": GOOD, "published": "sometime last week"},
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(tmp_path / "rows.jsonl")
    assert corpus.errors == ()
    by_id = {d.doc_id: d for d in corpus.documents}
    assert (str(by_id["printed"].published), by_id["printed"].date_precision) == ("2025-07-18", "day")
    garbled = by_id["garbled"]
    assert garbled.published is None and garbled.date_precision is None and "Baku" in garbled.text
    unread = [p for p in garbled.provenance if p.method.startswith(NOT_READ)]
    assert [(p.field, p.evidence) for p in unread] == [("published", "sometime last week")]


def test_ids_the_user_gives_come_back_unchanged(tmp_path):
    ids = ["a-", "-b", "x.y.", "Köln/2023 #7", " padded ", "007", "same", "same"]
    rows = [{"id": i, "text": f"{GOOD} Row {n}."} for n, i in enumerate(ids)] + [{"id": 42, "text": GOOD}]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(tmp_path / "rows.jsonl")
    assert [d.doc_id for d in corpus.documents] == [*ids[:-1], "same~2", "42"]


def test_an_id_no_table_can_hold_is_refused_by_name_and_the_row_analysed(tmp_path):
    row = {"id": "bad\u0007id", "text": GOOD}
    (tmp_path / "rows.jsonl").write_text(json.dumps(row), encoding="utf-8")
    (document,) = load_corpus(tmp_path / "rows.jsonl").documents
    assert document.doc_id != "bad\u0007id" and "Baku" in document.text
    unread = [(p.field, p.evidence) for p in document.provenance if p.method.startswith(NOT_READ)]
    assert unread == [("id", "bad\u0007id")]


def test_a_saved_page_with_only_a_copyright_year_gets_no_date():
    body = "<p>The delegations of Armenia and Azerbaijan met in Brussels on Tuesday and agreed to meet again.</p>" * 3
    footer = "<footer>© 2024 Example News</footer>"
    page = f"<html><body><article><h1>Talks resume</h1>{body}</article>{footer}</body></html>"
    (document,) = load_bytes("page.html", page.encode()).documents
    assert document.published is None
