"""Showing untrusted text (article-derived names, upload file names) where Streamlit renders Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=&])")


def md(text: object) -> str:
    """``text`` with every Markdown and HTML control character escaped, so it displays literally."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
