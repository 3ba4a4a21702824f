"""The online geocoder: the real geopy client against a Nominatim stand-in on 127.0.0.1.

Every test also checks that no socket connected anywhere but the stub (``connections``).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from geopy.exc import ConfigurationError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import options

from analysis.errors import AnalysisError, SettingsError
from analysis.geo.online import ATTRIBUTION, online_lookup
from tests.analysis.geo.stub_nominatim import Answer, StubNominatim

# Exact in binary: the limiter's virtual clock (``LimiterClock``) adds it up without rounding.
MIN_DELAY = 0.25
TIMEOUT = 0.5
# Arrival times are taken on the server, a connect() after the client's clock: allow that much jitter.
EPSILON = 0.02
LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"


def place(**fields):
    """One Nominatim ``format=json`` search result with address details."""
    return {"licence": LICENCE, "importance": 0.5, **fields}


FOUND = {
    "Gyumri": [
        place(
            place_id=123409876,
            osm_type="relation",
            osm_id=5485702,
            lat="40.7893",
            lon="43.8476",
            **{"class": "place", "type": "city"},
            place_rank=16,
            addresstype="city",
            name="Gyumri",
            display_name="Gyumri, Shirak Province, Armenia",
            address={
                "city": "Gyumri",
                "state": "Shirak Province",
                "ISO3166-2-lvl4": "AM-SH",
                "country": "Armenia",
                "country_code": "am",
            },
            boundingbox=["40.7440", "40.8230", "43.7970", "43.8870"],
        )
    ],
    "Lachin": [
        place(
            place_id=98234511,
            osm_type="node",
            osm_id=452874201,
            lat="39.6392",
            lon="46.5465",
            **{"class": "place", "type": "town"},
            place_rank=18,
            addresstype="town",
            name="Lachin",
            display_name="Lachin, Lachin District, Azerbaijan",
            address={"town": "Lachin", "county": "Lachin District", "country": "Azerbaijan", "country_code": "az"},
        ),
        place(
            place_id=98230077,
            osm_type="relation",
            osm_id=3765012,
            lat="39.6260",
            lon="46.4040",
            **{"class": "boundary", "type": "administrative"},
            place_rank=12,
            addresstype="county",
            name="Lachin District",
            display_name="Lachin District, Azerbaijan",
            address={"county": "Lachin District", "country": "Azerbaijan", "country_code": "az"},
        ),
    ],
    "Armenia": [
        place(
            place_id=97540012,
            osm_type="relation",
            osm_id=364066,
            lat="40.7696272",
            lon="44.6736646",
            **{"class": "boundary", "type": "administrative"},
            place_rank=4,
            addresstype="country",
            name="Armenia",
            display_name="Armenia",
            address={"country": "Armenia", "country_code": "am"},
        )
    ],
    "Lake Sevan": [
        place(
            place_id=97991234,
            osm_type="relation",
            osm_id=1620717,
            lat="40.3784",
            lon="45.2969",
            **{"class": "natural", "type": "water"},
            place_rank=22,
            addresstype="water",
            name="Lake Sevan",
            display_name="Lake Sevan, Gegharkunik Province, Armenia",
            address={
                "water": "Lake Sevan",
                "state": "Gegharkunik Province",
                "country": "Armenia",
                "country_code": "am",
            },
        )
    ],
    "Zvartnots International Airport": [
        place(
            place_id=98012345,
            osm_type="way",
            osm_id=25862394,
            lat="40.1473",
            lon="44.3959",
            **{"class": "aeroway", "type": "aerodrome"},
            place_rank=30,
            addresstype="aeroway",
            name="Zvartnots International Airport",
            display_name="Zvartnots International Airport, Armavir Province, Armenia",
            address={
                "aeroway": "Zvartnots International Airport",
                "state": "Armavir Province",
                "country": "Armenia",
                "country_code": "am",
            },
        )
    ],
    # Postcode areas are computed by Nominatim: no OSM object, no name, only a place_id.
    "0010": [
        place(
            place_id=342776,
            lat="40.1792",
            lon="44.5133",
            **{"class": "place", "type": "postcode"},
            place_rank=21,
            addresstype="postcode",
            display_name="0010, Kentron, Yerevan, Armenia",
            address={"postcode": "0010", "city": "Yerevan", "country": "Armenia", "country_code": "am"},
        )
    ],
    # Open sea: Nominatim has no country for it.
    "Black Sea": [
        place(
            place_id=4312876,
            osm_type="node",
            osm_id=305639190,
            lat="43.4130",
            lon="34.2993",
            **{"class": "place", "type": "sea"},
            place_rank=2,
            addresstype="sea",
            name="Black Sea",
            display_name="Black Sea",
            address={"sea": "Black Sea"},
        )
    ],
}
ANSWERS = {name: Answer(body=json.dumps(results)) for name, results in FOUND.items()} | {
    "Atlantis": Answer(body="[]"),
    "Ratelimited": Answer(status=429, body='{"error": "Too Many Requests"}', headers=(("Retry-After", "1"),)),
    "Ratelimited Silently": Answer(status=429, body="Too Many Requests"),
    "Overloaded": Answer(status=503, body="<html><body>Service Unavailable</body></html>"),
    "Garbled": Answer(body='[{"place_id": 1, "lat": "40.1'),
    "Shapeless": Answer(body='[{"place_id": 7, "lat": "north", "lon": "east", "display_name": "Nowhere"}]'),
    "Pointless": Answer(body='[{"place_id": 8, "display_name": "Nowhere"}]'),
    "Sluggish": Answer(body=json.dumps(FOUND["Gyumri"]), delay=TIMEOUT + 1.0),
}


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every address a socket connects to during the test; at the end, each must be a stub's."""
    seen = SimpleNamespace(addresses=[], allowed=set())
    real_connect = socket.socket.connect

    def connect(sock, address):
        seen.addresses.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield seen
    assert all(tuple(address[:2]) in seen.allowed for address in seen.addresses), seen.addresses


@pytest.fixture()
def stub(connections):
    server = StubNominatim(ANSWERS)
    connections.allowed.add(("127.0.0.1", server.port))
    yield server
    server.close()


@pytest.fixture()
def make_lookup(stub, tmp_path):
    """A new lookup object on the same cache file: calling it twice is a second build."""

    def make():
        return online_lookup(
            user_agent="news-coverage-analytics tests",
            domain=stub.domain,
            scheme="http",
            cache_path=tmp_path / "geocoder.sqlite",
            min_delay_seconds=MIN_DELAY,
            timeout=TIMEOUT,
        )

    return make


class LimiterClock:
    """The time geopy's RateLimiter reads and sleeps on, made virtual: it moves only when the limiter sleeps. The stub
    reads it too, so the gaps between requests are the waits the limiter imposed, whatever the machine's load."""

    def __init__(self) -> None:
        self.now = 0.0
        self._lock = threading.Lock()

    def read(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture()
def limiter_clock(stub, monkeypatch):
    clock = LimiterClock()
    monkeypatch.setattr(RateLimiter, "_clock", lambda limiter: clock.read())
    monkeypatch.setattr(RateLimiter, "_sleep", lambda limiter, seconds: clock.sleep(seconds))
    stub.clock = clock.read
    return clock


def assert_spaced(stub):
    """Every request waited at least the minimum delay after the one before it, on the limiter's clock."""
    gaps = [b.at - a.at for a, b in zip(stub.requests, stub.requests[1:])]
    assert len(gaps) >= 3 and all(gap >= MIN_DELAY for gap in gaps), gaps


def test_found_returns_entries_with_coordinates_and_country(stub, make_lookup):
    entries, reason = make_lookup().lookup_with_reason("Gyumri")
    assert reason is None
    [gyumri] = entries
    assert (gyumri.place_id, gyumri.name, gyumri.country_code, gyumri.feature, gyumri.source) == (
        "osm:relation/5485702",
        "Gyumri",
        "AM",
        "city",
        "nominatim",
    )
    assert gyumri.lat == pytest.approx(40.7893) and gyumri.lon == pytest.approx(43.8476)
    [request] = stub.requests
    params = dict(request.params)
    assert (request.path, request.host, request.user_agent) == ("/search", stub.domain, "news-coverage-analytics tests")
    assert (params["q"], params["format"], params["addressdetails"], params["limit"], params["accept-language"]) == (
        "Gyumri",
        "json",
        "1",
        "5",
        "en",
    )


def test_classes_map_to_our_features(stub, make_lookup, limiter_clock):
    lookup = make_lookup()
    found = {
        name: lookup.lookup(name)
        for name in ("Lachin", "Armenia", "Lake Sevan", "Zvartnots International Airport", "0010", "Black Sea")
    }
    assert [(e.feature, e.country_code) for e in found["Lachin"]] == [("city", "AZ"), ("region", "AZ")]
    assert found["Armenia"][0].feature == "country"
    assert found["Lake Sevan"][0].feature == "water"
    assert found["Zvartnots International Airport"][0].feature == "facility"
    assert (found["0010"][0].place_id, found["0010"][0].name) == ("nominatim:342776", "0010")
    assert (found["Black Sea"][0].feature, found["Black Sea"][0].country_code) == ("water", "")
    assert all(-90 <= e.lat <= 90 and -180 <= e.lon <= 180 for entries in found.values() for e in entries)
    assert len(stub.requests) == len(found)
    assert_spaced(stub)


def test_not_found_is_an_answer(stub, make_lookup):
    assert make_lookup().lookup_with_reason("Atlantis") == ([], None)
    assert stub.asked("Atlantis") == 1


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Ratelimited", "rate limited (HTTP 429), paused 1 s"),
        ("Overloaded", "unavailable (HTTP 503)"),
        ("Garbled", "gave an unreadable answer"),
        ("Shapeless", "gave an unreadable answer (ValueError: could not convert string to float: 'north')"),
        ("Pointless", "gave an unreadable answer (KeyError: 'lat')"),
        ("Sluggish", "timed out"),
    ],
)
def test_failures_give_no_places_and_a_reason(stub, make_lookup, name, reason):
    lookup = make_lookup()
    assert lookup.lookup_with_reason(name) == ([], reason)
    assert stub.asked(name) == 1


def test_one_request_per_query_and_spaced(stub, make_lookup, limiter_clock):
    lookup = make_lookup()
    for name in ("Gyumri", "gyumri", "  GYUMRI ", "Atlantis", "atlantis", "Overloaded", "Overloaded", "Armenia"):
        lookup.lookup(name)
    # Answers are asked once; a failure is asked again on the next lookup, but never retried behind our back.
    assert [stub.asked(q) for q in ("Gyumri", "Atlantis", "Overloaded", "Armenia")] == [1, 1, 2, 1]
    assert len(stub.requests) == 5
    assert_spaced(stub)


def test_threads_share_the_spacing_and_the_cache(stub, make_lookup, limiter_clock):
    lookup = make_lookup()
    names = ["Gyumri", "Lachin", "Gyumri", "Armenia", "Gyumri", "Atlantis"]
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        results = list(pool.map(lookup.lookup_with_reason, names))
    assert all(reason is None for _, reason in results)
    assert results[0] == results[2] == results[4]
    assert len(stub.requests) == 4 and stub.asked("Gyumri") == 1
    assert_spaced(stub)


def test_second_build_answers_from_the_cache(stub, make_lookup):
    first = make_lookup()
    before = {name: first.lookup_with_reason(name) for name in ("Gyumri", "Lachin", "Atlantis", "Overloaded")}
    assert before["Overloaded"] == ([], "unavailable (HTTP 503)")
    asked = len(stub.requests)

    second = make_lookup()
    for name in ("Gyumri", "Lachin", "Atlantis"):
        assert second.lookup_with_reason(name) == before[name]
    assert len(stub.requests) == asked, "a cached answer was asked again"
    assert second.lookup_with_reason("Overloaded") == before["Overloaded"]
    assert stub.asked("Overloaded") == 2, "a transient failure was cached"


def test_rate_limit_pauses_until_retry_after(stub, make_lookup):
    lookup = make_lookup()
    assert lookup.lookup("Atlantis") == []
    assert lookup.lookup_with_reason("Ratelimited") == ([], "rate limited (HTTP 429), paused 1 s")
    limited_at = stub.requests[-1].at

    entries, reason = lookup.lookup_with_reason("Gyumri")
    assert entries == [] and reason.startswith("rate limited, paused for another")
    assert lookup.lookup_with_reason("Atlantis") == ([], None), "cached answers are still given during the pause"
    assert stub.asked("Gyumri") == 0

    time.sleep(max(0.0, limited_at + 1.0 - time.monotonic()) + EPSILON)
    assert lookup.lookup("Gyumri")[0].country_code == "AM"
    assert stub.requests[-1].at - limited_at >= 1.0
    assert len(stub.requests) == 3


def test_rate_limit_without_retry_after_pauses_a_minute(stub, make_lookup):
    lookup = make_lookup()
    assert lookup.lookup_with_reason("Ratelimited Silently") == ([], "rate limited (HTTP 429), paused 60 s")
    assert lookup.lookup_with_reason("Gyumri") == ([], "rate limited, paused for another 60 s")
    assert len(stub.requests) == 1


@pytest.mark.parametrize("user_agent", ["", "   ", options.default_user_agent])
def test_user_agent_must_name_the_app(tmp_path, user_agent):
    with pytest.raises(SettingsError, match="`user_agent`") as caught:
        online_lookup(user_agent=user_agent, domain="127.0.0.1:9", scheme="http", cache_path=tmp_path / "c.sqlite")
    assert isinstance(caught.value, AnalysisError) and isinstance(caught.value, ValueError)


def test_geopy_refusal_is_chained(tmp_path):
    with pytest.raises(SettingsError, match="`user_agent`") as caught:
        online_lookup(user_agent="my-application", cache_path=tmp_path / "c.sqlite")
    assert isinstance(caught.value.__cause__, ConfigurationError)


def test_public_server_gets_at_most_one_request_a_second(tmp_path):
    with pytest.raises(SettingsError, match="`min_delay_seconds`"):
        online_lookup(
            user_agent="news-coverage-analytics tests", cache_path=tmp_path / "c.sqlite", min_delay_seconds=0.5
        )


def test_unreadable_cache_is_a_settings_error(tmp_path):
    cache = tmp_path / "c.sqlite"
    cache.write_text("not a database, " * 100)
    with pytest.raises(SettingsError, match="`cache_path`"):
        online_lookup(user_agent="news-coverage-analytics tests", domain="127.0.0.1:9", scheme="http", cache_path=cache)


def test_attribution_names_openstreetmap():
    assert ATTRIBUTION == "© OpenStreetMap contributors"
