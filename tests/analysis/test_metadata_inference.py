"""What the dashboard shows as "inferred" metadata: each field found in an article's header with the method and
the line that gave it, so a user can check it; the first finding of a field wins."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.metadata import infer_metadata


def words(n: int) -> list[str]:
    """``n`` distinct made-up words ("waa", "wab", …): a headline's words, not codes or counters."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [f"w{letters[i // 26]}{letters[i % 26]}" for i in range(n)]


def provenance(text: str) -> dict[str, tuple[str, str]]:
    return {p.field: (p.method, p.evidence) for p in infer_metadata(text).provenance}


def test_a_header_gives_title_date_and_author_with_the_line_each_came_from():
    text = "Talks resume in Baku\nSept 12 2023\nBy Anna Petrosyan\n\nThe delegations met on Monday."
    found = infer_metadata(text)
    assert found.values == {
        "title": "Talks resume in Baku",
        "published": dt.date(2023, 9, 12),
        "date_precision": "day",
        "author": "Anna Petrosyan",
    }
    assert provenance(text) == {
        "title": ("first line", "Talks resume in Baku"),
        "published": ("dateline", "Sept 12 2023"),
        "date_precision": ("dateline", "Sept 12 2023"),
        "author": ("byline", "By Anna Petrosyan"),
    }


def test_a_month_dateline_keeps_its_precision():
    found = infer_metadata("Talks resume in Baku\nJune 2023\n\nThe delegations met on Monday.")
    assert (found.values["published"], found.values["date_precision"]) == (dt.date(2023, 6, 1), "month")


@pytest.mark.parametrize(
    "line",
    [
        "Sept 12 2023 was the hottest day on record",
        "June 2023 was the hottest month on record",
        "By admin",
        "By Staff",
        "BY WEBMASTER",
    ],
)
def test_lines_that_are_no_dateline_or_author_give_none(line):
    found = infer_metadata(f"Talks resume in Baku\n{line}\n\nThe delegations met on Monday.")
    assert "published" not in found.values and "author" not in found.values


def test_a_breadcrumb_trail_names_the_title():
    text = "Home » News » Caucasus\nTalks resume in Baku / News / Caucasus / Home\nSome other line\n\nBody."
    assert infer_metadata(text).values["title"] == "Talks resume in Baku"
    assert provenance(text)["title"] == ("breadcrumb", "Talks resume in Baku / News / Caucasus / Home")


def test_bylines_and_breadcrumbs_are_skipped_to_find_the_first_line():
    for header in ("Home » News » Caucasus", "By Anna Petrosyan", "  • JAMnews"):
        text = f"{header}\nTalks resume in Baku\n\nBody."
        assert provenance(text)["title"] == ("first line", "Talks resume in Baku"), header


def test_a_first_line_of_thirty_words_is_a_title_and_a_longer_one_is_cut_to_ten_words():
    line = words(31)
    assert infer_metadata(" ".join(line[:30]) + "\n\nBody.").values["title"] == " ".join(line[:30])
    text = " ".join(line) + "\n\nBody."
    first_ten = " ".join(line[:10])
    assert infer_metadata(text).values["title"] == first_ten + "…"
    assert provenance(text)["title"] == ("first words", first_ten)


def test_the_first_words_fallback_skips_a_breadcrumb():
    text = "Home » News » Caucasus\n" + " ".join(words(31)) + "\n\nBody."
    assert infer_metadata(text).values["title"] == " ".join(words(10)) + "…"


def test_a_first_line_of_two_hundred_characters_is_a_title_and_a_longer_one_is_not():
    line = ("Headline " * 22).strip() + " Ba"
    assert len(line) == 200
    assert infer_metadata(f"{line}\n\nBody.").values["title"] == line
    assert provenance(f"{line}B\n\nBody.")["title"][0] == "first words"


def test_evidence_is_kept_to_two_hundred_characters():
    trail = "Talks resume in Baku" + " / Caucasus news" * 20 + " / Home"
    method, evidence = provenance(f"{trail}\n\nBody.")["title"]
    assert method == "breadcrumb" and evidence == trail[:200]


def test_short_bullets_name_the_outlet_then_the_bureau():
    text = "Talks resume\n  • JAMnews\n  • Baku bureau of the agency\n  • Yerevan city news desk\n\nBody."
    found = infer_metadata(text)
    assert (found.values["outlet"], found.values["bureau"]) == ("JAMnews", "Yerevan city news desk")
    assert provenance(text)["outlet"] == ("byline bullet", "• JAMnews")
    assert provenance(text)["bureau"] == ("byline bullet", "• Yerevan city news desk")


def test_the_outlet_credited_most_often_is_the_publisher_and_a_byline_wins_over_cues():
    text = "Talks resume\n\nHe told Sputnik so. She told JAMnews more. He told JAMnews again."
    assert infer_metadata(text).values["outlet"] == "JAMnews"
    assert provenance(text)["outlet"] == ("attribution cue", "'told JAMnews' (score 4)")
    assert infer_metadata("Talks resume\n\nHe told Sputnik News so (sputniknews.com).").values["outlet"] == "Sputnik"
    bulleted = "Talks resume\n  • Sputnik\n\nShe told JAMnews more. He told JAMnews again."
    assert infer_metadata(bulleted).values["outlet"] == "Sputnik"


@pytest.mark.parametrize(
    "furniture",
    [
        "10:45 am",  # a time
        "https://example.org/news/4521",  # a URL
        "Share | Tweet | Email",  # a share bar
        "Read more",
        "Yerevan, 5 March 2023",  # a dateline
        "News.am",  # a site's name alone
        "Updated: 14",  # a label
        "February 29",  # a month and day (a leap day is a day too)
        "++ // ++",  # no word at all
    ],
)
def test_page_furniture_above_the_headline_is_never_the_title(furniture):
    text = f"{furniture}\nTalks resume in Baku\n\nThe delegations met on Monday."
    assert provenance(text)["title"] == ("first line", "Talks resume in Baku")
