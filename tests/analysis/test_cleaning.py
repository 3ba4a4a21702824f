from __future__ import annotations

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
