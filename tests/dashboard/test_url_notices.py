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
