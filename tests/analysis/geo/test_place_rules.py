"""The rule each place resolution names (shown in the map view's "why" table): overrides first, then the
gazetteer, and the opt-in online geocoder only for names the gazetteer lacks, each outcome with its reason."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.geo.evaluate import km, read_gold
from analysis.geo.gazetteer import fold_name
from analysis.geo.resolve import AMBIGUOUS_MARGIN, read_overrides, resolve_places
from analysis.types import Mention
from tests.conftest import ROOT, SEEDS

UNKNOWN = "Zzyzxville Qwerty"


def place(surface: str, doc_id: str = "d", start: int = 0) -> Mention:
    end = start + len(surface)
    return Mention(doc_id=doc_id, start=start, end=end, surface=surface, label="GPE", sent_start=0, sent_end=999)


class Geocoder:
    """An online geocoder's answers, recording what it was asked."""

    def __init__(self, entries, reason=None):
        self.entries, self.reason, self.asked = entries, reason, []

    def __call__(self, name):
        self.asked.append(name)
        return list(self.entries), self.reason


def test_a_name_the_gazetteer_lacks_is_unresolved_with_the_reason(gazetteer):
    (resolution,) = resolve_places([place(UNKNOWN)], gazetteer)
    assert (resolution.entry, resolution.rule, resolution.n_candidates) == (None, "unresolved: not in the gazetteer", 0)


def test_the_online_geocoder_is_asked_only_for_names_the_gazetteer_lacks_and_its_first_answer_wins(gazetteer):
    answers = [gazetteer.lookup("Gyumri")[0], gazetteer.lookup("Baku")[0]]
    geocoder = Geocoder(answers)
    unknown, known = resolve_places([place(UNKNOWN), place("Baku", start=30)], gazetteer, fallback=geocoder)
    assert geocoder.asked == [UNKNOWN]
    assert (unknown.entry, unknown.rule, unknown.n_candidates) == (answers[0], "online geocoder (Nominatim)", 2)
    assert known.entry is not None and known.entry.name == "Baku" and "online" not in known.rule


@pytest.mark.parametrize(
    ("reason", "rule"),
    [
        ("timed out", "unresolved: online geocoder timed out"),
        (None, "unresolved: not in the gazetteer, not found online"),
    ],
)
def test_an_online_miss_says_why(gazetteer, reason, rule):
    (resolution,) = resolve_places([place(UNKNOWN)], gazetteer, fallback=Geocoder([], reason))
    assert (resolution.entry, resolution.rule, resolution.n_candidates) == (None, rule, 0)


def test_an_override_wins_and_an_unknown_one_says_so(gazetteer):
    gyumri = gazetteer.lookup("Gyumri")[0]
    (resolution,) = resolve_places([place("Baku")], gazetteer, overrides={fold_name("Baku"): gyumri.place_id})
    assert (resolution.entry, resolution.rule) == (gyumri, "override file")
    assert resolution.n_candidates == len(gazetteer.lookup("Baku")), "the gazetteer's candidates are still counted"
    (broken,) = resolve_places([place("Baku")], gazetteer, overrides={fold_name("Baku"): "geonames:0"})
    assert broken.entry is None and broken.rule == "unresolved: override names unknown place 'geonames:0'"


def test_a_direction_is_no_place_though_towns_bear_its_name(gazetteer):
    (resolution,) = resolve_places([place("West")], gazetteer)
    assert resolution.entry is None and resolution.rule == "unresolved: generic term, not one place"
    assert resolution.n_candidates == len(gazetteer.lookup("West")) > 0


def test_namesakes_of_equal_weight_are_marked_ambiguous_with_their_margin(gazetteer):
    (resolution,) = resolve_places([place("Springfield")], gazetteer)
    assert resolution.n_candidates > 5 and len(resolution.candidates) == 5, "the five best candidates are kept"
    assert resolution.candidates[0] == resolution.entry.place_id
    assert 0 <= resolution.margin < AMBIGUOUS_MARGIN
    assert resolution.rule == f"ambiguous (population, margin {resolution.margin:.2f})"


def test_a_name_with_namesakes_gives_its_margin_candidates_and_ambiguity(gazetteer):
    (resolution,) = resolve_places([place("Georgia")], gazetteer)
    assert resolution.n_candidates > 1 and resolution.entry is not None
    assert resolution.candidates[0] == resolution.entry.place_id and 1 < len(resolution.candidates) <= 5
    assert resolution.margin >= 0
    assert resolution.rule.startswith("ambiguous") == (resolution.margin < AMBIGUOUS_MARGIN)
    (single,) = resolve_places([place("Vanadzor")], gazetteer)
    assert single.entry is not None and single.n_candidates == 1
    assert single.rule == "only candidate" and single.candidates == (single.entry.place_id,)


def test_the_seeds_gold_toponyms_resolve_within_161_km_given_their_spans(gazetteer):
    """Resolution alone (recognition is scored in test_evaluate.py): the gold spans as mentions, resolved together
    as the pipeline resolves a corpus. 265 of 266 are measured within 161 km ("States" is no place name)."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    articles = read_gold(ROOT / "tests/gold/seeds_places.jsonl", texts=texts)
    gold = [(a, t) for a in articles for t in a.toponyms if t.get("note") != "boilerplate"]
    mentions = [
        Mention(doc_id=a.id, start=t["start"], end=t["end"], surface=t["name"], label="GPE", sent_start=0, sent_end=999)
        for a, t in gold
    ]
    resolutions = resolve_places(mentions, gazetteer)
    right = [
        r.entry is not None and km(r.entry.lat, r.entry.lon, t["lat"], t["lon"]) <= 161
        for r, (_, t) in zip(resolutions, gold)
    ]
    assert len(gold) == 266
    assert sum(right) >= 264, [(t["name"], r.rule) for r, (_, t), ok in zip(resolutions, gold, right) if not ok]


def test_an_override_file_applies_whatever_the_names_case(gazetteer, tmp_path):
    gyumri = gazetteer.lookup("Gyumri")[0]
    path = tmp_path / "overrides.csv"
    path.write_text(f"name,place_id\nBARD,{gyumri.place_id}\n,geonames:1\n", encoding="utf-8")
    overrides = read_overrides(path)
    assert len(overrides) == 1, "a row without a name is skipped"
    (resolution,) = resolve_places([place("Bard")], gazetteer, overrides=overrides)
    assert (resolution.entry, resolution.rule) == (gyumri, "override file")


def test_a_bad_override_file_is_named_as_one(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("place,id\nBard,geonames:1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^place overrides '"):
        read_overrides(path)
