from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning import clean_text

ARTICLE = """Talks resume in Baku

  • JAMnews
  • Baku

The delegations met on Monday.
  • Georgia ranks 36th in the Steve Hanke Suffering Index
See also  Baltic Dry Index rises for third week in a row
Follow us – Twitter | Facebook | Instagram
This website uses cookies to improve your experience. Accept Read More
Both sides said the talks were useful."""


def test_boilerplate_lines_are_removed_and_kept_for_review():
    cleaned = clean_text(ARTICLE)
    assert "The delegations met on Monday." in cleaned.text
    assert "Both sides said the talks were useful." in cleaned.text
    for junk in ("Steve Hanke", "Baltic Dry", "Follow us", "cookies", "• JAMnews"):
        assert junk not in cleaned.text
    rules = {r.rule for r in cleaned.removed}
    assert {"byline bullet", "related link", "see also", "social links", "cookie notice"} <= rules
    assert all(r.line in ARTICLE for r in cleaned.removed)


def test_article_sentences_that_mention_cookies_in_passing_stay():
    text = "Grandmother baked cookies for the soldiers at the checkpoint.\nThey thanked her."
    assert clean_text(text).text == text


@given(st.text())
def test_cleaning_never_raises_and_is_idempotent(text):
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed == ()


@given(st.lists(st.sampled_from(["• link", "See also x", "Real sentence.", "", "Follow us", "Home » a"]), max_size=30))
def test_every_input_line_is_kept_or_reported(lines):
    text = "\n".join(lines)
    cleaned = clean_text(text)
    kept = [line for line in cleaned.text.split("\n") if line.strip()]
    assert len(kept) + len(cleaned.removed) == sum(1 for line in lines if line.strip())


def test_typesetting_characters_become_plain_ones():
    text = "The Nagorno\u2011Karabakh talks\u200b resumed 10\u00a0km from the bor\u00adder in Gyumri\u0301."
    cleaned = clean_text(text).text
    expected = "The Nagorno-Karabakh talks resumed 10 km from the border in Gyumri\u0301."
    assert cleaned == unicodedata.normalize("NFC", expected)


WRAPPED = (
    "Talks resume in Brussels\n"
    "\n"
    "The delegations of Armenia and Azerbaijan met on Monday, Armenian Prime Minister Nikol\n"
    "Pashinyan said, and agreed that the border commissions would meet again in the\n"
    "spring. Foreign ministers are to prepare the text of a peace treaty before the\n"
    "summit, where the leaders will sign it if the last questions are settled.\n"
    "\n"
    "A second paragraph."
)


def test_hard_wrapped_paragraphs_are_unwrapped_and_headings_kept():
    lines = clean_text(WRAPPED).text.split("\n")
    assert lines[0] == "Talks resume in Brussels"
    assert "Prime Minister Nikol Pashinyan said" in lines[2]
    assert lines[2].endswith("if the last questions are settled.")
    assert lines[4] == "A second paragraph."


def test_short_lines_broken_on_purpose_stay_broken():
    assert clean_text("Third\nwith a newline").text == "Third\nwith a newline"
    assert clean_text("Key points\n- the border\n- the treaty").text == "Key points\n- the border\n- the treaty"


PAGE = """fbpx
Home | News | Politics | Economy
Մատչելիության հղումներ
Border talks resume in Brussels
Border talks resume in Brussels
17 August 2021 11:55 (UTC +04:00)
Save
Share
https://example-news.org/politics/border-talks
Your browser does not support the video tag.
BAKU, August 17. The delegations of Armenia and Azerbaijan met in Brussels on Tuesday and agreed to meet again.
Delegates at the table. Photo: Anna Kovacs/Example News
  • The border commissions will meet in the spring to agree on the next sections of the border line.
The foreign ministers are to prepare the text of a peace treaty before the summit in the autumn.
Download our app for the latest news
Tags: border, treaty, Brussels
More about: Armenia   Azerbaijan
Ministers discuss gas transit through Georgia
Read more
+ ↺ − 16 px
"""


def test_page_furniture_is_removed_and_the_article_kept():
    cleaned = clean_text(PAGE)
    lines = cleaned.text.split("\n")
    assert lines[0] == "Border talks resume in Brussels"
    for kept in ("met in Brussels on Tuesday", "border commissions will meet", "text of a peace treaty"):
        assert kept in cleaned.text
    rules = {r.line: r.rule for r in cleaned.removed}
    assert set(rules.values()) >= {
        "page furniture",
        "menu",
        "other script",
        "repeated headline",
        "timestamp line",
        "share bar",
        "URL line",
        "player fallback",
        "photo credit",
        "app banner",
        "tag line",
        "related headline",
        "read more",
        "symbol line",
    }
    n_input = sum(1 for line in PAGE.split("\n") if line)
    assert len(cleaned.removed) + sum(1 for line in lines if line.strip()) == n_input


def test_short_lines_in_the_article_stay():
    text = (
        "Talks in Baku\n\nThe delegations of both countries met in Baku on Monday and agreed to meet again.\n"
        "Next steps\nThe foreign ministers will prepare a draft of the treaty before the summit in the autumn."
    )
    assert clean_text(text).text == text
