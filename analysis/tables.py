"""The result of a build: one DataFrame per table of the data contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import pandas as pd

from analysis import schema
from analysis.sources import outlets_table


@dataclass(frozen=True, slots=True)
class Tables:
    """The tidy tables of one analysed corpus (see ``analysis.schema`` for their columns)."""

    documents: pd.DataFrame
    provenance: pd.DataFrame
    boilerplate: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame
    places: pd.DataFrame
    quotes: pd.DataFrame
    outlets: pd.DataFrame
    errors: pd.DataFrame

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> Tables:
        """Build from any subset of tables, conforming each to the contract; absent ones are empty."""
        unknown = set(frames) - set(schema.TABLES)
        if unknown:
            raise schema.TablesError(f"unknown tables {sorted(unknown)}; must be among {sorted(schema.TABLES)}")
        return cls(**{name: schema.conform(frames.get(name, pd.DataFrame()), name) for name in schema.TABLES})

    @classmethod
    def concat(cls, parts: Sequence[Tables]) -> Tables:
        """One set of tables from several analysed corpora; the outlet mix is recounted over all of them."""
        frames = {name: pd.concat([getattr(p, name) for p in parts], ignore_index=True) for name in schema.TABLES}
        frames["outlets"] = outlets_table(frames["documents"])
        return cls.from_frames(frames)

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.as_dict().items()}
