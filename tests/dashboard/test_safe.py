from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dashboard.safe import md


def test_links_images_and_tags_are_shown_literally():
    shown = md("![x](http://outside.example/p.png) <img src=x onerror=alert(1)> **bold**")
    for control in (r"!\[", r"\]\(", "<img", r"\*\*"):
        assert not re.search(r"(?<!\\)" + control, shown), control
    assert shown.replace("\\", "") == "![x](http://outside.example/p.png) <img src=x onerror=alert(1)> **bold**"


@given(st.text())
def test_every_markdown_character_is_escaped(text):
    shown = md(text)
    unescaped = re.sub(r"\\.", "", shown)
    assert not re.search(r"[\\`*_{}\[\]()<>#+\-.!|:~$=&]", unescaped)
