"""Dashboard speed at every size: a filter change server side, server memory, and launch to first chart.

    python -m bench.dashboard_speed                          # the seeds' stored tables
    python -m bench.dashboard_speed --sizes seeds,100k,1m    # also synthetic builds of 100k and 1M articles
    python -m bench.dashboard_speed --sizes 100k --browser   # also the server's memory and launch to first chart

A filter change runs what the sidebar and the overview and map views run, through
the same store the dashboard opens (pandas in memory for the seeds, DuckDB over the
Parquet files for large builds): the selection's document count, the outlet mix,
top keywords, top entities by outlet and the map's points, each drawn into its
Plotly figure, and the sentences of the most mentioned entity in the selection.
A focus (a click on that entity, which narrows every chart to the documents naming
it) is timed too, for information. So is a search of the whole selection's text (the Search
page: a frequent word, a phrase, a word no document has; target <= 1 s at any size), for the
whole corpus, one outlet and a date range. Two kinds of change are
timed, each run a selection not seen before: one outlet (a different one each run),
and a date range: from evenly spaced days to the last, and from random days (seeded, so every run draws the same)
to the last or to a random later day. Days within a month cost more than month starts (the index counts whole
months ahead), so the random ones keep the figure honest; the median and the worst are printed. The reference,
timed in the same run, is what the store
replaces: reading the tables from Parquet into pandas for the seeds, and for large
builds one plain DuckDB query over the Parquet files without the index (top
entities of one outlet).

Synthetic builds are made once under build/bench/ (python -m bench.make_tables) from
build/seeds-cli, with their dashboard index, and reused. With --browser the
dashboard is launched on the stored seeds (launch to first chart; the first launch
analyses them, later ones read them) and on each large size asked for (server
memory after the overview, entities, keywords and map views have been drawn).
Figures are medians of --repeat runs; on a shared machine read the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb
import psutil

from analysis import read_tables
from bench.make_tables import synthesise
from dashboard import charts
from dashboard.filters import Filters
from dashboard.focus import Focus
from dashboard.store import Selection, Store, open_build, questions
from dashboard.store.memory import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS_CLI = ROOT / "build" / "seeds-cli"
SIZES = {"100k": 100_000, "1m": 1_000_000}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
TARGET_CHANGE_MS = {"seeds": 100.0, "100k": 300.0, "1m": 300.0}
TARGET_SEARCH_MS = 1000.0
TARGET_RSS_MB = 1024.0
TARGET_FIRST_CHART_S = 3.0
VIEWS = ("", "entities", "keywords", "map")
REFERENCE_APP = "bench/reference_app.py"
# The random date ranges are drawn from this seed, so every run times the same ones.
SEED = 6


def median_ms(actions: list[Callable[[], object]]) -> float:
    return median_wall_cpu_ms(actions)[0]


def median_wall_cpu_ms(actions: list[Callable[[], object]]) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (all of this process's threads, DuckDB's included). On a shared
    machine the wall clock also counts the time other processes held the cores; the CPU time does not."""
    walls, cpus = wall_cpu_ms(actions)
    return statistics.median(walls), statistics.median(cpus)


def wall_cpu_ms(actions: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each action."""
    walls, cpus = [], []
    for action in actions:
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def filter_change(store: Store, selection: Selection, colours: dict[str, str], *, entity: str) -> None:
    """What a rerun after a filter change asks the store and draws: the sidebar's count, the overview's charts,
    the map, and the sentences of ``entity`` in the selection."""
    store.ask(questions.documents, selection, limit=0)
    counts = store.ask(questions.counts, selection)
    if counts.docs == 0:
        return
    charts.outlet_mix(store.ask(questions.outlets, selection), colours=colours)
    panels = store.ask(questions.keyword_panels, selection, by="corpus", top=10, max_groups=1)
    charts.keyword_bars(panels.rows, colours=colours)
    charts.entity_bars(store.ask(questions.entity_counts, selection, top=5), colours=colours)
    found = store.ask(questions.place_points, selection)
    charts.place_points_map(found.points, n_mentions=found.n_mentions, online=found.online, colours=colours)
    store.ask(questions.contexts, Selection(selection.filters, Focus("entity", entity)), limit=500)


def change(store: Store, selection: Selection, colours: dict[str, str], entity: str) -> None:
    """A filter change as a rerun makes it: the dashboard makes a new in-memory store on every rerun (so nothing
    filtered is remembered between changes) and shares one DuckDB store."""
    rerun = MemoryStore(store.tables) if isinstance(store, MemoryStore) else store
    filter_change(rerun, selection, colours, entity=entity)


def most_mentioned(store: Store) -> str:
    return str(
        store.ask(questions.entity_counts, Selection(), top=1).sort_values("total", ascending=False)["entity"].iloc[0]
    )


def changes(store: Store, *, repeat: int, seed: int = SEED) -> dict[str, list[Selection]]:
    """Selections of each kind, all different: ``repeat`` of one outlet each; and ``3 * repeat`` date ranges:
    from evenly spaced days to the last date, from random days to the last, and from random days to random later
    ones (drawn from ``seed``)."""
    catalog = store.catalog()
    outlets = list(catalog.outlets)
    by_outlet = [Selection(Filters(outlets=(outlets[i % len(outlets)],))) for i in range(repeat)]
    by_dates = []
    if catalog.date_bounds:
        first, last = catalog.date_bounds
        for i in range(1, repeat + 1):
            by_dates.append(Selection(Filters(date_from=first + (last - first) * i / (repeat + 1))))
        days = (last - first).days
        rng = random.Random(seed)
        for _ in range(repeat if days else 0):
            by_dates.append(Selection(Filters(date_from=first + dt.timedelta(days=rng.randint(1, days)))))
        for _ in range(repeat if days else 0):
            start = rng.randint(1, days)
            end = rng.randint(start, days)
            by_dates.append(
                Selection(Filters(date_from=first + dt.timedelta(days=start), date_to=first + dt.timedelta(days=end)))
            )
    return {"one outlet": by_outlet, "a date range": by_dates}


def reference_ms(build: Path, store: Store, *, repeat: int) -> tuple[str, float]:
    if not store.large:
        return "read all tables from Parquet into pandas", median_ms([partial(read_tables, build)] * repeat)

    outlets = store.catalog().outlets
    sql = (
        "SELECT m.label, m.entity, count(*) AS n FROM read_parquet($m) m JOIN read_parquet($d) d USING (doc_id) "
        "WHERE d.outlet = $outlet GROUP BY ALL ORDER BY n DESC LIMIT 50"
    )
    params = [
        {
            "m": str(build / "mentions.parquet"),
            "d": str(build / "documents.parquet"),
            "outlet": outlets[i % len(outlets)],
        }
        for i in range(repeat)
    ]
    with duckdb.connect(config={"threads": 2}) as con:
        ms = median_ms([partial(_fetch, con, sql, p) for p in params])
    return "one DuckDB query over the Parquet files without the index (top entities of an outlet)", ms


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, str]) -> list[tuple[object, ...]]:
    return con.execute(sql, params).fetchall()


def ensure_build(size: str) -> Path:
    """The stored tables for ``size`` (made and indexed once, then reused)."""
    if size == "seeds":
        if not (SEEDS_CLI / "manifest.json").is_file():
            subprocess.run(
                [sys.executable, "-m", "analysis", "build", "seeds", "--out", str(SEEDS_CLI), "--quiet"],
                cwd=ROOT,
                check=True,
            )
        return SEEDS_CLI
    out = ROOT / "build" / "bench" / f"tables-{size}"
    if not (out / "manifest.json").is_file():
        print(f"making {size} synthetic articles in {out} (once)…", flush=True)
        synthesise(read_tables(ensure_build("seeds")), out, articles=SIZES[size])
    from dashboard.store.duck import build_index

    started = time.perf_counter()
    index = build_index(out)
    print(f"{size}: index {index.name} ready in {time.perf_counter() - started:.0f} s", flush=True)
    return out


def measure(size: str, *, repeat: int) -> None:
    build = ensure_build(size)
    started = time.perf_counter()
    store: Store = MemoryStore(read_tables(build)) if size == "seeds" else open_build(build)
    opened = time.perf_counter() - started
    catalog = store.catalog()
    label, reference = reference_ms(build, store, repeat=repeat)
    target = TARGET_CHANGE_MS[size]
    engine = "DuckDB" if store.large else "pandas"
    print(
        f"\n{size}: {catalog.n_docs:,} documents, {engine} store opened in {opened * 1000:.0f} ms; "
        f"medians of {repeat} runs or more"
    )
    print(f"  reference, {label}: {reference:.1f} ms")
    entity = most_mentioned(store)
    # One untimed change first, as a running dashboard has had: code paths and the index's pages warmed.
    change(store, Selection(Filters(min_mentions=2)), catalog.colours, entity)
    changed = changes(store, repeat=repeat)
    by_dates = changed["a date range"]
    for kind, selections in changed.items():
        if not selections:
            continue
        walls, cpus = wall_cpu_ms([partial(change, store, s, catalog.colours, entity) for s in selections])
        ms, cpu, worst = statistics.median(walls), statistics.median(cpus), max(walls)
        verdict = "meets" if ms <= target else "MISSES"
        print(
            f"  filter change, {kind} ({len(selections)} selections): median {ms:.1f} ms "
            f"(target <= {target:.0f} ms: {verdict}) = {ms / reference:.2f}x the reference, "
            f"worst {worst:.1f} ms = {worst / reference:.2f}x; CPU median {cpu:.1f} ms"
        )
    # A click on a bar narrows every view to the documents naming it: timed for information, it has no target.
    outlets = catalog.outlets
    clicks = [Selection(Filters(outlets=(outlets[i % len(outlets)],)), Focus("entity", entity)) for i in range(repeat)]
    ms, cpu = median_wall_cpu_ms([partial(change, store, s, catalog.colours, entity) for s in clicks])
    print(
        f"  focus on {entity!r} within one outlet (every chart narrowed to the documents naming it): "
        f"{ms:.1f} ms; CPU {cpu:.1f} ms"
    )
    terms = search_terms(store)
    scopes = {
        "whole corpus": Selection(),
        "one outlet": clicks[0],
        **({"a date range": by_dates[0]} if by_dates else {}),
    }
    searches = [(name, selection, term) for term in terms for name, selection in scopes.items()]
    walls, cpus = wall_cpu_ms([partial(search, store, s, term) for _, s, term in searches])
    ms, worst = statistics.median(walls), max(walls)
    name, _, term = searches[walls.index(worst)]
    verdict = "meets" if worst <= TARGET_SEARCH_MS else "MISSES"
    print(
        f"  search of the selection's text ({len(searches)} searches: {', '.join(map(repr, terms))} in the "
        f"{', '.join(scopes)}): median {ms:.1f} ms, worst {worst:.1f} ms ({term!r}, {name}; "
        f"target <= {TARGET_SEARCH_MS:.0f} ms: {verdict}); CPU median {statistics.median(cpus):.1f} ms"
    )
    print(f"  bench process RSS: {psutil.Process().memory_info().rss / 2**20:.0f} MB")


def search_terms(store: Store) -> list[str]:
    """A word the first document uses most, a two-word phrase of it, and a word no document has."""
    doc_id = store.ask(questions.documents, Selection(), limit=1).rows["doc_id"].iloc[0]
    text = str(store.document(doc_id).documents["text"].iloc[0])
    words = [w for w in text.split() if w.isalpha()]
    common = max(set(words), key=lambda w: (words.count(w), w))
    return [common, " ".join(words[20:22]), "zzyzxqy"]


def search(store: Store, selection: Selection, term: str) -> None:
    """What the Search page asks: the lines and document count of ``term`` in the selection."""
    store.ask(questions.corpus_search, Selection(selection.filters), term=term, limit=500)


def launch(
    env: dict[str, str], *, views: tuple[str, ...] = ("",), script: str = "streamlit_app.py"
) -> tuple[float, float, float]:
    """Launch the dashboard (or another ``script``); seconds to healthy and to the first chart in Chromium, and the
    server's RSS (MB) after drawing ``views``."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        started = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    if time.perf_counter() - started > 600:
                        raise TimeoutError("the dashboard did not start within 600 s") from None
                    time.sleep(0.05)
            healthy = time.perf_counter() - started
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=600_000)
            first_chart = time.perf_counter() - started
            for view in views[1:]:
                page.goto(f"http://127.0.0.1:{port}/{view}")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=600_000)
            rss = psutil.Process(server.pid).memory_info().rss / 2**20
            return healthy, first_chart, rss
        finally:
            server.terminate()
            server.wait(timeout=30)
            browser.close()


def browser_figures(large: list[str], *, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as build_root:
        env = {"NEWS_DASHBOARD_BUILD": build_root}
        _, cold, _ = launch(env)
        warm, reference = [], []
        # Taken in turns, so that both see the same load on a shared machine.
        for _ in range(repeat):
            warm.append(launch(env))
            reference.append(launch({}, script=REFERENCE_APP))
    healthy = statistics.median(w[0] for w in warm)
    chart = statistics.median(w[1] for w in warm)
    least = statistics.median(r[1] for r in reference)
    verdict = "meets" if chart <= TARGET_FIRST_CHART_S else "MISSES"
    print(f"\nlaunch to first chart, first start (analyses the seeds): {cold:.1f} s")
    print(
        f"launch to first chart, stored seeds: {chart:.1f} s (target <= {TARGET_FIRST_CHART_S:.0f} s: {verdict}); "
        f"server healthy after {healthy:.1f} s; median of {repeat}"
    )
    print(
        f"  reference, a Streamlit page with one Plotly chart and nothing else: {least:.1f} s; "
        f"the dashboard takes {chart / least:.2f}x that ({chart - least:+.1f} s)"
    )
    for size in large:
        build = ensure_build(size)
        healthy, chart, rss = launch({"NEWS_DASHBOARD_TABLES": str(build)}, views=VIEWS)
        target = (
            f" (target at 100k <= {TARGET_RSS_MB:.0f} MB: {'meets' if rss <= TARGET_RSS_MB else 'MISSES'})"
            if size == "100k"
            else ""
        )
        print(
            f"{size}: launch to first chart {chart:.1f} s; server RSS after the overview, entities, keywords and map "
            f"views: {rss:.0f} MB{target}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="seeds", help="comma-separated: seeds, 100k, 1m")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also launch the dashboard (needs /usr/bin/chromium)")
    args = parser.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s != "seeds" and s not in SIZES]
    if unknown:
        parser.error(f"`--sizes` has {unknown}; must be among seeds, {', '.join(SIZES)}")
    for size in sizes:
        measure(size, repeat=args.repeat)
    if args.browser:
        browser_figures([s for s in SIZES if s in sizes], repeat=args.repeat)


if __name__ == "__main__":
    main()
