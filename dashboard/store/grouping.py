"""Group-bys over integer codes: the counts, sums and top rows ``aggregate`` needs, with numpy.

A filter change asks a dozen questions, and pandas' ``groupby``, ``merge`` and ``sort_values``
cost about a millisecond each however few the rows (more over Arrow-backed strings), which
is most of a change's time on a small corpus. Here a column is factorized once into codes
that sort as its values do (:class:`Factor`); rows are grouped by several of them at once
(:func:`group`), and counted, summed and ranked with numpy. That costs microseconds for the
seeds and stays vectorised for the largest corpus held in memory. As pandas' ``groupby``,
rows with a missing key belong to no group, and groups come in the order of their keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class Factor:
    """A column as codes: ``values`` are its distinct values, sorted; ``codes[i]`` is row i's position among them,
    -1 where missing."""

    codes: np.ndarray
    values: pd.Index

    def decode(self, codes: np.ndarray) -> pd.Index:
        """The values of ``codes`` (none missing), in the column's dtype."""
        return self.values.take(codes)

    def take(self, rows: np.ndarray) -> Factor:
        """The factor of the rows at positions ``rows``, over the same values."""
        return Factor(self.codes[rows], self.values)


def factor(values: pd.Series | pd.Index | np.ndarray) -> Factor:
    codes, uniques = pd.factorize(values, sort=True)
    return Factor(codes, pd.Index(uniques))


def constant(value: str, n: int) -> Factor:
    """A column holding ``value`` in each of its ``n`` rows."""
    return Factor(np.zeros(n, dtype=np.int64), pd.Index([value], dtype="str"))


def of_docs(doc_ids: pd.Series, documents: pd.DataFrame, column: str, *, missing: str) -> Factor:
    """The ``column`` of each row's document, found by ``doc_ids``; ``missing`` where the document is not among
    ``documents`` or has no value. A doc_id listed twice counts by its first row."""
    docs = documents.drop_duplicates("doc_id") if not documents["doc_id"].is_unique else documents
    at = pd.Index(docs["doc_id"]).get_indexer(doc_ids)
    # -1 (not found) picks the last value: ``missing``, appended.
    per_doc = factor(np.append(docs[column].to_numpy(dtype=object, na_value=missing), missing))
    return Factor(per_doc.codes[at], per_doc.values.astype(docs[column].dtype))


@dataclass(frozen=True, slots=True)
class Groups:
    """Rows grouped by the distinct combinations of some factors' values, in the order of those values.

    ``of_row[i]`` is row i's group (-1 when one of its keys is missing); ``keys[k][g]`` is the code of group g in
    the k-th factor."""

    of_row: np.ndarray
    keys: tuple[np.ndarray, ...]

    def __len__(self) -> int:
        return len(self.keys[0]) if self.keys else 0

    @property
    def _in(self) -> np.ndarray:
        return self.of_row >= 0

    def size(self) -> np.ndarray:
        """Rows per group."""
        return np.bincount(self.of_row[self._in], minlength=len(self)).astype(np.int64)

    def sum(self, values: pd.Series) -> np.ndarray:
        """The sum of ``values`` per group, missing values left out (0 for a group with none)."""
        numbers = values.to_numpy(dtype=np.float64, na_value=0.0)
        return np.bincount(self.of_row[self._in], weights=numbers[self._in], minlength=len(self))

    def max(self, values: pd.Series) -> np.ndarray:
        """The largest of ``values`` (integers, none missing) per group."""
        numbers = values.to_numpy(dtype=np.int64)
        most = np.full(len(self), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(most, self.of_row[self._in], numbers[self._in])
        return most

    def first(self) -> np.ndarray:
        """The position of each group's first row."""
        rows = np.flatnonzero(self._in)
        _, at = np.unique(self.of_row[rows], return_index=True)
        return rows[at]

    def distinct(self, by: Factor) -> np.ndarray:
        """How many distinct values of ``by`` each group's rows have (missing ones left out)."""
        pairs = group(Factor(self.of_row, pd.RangeIndex(len(self))), by)
        return np.bincount(pairs.keys[0], minlength=len(self)).astype(np.int64)


def group(*factors: Factor) -> Groups:
    """The rows grouped by ``factors``' values together (at least one factor, all of the same length)."""
    rows = np.flatnonzero(np.logical_and.reduce([each.codes >= 0 for each in factors]))
    dense = np.zeros(len(rows), dtype=np.int64)
    for each in factors:
        # Renumbered after each factor, so the combined codes stay below rows squared; sorted, so in key order.
        dense, _ = pd.factorize(dense * len(each.values) + each.codes[rows], sort=True)
    n_groups = int(dense.max()) + 1 if len(dense) else 0
    keys = []
    for each in factors:
        key = np.zeros(n_groups, dtype=np.int64)
        key[dense] = each.codes[rows]
        keys.append(key)
    of_row = np.full(len(factors[0].codes), -1, dtype=np.int64)
    of_row[rows] = dense
    return Groups(of_row, tuple(keys))


def head(groups: np.ndarray, n: int) -> np.ndarray:
    """For ``groups`` sorted (equal values together), which entries are among the first ``n`` of their group."""
    if not len(groups):
        return np.zeros(0, dtype=bool)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, lengths) < n
