"""Mentions and canonical names over arbitrary text: nothing raises, offsets stay valid, canonicalising keeps
every mention where it was."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cleaning import clean_text
from analysis.entities import canonicalise, extract_mentions, normalise, same_person
from analysis.types import Mention
from tests.strategies import FRAGMENTS, news_text

FIXTURES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FIXTURES
@given(text=news_text)
def test_mention_offsets_point_at_their_surface_inside_their_sentence(nlp, text):
    text = clean_text(text).text
    doc = nlp(text)
    for m in extract_mentions(doc, doc_id="d"):
        assert text[m.start : m.end] == m.surface
        assert m.surface and m.surface == m.surface.strip()
        assert 0 <= m.sent_start <= m.start < m.end <= m.sent_end <= len(text)


mentions = st.lists(
    st.builds(
        lambda doc, surface, label, start: Mention(
            doc_id=doc,
            start=start,
            end=start + len(surface),
            surface=surface,
            label=label,
            sent_start=0,
            sent_end=start + len(surface),
        ),
        doc=st.sampled_from(["a", "b", "c"]),
        surface=st.sampled_from(FRAGMENTS) | st.text(min_size=1, max_size=20),
        label=st.sampled_from(["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"]),
        start=st.integers(min_value=0, max_value=500),
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(
    mentions=mentions,
    aliases=st.dictionaries(
        st.sampled_from(FRAGMENTS).map(lambda s: normalise(s).casefold()), st.text(min_size=1, max_size=10), max_size=3
    ),
)
def test_canonicalising_keeps_every_mention_where_it_was(mentions, aliases):
    result = canonicalise(mentions, aliases=aliases, is_place=lambda name: name in ("Baku", "Georgia", "Washington"))
    assert len(result) == len(mentions)
    for before, after in zip(mentions, result):
        assert (after.doc_id, after.start, after.end, after.surface) == (
            before.doc_id,
            before.start,
            before.end,
            before.surface,
        )
        assert after.merge_rule
        assert after.label in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


@settings(max_examples=400, deadline=None)
@given(text=news_text)
def test_normalise_never_grows_a_name_or_leaves_edge_white_space(text):
    name = normalise(text)
    assert len(name) <= len(text)
    assert name == name.strip()


@settings(max_examples=400, deadline=None)
@given(a=news_text, b=news_text)
def test_same_person_is_symmetric_and_reflexive(a, b):
    assert same_person(a, b) == same_person(b, a)
    if len(a.split()) >= 2:
        assert same_person(a, a)
