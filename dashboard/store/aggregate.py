"""What the charts and tables show, computed with pandas from (filtered) tables.

Each function turns raw rows into the few rows a chart or table needs. The
in-memory store answers with these; the DuckDB store answers the same questions
in SQL with the same columns, order and ties (tests/dashboard/store/ holds
them to it), and ``charts`` draws from either. Ties are always broken by name, so
the answer does not depend on row order.

Just over 500 lines: one short function per store question, the mirror of
``duck/questions.py``, so each pandas answer sits where its SQL twin's reader expects it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.geo.demonyms import DEMONYM_RULE
from analysis.quotes import UNATTRIBUTED, voices
from analysis.sources import UNKNOWN
from dashboard.store.base import (
    ENTITY_COUNT_COLUMNS,
    KEYWORD_COLUMNS,
    NAMING_COLUMNS,
    NAMING_TABLE_COLUMNS,
    OUTLET_COLUMNS,
    PERIODS,
    POINT_COLUMNS,
    REASON_COLUMNS,
    STATEMENT_COLUMNS,
    TERM_COUNT_COLUMNS,
    TIMELINE_COLUMNS,
    VARIANT_COLUMNS,
    VOICE_COLUMNS,
    VOICE_KIND_COLUMNS,
    Counts,
    Dating,
    Period,
    PlacePoints,
    Rows,
    label_order,
)
from dashboard.store.grouping import Factor, constant, factor, group, head, of_docs

QUOTED, NARRATION = "in a quotation", "the outlet's own words"
NO_BUREAU = "(no bureau)"
UNRESOLVED = "(unresolved)"
NOT_RECORDED = "not recorded"
MAX_FORMS = 8
TITLE_CHARS = 40


def counts(documents: pd.DataFrame, mentions: pd.DataFrame, places: pd.DataFrame) -> Counts:
    return Counts(
        docs=len(documents),
        outlets=int(documents["outlet"].nunique()),
        words=int(documents["n_words"].sum()),
        entities=int(mentions["entity"].nunique()),
        places=int(places["place_id"].nunique()),
    )


# pandas period codes; weeks run Monday to Sunday (ISO 8601).
_PERIOD_CODES = {"week": "W-SUN", "month": "M", "year": "Y"}


def outlet_mix(outlets: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The outlets that still have documents, with their documents and words counted again."""
    outlet = factor(documents["outlet"].to_numpy(dtype=object, na_value=UNKNOWN))
    by = group(outlet)
    counted = pd.DataFrame(
        {"n_docs": by.distinct(factor(documents["doc_id"])), "n_words": by.sum(documents["n_words"])},
        index=outlet.decode(by.keys[0]),
    )
    return recount(outlets, counted)


def recount(outlets: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    """The outlets of ``counted`` (n_docs, n_words indexed by outlet) with those counts, most documents first."""
    named = counted.index.tolist()
    docs = dict(zip(named, counted["n_docs"].tolist()))
    words = dict(zip(named, counted["n_words"].tolist()))
    # A handful of rows: sorted in Python, which costs less than one sort_values.
    names = outlets["outlet"].tolist()
    kept = sorted(
        (i for i, name in enumerate(names) if name in docs),
        key=lambda i: (-docs[names[i]], -words[names[i]], names[i]),
    )
    rows = outlets.iloc[kept].assign(
        n_docs=np.array([int(docs[names[i]]) for i in kept], dtype=np.int64),
        n_words=np.array([int(words[names[i]]) for i in kept], dtype=np.int64),
    )
    return rows[OUTLET_COLUMNS].reset_index(drop=True)


def entity_counts(mentions: pd.DataFrame, documents: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """Mentions per (type, entity, outlet) of the ``top`` most mentioned entities of each type.

    Rows are ordered by type, then entity total (most first), entity and outlet; ``total``
    is the entity's mentions over all outlets.
    """
    named = mentions[mentions["label"].notna()]
    if named.empty:
        return pd.DataFrame(columns=ENTITY_COUNT_COLUMNS)
    label, entity = factor(named["label"]), factor(named["entity"])
    outlet = of_docs(named["doc_id"], documents, "outlet", missing=UNKNOWN)
    entities = group(label, entity)
    totals = entities.size()
    by_total = np.lexsort((entities.keys[1], -totals, entities.keys[0]))
    chosen = np.zeros(len(entities), dtype=bool)
    chosen[by_total[head(entities.keys[0][by_total], top)]] = True
    cells = group(label, entity, outlet)
    of_entity = entities.of_row[cells.first()]
    kept = np.flatnonzero(chosen[of_entity])
    labels, names, outlets = (key[kept] for key in cells.keys)
    total = totals[of_entity[kept]]
    type_rank = np.array([label_order(value)[0] for value in label.values], dtype=np.int64)
    order = np.lexsort((outlets, names, -total, labels, type_rank[labels]))
    rows = kept[order]
    return pd.DataFrame(
        {
            "label": label.decode(cells.keys[0][rows]),
            "entity": entity.decode(cells.keys[1][rows]),
            "outlet": outlet.decode(cells.keys[2][rows]),
            "n": cells.size()[rows],
            "total": total[order],
        }
    )


def entity_variants(mentions: pd.DataFrame, *, merged_only: bool = True, limit: int | None = None) -> pd.DataFrame:
    """One row per canonical entity with the surface forms merged into it, most frequent first.

    Columns: entity, label, n_mentions, n_variants, variants ("Haji Namazov (5), Hagi
    Namazov (3)"), merge_rules. ``merged_only`` keeps entities written more than one way;
    ``limit`` keeps the first rows.
    """
    if mentions.empty:
        return pd.DataFrame(columns=VARIANT_COLUMNS)
    forms = (
        mentions.groupby(["entity", "label", "surface"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["n", "surface"], ascending=[False, True])
    )
    forms["shown"] = forms["surface"] + " (" + forms["n"].astype(str) + ")"
    rules = mentions.groupby(["entity", "label"])["merge_rule"].agg(lambda s: ", ".join(sorted(s.dropna().unique())))
    table = forms.groupby(["entity", "label"], sort=False).agg(
        n_mentions=("n", "sum"),
        n_variants=("surface", "size"),
        variants=("shown", ", ".join),
    )
    table = table.join(rules.rename("merge_rules")).reset_index()
    if merged_only:
        table = table[table["n_variants"] > 1]
    table = table.sort_values(["n_variants", "n_mentions", "entity", "label"], ascending=[False, False, True, True])
    table = table if limit is None else table.head(limit)
    return _int(table[VARIANT_COLUMNS], "n_mentions", "n_variants")


def keyword_panels(
    keywords: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: Literal["corpus", "outlet", "doc"] = "corpus",
    top: int = 10,
    max_groups: int = 12,
) -> Rows:
    """Top keywords by summed YAKE weight over the corpus, per outlet or per document.

    Keywords are compared case-insensitively and shown in their most common spelling (the
    first alphabetically among equals); ``n_docs`` counts the documents that have them.
    Panels are ordered by their keywords' summed weight, heaviest first (ties by group),
    and only the ``max_groups`` heaviest are kept. ``group`` is "" for the corpus, else
    the outlet or doc_id; ``title`` names the panel and ``outlet`` picks its colour.
    """
    if keywords.empty:
        return Rows(pd.DataFrame(columns=KEYWORD_COLUMNS), 0)
    if by == "corpus":
        panel = constant("", len(keywords))
    elif by == "outlet":
        panel = of_docs(keywords["doc_id"], documents, "outlet", missing=UNKNOWN)
    else:
        panel = factor(keywords["doc_id"])
    key, spelled = factor(keywords["keyword"].str.lower()), factor(keywords["keyword"])
    terms = group(panel, key)
    # Each term's spelling: its most common one, then the first alphabetically.
    spellings = group(panel, key, spelled)
    of_term = terms.of_row[spellings.first()]
    commonest = np.lexsort((spellings.keys[2], -spellings.size(), of_term))
    firsts = commonest[head(of_term[commonest], 1)]
    spelling = np.zeros(len(terms), dtype=np.int64)
    spelling[of_term[firsts]] = spellings.keys[2][firsts]
    # Rounded, as weights are multiples of 0.05: sums in another order must tie where these do.
    weight = terms.sum(keywords["weight"]).round(6)
    heaviest = np.lexsort((spelling, -weight, terms.keys[0]))
    chosen = heaviest[head(terms.keys[0][heaviest], top)]
    panels = group(Factor(terms.keys[0][chosen], panel.values))
    totals = panels.sum(pd.Series(weight[chosen])).round(6)
    ranked = np.lexsort((panels.keys[0], -totals))[:max_groups]
    rank = np.full(len(panels), len(panels), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked))
    shown = np.flatnonzero(rank[panels.of_row] < len(ranked))
    rows = chosen[shown][np.lexsort((spelling[chosen[shown]], -weight[chosen[shown]], rank[panels.of_row[shown]]))]
    groups = panel.decode(terms.keys[0][rows])
    frame = pd.DataFrame(
        {
            "group": groups,
            "keyword": spelled.decode(spelling[rows]),
            "weight": weight[rows],
            "n_docs": terms.distinct(factor(keywords["doc_id"]))[rows],
        }
    )
    if by == "corpus":
        frame = frame.assign(title="All documents", outlet="")
    elif by == "outlet":
        frame = frame.assign(title=frame["group"], outlet=frame["group"])
    else:
        docs = documents.drop_duplicates("doc_id")
        doc_ids = docs["doc_id"].tolist()
        titles = dict(zip(doc_ids, docs["title"].tolist()))
        outlets = dict(zip(doc_ids, docs["outlet"].fillna(UNKNOWN).tolist()))
        frame = frame.assign(
            title=[doc_title(titles.get(d), d, outlets.get(d, UNKNOWN)) for d in groups],
            outlet=[outlets.get(d, UNKNOWN) for d in groups],
        )
    return Rows(frame[KEYWORD_COLUMNS], len(panels))


def place_points(places: pd.DataFrame, documents: pd.DataFrame) -> PlacePoints:
    """Every resolved place with coordinates as one map point.

    ``n`` counts its mentions, ``outlets`` the outlets naming it (sorted), ``rule`` the
    most common resolution rule, ``candidates`` the most namesakes it was chosen among,
    and ``forms`` each name written for it with the outlets that wrote it.
    """
    resolved = places[places["place_id"].notna() & places["lat"].notna() & places["lon"].notna()]
    # Imported here: the online geocoder's module loads geopy, which a dashboard without online results never needs.
    from analysis.geo.online import SOURCE

    online = bool(resolved["source"].eq(SOURCE).any()) if "source" in resolved else False
    if resolved.empty:
        return PlacePoints(pd.DataFrame(columns=POINT_COLUMNS), len(places), online)
    place = factor(resolved["place_id"])
    outlet = of_docs(resolved["doc_id"], documents, "outlet", missing=UNKNOWN)
    points = group(place)
    first = resolved.iloc[points.first()]
    naming = group(place, outlet)
    outlets: list[list[str]] = [[] for _ in range(len(points))]
    for at, name in zip(naming.keys[0].tolist(), outlet.decode(naming.keys[1]).tolist()):
        outlets[at].append(name)
    rule = factor(resolved["rule"])
    ruling = group(place, rule)
    commonest = np.lexsort((ruling.keys[1], -ruling.size(), ruling.keys[0]))
    firsts = commonest[head(ruling.keys[0][commonest], 1)]
    rules = np.full(len(points), NOT_RECORDED, dtype=object)
    rules[ruling.keys[0][firsts]] = rule.decode(ruling.keys[1][firsts])
    surface = factor(resolved["surface"])
    forms = group(place, surface, outlet)
    counts = forms.size()
    ordered = np.lexsort((forms.keys[2], -counts, forms.keys[0]))
    texts = forms_text(
        forms.keys[0][ordered].tolist(),
        surface.decode(forms.keys[1][ordered]).tolist(),
        outlet.decode(forms.keys[2][ordered]).tolist(),
        counts[ordered].tolist(),
    )
    frame = pd.DataFrame(
        {
            "place_id": place.decode(points.keys[0]),
            "place_name": first["name"].array,
            "country": first["country_code"].array,
            "lat": first["lat"].to_numpy(),
            "lon": first["lon"].to_numpy(),
            "n": points.size(),
            "outlets": [tuple(names) for names in outlets],
            "rule": pd.array(rules, dtype=resolved["rule"].dtype),
            "candidates": points.max(resolved["n_candidates"]),
            "forms": pd.Series([texts.get(at, np.nan) for at in range(len(points))], dtype=object),
        }
    )
    return PlacePoints(frame, len(places), online)


def forms_text(places: list[int], surfaces: list[str], outlets: list[str], counts: list[int]) -> dict[int, str]:
    """Per place, "Khankendi (JAMnews 5), Stepanakert (Sputnik 2)" from counts per (place, surface, outlet), given
    by place, then most mentions first, then outlet: names by mentions (most first, then alphabetically), each with
    its outlets likewise, at most MAX_FORMS names."""
    per_place: dict[int, dict[str, list[tuple[str, int]]]] = {}
    for place, surface, outlet, n in zip(places, surfaces, outlets, counts):
        per_place.setdefault(place, {}).setdefault(surface, []).append((outlet, n))
    texts = {}
    for place, named in per_place.items():
        names = sorted(named.items(), key=lambda item: (-sum(n for _, n in item[1]), item[0]))
        shown = [f"{surface} ({', '.join(f'{o} {n}' for o, n in outlets)})" for surface, outlets in names[:MAX_FORMS]]
        more = len(names) - MAX_FORMS
        texts[place] = ", ".join(shown) + (f", and {more} more" if more > 0 else "")
    return texts


def place_reasons(places: pd.DataFrame) -> pd.DataFrame:
    """Why each place is where it is: per place, name as written and rule, the mentions and most candidates."""
    if places.empty:
        return pd.DataFrame(columns=REASON_COLUMNS)
    frame = places.assign(name=places["name"].fillna(UNRESOLVED))
    table = (
        frame.groupby(["place_id", "name", "surface", "rule"], dropna=False)
        .agg(
            country=("country_code", "first"),
            mentions=("doc_id", "size"),
            candidates=("n_candidates", "max"),
            lat=("lat", "first"),
            lon=("lon", "first"),
        )
        .reset_index()
        .sort_values(["mentions", "name", "surface", "rule", "place_id"], ascending=[False, True, True, True, True])
    )
    return _int(table[REASON_COLUMNS], "mentions", "candidates")


def naming(
    places: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: Literal["outlet", "bureau", "voice"] = "outlet",
    max_places: int | None = None,
) -> Rows:
    """Who calls a place what: mentions per (place, name as written, outlet/bureau/voice).

    Only places written more than one way (ignoring case) count; a name is shown in its
    most common spelling. Places are ordered by mentions, most first (ties by place_id);
    rows within a place by group then name.
    """
    frame = named_places(places, documents)
    frame["group"] = _grouping(frame, by)
    counted = frame.groupby(["place_id", "written", "group"]).size().rename("n").reset_index()
    totals = counted.groupby("place_id")["n"].sum().rename("total").reset_index()
    totals = totals.sort_values(["total", "place_id"], ascending=[False, True])
    chosen = totals["place_id"].tolist()[: max_places if max_places is not None else None]
    names = frame.drop_duplicates("place_id").set_index("place_id")["name"]
    rows = counted[counted["place_id"].isin(chosen)]
    rank = {p: i for i, p in enumerate(chosen)}
    rows = rows.assign(rank=rows["place_id"].map(rank), name=rows["place_id"].map(names))
    rows = rows.sort_values(["rank", "group", "written"])
    return Rows(_int(rows[NAMING_COLUMNS], "n"), len(totals))


def naming_table(places: pd.DataFrame, documents: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Counts behind :func:`naming`: place, name as written, outlet, bureau, voice, mentions."""
    frame = named_places(places, documents)
    frame["voice"] = _grouping(frame, "voice")
    frame["bureau"] = frame["bureau"].fillna(NO_BUREAU)
    grouped = frame.groupby(["name", "written", "outlet", "bureau", "voice"], dropna=False)
    table = grouped.size().rename("mentions").reset_index()
    table = table.rename(columns={"name": "place", "written": "written as"}).sort_values(
        ["place", "mentions", "written as", "outlet", "bureau", "voice"],
        ascending=[True, False, True, True, True, True],
    )
    table = table if limit is None else table.head(limit)
    return _int(table[NAMING_TABLE_COLUMNS], "mentions")


def named_places(places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Resolved place mentions of places written more than one way (ignoring case and inflection: names are
    compared in their dictionary ``form``), with outlet, bureau and the name as written in its most common
    spelling (the first alphabetically among equals). A place found from its people's name ("Iraqi") is no name of
    it."""
    resolved = places[places["place_id"].notna() & ~places["rule"].fillna("").str.startswith(DEMONYM_RULE)]
    docs = documents[["doc_id", "outlet", "bureau"]].drop_duplicates("doc_id")
    resolved = resolved.merge(docs, on="doc_id", how="left")
    resolved["outlet"] = resolved["outlet"].fillna(UNKNOWN)
    resolved["form"] = resolved["form"].fillna(resolved["surface"])
    resolved["key"] = resolved["form"].str.lower()
    spelled = resolved.groupby(["key", "form"]).size().rename("n").reset_index()
    spelled = spelled.sort_values(["key", "n", "form"], ascending=[True, False, True]).drop_duplicates("key")
    resolved["written"] = resolved["key"].map(spelled.set_index("key")["form"])
    several = resolved.groupby("place_id")["written"].nunique()
    return resolved[resolved["place_id"].isin(several[several > 1].index)].copy()


def dating(documents: pd.DataFrame) -> Dating:
    dated = documents["published"].notna()
    month_only = dated & (documents["date_precision"] == "month")
    return Dating(dated=int(dated.sum()), month_only=int(month_only.sum()), undated=int((~dated).sum()))


def timeline(
    mentions: pd.DataFrame,
    keywords: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    entities: Sequence[str],
    terms: Sequence[str],
    period: Period = "day",
) -> pd.DataFrame:
    """Mentions of each of ``entities``, and documents having each keyword of ``terms`` (ignoring case), per outlet
    and period (``TIMELINE_COLUMNS``, see :func:`timeline_periods`); undated documents are left out."""
    entities, keys = timeline_terms(entities, terms)
    chosen = mentions.loc[mentions["entity"].isin(entities), ["doc_id", "entity"]].rename(columns={"entity": "term"})
    lowered = keywords.assign(key=keywords["keyword"].str.lower())
    tops = lowered[lowered["key"].isin(list(keys))].drop_duplicates(["doc_id", "key"])
    having = pd.DataFrame({"doc_id": tops["doc_id"], "term": tops["key"].map(keys)})
    frame = pd.concat([chosen, having], ignore_index=True)
    docs = documents[["doc_id", "outlet", "published", "date_precision"]].drop_duplicates("doc_id")
    frame = frame.merge(docs, on="doc_id").assign(n=1)
    frame = frame.assign(outlet=frame["outlet"].fillna(UNKNOWN))
    return timeline_periods(frame, order=[*entities, *keys.values()], period=period)


def timeline_terms(entities: Sequence[str], terms: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """The distinct ``entities``, and the keywords of ``terms`` by their lower case, each shown as first spelled."""
    keys: dict[str, str] = {}
    for term in terms:
        keys.setdefault(term.lower(), term)
    return list(dict.fromkeys(entities)), keys


def timeline_periods(frame: pd.DataFrame, *, order: Sequence[str], period: Period = "day") -> pd.DataFrame:
    """Counts ``n`` per (term, published, date_precision, outlet) summed per term, period, outlet, ordered as ``order``
    then by period and outlet. Periods are ``period`` (days, weeks from Monday, months or years, each named by its
    first day), or coarser when a dated row is dated less precisely: a month-only date makes every period at least
    a month, a year-only one a year. ``precision`` names the period drawn; undated rows are left out."""
    frame = frame[frame["published"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    published = pd.to_datetime(frame["published"]).astype("datetime64[ms]")
    precisions = set(frame["date_precision"].fillna("day"))
    needed = "year" if "year" in precisions else "month" if precisions - {"day"} else "day"
    drawn = max(period, needed, key=PERIODS.index)
    starts = published.dt.to_period(_PERIOD_CODES[drawn]).dt.start_time if drawn != "day" else published.dt.normalize()
    frame = frame.assign(period=starts.astype("datetime64[ms]"), precision=drawn)
    counts = frame.groupby(["term", "period", "precision", "outlet"])["n"].sum().reset_index()
    rank = {t: i for i, t in reversed(list(enumerate(order)))}
    counts = counts.assign(rank=counts["term"].map(rank)).sort_values(["rank", "period", "outlet"])
    return _int(counts[TIMELINE_COLUMNS], "n")


def voice_counts(quotes: pd.DataFrame, documents: pd.DataFrame, *, top: int) -> pd.DataFrame:
    """Statements per (voice, outlet) of the ``top`` voices quoted or cited most (ties by name), most first.

    A voice is the speaker's entity, else the speaker as written (``analysis.quotes.voices``); unattributed
    quotations are left out. ``kind`` is the voice's most common kind (ties alphabetically), ``total`` its
    statements in all outlets.
    """
    frame = with_outlet(quotes.assign(voice=voices(quotes)), documents)
    frame = frame[frame["voice"].notna() & (frame["voice"] != UNATTRIBUTED)]
    if frame.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    totals = frame.groupby("voice").size().rename("total").reset_index()
    totals = totals.sort_values(["total", "voice"], ascending=[False, True]).head(top)
    kinds = frame[frame["kind"].notna()].groupby(["voice", "kind"]).size().rename("k").reset_index()
    kinds = kinds.sort_values(["voice", "k", "kind"], ascending=[True, False, True]).drop_duplicates("voice")
    rows = frame.groupby(["voice", "outlet"]).size().rename("n").reset_index().merge(totals, on="voice")
    rows = rows.assign(kind=rows["voice"].map(kinds.set_index("voice")["kind"]))
    rows = rows.sort_values(["total", "voice", "outlet"], ascending=[False, True, True])
    return _int(rows[VOICE_COLUMNS], "n", "total")


def voice_kinds(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Statements per (kind of voice, outlet), attributed or not, by kind then outlet."""
    frame = with_outlet(quotes[quotes["kind"].notna()], documents)
    rows = frame.groupby(["kind", "outlet"]).size().rename("n").reset_index().sort_values(["kind", "outlet"])
    return _int(rows[VOICE_KIND_COLUMNS], "n")


def statements(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every quotation with who it is credited to and its document's title and outlet, in the quotes' order."""
    docs = documents[["doc_id", "title", "outlet"]].drop_duplicates("doc_id")
    frame = quotes.assign(voice=voices(quotes)).merge(docs, on="doc_id", how="left")
    return frame[STATEMENT_COLUMNS].reset_index(drop=True)


def term_counts(rows: pd.DataFrame, documents: pd.DataFrame, *, column: Literal["entity", "keyword"]) -> pd.DataFrame:
    """Rows of ``rows`` per (outlet, value of ``column``) as (group, term, n), by outlet then term: mentions per
    entity, or keyword rows per keyword as spelled; the counts ``analysis.distinctive.log_odds`` compares."""
    outlets = documents[["doc_id", "outlet"]].assign(outlet=documents["outlet"].fillna(UNKNOWN))
    joined = rows[["doc_id", column]].dropna().merge(outlets, on="doc_id")
    counted = joined.groupby(["outlet", column]).size().rename("n").reset_index()
    return _int(counted.rename(columns={"outlet": "group", column: "term"})[TERM_COUNT_COLUMNS], "n")


def with_outlet(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    outlets = documents[["doc_id", "outlet"]].drop_duplicates("doc_id")
    joined = frame.merge(outlets, on="doc_id", how="left")
    return joined.assign(outlet=joined["outlet"].fillna(UNKNOWN))


def doc_title(title: object, doc_id: str, outlet: str) -> str:
    text = title if isinstance(title, str) and title.strip() else doc_id
    text = text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"
    return f"{text} ({outlet})"


def _grouping(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "voice":
        return frame["quoted"].map({True: QUOTED, False: NARRATION}).fillna(NARRATION).astype(object)
    if by == "bureau":
        return frame["bureau"].fillna(NO_BUREAU).astype(object)
    return frame["outlet"].astype(object)


def _int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` with a fresh index and the count ``columns`` as plain int64, whichever engine counted them."""
    return frame.astype({c: "int64" for c in columns}).reset_index(drop=True)
