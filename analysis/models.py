"""Loading the models, in one place: the spaCy pipeline (through :mod:`analysis.nlp`, the only import of
spaCy), the gazetteer, the Russian pipeline, the keyword extractors and the opt-in online geocoder;
and what a worker process loads once and keeps for every chunk it analyses.

What the models are fed (the ruler's places and organisations) is the ``entities`` part's business
(:mod:`analysis.parts.entities`), so a change to it changes that part's cache fingerprint.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from analysis.config import Settings
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.online import NominatimLookup, online_lookup
from analysis.keywords import Extractor, make_extractor
from analysis.language import RUSSIAN
from analysis.nlp import load_pipeline
from analysis.parts.entities import ruler_organisations, ruler_places
from analysis.russian import RussianPipeline, russian_pipeline

__all__ = [
    "RUSSIAN",
    "Models",
    "load_gazetteer",
    "load_models",
    "load_nlp",
    "load_online",
    "load_russian",
    "stage_settings",
    "worker_models",
]


@dataclass(frozen=True, slots=True)
class Models:
    """What a worker loads once and reuses for every document it analyses."""

    settings: Settings
    nlp: Language
    gazetteer: Gazetteer
    extractors: Mapping[str, Extractor]

    def extractor(self, language: str) -> Extractor:
        """The keyword extractor with ``language``'s stopwords (English's for a language without its own)."""
        return self.extractors.get(language, self.extractors["en"])


def load_gazetteer(settings: Settings | None = None) -> Gazetteer:
    settings = settings or Settings()
    return Gazetteer(min_city_population=settings.min_city_population)


def load_nlp(settings: Settings | None = None, *, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline for ``settings.model`` with the ruler fed from ``gazetteer`` and the outlets table."""
    settings = settings or Settings()
    return load_pipeline(
        settings.model, places=ruler_places(settings, gazetteer), organisations=list(ruler_organisations())
    )


def load_russian() -> RussianPipeline:
    """This process' Russian pipeline (natasha), told of the known outlets; loaded on first use."""
    return russian_pipeline(ruler_organisations())


def load_online(settings: Settings) -> NominatimLookup | None:
    """The opt-in online geocoder the settings ask for, or None when it is off. Build one per process:
    its rate limit (one request a second) holds per object."""
    if not settings.geocoder_user_agent:
        return None
    cache = settings.geocoder_cache or Path.home() / ".cache" / "news-coverage" / "nominatim.sqlite"
    cache.parent.mkdir(parents=True, exist_ok=True)
    return online_lookup(
        user_agent=settings.geocoder_user_agent,
        domain=settings.geocoder_domain,
        scheme=settings.geocoder_scheme,
        cache_path=cache,
    )


def load_models(settings: Settings, *, nlp: Language | None = None, gazetteer: Gazetteer | None = None) -> Models:
    """Load (or adopt the given) pipeline, gazetteer and keyword extractor for ``settings``."""
    gazetteer = gazetteer or load_gazetteer(settings)
    nlp = nlp or load_nlp(settings, gazetteer=gazetteer)
    extractors = {language: make_extractor(settings, language=language) for language in ("en", RUSSIAN)}
    return Models(settings=settings, nlp=nlp, gazetteer=gazetteer, extractors=extractors)


def stage_settings(settings: Settings) -> Settings:
    """``settings`` with everything the per-document stage ignores set to its default, so that
    workers loaded for one build are reused by the next when only corpus-wide settings differ."""
    defaults = Settings()
    return replace(
        settings,
        max_bytes=defaults.max_bytes,
        aliases=None,
        place_overrides=None,
        geocoder_user_agent=None,
        geocoder_domain=defaults.geocoder_domain,
        geocoder_scheme=defaults.geocoder_scheme,
        geocoder_cache=None,
        name_language=defaults.name_language,
    )


_loaded: dict[Settings, Models] = {}
_loading = threading.Lock()


def worker_models(settings: Settings) -> Models:
    """This process' models for ``settings``, loaded on first use and kept for the process' life
    (a worker analyses many chunks; loading the model and gazetteer costs seconds)."""
    key = stage_settings(settings)
    with _loading:
        if key not in _loaded:
            _loaded.clear()
            _loaded[key] = load_models(key)
        return _loaded[key]
