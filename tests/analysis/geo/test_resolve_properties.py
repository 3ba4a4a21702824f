"""Place recognition and resolution over arbitrary names and text: nothing raises, one resolution per
mention, coordinates on the globe, offsets valid."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.geo.recognise import add_context_places, is_metonymy
from analysis.geo.resolve import resolve_places
from analysis.types import Mention
from tests.strategies import FRAGMENTS, news_text

surfaces = st.sampled_from(FRAGMENTS) | st.text(min_size=1, max_size=30)


def place(doc_id: str, surface: str, start: int) -> Mention:
    return Mention(
        doc_id=doc_id,
        start=start,
        end=start + len(surface),
        surface=surface,
        label="GPE",
        sent_start=0,
        sent_end=start + len(surface),
    )


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.tuples(st.sampled_from(["a", "b"]), surfaces), max_size=20), override=surfaces)
def test_every_place_mention_gets_one_resolution_on_the_globe(gazetteer, names, override):
    mentions = [place(doc, surface, i * 40) for i, (doc, surface) in enumerate(names)]
    resolutions = resolve_places(mentions, gazetteer, overrides={override.casefold(): "geonames:0"})
    assert len(resolutions) == len(mentions)
    for resolution in resolutions:
        assert resolution.rule and resolution.n_candidates >= 0
        if resolution.entry is not None:
            assert -90 <= resolution.entry.lat <= 90 and -180 <= resolution.entry.lon <= 180
            assert not math.isnan(resolution.entry.lat + resolution.entry.lon)


@settings(max_examples=300, deadline=None)
@given(text=news_text)
def test_places_from_context_point_at_their_surface(gazetteer, text):
    sentences = [(0, len(text))] if text else []
    found = add_context_places(text, [], doc_id="d", sentences=sentences, lookup=gazetteer.lookup)
    for m in found:
        assert text[m.start : m.end] == m.surface
        assert m.sent_start <= m.start < m.end <= m.sent_end
    for end in range(0, len(text) + 1, 7):
        assert is_metonymy(text, end) in (True, False)
