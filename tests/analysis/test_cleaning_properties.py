"""Cleaning over arbitrary text: it never raises, is idempotent, and removes only whole input lines."""

from __future__ import annotations

import re

from hypothesis import example, given, settings

from analysis.cleaning import clean_text, normalise_newlines
from tests.strategies import news_text


@settings(max_examples=400, deadline=None)
@given(news_text)
@example("Regional politics today •\nworld • Sport")  # two short bars a hard wrap would join into a menu
def test_cleaning_news_like_text_is_idempotent(text):
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed == ()


@settings(max_examples=400, deadline=None)
@given(news_text)
def test_cleaned_text_has_one_kind_of_line_end_and_no_control_characters(text):
    cleaned = clean_text(text).text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]", cleaned)


@settings(max_examples=400, deadline=None)
@given(news_text)
def test_every_removed_line_was_a_line_of_the_input(text):
    lines = normalise_newlines(text).split("\n")
    for removed in clean_text(text).removed:
        assert lines[removed.line_no - 1].strip() == removed.line


@settings(max_examples=200, deadline=None)
@given(news_text)
def test_normalising_line_ends_is_idempotent(text):
    assert normalise_newlines(normalise_newlines(text)) == normalise_newlines(text)
