"""YAKE's term and n-gram statistics in flat per-document tables: the rewrite that makes keywords cheap.

YAKE 0.7.3 scores a document by building one Python object per n-gram occurrence and a
networkx graph of word co-occurrences; that costs about half of our per-document time, as
much as spaCy's NER. :class:`Statistics` computes the same statistics in flat tables instead,
with YAKE's own sentence splitter, tokenizer and word tags, to the same scores to the last bit
(``tests/analysis/test_keywords.py`` compares them with YAKE's).
"""

from __future__ import annotations

import math
import string

import numpy as np
from yake.data.utils import get_tag, tokenize_sentences

_PUNCTUATION = frozenset(string.punctuation)
# YAKE's tags for numbers ("d") and unusual tokens ("u"): they break co-occurrence and keywords.
_DISCARDED = frozenset("ud")


class Statistics:
    """One document's term and n-gram statistics, computed as ``yake.data.DataCore`` does.

    Terms are numbered in order of first appearance and described by parallel lists;
    co-occurrences are counted per ordered pair of terms, with each term's distinct
    neighbours and total co-occurrences on either side kept as running counts.
    """

    def __init__(self, text: str, *, ngrams: int, window_size: int, stopwords: frozenset[str]) -> None:
        self.ngrams, self.window_size, self.stopwords = ngrams, window_size, stopwords
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
        window, before = self.window_size, self.ngrams - 1
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
            stopwords = self.stopwords
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
