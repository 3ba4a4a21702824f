"""Hypothesis strategies for news-like hostile text, shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Pieces that stress what the analysis does with text: names and their possessives, places after
# prepositions, quotation marks, bullets and boilerplate cues, line ends of every kind, characters
# whose case mapping changes their length (İ), combining marks, right-to-left text, NULs and BOMs.
FRAGMENTS = (
    "Haji Namazov", "Hagi Namazov", "Namazov’s", "Nikol Pashinyan", "the Kremlin’s", "Sergey Lavrov", "Lavrov",
    "Baku", "Georgia", "Washington’s", "Washington said", "Khankendi (Stepanakert)", "Nagorno-Karabakh", "NK",
    "in Gyumri", "from Krasnodar", "near Anapa", "in March", "the West", "U.S.", "Armenians", "Azerbaijani",
    "Security Council Samvel Shahramanyan", "West Nile virus", "İstanbul", "ǅemal", "e\u0301", "שלום", "مرحبا",
    "“", "”", "«", "»", '"', "'", "’s", "(", ")", "[", "]", " • ", "•", "See also", "Follow us", "Home » ",
    "Subscribe to our newsletter", "cookies policy", "by admin", "Sept 12 2023", "2023-06-30",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x00", "\ufeff", "\u00a0",
    ".", ",", ";", ":", "!", "?", "—", "-", "/", "\\", "<script>", "</script>", "![x](http://outside.example/p.png)",
    "%{x}", "<b>", "&amp;", "🗞️", "👍🏽",
)  # fmt: skip

news_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
