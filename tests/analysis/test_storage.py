from __future__ import annotations

import re

import pytest

from analysis import TablesError, read_tables, write_tables
from analysis.storage import read_manifest


def test_tables_round_trip_through_parquet(seeds_tables, tmp_path):
    write_tables(seeds_tables, tmp_path, manifest={"counts": seeds_tables.counts()})
    back = read_tables(tmp_path)
    for name, frame in seeds_tables.as_dict().items():
        assert getattr(back, name).equals(frame), name
    assert read_manifest(tmp_path)["counts"]["documents"] == 5


def test_a_half_written_build_is_reported_not_misread(seeds_tables, tmp_path):
    write_tables(seeds_tables, tmp_path, manifest={})
    (tmp_path / "mentions.parquet").write_bytes(b"PAR1 truncated")
    with pytest.raises(TablesError, match=re.escape("mentions.parquet")):
        read_tables(tmp_path)
    with pytest.raises(TablesError, match=re.escape("manifest.json")):
        read_tables(tmp_path / "nowhere")
