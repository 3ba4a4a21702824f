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
    ("cookie notice", "Accept all cookies", "header"),
    ("cookie notice", "Cookie settings", "body"),
    ("byline bullet", "  • JAMnews", "header"),
    ("related link", "  • Georgia ranks 36th in the Steve Hanke Suffering Index", "body"),
    ("URL line", "https://example.org/news/talks-resume", "body"),
    ("share bar", "Share | Tweet | Email", "body"),
    ("app banner", "Download our news app for breaking stories", "body"),
    ("player fallback", "Your browser does not support the video tag", "body"),
    ("photo credit", "Photo: Anna Berg", "body"),
    ("tag line", "Tags: Armenia, Azerbaijan, talks", "body"),
    ("read more", "Read more", "body"),
    ("language switcher", "This article is also available in Russian", "body"),
    ("credit line", "(Reporting by Anna Berg; editing by Tom Kral)", "body"),
    ("appeal", "Support independent journalism", "body"),
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


FILLER = [f"Paragraph {i} of the article is about the border talks." for i in range(BELOW_HEADER)]


@pytest.mark.parametrize(
    "lines",
    [
        ["The referees named for the final are:", "", "  • Anna Berg (Sweden)", "  • Tomas Kral (Czechia)"],
        ["  • Lena Ortiz • Pavel Dorn • Sami Haddad", "", "All three candidates have registered."],
        ["  • 6 May, first game", "  • • Ortiz - Dorn 1:0", "", "Dorn leads the match."],
    ],
    ids=["led in by a colon", "short names between paragraphs", "results at the foot"],
)
def test_a_bulleted_list_in_the_article_stays(lines):
    text = "\n".join([TITLE, "", *FILLER[:2], "", *lines])
    cleaned = clean_text(text)
    assert cleaned.removed == ()
    assert all(line.strip() in cleaned.text for line in lines)


@pytest.mark.parametrize(
    "lines",
    [
        [
            "  • Georgia ranks 36th in the Steve Hanke Suffering Index",
            "  • Border Guards Open New Crossing Near Sadakhlo",
        ],
        ["Popular news", "  • Lena Ortiz", "  • Border talks"],
        ["Related:", "  • Lena Ortiz", "  • Border talks"],
    ],
    ids=["headlines inside the article", "short links after a label", "short links after a colon label"],
)
def test_a_block_of_links_to_other_articles_goes(lines):
    text = "\n".join([TITLE, "", *FILLER, *lines, "", *BODY])
    cleaned = clean_text(text)
    bullets = [line.strip() for line in lines if line.lstrip().startswith("•")]
    assert [r.line for r in cleaned.removed if r.rule == "related link"] == bullets
    assert all(bullet not in cleaned.text for bullet in bullets)
    assert all(sentence in cleaned.text for sentence in [TITLE, *BODY, *FILLER])
