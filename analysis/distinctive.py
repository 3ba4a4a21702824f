"""Distinctive terms: what each group (outlet) says more than the others.

The weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
and Quinn 2008, "Fightin' Words", section 3.5), each group against all the others
pooled, so it works for any number of groups. The prior is the pooled counts
themselves times ``prior_scale``: rare terms are shrunk towards no difference, so
a word said twice by one outlet does not top the list, and the z-score divides by
the estimate's standard deviation, so frequent and rare terms are comparable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import InputError

COLUMNS = ["group", "term", "n", "n_rest", "delta", "z"]


def log_odds(counts: pd.DataFrame, *, prior_scale: float = 1.0) -> pd.DataFrame:
    """For ``counts`` with columns group, term, n: each group's log-odds ratio ``delta`` against the
    rest and its z-score, one row per (group, term) the group used, sorted by group then z (highest first)."""
    missing = {"group", "term", "n"} - set(counts.columns)
    if missing:
        raise InputError(f"`counts` lacks columns {sorted(missing)}; it needs group, term and n")
    if prior_scale <= 0:
        raise InputError(f"`prior_scale` = {prior_scale!r} is invalid; must be positive")
    if counts.empty:
        return pd.DataFrame(columns=COLUMNS)
    table = counts.pivot_table(index="term", columns="group", values="n", aggfunc="sum", fill_value=0).astype(float)
    pooled = table.sum(axis=1)
    alpha = prior_scale * pooled
    alpha0 = alpha.sum()
    totals = table.sum(axis=0)
    rows = []
    for group in table.columns:
        y_i = table[group]
        y_rest = pooled - y_i
        n_i = totals[group]
        n_rest = totals.sum() - n_i
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_rest + alpha) / (n_rest + alpha0 - y_rest - alpha)
        )
        z = delta / np.sqrt(1 / (y_i + alpha) + 1 / (y_rest + alpha))
        used = y_i > 0
        rows.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": table.index[used],
                    "n": y_i[used].astype(int).to_numpy(),
                    "n_rest": y_rest[used].astype(int).to_numpy(),
                    "delta": delta[used].to_numpy(),
                    "z": z[used].to_numpy(),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["group", "z", "term"], ascending=[True, False, True]).reset_index(drop=True)[COLUMNS]
