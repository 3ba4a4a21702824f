"""The CLI as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pyarrow.parquet as pq

from analysis import read_tables, write_tables
from bench.make_corpus import Writer
from tests.conftest import ROOT, SEEDS


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_build_writes_the_tables_and_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = run("build", str(SEEDS), str(bad), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "bad.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 5 and manifest["counts"]["inputs"] == 6
    assert manifest["errors"][0]["source"].endswith("bad.txt")
    assert manifest["versions"]["spacy"] and manifest["settings"]["model"]
    assert pq.read_table(out / "documents.parquet").num_rows == 5


def test_keyword_top_sets_how_many_keywords_each_document_keeps(tmp_path):
    out = tmp_path / "out"
    result = run("build", str(SEEDS), "--out", str(out), "--keyword-top", "3", "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    per_document = pq.read_table(out / "keywords.parquet").to_pandas().groupby("doc_id").size()
    assert len(per_document) == 5 and (per_document <= 3).all() and (per_document == 3).any()
    assert json.loads((out / "manifest.json").read_text())["settings"]["keyword_top"] == 3
    refused = run("build", str(SEEDS), "--out", str(tmp_path / "none"), "--keyword-top", "0")
    assert refused.returncode == 3 and "keyword_top" in refused.stderr


def test_nothing_analysable_exits_with_code_1_and_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, "the README promises 1 when nothing was analysed"
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_model_names_the_install_command(tmp_path):
    result = run("build", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "en_core_web_missing")
    assert result.returncode == 3, "the README promises 3 on a setup error"
    assert "en_core_web_missing" in result.stderr and "install" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folders_overrides_and_aliases_apply_to_its_build(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks resumed in Bard. Haji Namazov said Bard was calm.", encoding="utf-8")
    (corpus / "overrides.csv").write_text("name,place_id\nBard,geonames:3034977\n", encoding="utf-8")
    (corpus / "aliases.csv").write_text("variant,canonical\nHaji Namazov,Hajı Namazov\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(corpus), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    places = pq.read_table(out / "places.parquet").to_pandas()
    assert set(places.loc[places["surface"] == "Bard", "country_code"]) == {"FR"}
    assert set(places.loc[places["surface"] == "Bard", "rule"]) == {"override file"}
    mentions = pq.read_table(out / "mentions.parquet").to_pandas()
    assert "Hajı Namazov" in set(mentions["entity"])
    assert json.loads((out / "manifest.json").read_text())["counts"]["documents"] == 1


def test_the_opt_in_online_geocoder_resolves_what_the_gazetteer_lacks_and_caches_it(tmp_path):
    from tests.analysis.geo.stub_nominatim import Answer, StubNominatim
    from tests.analysis.geo.test_online import FOUND

    article = tmp_path / "a.txt"
    article.write_text("Delegations from Armenia met in Qwertyville on Monday. Qwertyville was calm.", encoding="utf-8")
    stub = StubNominatim({"Qwertyville": Answer(body=json.dumps(FOUND["Gyumri"]))})
    online = [
        "--online-geocoder",
        "news-coverage-analytics tests",
        "--geocoder-domain",
        stub.domain,
        "--geocoder-scheme",
        "http",
    ]
    online += ["--geocoder-cache", str(tmp_path / "answers.sqlite"), "--quiet"]
    try:
        first = run("build", str(article), "--out", str(tmp_path / "one"), *online)
        second = run("build", str(article), "--out", str(tmp_path / "two"), *online)
        offline = run("build", str(article), "--out", str(tmp_path / "off"), "--quiet")
        asked = stub.asked("Qwertyville")
    finally:
        stub.close()
    assert first.returncode == second.returncode == offline.returncode == 0, first.stderr + second.stderr
    places = pq.read_table(tmp_path / "two" / "places.parquet").to_pandas()
    found = places[places["surface"] == "Qwertyville"]
    assert len(found) >= 1 and set(found["source"]) == {"nominatim"} and set(found["country_code"]) == {"AM"}
    assert set(found["rule"]) == {"online geocoder (Nominatim)"}
    assert asked == 1, "the second build must be answered from the cache"
    offline_places = pq.read_table(tmp_path / "off" / "places.parquet").to_pandas()
    assert offline_places.loc[offline_places["surface"] == "Qwertyville", "place_id"].isna().all()


def test_an_interrupted_build_keeps_the_previous_tables_and_the_next_one_reuses_its_work(
    tmp_path, gazetteer, seeds_tables
):
    out = tmp_path / "out"
    write_tables(seeds_tables, out, manifest={"inputs": ["seeds"]})
    writer = Writer(random.Random(3), words=100, gazetteer=gazetteer)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(writer.article(i)) for i in range(200)), encoding="utf-8")
    cache = out / ".cache" / "results.sqlite"

    def stored() -> int:
        if not cache.exists():
            return 0
        with sqlite3.connect(cache) as db:
            # The build creates the file before its table: until then, nothing is stored.
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'results'").fetchone():
                return 0
            return db.execute("SELECT count(*) FROM results WHERE part = 'entities'").fetchone()[0]

    build = ["build", str(corpus), "--out", str(out), "--quiet", "--workers", "1"]
    interrupted = subprocess.Popen(
        [sys.executable, "-m", "analysis", *build], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 600
    while interrupted.poll() is None and stored() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    interrupted.send_signal(signal.SIGKILL)
    assert interrupted.wait() == -signal.SIGKILL, "the build finished before it could be interrupted"
    assert 0 < stored() < 200
    assert len(read_tables(out).documents) == 5, "the previous build's tables must stay readable"

    resumed = run(*build)
    assert resumed.returncode == 0, resumed.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 200
    assert manifest["cache"]["reused"]["entities"] > 0
    assert manifest["cache"]["reused"]["entities"] + manifest["cache"]["computed"]["entities"] == 200

    written = {path.name: path.stat().st_mtime_ns for path in out.glob("*.parquet")}
    again = run(*build)
    assert again.returncode == 0 and "up to date" in again.stdout and "parsed 0 texts" in again.stdout
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("*.parquet")} == written, (
        "an unchanged corpus rewrites nothing"
    )
