"""A town's state or country written after it: "Dublin, Ohio", "Athens, Ga.", "Paris, France".

Local news writes a town's state after it where the town could be taken for a namesake, and a
reader takes it as settling the question: of the town's namesakes, only those in that state
remain. The state's or country's name is a place mention of its own, so the rule needs only the
text between two mentions (a comma) and what the gazetteer says of each.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from analysis.types import GazetteerEntry, Mention

# Areas a town is written with: a state or province, or a country.
_AREAS = frozenset({"admin1", "country"})
_PEERS = _AREAS | {"continent"}
_COMMA = re.compile(r",[ \t]*\n?[ \t]*")


@dataclass(frozen=True, slots=True)
class Qualifier:
    """The state or country written after a name: its name as written and the ids it stands for
    (a state's place id, a country's ISO code)."""

    name: str
    areas: frozenset[str]

    def holds(self, entry: GazetteerEntry) -> bool:
        return entry.admin1 in self.areas or entry.country_code in self.areas

    def rule(self) -> str:
        return f"followed by its state or country ({self.name})"


def qualifiers(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    *,
    candidates: Callable[[Mention], list[GazetteerEntry]],
) -> dict[tuple[str, str], Qualifier]:
    """For each (document, surface) written once at least as "<town>, <state or country>", that
    qualifier; the town must have a namesake inside it. A name that is itself a state or country
    ("Georgia, Ohio and Texas" is a list of peers) is qualified only by an abbreviation ("Washington, Pa.")."""
    found: dict[tuple[str, str], Qualifier] = {}
    ordered = sorted(mentions, key=lambda m: (m.doc_id, m.start))
    for town, after in itertools.pairwise(ordered):
        text = texts.get(town.doc_id)
        if text is None or after.doc_id != town.doc_id or not _COMMA.fullmatch(text, town.end, after.start):
            continue
        areas = [e for e in candidates(after) if e.feature in _AREAS]
        if not areas:
            continue
        places = candidates(town)
        if any(e.feature in _PEERS for e in places) and "." not in after.surface:
            continue
        qualifier = Qualifier(
            after.surface,
            frozenset(e.place_id if e.feature == "admin1" else e.country_code for e in areas),
        )
        if any(qualifier.holds(e) for e in places if e.feature not in _PEERS):
            found.setdefault((town.doc_id, town.surface), qualifier)
    return found
