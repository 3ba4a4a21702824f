"""Hostile files through the CLI and the dashboard's upload path: each is analysed or reported by name with a
reason, the counts add up, an ordinary article alongside keeps every mention, and no traceback reaches the user."""

from __future__ import annotations

import re

import pytest

from analysis import load_bytes
from analysis.pipeline import analyze
from dashboard import data
from scripts.hostile_inputs import (
    ANALYSED,
    GOOD_NAME,
    REJECTED,
    HostileInput,
    cases,
    disk_label,
    good,
    tally,
    upload_label,
)
from tests.hostile.conftest import FOLDER

CASES = cases()
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def outcome(item: HostileInput, label: str, *, sources, errors) -> tuple[str, list[str], list[str]]:
    """(ANALYSED or REJECTED, the texts of the documents that came from ``item``, the reasons given for it)."""
    texts = [text for source, text in sources if source.split(" row ")[0] == label]
    reasons = [reason for source, reason in errors if source.split(" row ")[0] == label]
    return (ANALYSED if texts else REJECTED if reasons else "lost"), texts, reasons


def check(item: HostileInput, expect: str, reason: str, found: tuple[str, list[str], list[str]]) -> None:
    status, texts, reasons = found
    assert status == expect, f"{item.case}: expected {expect}, got {status} ({reasons})"
    if expect == REJECTED:
        assert any(reason.lower() in r.lower() for r in reasons), f"{item.case}: {reasons} should say {reason!r}"
    else:
        assert any(item.keeps in text for text in texts), (
            f"{item.case}: {item.keeps!r} is missing from {[t[:80] for t in texts]}"
        )
        assert len(reasons) == item.rows_rejected, f"{item.case}: rows rejected {reasons}"


@pytest.mark.parametrize("item", CASES, ids=[c.case for c in CASES])
def test_the_cli_analyses_or_reports_each_input_by_name(item, cli_run):
    documents = cli_run.tables.documents
    found = outcome(
        item,
        disk_label(item, folder=FOLDER),
        sources=zip(documents["source"], documents["text"]),
        errors=[(e["source"], e["reason"]) for e in cli_run.manifest["errors"]],
    )
    check(item, *item.on_disk(), found)


@pytest.mark.parametrize("item", CASES, ids=[c.case for c in CASES])
def test_an_upload_is_analysed_or_reported_by_name(item):
    corpus = data.load_uploads([(item.name, item.data)])
    found = outcome(
        item,
        upload_label(item),
        sources=[(d.source, d.text) for d in corpus.documents],
        errors=[(e.source, e.reason) for e in corpus.errors],
    )
    check(item, item.expect, item.reason, found)


def test_the_cli_run_succeeds_and_its_counts_add_up(cli_run, inputs):
    assert cli_run.returncode == 0, cli_run.stderr
    counts = cli_run.manifest["counts"]
    assert counts["inputs"] == counts["documents"] + len(cli_run.manifest["errors"])
    assert counts["documents"] == len(cli_run.tables.documents)
    assert all(e["source"] and e["reason"] for e in cli_run.manifest["errors"])
    result = tally(
        inputs,
        analysed_sources=cli_run.tables.documents["source"],
        errors=[(e["source"], e["reason"]) for e in cli_run.manifest["errors"]],
        label=lambda item: disk_label(item, folder=FOLDER),
    )
    assert result.lost == 0 and result.analysed + sum(result.rejected.values()) == len(inputs)
    # Every error in the manifest belongs to one of our inputs: nothing is reported that was not given.
    labels = {disk_label(item, folder=FOLDER) for item in inputs}
    assert {e["source"].split(" row ")[0] for e in cli_run.manifest["errors"]} <= labels


def test_the_cli_prints_no_traceback_and_no_terminal_control_characters(cli_run):
    for stream in (cli_run.stdout, cli_run.stderr):
        assert "Traceback" not in stream
        assert not _TERMINAL_CONTROL.search(stream.replace("\n", "").replace("\t", "")), (
            "a file name's escape codes reached the terminal"
        )
    assert "skipped hostile/photo.txt: binary file" in cli_run.stderr


def test_uploads_count_up_and_get_their_own_ids(upload_run, inputs):
    corpus, tables = upload_run.corpus, upload_run.tables
    result = tally(
        inputs,
        analysed_sources=tables.documents["source"],
        errors=[(e.source, e.reason) for e in corpus.errors],
        label=upload_label,
    )
    assert result.lost == 0 and result.analysed + sum(result.rejected.values()) == len(inputs)
    assert len(tables.documents) == len(corpus.documents)
    ids = tables.documents["doc_id"]
    assert ids.is_unique and ids.str.startswith(data.UPLOAD_PREFIX).all()
    seed_stems = {name.rsplit(".", 1)[0] for name in ("000_6c6c6295ee53b3af.txt",)}
    assert not set(ids) & seed_stems, "an upload named like a seed must not take the seed's id"


@pytest.mark.parametrize("which", ["cli", "upload"])
def test_offsets_stay_valid_in_every_analysed_document(which, cli_run, upload_run):
    tables = cli_run.tables if which == "cli" else upload_run.tables
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    for frame in (tables.mentions, tables.places):
        for row in frame.itertuples():
            assert texts[row.doc_id][row.start : row.end] == row.surface
    for row in tables.sentences.itertuples():
        assert 0 <= row.start <= row.end <= len(texts[row.doc_id])


@pytest.mark.parametrize("which", ["cli", "upload"])
def test_an_ordinary_article_among_hostile_ones_keeps_all_its_mentions(which, cli_run, upload_run, nlp, gazetteer):
    alone = analyze(load_bytes(GOOD_NAME, good().data), nlp=nlp, gazetteer=gazetteer)
    tables = cli_run.tables if which == "cli" else upload_run.tables
    doc_id = tables.documents.loc[tables.documents["source"].str.endswith(GOOD_NAME), "doc_id"].item()

    def spans(frame, of):
        rows = frame[frame["doc_id"] == of]
        return sorted(zip(rows["start"], rows["end"], rows["surface"], rows["label"]))

    only = alone.documents["doc_id"].item()
    assert spans(alone.mentions, only) and spans(tables.mentions, doc_id) == spans(alone.mentions, only)
    assert len(tables.places[tables.places["doc_id"] == doc_id]) == len(alone.places)


def test_every_uploadable_case_through_the_apps_upload_widget():
    """All inputs the widget accepts (it refuses other suffixes itself), uploaded at once in the running app:
    the count of analysed articles and one warning per rejected file or row, by name."""
    from streamlit.testing.v1 import AppTest

    from dashboard.safe import md
    from dashboard.sidebar import UPLOAD_TYPES
    from tests.conftest import ROOT

    accepted = [
        item for item in [*CASES, good()] if item.name.rsplit(".", 1)[-1].lower() in UPLOAD_TYPES and "." in item.name
    ]
    corpus = data.load_uploads([(item.name, item.data) for item in accepted])
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    at.sidebar.file_uploader[0].set_value([(item.name, item.data, "text/plain") for item in accepted]).run()
    next(b for b in at.sidebar.button if b.label == "Analyse uploads").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"{len(corpus.documents)} article(s) analysed from your uploads." in [c.value for c in at.sidebar.caption]
    warnings = [w.value for w in at.sidebar.warning]
    assert warnings == [f"Skipped {md(e.source)}: {md(e.reason)}" for e in corpus.errors]
    assert len(corpus.documents) + len(corpus.errors) >= len(accepted)
