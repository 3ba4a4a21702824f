"""Resident memory of a command-line build as the corpus grows: the build process and its largest worker.

    python -m bench.make_corpus --articles 10000 --words 80 --per-file 5000 --out build/bench/short-10k
    python -m bench.make_corpus --articles 100000 --words 80 --per-file 5000 --out build/bench/short-100k
    python -m bench.memory build/bench/short-10k build/bench/short-100k

Each corpus is built by ``python -m analysis build`` (no result cache, every core) while this
process samples the resident memory of the build and of each of its workers every 0.2 s.
Workers hold one chunk of documents at a time, and the build process a chunk of documents and
of their rows (the corpus is spooled to disk, the tables appended a chunk at a time), so
neither peak should grow with the corpus. Printed against references from the same run: each
build's peak over the size of its input, and, across corpora, how much the peaks grew against
how much the corpus grew (target: the build process' peak grows by at most 1.25x while the
corpus grows 10x).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

WORKER_LIMIT = 1024 * 2**20
FLAT = 1.25


def measure(corpus: Path, *, workers: int | None) -> tuple[float, int, int, int]:
    """Seconds, peak RSS of the build process, peak RSS of its largest worker, documents built."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "analysis",
            "build",
            str(corpus),
            "--out",
            out,
            "--quiet",
            "--no-cache",
            "--max-mb",
            "1000",
        ]
        command += ["--workers", str(workers)] if workers else []
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        watched = psutil.Process(process.pid)
        parent_peak = worker_peak = 0
        while process.poll() is None:
            try:
                parent_peak = max(parent_peak, watched.memory_info().rss)
                for child in watched.children(recursive=True):
                    worker_peak = max(worker_peak, child.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        output, errors = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"build of {corpus} failed: {errors[-2000:]}")
        documents = int(output.split("analysed ", 1)[1].split(" ", 1)[0])
        return seconds, parent_peak, worker_peak, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    print("the machine may be shared; figures are peaks sampled every 0.2 s")
    rows = []
    for corpus in args.corpora:
        seconds, parent, worker, documents = measure(corpus, workers=args.workers)
        size = input_bytes(corpus)
        verdict = "meets" if worker <= WORKER_LIMIT else "MISSES"
        print(
            f"{corpus}: {documents:,} documents ({size / 2**20:,.0f} MB of input) in {seconds:,.0f} s; "
            f"build process peak {parent / 2**20:,.0f} MB ({parent / size:.1f}x the input), "
            f"largest worker peak {worker / 2**20:,.0f} MB (target <= 1024 MB: {verdict})",
            flush=True,
        )
        rows.append((documents, parent, worker))
    if len(rows) > 1:
        (small, parent_small, worker_small), (large, parent_large, worker_large) = min(rows), max(rows)
        growth = parent_large / parent_small
        target = (
            f" (target <= x{FLAT} for 10x: {'meets' if growth <= FLAT else 'MISSES'})" if large >= 10 * small else ""
        )
        print(
            f"{large / small:.1f}x the documents: build process peak x{growth:.2f}{target}, "
            f"largest worker peak x{worker_large / worker_small:.2f}"
        )


def input_bytes(corpus: Path) -> int:
    """Bytes of the files the build reads."""
    if corpus.is_file():
        return corpus.stat().st_size
    return sum(path.stat().st_size for path in corpus.rglob("*") if path.is_file())


if __name__ == "__main__":
    main()
