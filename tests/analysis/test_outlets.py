"""Outlets: one name per outlet everywhere, and the cues a page gives of its publisher."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from analysis import load_bytes, load_corpus
from analysis.metadata import infer_metadata
from analysis.outlets import canonical_outlet, known_outlets, outlet_from_url, outlet_info

BODY = "Baku has urged Yerevan to honour its international obligations for the sake of regional peace."


def test_the_table_covers_the_region_with_country_type_and_domains():
    outlets = known_outlets()
    assert len(outlets) >= 40
    assert all(o.type and o.domains for o in outlets if o.name != "Wikinews")
    assert {o.country for o in outlets} >= {"AM", "AZ", "GE", "RU"}
    names = Counter(n.casefold() for o in outlets for n in set(x.casefold() for x in o.names))
    assert [n for n, count in names.items() if count > 1] == [], "a name may stand for one outlet only"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Azernews", "AzerNews"),
        ("AZERNEWS", "AzerNews"),
        ("Trend News Agency", "Trend"),
        ("trend.az", "Trend"),
        ("Unknown Gazette", "Unknown Gazette"),
    ],
)
def test_every_spelling_of_an_outlet_has_one_name(written, canonical):
    assert canonical_outlet(written) == canonical


def test_a_url_names_its_outlet_by_domain_or_host():
    assert outlet_from_url("https://en.trend.az/azerbaijan/politics/1.html") == ("Trend", "en.trend.az")
    assert outlet_from_url("https://www.example-news.org/a/1") == (None, "example-news.org")


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (f"Talks resume\n\n{BODY}\n\n© 2023 Azernews. All rights reserved.", "AzerNews"),
        (f"Talks resume\n\n{BODY[:-1]}, Azernews reports.", "AzerNews"),
        (f"Talks resume\n\nYEREVAN, AUGUST 7, ARMENPRESS. {BODY}", "Armenpress"),
        (f"https://en.trend.az/azerbaijan/politics/1.html\nTalks resume\n\n{BODY}", "Trend"),
        (f"Talks resume\nProtesters on the avenue. Photo: Anna Kovacs/OC Media\n\n{BODY}", "OC Media"),
        (f"Today.Az » Politics » Talks resume\n\n{BODY}", "Today.Az"),
        (f"Talks resume\n\n{BODY} A spokesman told News.Az that talks go on.", "News.Az"),
    ],
)
def test_the_publisher_is_found_from_its_cues(text, outlet):
    found = infer_metadata(text)
    assert found.values["outlet"] == outlet


@pytest.mark.parametrize(
    "text",
    [
        f"Talks resume\n\nAs APA reports, {BODY}",
        f"Talks resume\n\n{BODY} The commission is to report on Monday, a trend that worries Baku.",
        f"Talks resume\n\n{BODY} Reuters reported that the talks failed.",
    ],
)
def test_citing_another_outlet_or_a_common_word_is_not_a_credit(text):
    assert "outlet" not in infer_metadata(text).values


def test_given_outlets_take_their_canonical_name_and_a_url_names_the_site(tmp_path):
    rows = [
        {"id": "a", "text": BODY, "outlet": "Azernews"},
        {"id": "b", "text": BODY, "link": "https://report.az/en/foreign-politics/x"},
        {"id": "c", "text": BODY, "url": "https://www.example-news.org/a/1"},
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    outlets = {d.doc_id: d.outlet for d in load_corpus(tmp_path / "rows.jsonl").documents}
    assert outlets == {"a": "AzerNews", "b": "Report", "c": "example-news.org"}
    assert outlet_info("Report").country == "AZ"


def test_a_saved_page_names_its_outlet_in_its_title():
    page = (
        "<html><head><title>Talks resume - Hetq - News, Articles, Investigations</title></head><body><article>"
        f"<h1>Talks resume</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )
    (document,) = load_bytes("page.html", page.encode()).documents
    assert document.outlet == "Hetq"
