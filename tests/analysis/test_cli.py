"""The CLI as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq

from tests.conftest import ROOT, SEEDS


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


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


def test_nothing_analysable_exits_non_zero_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_model_names_the_install_command(tmp_path):
    result = run("build", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "en_core_web_missing")
    assert result.returncode != 0
    assert "en_core_web_missing" in result.stderr and "install" in result.stderr
    assert "Traceback" not in result.stderr
