"""Russian Cyrillic to Latin letters, for comparing names across scripts (Пашинян ~ Pashinyan).

The table is the BGN/PCGN romanisation English-language news follows for the region's names
(Алиев -> Aliyev, Ереван -> Yerevan, Джейхун -> Dzheykhun); the comparison that uses it
(:func:`analysis.entities.same_person`) folds the remaining differences between romanisations
(Aliev/Aliyev, Dzh/J, Kh/H, y/i). Hand-written: the packages that do this (transliterate, cyrtranslit)
follow GOST or ISO 9, which news does not use (Х -> "h", Ж -> "ž").
"""

from __future__ import annotations

from functools import lru_cache

_LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_VOWELS = frozenset("аеёиоуыэюяьъй")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


@lru_cache(maxsize=1 << 16)
def to_latin(text: str) -> str:
    """``text`` with Russian letters romanised, capitals kept; other characters unchanged.

    Е at the start of a word or after a vowel or soft sign is "ye" (Ереван -> Yerevan, Алиев -> Aliyev).
    """
    out = []
    previous = ""
    for ch in text:
        lower = ch.lower()
        latin = _LETTERS.get(lower)
        if latin is None:
            out.append(ch)
        else:
            if lower == "е" and (not previous.isalpha() or previous.lower() in _VOWELS):
                latin = "ye"
            out.append(latin.capitalize() if ch != lower else latin)
        previous = ch
    return "".join(out)
