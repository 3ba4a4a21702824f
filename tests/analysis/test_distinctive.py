from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.distinctive import log_odds
from analysis.errors import InputError


def test_log_odds_matches_the_hand_computed_example():
    # A says x three times and y once, B the reverse. The prior is the pooled counts (x: 4, y: 4; alpha0 = 8).
    # For A and x: delta = ln((3+4)/(4+8-3-4)) - ln((1+4)/(4+8-1-4)) = 2 ln(7/5); var = 1/(3+4) + 1/(1+4).
    counts = pd.DataFrame({"group": ["A", "A", "B", "B"], "term": ["x", "y", "x", "y"], "n": [3, 1, 1, 3]})
    scores = log_odds(counts).set_index(["group", "term"])
    delta = 2 * math.log(7 / 5)
    assert scores.at[("A", "x"), "delta"] == pytest.approx(delta)
    assert scores.at[("A", "x"), "z"] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert scores.at[("B", "x"), "z"] == pytest.approx(-scores.at[("A", "x"), "z"])
    assert scores.at[("A", "x"), "n"] == 3 and scores.at[("A", "x"), "n_rest"] == 1


def test_with_three_outlets_each_gets_its_own_term_first():
    counts = pd.DataFrame(
        {
            "group": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
            "term": ["shared", "a-only", "rare", "shared", "b-only", "rare", "shared", "c-only", "rare"],
            "n": [10, 8, 1, 10, 9, 1, 10, 7, 1],
        }
    )
    scores = log_odds(counts)
    firsts = scores.groupby("group").head(1).set_index("group")["term"].to_dict()
    assert firsts == {"A": "a-only", "B": "b-only", "C": "c-only"}
    assert (scores.loc[scores["term"] == "shared", "z"].abs() < 1).all()


def test_a_word_said_twice_does_not_beat_a_word_said_often():
    counts = pd.DataFrame(
        {
            "group": ["A", "A", "A", "B", "B"],
            "term": ["once", "often", "common", "often", "common"],
            "n": [2, 40, 50, 5, 50],
        }
    )
    scores = log_odds(counts)
    a = scores[scores["group"] == "A"].set_index("term")["z"]
    assert a["often"] > a["once"] > 0


def test_bad_input_is_named():
    with pytest.raises(InputError, match="group, term and n"):
        log_odds(pd.DataFrame({"term": ["x"], "n": [1]}))
    assert log_odds(pd.DataFrame(columns=["group", "term", "n"])).empty
