"""A document's language: the only module that imports py3langid.

py3langid (langid.py's model, 116 languages with an ISO 639-1 code, shipped in the wheel) was measured against
lingua-language-detector 2.1.1 with ``python -m bench.language_eval`` on the Russian and English
development sets (1,028 texts): both judged every whole text right, py3langid ten times faster
(2.1 s against 22 s for 2.1 M characters) and with a 4.6 MB wheel against 96 MB; on the first
200 characters of each text py3langid was still right on all of them, lingua wrong on one.
Languages are ISO 639-1 codes ("en", "ru"); a value given by the user wins (see :func:`given_language`).
"""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from analysis.types import Document

# The first characters decide (and the answer is kept per text: the build asks once to key a
# document's results and again to analyse it): measured, 200 were enough on every development text, and a title
# or a first paragraph is in the article's language; more only costs time on long texts.
SAMPLE_CHARS = 1000
UNDETERMINED = "und"
# Texts in this language have their own pipeline; every other text goes through the English one.
RUSSIAN = "ru"
# What people write in a manifest's language column besides the code.
_NAMES = {
    "english": "en",
    "russian": "ru",
    "русский": "ru",
    "armenian": "hy",
    "azerbaijani": "az",
    "azeri": "az",
    "georgian": "ka",
    "turkish": "tr",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "ukrainian": "uk",
    "persian": "fa",
    "farsi": "fa",
    "arabic": "ar",
    "chinese": "zh",
}


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    # Only languages with an ISO 639-1 code: the model's 26 others are dialects, creoles and historical
    # languages (Nigerian Pidgin, Egyptian Arabic, Ancient Greek) that a short, name-heavy English or
    # Russian news text can be taken for ("pcm" for an English paragraph of names, measured).
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


@lru_cache(maxsize=4096)
def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; :data:`UNDETERMINED` when it has no letters."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    return str(_identifier().classify(sample)[0])


def document_language(document: Document) -> str:
    """The language ``document`` was given or found to have when loaded, else the one its text is in."""
    return document.language or detect_language(document.text)


def given_language(value: str) -> str | None:
    """The ISO 639-1 code a user's value names ("ru", "RU", "ru-RU", "ru_RU", "Russian", "русский"),
    or None when it names no language the detector knows."""
    text = value.strip().lower()
    code = _NAMES.get(text) or text.replace("_", "-").split("-", 1)[0]
    return code if code in _known_codes() else None


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    return frozenset(_identifier().nb_classes)
