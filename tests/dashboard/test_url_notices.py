"""A share link's values that name nothing loaded are ignored, each with exactly one notice that names it, and
nothing of them is applied; a link with only known values gets no notice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 300

# key -> (an ignored value, a word the notice must show so the user knows which value was dropped)
IGNORED = {
    "doc": ("no-such-document", "document"),
    "outlet": ("Nonexistent Gazette", "Nonexistent Gazette"),
    "label": ("NOT_A_LABEL", "NOT_A_LABEL"),
    "from": ("last tuesday", "`from`"),
    "to": ("2023-02-30", "`to`"),
    "min": ("many", "`min`"),
    "focus": ("entity:Nobody Of This Name", "focus"),
    "share": ("everything", "`share`"),
}


def app_script() -> None:
    from dashboard import sidebar
    from dashboard.views import overview

    view = sidebar.prepare()
    if view is not None:
        overview.render(view)


def run(params: dict[str, str]) -> AppTest:
    at = AppTest.from_function(app_script, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.sidebar.info]


def documents(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Documents")


def focus_applied(at: AppTest) -> bool:
    return any(b.label.startswith("✕ Clear focus") for b in at.sidebar.button)


@pytest.mark.parametrize("key", list(IGNORED))
def test_one_ignored_value_gives_exactly_one_notice_naming_it(key):
    value, named = IGNORED[key]
    at = run({key: value})
    shown = notices(at)
    assert len(shown) == 1, shown
    assert named in shown[0].replace("\\", ""), shown[0]
    assert documents(at) == "5 of 5" and not focus_applied(at), "nothing of an ignored value is applied"


def test_every_ignored_key_at_once_gives_one_notice_each():
    at = run({key: value for key, (value, _) in IGNORED.items()})
    shown = [n.replace("\\", "") for n in notices(at)]
    assert len(shown) == len(IGNORED), shown
    for key, (_, named) in IGNORED.items():
        assert any(named in n for n in shown), (key, shown)
    assert documents(at) == "5 of 5" and not focus_applied(at)


def test_a_link_naming_only_what_is_loaded_gets_no_notice():
    at = run({"outlet": "JAMnews", "focus": "entity:Haji Namazov"})
    assert notices(at) == []
    assert focus_applied(at)


@pytest.mark.parametrize("value", ["entity:Nobody Of This Name", "city:Baku", "entity:", "Haji Namazov"])
def test_a_focus_that_names_nothing_is_dropped_with_its_notice(value):
    at = run({"focus": value})
    shown = notices(at)
    assert len(shown) == 1 and "focus" in shown[0], shown
    assert not focus_applied(at)


def test_a_notice_says_what_kind_of_value_it_dropped_and_shows_it_short_and_inert():
    at = run({"doc": ["<b>x</b>", "a" * 30, "c", "d"], "label": "NOT_A_LABEL"})
    assert notices(at) == [
        f"Ignored 4 unknown document(s): '?b?x?/b?', '{'a' * 24}…', 'c', ….",
        "Ignored 1 unknown entity type(s): 'NOT_A_LABEL'.",
    ]


# The seeds are dated 2023-03-01 (two, month precision), 2023-06-01 (two, month precision) and 2023-09-12 (one, day).
@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"from": "2023-09-12"}, "1 of 5"),
        ({"from": "2023-06-30"}, "3 of 5"),
        ({"from": "2023-07-01"}, "1 of 5"),
        ({"from": "2023-03-01"}, "5 of 5"),
        ({"to": "2023-03-01"}, "2 of 5"),
        ({"to": "2023-05-31"}, "2 of 5"),
        ({"to": "2023-06-01"}, "4 of 5"),
        ({"from": "2023-06-01", "to": "2023-06-01"}, "2 of 5"),
        ({"outlet": "JAMnews", "from": "2023-06-30"}, "2 of 5"),
        ({"outlet": "JAMnews", "to": "2023-06-01"}, "2 of 5"),
        ({"outlet": "JAMnews", "doc": "000_6c6c6295ee53b3af"}, "1 of 5"),
    ],
    ids=lambda v: v if isinstance(v, str) else "&".join(f"{k}={x}" for k, x in v.items()),
)
def test_a_links_dates_within_the_corpus_apply_without_a_notice(params, shown):
    at = run(params)
    assert notices(at) == []
    assert documents(at) == shown


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"from": "2023-09-13"}, "Ignored `from` = 2023-09-13: the documents are dated 2023-03-01 to 2023-09-12."),
        ({"to": "2023-02-28"}, "Ignored `to` = 2023-02-28: the documents are dated 2023-03-01 to 2023-09-12."),
        ({"from": "2023-07-01", "to": "2023-06-01"}, "Ignored the date range: 2023-07-01 is after 2023-06-01."),
    ],
)
def test_a_links_dates_outside_the_corpus_or_reversed_are_dropped_with_a_notice(params, notice):
    at = run(params)
    assert notices(at) == [notice]
    assert documents(at) == "5 of 5"


@pytest.mark.parametrize(
    ("value", "kept"), [("0", False), ("1", True), ("10000", True), ("10001", False), ("2.5", False)]
)
def test_minimum_mentions_from_a_link_must_be_a_whole_number_from_1_to_10000(value, kept):
    at = run({"min": value})
    assert (notices(at) == []) is kept, notices(at)
    assert at.sidebar.number_input(key="f_min").value == (int(value) if kept else 1)


def test_a_higher_minimum_shows_fewer_entities():
    def entities(at: AppTest) -> int:
        return int(next(m.value for m in at.metric if m.label == "Entities").replace(",", ""))

    assert entities(run({"min": "1"})) > entities(run({"min": "2"})) > entities(run({"min": "3"}))


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"doc": "d" * 200}, f"Ignored 1 unknown document(s): '{'d' * 24}…'."),
        ({"doc": "d" * 201}, "Ignored 1 `doc` value(s) longer than 200 characters."),
        ({"outlet": ["A", "B", "C"]}, "Ignored 3 unknown outlet(s): 'A', 'B', 'C'."),
        ({"outlet": "x" * 24}, f"Ignored 1 unknown outlet(s): '{'x' * 24}'."),
        ({"min": ["2", "3"]}, "Ignored `min`: expected one value, got 2."),
    ],
    ids=["200 characters", "201 characters", "three examples", "24 characters", "two minimums"],
)
def test_notices_at_the_limits_of_what_a_link_may_hold(params, notice):
    assert notices(run(params)) == [notice]
