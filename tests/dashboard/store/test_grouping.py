"""Group-bys over codes count, sum and rank as pandas' groupby does, missing keys and all."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.store.grouping import factor, group, head, of_docs


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 400
    outlets = pd.array(rng.choice(["Sputnik", "JAMnews", "(unknown)", "Ármenpress", None], n), dtype="string")
    return pd.DataFrame(
        {
            "outlet": outlets,
            "entity": pd.array(rng.choice(["Baku", "baku", "Yerevan", "Zangezur", None], n), dtype="string"),
            "doc_id": pd.array(rng.choice([f"d{i}" for i in range(30)], n), dtype="string"),
            "weight": rng.choice([0.05, 0.1, 0.35, np.nan], n),
            "k": rng.integers(0, 9, n),
        }
    )


def test_groups_count_sum_and_tell_documents_apart_as_pandas_does(frame):
    outlet, entity = factor(frame["outlet"]), factor(frame["entity"])
    grouped = group(outlet, entity)
    expected = frame.groupby(["outlet", "entity"]).agg(
        n=("k", "size"), weight=("weight", "sum"), k=("k", "max"), docs=("doc_id", "nunique")
    )
    keys = list(zip(outlet.decode(grouped.keys[0]), entity.decode(grouped.keys[1])))
    assert keys == list(expected.index)
    assert grouped.size().tolist() == expected["n"].tolist()
    assert np.allclose(grouped.sum(frame["weight"]), expected["weight"])
    assert grouped.max(frame["k"]).tolist() == expected["k"].tolist()
    assert grouped.distinct(factor(frame["doc_id"])).tolist() == expected["docs"].tolist()
    firsts = frame.dropna(subset=["outlet", "entity"]).drop_duplicates(["outlet", "entity"])
    assert sorted(grouped.first().tolist()) == sorted(firsts.index.tolist())


def test_rows_with_a_missing_key_belong_to_no_group(frame):
    grouped = group(factor(frame["outlet"]), factor(frame["entity"]))
    missing = (frame["outlet"].isna() | frame["entity"].isna()).to_numpy()
    assert (grouped.of_row[missing] == -1).all()
    assert (grouped.of_row[~missing] >= 0).all()


def test_head_keeps_the_first_of_each_run():
    assert head(np.array([0, 0, 0, 2, 2, 5]), 2).tolist() == [True, True, False, True, True, True]
    assert head(np.array([], dtype=np.int64), 3).tolist() == []


def test_a_row_of_an_unknown_document_or_one_without_a_value_gets_the_missing_value():
    documents = pd.DataFrame(
        {"doc_id": pd.array(["a", "b", "a"], dtype="string"), "outlet": pd.array(["X", None, "Y"], dtype="string")}
    )
    outlets = of_docs(pd.Series(["a", "b", "zz", "a"], dtype="string"), documents, "outlet", missing="(unknown)")
    assert outlets.decode(outlets.codes).tolist() == ["X", "(unknown)", "(unknown)", "X"]
