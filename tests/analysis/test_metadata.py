from __future__ import annotations

import datetime as dt

import pytest

from analysis.metadata import infer_metadata, outlet_info, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sept 12 2023", (dt.date(2023, 9, 12), "day")),
        ("12 September 2023", (dt.date(2023, 9, 12), "day")),
        ("March 1, 2023", (dt.date(2023, 3, 1), "day")),
        ("2023-06", (dt.date(2023, 6, 1), "month")),
        ("2023", (dt.date(2023, 1, 1), "year")),
        ("2023-02-30", None),
        ("next Tuesday", None),
    ],
)
def test_dates_keep_their_precision(text, expected):
    assert parse_date(text) == expected


def test_outlet_and_bureau_from_byline_bullets():
    found = infer_metadata("Headline here\n\n  • JAMnews\n  • Baku\n\nBody text.")
    assert found.values["outlet"] == "JAMnews"
    assert found.values["bureau"] == "Baku"
    assert found.values["title"] == "Headline here"
    methods = {p.field: p.method for p in found.provenance}
    assert methods["outlet"] == "byline bullet"


def test_outlet_from_attribution_cue():
    found = infer_metadata("A spokesperson has told Sputnik that talks go on. Another official told Sputnik more.")
    assert found.values["outlet"] == "Sputnik"
    assert {p.field: p.method for p in found.provenance}["outlet"] == "attribution cue"


def test_cited_outlets_are_not_taken_for_the_publisher():
    found = infer_metadata("Headline\n\nRIA Novosti reported that the talks failed, RIA Novosti said.")
    assert "outlet" not in found.values


def test_outlets_table_knows_country_and_type():
    assert outlet_info("Sputnik").type == "state-owned"
    assert outlet_info("Osservatorio Balcani Caucaso Transeuropa").name == "OBC Transeuropa"
    assert outlet_info("Unknown Gazette") is None
