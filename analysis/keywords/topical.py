"""Which keyword candidates say what a document is about: not fragments of the names recognised in it,
titles or its outlet's name (see :func:`topical_keywords`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analysis.types import Keyword

# Words of titles and offices: "Prime Minister", "Armenian Prime" or "Foreign Minister Ararat" say who
# spoke, not what about.
_TITLE_WORDS = frozenset(
    """prime minister ministers president presidents vice deputy foreign defence defense spokesperson spokesman
    spokeswoman ambassador ambassadors chairman chairwoman chair secretary general speaker mayor governor head
    leader pm fm mp mps mr mrs ms dr sir lord premier chancellor king queen prince envoy commissioner senator
    representative special adviser advisor aide acting former first state executive director chief""".split()
)
_GOVERNMENT_WORDS = frozenset("administration government cabinet regime presidency".split())
_JOINING_WORDS = frozenset("and of the or in on to for with a an".split())
_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


def topical_keywords(
    keywords: Sequence[tuple[str, float]],
    *,
    doc_id: str,
    top: int,
    persons: Iterable[str] = (),
    organisations: Iterable[str] = (),
    groups: Iterable[str] = (),
    outlet_names: Iterable[str] = (),
    text: str | None = None,
) -> list[Keyword]:
    """The first ``top`` of a document's (keyword, score) candidates (best first) that say what it is
    about, ranked and weighted anew.

    Not keywords: a fragment of a person's or organisation's name recognised in the document ("Nikol",
    "World Council" of the World Council of Churches); a person's name with other words ("Ilham Aliyev
    met", "Minister Nikol Pashinyan"); titles with demonyms or name parts only ("Armenian Prime", "Prime
    Minister Nikol"); any phrase with the publishing outlet's name ("Azernews reports"). A full name
    stays, and so does an organisation in a phrase ("CSTO military bloc"). With the document's ``text``,
    a candidate written only across a line break ("Nagorno-Karabakh YEREVAN": a headline's last word
    and the dateline under it) is not a phrase of it either. YAKE's order is kept."""
    person_names = [_tokens(name) for name in persons]
    org_names = [_tokens(name) for name in organisations]
    person_words = {word for name in person_names for word in name}
    group_words = {word for name in groups for word in _tokens(name)}
    outlets = [_tokens(name) for name in outlet_names]
    kept: list[tuple[str, float]] = []
    for keyword, score in keywords:
        words = _tokens(keyword)
        if not words or _is_name_fragment(words, person_names, org_names, person_words, group_words, outlets):
            continue
        if text is not None and len(words) > 1 and "\n" in text and _only_across_lines(keyword, text):
            continue
        kept.append((keyword, score))
        if len(kept) == top:
            break
    return [
        Keyword(doc_id=doc_id, keyword=keyword, score=float(score), rank=rank, weight=1 - (rank - 1) / top)
        for rank, (keyword, score) in enumerate(kept, start=1)
    ]


def _is_name_fragment(
    words: tuple[str, ...],
    persons: list[tuple[str, ...]],
    organisations: list[tuple[str, ...]],
    person_words: set[str],
    group_words: set[str],
    outlets: list[tuple[str, ...]],
) -> bool:
    if any(outlet and _contains(words, outlet) for outlet in outlets):
        return True
    if any(name == words for name in (*persons, *organisations)):
        return False
    if any(len(name) > len(words) and _contains(name, words) for name in (*persons, *organisations)):
        return True
    if person_words & set(words):
        # "Biden administration", "Pashinyan government": a leader's name for the government is a topic.
        return not (len(words) == 2 and words[0] in person_words and words[1] in _GOVERNMENT_WORDS)
    if any(_cuts(words, name) for name in organisations if len(name) > 1):
        return True
    # Cut through a title ("wake of Prime", "Foreign Minister"), or only titles and demonyms ("Armenian
    # and Azerbaijani", "Armenian Prime").
    if words[0] in _TITLE_WORDS or words[-1] in _TITLE_WORDS:
        return True
    content = [w for w in words if w not in _JOINING_WORDS]
    return all(w in _TITLE_WORDS or w in group_words for w in content)


def _only_across_lines(keyword: str, text: str) -> bool:
    """Whether every occurrence of ``keyword``'s words in ``text`` has a line break between two of them."""
    parts = keyword.split()
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(p) for p in parts) + r"(?!\w)", re.IGNORECASE)
    found = [match.group() for match in pattern.finditer(text)]
    return bool(found) and all("\n" in occurrence for occurrence in found)


def _cuts(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether ``words`` begin with the end of ``name`` or end with its beginning ("Churches urge" of
    the World Council of Churches), without holding all of it."""
    return any(words[:k] == name[-k:] or words[-k:] == name[:k] for k in range(1, min(len(words), len(name) - 1) + 1))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(token.casefold().removesuffix("'s").removesuffix("’s") for token in _TOKEN.findall(text))


def _contains(sequence: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` occurs in ``sequence`` as consecutive words."""
    n = len(part)
    return any(sequence[i : i + n] == part for i in range(len(sequence) - n + 1))
