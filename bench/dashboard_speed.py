"""Dashboard speed: the server-side cost of a filter change, and launch to first chart in a browser.

    python -m bench.dashboard_speed                  # filter change on the seeds' stored tables
    python -m bench.dashboard_speed --tables DIR     # on any build's tables
    python -m bench.dashboard_speed --browser        # also launch the app and time the first chart

A filter change re-runs what the views run: applying the filters, then building the
overview's charts and the sentences of a focused entity. The reference, timed in the
same run, is reading the tables from Parquet (what a cold start costs at minimum).
Figures are medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from analysis import read_tables
from dashboard import charts, data, filters, focus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def median_ms(action, *, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def filter_change(tables, outlet: str, entity: str) -> None:
    chosen = filters.apply(tables, filters.Filters(outlets=(outlet,)))
    colours = charts.outlet_colours(tables.documents["outlet"].fillna("(unknown)"))
    charts.outlet_mix(chosen.outlets, colours=colours)
    charts.top_keywords(chosen.keywords, chosen.documents, top=10)
    charts.top_entities(chosen.mentions, chosen.documents, top=5, colours=colours)
    charts.place_map(chosen.places.dropna(subset=["place_id"]), chosen.documents, colours=colours)
    focus.contexts(chosen, focus.Focus("entity", entity))


def browser_first_chart(build_root: Path) -> tuple[float, float]:
    """Seconds from launching ``streamlit run`` to (server healthy, first chart drawn in Chromium)."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NEWS_DASHBOARD_BUILD": str(build_root)}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    if time.perf_counter() - started > 120:
                        raise TimeoutError("the dashboard did not start within 120 s") from None
                    time.sleep(0.05)
            healthy = time.perf_counter() - started
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
            return healthy, time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=Path, help="a build folder (default: the seeds' stored tables)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--browser", action="store_true", help="also time launch to first chart (needs /usr/bin/chromium)")
    args = parser.parse_args()
    if args.tables is None:
        key = data.seeds_key()
        if not data.seeds_built(key):
            data.build_seeds(key)
        args.tables = data.seeds_dir()
    tables = read_tables(args.tables)
    outlet = tables.documents["outlet"].value_counts().index[-1]
    entity = tables.mentions["entity"].value_counts().index[0]
    reference = median_ms(lambda: read_tables(args.tables), repeat=args.repeat)
    change = median_ms(lambda: filter_change(tables, outlet, entity), repeat=args.repeat)
    print(f"{len(tables.documents)} documents, {len(tables.mentions)} mentions; medians of {args.repeat} runs")
    print(f"reference, read all tables from Parquet: {reference:.1f} ms")
    print(f"filter change (outlet={outlet}; overview charts, map, sentences of {entity!r}): {change:.1f} ms = {change / reference:.2f}x the reference")
    if args.browser:
        with tempfile.TemporaryDirectory() as build_root:
            cold_health, cold_chart = browser_first_chart(Path(build_root))
            warm_health, warm_chart = browser_first_chart(Path(build_root))
        print(f"launch to first chart, first start (analyses the seeds): {cold_chart:.1f} s (server healthy after {cold_health:.1f} s)")
        print(f"launch to first chart, stored tables: {warm_chart:.1f} s (server healthy after {warm_health:.1f} s) = {warm_chart / warm_health:.2f}x server start")


if __name__ == "__main__":
    main()
