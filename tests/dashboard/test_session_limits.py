"""What a session may cost the server, as the README promises: at most three upload sets kept per session
(older ones are dropped, the latest is shown), and a wrong password costs a second."""

from __future__ import annotations

import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import sidebar
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 300
SECRET = "correct horse battery staple 7"


def upload(at: AppTest, name: str, text: str) -> None:
    at.sidebar.file_uploader[0].set_value([(name, text.encode(), "text/plain")]).run()
    next(b for b in at.sidebar.button if b.label == "Analyse uploads").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_session_keeps_at_most_three_upload_sets_the_latest_shown():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    towns = ["Gyumri", "Lachin", "Aghdam", "Shusha", "Vanadzor"]
    for number, town in enumerate(towns, start=1):
        upload(at, f"set{number}.txt", f"Talks were held in {town} on Monday. The mayor of {town} said they went well.")
        held = at.session_state[sidebar._UPLOAD_RESULTS]
        assert len(held) == min(number, 3), "a session holds at most three analysed upload sets"
    assert "1 article(s) analysed from your uploads." in [c.value for c in at.sidebar.caption]
    kept = {str(doc) for tables, _, _ in held.values() for doc in tables.documents["text"]}
    assert [town for town in towns if any(town in text for text in kept)] == towns[-3:], "the oldest sets are dropped"


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The pauses the password gate itself takes (time.sleep called from dashboard.access); they still happen."""
    taken: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        if sys._getframe(1).f_globals.get("__name__") == "dashboard.access":
            taken.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    return taken


def submit(at: AppTest, password: str) -> None:
    at.text_input(key="_access_password").input(password)
    at.button[0].click().run()


def test_a_wrong_password_costs_a_second_and_the_right_one_nothing(pauses):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update({"access": {"password": SECRET}})
    at.run()
    submit(at, "wrong guess")
    assert [e.value for e in at.error] == ["Wrong password."]
    assert sum(pauses) >= 1.0, "each wrong password is answered a second later"
    submit(at, "another wrong guess")
    assert sum(pauses) >= 2.0
    before = len(pauses)
    submit(at, SECRET)
    assert not at.error and len(pauses) == before, "the right password opens at once"
