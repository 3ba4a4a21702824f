"""Keywords with YAKE: the only module that imports yake.

YAKE 0.7.3 scores a document by building one Python object per n-gram occurrence and a
networkx graph of word co-occurrences; that costs about half of our per-document time, as
much as spaCy's NER. :class:`Extractor` computes the same statistics in flat per-document
tables instead, and keeps everything else YAKE's own: its sentence splitter and tokenizer,
word tags, stopword list and deduplication. The result is the keywords and scores YAKE
returns, to the last bit (``tests/analysis/test_keywords.py`` compares them on the seeds,
generated articles and arbitrary text); the yake package is pinned, so an upgrade that
changes YAKE's scoring shows up there first.

YAKE scores are "lower is better" and unbounded. Charts need "higher is better",
so each keyword also gets a rank-based ``weight``: 1.0 for a document's first
keyword down to ``1/top`` for its last. Corpus and outlet totals sum weights.
"""

from __future__ import annotations

import logging
import math
import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import yake
from yake.data.utils import get_tag, pre_filter, tokenize_sentences

from analysis.config import Settings
from analysis.types import Keyword

log = logging.getLogger(__name__)

_PUNCTUATION = frozenset(string.punctuation)
# YAKE's tags for numbers ("d") and unusual tokens ("u"): they break co-occurrence and keywords.
_DISCARDED = frozenset("ud")
# Each document keeps this many times its share of YAKE's candidates, so that the corpus stage can drop
# fragments of names (which needs the document's entities) and still keep ``top`` keywords.
CANDIDATE_FACTOR = 2
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


@dataclass(frozen=True, slots=True)
class Extractor:
    """YAKE's keyword extraction for one set of options."""

    ngrams: int
    window_size: int
    top: int
    dedup_lim: float
    stopwords: frozenset[str]
    similarity: Callable[[str, str], float]

    def extract(self, text: str) -> list[tuple[str, float]]:
        """(keyword, score) pairs, best (lowest score) first, as ``yake.KeywordExtractor.extract_keywords``."""
        if not text:
            return []
        ranked = _Statistics(self, pre_filter(text.replace("\n", " "))).ranked()
        if self.dedup_lim >= 1.0:
            return [(key, score) for _, key, score in ranked[: self.top]]
        kept: list[tuple[str, str, float]] = []
        for keyword, key, score in ranked:
            if all(self.similarity(key, other) <= self.dedup_lim for _, other, _ in kept):
                kept.append((keyword, key, score))
                if len(kept) == self.top:
                    break
        return [(keyword, score) for keyword, _, score in kept]


class _Statistics:
    """One document's term and n-gram statistics, computed as ``yake.data.DataCore`` does.

    Terms are numbered in order of first appearance and described by parallel lists;
    co-occurrences are counted per ordered pair of terms, with each term's distinct
    neighbours and total co-occurrences on either side kept as running counts.
    """

    def __init__(self, options: Extractor, text: str) -> None:
        self.options = options
        self.ids: dict[str, int] = {}
        self.stop: list[bool] = []
        self.tf: list[int] = []
        self.tf_cased: list[list[int]] = []
        self.sentences: list[list[int]] = []
        self.pairs: dict[tuple[int, int], int] = {}
        # Per term: [distinct left neighbours, left co-occurrences, distinct right neighbours, right co-occurrences].
        self.links: list[list[int]] = []
        # n-gram key (lower case) -> [first spelling, has an occurrence without u/d tags, term ids, count].
        self.candidates: dict[str, list] = {}
        sentences = tokenize_sentences(text)
        self.n_sentences = len(sentences)
        for sentence_id, words in enumerate(sentences):
            self._sentence(sentence_id, words)

    def _sentence(self, sentence_id: int, words: list[str]) -> None:
        # Runs once per word of the corpus, so names are bound locally and the counts updated inline.
        window, before = self.options.window_size, self.options.ngrams - 1
        tf, tf_cased, sentences = self.tf, self.tf_cased, self.sentences
        block: list[tuple[str, str, int]] = []
        for position, word in enumerate(words):
            if all(c in _PUNCTUATION for c in word):
                block = []
                continue
            tag = get_tag(word, position, _PUNCTUATION)
            term = self._term(word)
            tf[term] += 1
            if tag == "a":
                tf_cased[term][0] += 1
            elif tag == "n":
                tf_cased[term][1] += 1
            seen = sentences[term]
            if not seen or seen[-1] != sentence_id:
                seen.append(sentence_id)
            clean = tag not in _DISCARDED
            if clean:
                for left_tag, _, left in block[len(block) - window if len(block) > window else 0 :]:
                    if left_tag not in _DISCARDED:
                        self._link(left, term)
            self._count(word, clean, (term,))
            spelled = word
            terms: tuple[int, ...] = (term,)
            for left_tag, left_word, left in reversed(block[len(block) - before if len(block) > before else 0 :]):
                clean = clean and left_tag not in _DISCARDED
                spelled = left_word + " " + spelled
                terms = (left, *terms)
                self._count(spelled, clean, terms)
            block.append((tag, word, term))

    def _term(self, word: str) -> int:
        lower = word.lower()
        key = lower[:-1] if lower.endswith("s") and len(lower) > 3 else lower
        term = self.ids.get(key)
        if term is None:
            stripped = "".join(c for c in key if c not in _PUNCTUATION)
            stopwords = self.options.stopwords
            term = self.ids[key] = len(self.stop)
            self.stop.append(lower in stopwords or key in stopwords or len(stripped) < 3)
            self.tf.append(0)
            self.tf_cased.append([0, 0])
            self.sentences.append([])
            self.links.append([0, 0, 0, 0])
        return term

    def _count(self, spelled: str, clean: bool, terms: tuple[int, ...]) -> None:
        """One occurrence of an n-gram; ``clean`` if it has no number or unusual token."""
        key = spelled.lower()
        found = self.candidates.get(key)
        if found is None:
            self.candidates[key] = [spelled, clean, terms, 1]
        else:
            found[1] = found[1] or clean
            found[3] += 1

    def _link(self, left: int, right: int) -> None:
        pair = (left, right)
        count = self.pairs.get(pair, 0)
        if not count:
            self.links[left][2] += 1
            self.links[right][0] += 1
        self.pairs[pair] = count + 1
        self.links[left][3] += 1
        self.links[right][1] += 1

    def _term_scores(self) -> dict[int, float]:
        """YAKE's score of each non-stopword term (lower is more important)."""
        content = [term for term in range(len(self.stop)) if not self.stop[term]]
        # numpy, as YAKE does, so that the mean and spread are summed in the same order.
        frequencies = np.array([float(self.tf[term]) for term in content])
        spread = float(frequencies.mean() + frequencies.std())
        max_tf = float(max(self.tf))
        scores = {}
        for term in content:
            tf = float(self.tf[term])
            left_distinct, left_total, right_distinct, right_total = self.links[term]
            pwl = left_distinct / left_total if left_total else 0
            pwr = right_distinct / right_total if right_total else 0
            relatedness = 0.5 + pwl * (tf / max_tf) + (0.5 + pwr * (tf / max_tf))
            frequency = tf / spread
            dispersion = len(self.sentences[term]) / self.n_sentences
            casing = max(self.tf_cased[term]) / (1.0 + math.log(tf))
            position = math.log(math.log(3.0 + _median(self.sentences[term])))
            scores[term] = position * relatedness / (casing + frequency / relatedness + dispersion / relatedness)
        return scores

    def ranked(self) -> list[tuple[str, str, float]]:
        """(keyword as first written, its lower-case key, score) for every valid n-gram, best first."""
        if all(self.stop):
            return []
        scores = self._term_scores()
        ranked = []
        for key, (spelled, tags_clean, terms, count) in self.candidates.items():
            if not tags_clean or self.stop[terms[0]] or self.stop[terms[-1]]:
                continue
            ranked.append((spelled, key, self._ngram_score(terms, count, scores)))
        ranked.sort(key=lambda item: item[2])
        return ranked

    def _ngram_score(self, terms: tuple[int, ...], count: int, scores: dict[int, float]) -> float:
        total, product = 0.0, 1.0
        for t, term in enumerate(terms):
            if not self.stop[term]:
                total += scores[term]
                product *= scores[term]
                continue
            # A stopword inside a keyword costs less the more often it joins its two neighbours.
            before = self.pairs.get((terms[t - 1], term), 0) / self.tf[terms[t - 1]] if t > 0 else 0.0
            after = self.pairs.get((term, terms[t + 1]), 0) / self.tf[terms[t + 1]] if t < len(terms) - 1 else 0.0
            joined = before * after
            product *= 1 + (1 - joined)
            total -= 1 - joined
        return _divide(product, (total + 1) * count)


def _median(values: list[int]) -> float:
    """``numpy.median`` of sorted integers, which is exact for them."""
    middle = len(values) // 2
    return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _divide(numerator: float, denominator: float) -> float:
    """Division as numpy does it (YAKE's scores are numpy floats): ±inf or nan instead of an error."""
    if denominator:
        return numerator / denominator
    if numerator == 0 or math.isnan(numerator):
        return math.nan
    return math.copysign(math.inf, numerator) * math.copysign(1.0, denominator)


def yake_extractor(settings: Settings, *, language: str = "en") -> yake.KeywordExtractor:
    """The yake package's own extractor for the settings' options and ``language``'s stopwords (YAKE's list
    for that ISO 639-1 code; YAKE falls back to its language-neutral list for one it lacks): what
    :class:`Extractor` matches."""
    return yake.KeywordExtractor(
        lan=language,
        n=settings.keyword_ngrams,
        dedup_lim=settings.keyword_dedup_lim,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
    )


def make_extractor(settings: Settings, *, language: str = "en") -> Extractor:
    """An extractor with the settings' options; stopwords and deduplication are YAKE's defaults for ``language``."""
    reference = yake_extractor(settings, language=language)
    return Extractor(
        ngrams=settings.keyword_ngrams,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
        dedup_lim=settings.keyword_dedup_lim,
        stopwords=frozenset(reference.stopword_set),
        similarity=reference.dedup_function,
    )


def extract_keywords(text: str, *, doc_id: str, extractor: Extractor, top: int) -> list[Keyword]:
    """The document's keyword candidates, best first: :data:`CANDIDATE_FACTOR` times ``top`` (the number
    the extractor was made for), for :func:`topical_keywords` to choose ``top`` from."""
    candidates = top * CANDIDATE_FACTOR
    pairs = replace(extractor, top=candidates).extract(text)
    if not pairs and len(text.split()) >= 3:
        log.warning("YAKE found no keywords in %s (%d words)", doc_id, len(text.split()))
    return [
        Keyword(doc_id=doc_id, keyword=keyword, score=float(score), rank=rank, weight=1 - (rank - 1) / candidates)
        for rank, (keyword, score) in enumerate(sorted(pairs, key=lambda p: p[1]), start=1)
    ]


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


def aggregate_keywords(
    keywords: pd.DataFrame, documents: pd.DataFrame, *, by: str | None = None, top: int = 20
) -> pd.DataFrame:
    """Keywords summed over the corpus (``by=None``) or per value of a documents column (e.g. ``by="outlet"``).

    Returns columns: [by,] keyword, weight (sum, higher is better), n_docs.
    Keywords are compared case-insensitively and shown in their most common spelling.
    """
    frame = keywords.assign(key=keywords["keyword"].str.lower())
    groups = ["key"]
    if by is not None:
        frame = frame.merge(documents[["doc_id", by]], on="doc_id", how="left")
        frame[by] = frame[by].fillna("(unknown)")
        groups = [by, "key"]
    summed = frame.groupby(groups, dropna=False).agg(
        weight=("weight", "sum"),
        n_docs=("doc_id", "nunique"),
        keyword=("keyword", lambda s: s.mode().iloc[0]),
    )
    summed = summed.reset_index().sort_values(["weight", "keyword"], ascending=[False, True])
    if by is not None:
        summed = summed.groupby(by, sort=True).head(top)
    else:
        summed = summed.head(top)
    return summed[[*([by] if by else []), "keyword", "weight", "n_docs"]].reset_index(drop=True)
