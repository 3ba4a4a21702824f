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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("17 August 2021 11:55 (UTC +04:00)", dt.date(2021, 8, 17)),
        ("29 September 2023, 17:49", dt.date(2023, 9, 29)),
        ("09:55, 17 December 2025", dt.date(2025, 12, 17)),
        ("2023-09-20T11:16+0000", dt.date(2023, 9, 20)),
        ("Published: 20.09.2023", dt.date(2023, 9, 20)),
        ("Politics | 3 March 2024 | 14:05", dt.date(2024, 3, 3)),
    ],
)
def test_datelines_news_sites_print_are_read(line, expected):
    found = infer_metadata(f"Border talks resume\n{line}\n\nThe delegations met in Baku on Monday.")
    assert (found.values["published"], found.values["date_precision"]) == (expected, "day")
    assert {p.field: p.evidence for p in found.provenance}["published"] == line


def test_a_sentence_with_a_date_is_not_a_dateline():
    text = "Border talks resume\n\nOn 17 August 2021 the delegations met in Baku and agreed to meet again."
    found = infer_metadata(text)
    assert "published" not in found.values


def test_a_year_less_dateline_takes_its_year_from_the_same_text():
    text = "Talks resume\nBAKU, Azerbaijan, September 20\n\nThe sides met. © 2023 All rights reserved."
    assert infer_metadata(text).values["published"] == dt.date(2023, 9, 20)
    assert "published" not in infer_metadata("Talks resume\nBAKU, Azerbaijan, September 20\n\nThe sides met.").values


def test_a_dateline_wrapped_in_site_furniture_is_read():
    text = "Talks resume\n24 February 2006 [10:06] - Today.Az\n\nThe delegations met in Baku on Monday."
    found = infer_metadata(text)
    assert found.values["published"] == dt.date(2006, 2, 24)


@pytest.mark.parametrize(
    "furniture",
    [
        "×",
        "https://example-news.org/politics/1",
        "17 August 2021 11:55",
        "09:55,",
        "Reuters",
        "Categories: 2020",
        "BAKU, Azerbaijan, Nov. 25",
        "Today.Az » Politics",
    ],
)
def test_a_title_is_never_furniture(furniture):
    body = "The delegations met in Brussels on Tuesday and agreed to meet again."
    raw = f"{furniture}\nBorder talks resume in Brussels\n\n{body}"
    assert infer_metadata(raw, cleaned=raw).values["title"] == "Border talks resume in Brussels"


def test_without_a_headline_the_title_is_the_first_sentence_like_line():
    lede = "The delegations of Armenia and Azerbaijan met in Brussels on Tuesday and agreed " * 3
    raw = f"17 August 2021\n×\n{lede}to meet again."
    assert infer_metadata(raw).values["title"] == "The delegations of Armenia and Azerbaijan met in Brussels on…"


def test_the_title_comes_from_the_cleaned_text_when_given():
    raw = "Subscribe to our newsletter\nTalks resume in Baku\n\nThe delegations met in Baku on Monday."
    cleaned = "Talks resume in Baku\n\nThe delegations met in Baku on Monday."
    assert infer_metadata(raw, cleaned=cleaned).values["title"] == "Talks resume in Baku"


def test_a_site_and_section_trail_before_the_headline_leaves_the_headline():
    raw = "JAMnews › Politics › Talks resume in Baku\n\nThe delegations met in Baku on Monday."
    assert infer_metadata(raw).values["title"] == "Talks resume in Baku"


@pytest.mark.parametrize("length", [6, 10])
def test_a_first_words_title_is_marked_cut_only_when_it_is(length):
    lede = " ".join(["delegations"] * (length - 1)) + " met."
    raw = "\n".join(["12:30"] * 12) + f"\n{lede}\n\nMore text follows here in the body."
    assert infer_metadata(raw).values["title"] == lede


def test_a_date_line_in_the_middle_of_a_long_article_is_not_its_date():
    body = [f"Paragraph {i} of the report on the border talks." for i in range(60)]
    body[45] = "Published: 20.09.2019"
    raw = "\n".join(["Talks resume in Baku", *body, "Published: 21.09.2023"])
    assert infer_metadata(raw).values["published"] == dt.date(2023, 9, 21)


def test_a_year_less_dateline_says_where_its_year_came_from():
    text = "Talks resume\nBAKU, Azerbaijan, September 20\n\nThe sides met.\n© 2023"
    found = infer_metadata(text)
    assert found.values["published"] == dt.date(2023, 9, 20)
    sources = {p.field: (p.method, p.evidence) for p in found.provenance}
    assert sources["published"] == ("dateline, year from the text", "BAKU, Azerbaijan, September 20")


def test_windows_line_breaks_read_as_line_breaks():
    found = infer_metadata("Talks resume in Baku\r\nSept 12 2023\r\n\r\nThe delegations met on Monday.")
    assert (found.values["title"], found.values["published"]) == ("Talks resume in Baku", dt.date(2023, 9, 12))
