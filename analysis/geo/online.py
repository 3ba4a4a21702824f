"""The opt-in online geocoder: Nominatim (OpenStreetMap) through geopy, the only module that imports geopy.

It answers the same call as the offline gazetteer (``lookup(name) -> list[GazetteerEntry]``),
so the pipeline can fall back to it for names the gazetteer does not know. It is off
unless a build asks for it, and it keeps Nominatim's usage policy
(https://operations.osmfoundation.org/policies/nominatim/):

- at most one request per ``min_delay_seconds`` (1 s for the public server) for the
  whole app, and one request in flight at a time. That holds only if the app builds ONE
  :class:`NominatimLookup` (e.g. with ``st.cache_resource``) and shares it: each object
  has its own clock;
- a user agent that names the app;
- every answer is kept in a SQLite file, so a name is asked once, across builds;
- one query is one request: geopy's ``URLLibAdapter`` never retries, and the rate limiter
  is told not to either;
- a 429 pauses all requests for its ``Retry-After`` without sleeping: names asked during
  the pause get no answer and the reason, and the next build asks them again.

Maps that show an online result must credit :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import threading
import time
from collections.abc import Mapping
from contextlib import closing
from dataclasses import asdict
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geopy.adapters import AdapterHTTPError, URLLibAdapter
from geopy.exc import (
    ConfigurationError,
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from analysis.config import NOMINATIM_DOMAIN
from analysis.errors import SettingsError
from analysis.geo.gazetteer import fold_name
from analysis.types import GazetteerEntry

log = logging.getLogger(__name__)

ATTRIBUTION = "© OpenStreetMap contributors"
PUBLIC_DOMAIN = NOMINATIM_DOMAIN
SOURCE = "nominatim"
# How long to pause after a 429 that does not say (Retry-After is optional). A minute is
# long enough for Nominatim's per-client limit to reset and short enough for a dashboard session.
DEFAULT_RETRY_AFTER = 60.0
_RESULTS = 5
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    service TEXT NOT NULL,
    query TEXT NOT NULL,
    entries TEXT NOT NULL,
    PRIMARY KEY (service, query)
)
"""
# Nominatim `place` types that are not settlements; every other `place` type
# (city, town, village, suburb, hamlet, locality, postcode...) is one.
_PLACE_TYPES = {
    "continent": "continent",
    "country": "country",
    "state": "admin1",
    "province": "admin1",
    "region": "region",
    "county": "region",
    "district": "region",
    "state_district": "region",
    "island": "region",
    "archipelago": "region",
    "sea": "water",
    "ocean": "water",
}
_WATER_NATURAL = frozenset({"water", "bay", "strait", "wetland", "glacier", "spring"})


class NominatimLookup:
    """Places by name from a Nominatim server, cached on disk and rate-limited; ``[]`` if none.

    Build one per app and share it (it is thread-safe): the request spacing and a 429's
    pause hold only within one object. Use :func:`online_lookup` to build it, so geopy
    is set up without retries.
    """

    # Nominatim says nothing about neighbouring countries; resolution takes them from the gazetteer.
    neighbours: Mapping[str, frozenset[str]] = MappingProxyType({})

    def __init__(self, geocoder: Nominatim, *, cache_path: Path, min_delay_seconds: float) -> None:
        least = 1.0 if geocoder.domain == PUBLIC_DOMAIN else 0.0
        if min_delay_seconds < least:
            raise SettingsError(
                f"`min_delay_seconds` = {min_delay_seconds!r} is invalid; "
                f"must be at least {least} for {geocoder.domain}"
            )
        # Answers from one server are not answers from another (a private mirror, a test stub).
        self._service = geocoder.domain
        self._cache_path = cache_path
        # max_retries=0: a retry would be a second request for one query, sent without our
        # knowing; swallow_exceptions=False: errors reach _ask, which records the reason.
        # error_wait_seconds is never used without retries, but geopy asserts it is >= min_delay.
        self._geocode = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            error_wait_seconds=min_delay_seconds,
            swallow_exceptions=False,
        )
        # Streamlit serves sessions on threads. RateLimiter spaces request starts but lets a slow
        # request overlap the next; this lock keeps one request in flight, makes the cache check
        # and the ask one step (two sessions asking one name send one request), and guards the pause.
        self._lock = threading.Lock()
        self._paused_until = 0.0
        try:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(cache_path)) as db, db:
                db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise SettingsError(
                f"`cache_path` = {str(cache_path)!r} is invalid; must be a writable SQLite file ({err})"
            ) from err

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every place Nominatim finds for ``name``, best first; ``[]`` if none or if it could not be asked."""
        return self.lookup_with_reason(name)[0]

    def lookup_with_reason(self, name: str) -> tuple[list[GazetteerEntry], str | None]:
        """The places for ``name`` and, when the server gave no answer, why (e.g. ``"timed out"``).

        The reason is ``None`` for an answer, found or not found; never raises for a
        failure of the service. Answers are cached; failures are not, so they are asked again.
        """
        query = fold_name(name)
        if not query:
            return [], None
        cached = self._cached(query)
        if cached is not None:
            return cached, None
        with self._lock:
            # Another thread may have asked while this one waited for the lock.
            cached = self._cached(query)
            if cached is not None:
                return cached, None
            entries, reason = self._ask(" ".join(name.split()))
            if reason is None:
                self._store(query, entries)
            else:
                log.warning("Nominatim gave no answer for %r: %s", name, reason)
            return entries, reason

    def _ask(self, text: str) -> tuple[list[GazetteerEntry], str | None]:
        """One request, unless a 429's pause is still running (caller holds the lock)."""
        left = self._paused_until - time.monotonic()
        if left > 0:
            return [], f"rate limited, paused for another {math.ceil(left)} s"
        try:
            locations = self._geocode(text, exactly_one=False, addressdetails=True, limit=_RESULTS, language="en")
            return [_entry(location.raw) for location in locations or ()], None
        except GeocoderRateLimited as err:
            pause = DEFAULT_RETRY_AFTER if err.retry_after is None else float(err.retry_after)
            self._paused_until = time.monotonic() + pause
            return [], f"rate limited (HTTP 429), paused {pause:g} s"
        except GeocoderServiceError as err:
            return [], _failure_reason(err)
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            # JSON of the wrong shape: geopy and _entry read it with .get(), [] and float(), which raise builtins.
            return [], f"gave an unreadable answer ({type(err).__name__}: {err})"

    def _cached(self, query: str) -> list[GazetteerEntry] | None:
        with closing(sqlite3.connect(self._cache_path)) as db:
            row = db.execute(
                "SELECT entries FROM answers WHERE service = ? AND query = ?", (self._service, query)
            ).fetchone()
        return None if row is None else [GazetteerEntry(**fields) for fields in json.loads(row[0])]

    def _store(self, query: str, entries: list[GazetteerEntry]) -> None:
        # One transaction per answer: a build killed halfway keeps every answer it already paid for.
        with closing(sqlite3.connect(self._cache_path)) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO answers (service, query, entries) VALUES (?, ?, ?)",
                (self._service, query, json.dumps([asdict(e) for e in entries], ensure_ascii=False)),
            )


def online_lookup(
    *,
    user_agent: str,
    domain: str = PUBLIC_DOMAIN,
    scheme: str = "https",
    cache_path: Path,
    min_delay_seconds: float = 1.0,
    timeout: float = 10.0,
) -> NominatimLookup:
    """The online geocoder for a build; make one per app and share it (see :class:`NominatimLookup`)."""
    agent = user_agent.strip()
    # geopy's default agent is "geopy/<version>", and geopy refuses it only for the public server;
    # we refuse it for every server, so a test or a mirror cannot hide a missing setting.
    if not agent or agent.startswith("geopy/"):
        raise SettingsError(
            f"`user_agent` = {user_agent!r} is invalid; must name this app (geopy's default is refused)"
        )
    if scheme not in ("http", "https"):
        raise SettingsError(f"`scheme` = {scheme!r} is invalid; must be 'http' or 'https'")
    if not timeout > 0:
        raise SettingsError(f"`timeout` = {timeout!r} is invalid; must be a positive number of seconds")
    try:
        geocoder = Nominatim(
            user_agent=agent,
            domain=domain,
            scheme=scheme,
            timeout=timeout,
            # urllib sends each request once; geopy's RequestsAdapter retries failed requests itself.
            adapter_factory=URLLibAdapter,
        )
    except ConfigurationError as err:
        # The scheme is checked above, so geopy is refusing one of its sample user agents.
        raise SettingsError(f"`user_agent` = {user_agent!r} is invalid; must name this app ({err})") from err
    return NominatimLookup(geocoder, cache_path=cache_path, min_delay_seconds=min_delay_seconds)


def _failure_reason(err: GeocoderServiceError) -> str:
    """A short reason for a failed request, with the HTTP status when there was one."""
    status = err.__cause__.status_code if isinstance(err.__cause__, AdapterHTTPError) else None
    http = f" (HTTP {status})" if status else ""
    if isinstance(err, GeocoderParseError):
        return "gave an unreadable answer"
    # geopy raises GeocoderTimedOut for a 503; an overloaded server is not a slow one.
    if isinstance(err, GeocoderUnavailable) or status == 503:
        return f"unavailable{http}"
    if isinstance(err, GeocoderTimedOut):
        return f"timed out{http}"
    return f"failed{http}: {err}"


def _entry(raw: Mapping[str, Any]) -> GazetteerEntry:
    """One Nominatim result as a gazetteer entry."""
    if raw.get("osm_type") and raw.get("osm_id") is not None:
        place_id = f"osm:{raw['osm_type']}/{raw['osm_id']}"
    else:
        # Results made by Nominatim itself (postcode areas) have no OSM object.
        place_id = f"nominatim:{raw['place_id']}"
    return GazetteerEntry(
        place_id=place_id,
        name=raw.get("name") or raw["display_name"].split(",")[0].strip(),
        country_code=(raw.get("address") or {}).get("country_code", "").upper(),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        feature=_feature(raw),
        # Nominatim gives population only with extratags, and rarely then; 0 means unknown, as in the gazetteer.
        population=0,
        source=SOURCE,
    )


def _feature(raw: Mapping[str, Any]) -> str:
    """Our feature vocabulary (see ``gazetteer.FEATURE_RANK``) for Nominatim's class and type."""
    kind, value = raw.get("class"), raw.get("type")
    if kind == "place":
        return _PLACE_TYPES.get(str(value), "city")
    if kind == "boundary" and value == "administrative":
        # Nominatim's search ranks: 4 country, 5-9 state, 10-12 county, 13+ city and smaller.
        rank = int(raw.get("place_rank", 16))
        return "country" if rank <= 4 else "admin1" if rank <= 9 else "region" if rank <= 12 else "city"
    if kind in ("water", "waterway") or (kind == "natural" and value in _WATER_NATURAL):
        return "water"
    if kind in ("natural", "boundary", "landuse"):
        return "region"
    # Amenities, buildings, roads, airports...: the lowest rank, so they never outrank a real place.
    return "facility"
