"""Every named boilerplate rule, one line each: the line is taken out under that rule's name, and the
article's own sentences around it stay."""

from __future__ import annotations

import pytest

from analysis import cleaning
from analysis.cleaning import clean_text

TITLE = "Talks resume in Baku"
BODY = ["The delegations met on Monday.", "Both sides said the talks were useful.", "A third round is planned."]
# A line far enough down the article that the header rules (short bullets are bylines there) no longer apply.
BELOW_HEADER = 12

# (rule, line, where the line stands: "header" or "body")
CASES = [
    ("breadcrumb", "Home » Politics » Caucasus", "header"),
    ("breadcrumb", "Talks resume in Baku / News / Caucasus / Home", "header"),
    ("see also", "See also  Baltic Dry Index rises for third week in a row", "body"),
    ("social links", "Follow us – Twitter | Facebook | Instagram", "body"),
    ("byline", "By admin", "header"),
    ("subscription", "Subscribe to our Telegram channel for the latest news", "body"),
    ("comment policy", "Comments, as far as possible, should be on topic", "body"),
    ("comment policy", "You may also like", "body"),
    ("cookie notice", "This website uses cookies to improve your experience. Accept Read More", "body"),
    ("byline bullet", "  • JAMnews", "header"),
    ("related link", "  • Georgia ranks 36th in the Steve Hanke Suffering Index", "body"),
]


def article(line: str, where: str) -> tuple[str, int]:
    """The article with ``line`` in it, and the line's number."""
    if where == "header":
        lines = [TITLE, line, "", *BODY]
        return "\n".join(lines), 2
    filler = [f"Paragraph {i} of the article is about the border talks." for i in range(BELOW_HEADER)]
    lines = [TITLE, "", *filler, line, *BODY]
    return "\n".join(lines), len(filler) + 3


@pytest.mark.parametrize(("rule", "line", "where"), CASES, ids=[f"{r}: {line.strip()[:20]}" for r, line, _ in CASES])
def test_each_rule_takes_out_its_line_by_name_and_keeps_the_article(rule, line, where):
    text, line_no = article(line, where)
    cleaned = clean_text(text)
    assert [(r.line_no, r.line, r.rule) for r in cleaned.removed] == [(line_no, line.strip(), rule)]
    assert line.strip() not in cleaned.text
    assert all(sentence in cleaned.text for sentence in [TITLE, *BODY])


def test_a_series_label_repeated_at_the_foot_goes_at_both_ends():
    label = "Karabakh diaries"
    text = "\n".join([TITLE, label, "", *BODY, "", label])
    cleaned = clean_text(text)
    removed = [(r.line_no, r.line, r.rule) for r in cleaned.removed]
    assert removed == [(2, label, "series label"), (8, label, "series label")]
    assert label not in cleaned.text
    assert cleaned.text.splitlines()[0] == TITLE and all(sentence in cleaned.text for sentence in BODY)


def test_a_last_sentence_that_repeats_the_title_is_content():
    text = "\n".join([TITLE, "", *BODY, TITLE + "."])
    assert clean_text(text).removed == ()


def test_a_long_bullet_in_the_header_is_a_related_link_not_a_byline():
    text = "\n".join([TITLE, "  • Georgia ranks 36th in the Steve Hanke Suffering Index", "", *BODY])
    assert [r.rule for r in clean_text(text).removed] == ["related link"]


def test_every_named_rule_has_a_case_here():
    """A rule added to the cleaner without a case above fails here."""
    assert {name for name, _ in cleaning._RULES} <= {rule for rule, _, _ in CASES}
