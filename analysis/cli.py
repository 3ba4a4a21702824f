"""The command line: ``python -m analysis build INPUT... --out DIR``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from analysis.cache import ResultCache
from analysis.config import DEFAULT_MAX_BYTES, DEFAULT_MODEL, NAME_LANGUAGES, NOMINATIM_DOMAIN, Settings
from analysis.engine import ENGINES, default_workers
from analysis.errors import AnalysisError
from analysis.inputs import sidecar
from analysis.pipeline import build_files

CACHE = Path(".cache") / "results.sqlite"
EXIT_NOTHING_ANALYSED = 1
EXIT_FAILED = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # Dask narrates every connection and shutdown at INFO and WARNING; its errors still show.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        return _build(args)
    except AnalysisError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Turn news articles into tidy tables.")
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="analyse files and folders and write Parquet tables")
    build.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (.txt .md .html .csv .jsonl .json)")
    build.add_argument("--out", required=True, type=Path, help="folder for the Parquet tables and manifest.json")
    build.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model name (default: {DEFAULT_MODEL})")
    build.add_argument(
        "--aliases",
        type=Path,
        help="CSV variant,canonical: names that override automatic merging (default: an input folder's aliases.csv)",
    )
    build.add_argument(
        "--place-overrides",
        type=Path,
        help="CSV name,place_id: corrections to place resolution (default: an input folder's overrides.csv)",
    )
    build.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        help="skip files larger than this (default: 20)",
    )
    build.add_argument(
        "--keyword-top",
        type=int,
        default=Settings().keyword_top,
        metavar="N",
        help=f"keywords kept per document (default: {Settings().keyword_top})",
    )
    build.add_argument(
        "--name-language",
        choices=NAME_LANGUAGES,
        default="en",
        help="script of a person's name found in several: en, Latin (Nikol Pashinyan); ru, Cyrillic (default: en)",
    )
    build.add_argument(
        "--online-geocoder",
        metavar="USER_AGENT",
        help="opt in: look up places the offline gazetteer lacks on Nominatim, "
        "naming this app (e.g. 'my-newsroom-dashboard/1.0')",
    )
    build.add_argument("--geocoder-domain", default=NOMINATIM_DOMAIN, help="Nominatim server (host[:port])")
    build.add_argument("--geocoder-scheme", default="https", choices=("https", "http"))
    build.add_argument(
        "--geocoder-cache", type=Path, help="SQLite file of answers (default: ~/.cache/news-coverage/nominatim.sqlite)"
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where documents are analysed: local (a process pool, default) or dask",
    )
    build.add_argument(
        "--workers",
        type=int,
        help=f"worker processes (default: every core, here {default_workers()}); 1 analyses in this process",
    )
    build.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="with --engine dask: the running cluster's scheduler (default: a local cluster)",
    )
    build.add_argument(
        "--cache", type=Path, help="per-document result cache, an SQLite file (default: OUT/.cache/results.sqlite)"
    )
    build.add_argument("--no-cache", action="store_true", help="analyse every document again and store nothing")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = Settings(
        model=args.model,
        aliases=args.aliases or sidecar(args.inputs, "aliases.csv"),
        place_overrides=args.place_overrides or sidecar(args.inputs, "overrides.csv"),
        max_bytes=max(1, int(args.max_mb * 1024 * 1024)),
        keyword_top=args.keyword_top,
        geocoder_user_agent=args.online_geocoder,
        geocoder_domain=args.geocoder_domain,
        geocoder_scheme=args.geocoder_scheme,
        geocoder_cache=args.geocoder_cache,
        name_language=args.name_language,
    )
    cache = None if args.no_cache else ResultCache(args.cache or args.out / CACHE)
    try:
        with tqdm(unit="doc", disable=args.quiet, file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = build_files(
                args.inputs,
                args.out,
                settings,
                engine=args.engine,
                workers=args.workers,
                scheduler=args.scheduler,
                cache=cache,
                progress=progress,
                rejected=lambda error: bar.write(f"skipped {error.source}: {error.reason}", file=sys.stderr),
            )
    finally:
        if cache is not None:
            cache.close()
    counts = result.counts
    if not counts["documents"]:
        print(f"error: no document could be analysed ({len(result.errors)} inputs rejected)", file=sys.stderr)
        return EXIT_NOTHING_ANALYSED
    if result.up_to_date:
        print(
            f"up to date: the inputs, settings and code are those of the build in {result.out} "
            f"({counts['documents']} documents, {len(result.errors)} inputs rejected); parsed 0 texts"
        )
        return 0
    print(
        f"analysed {counts['documents']} documents ({len(result.errors)} inputs rejected): "
        f"{counts['mentions']} mentions, {counts['places']} place mentions, {counts['keywords']} keywords "
        f"in {time.perf_counter() - started:.1f} s -> {result.out}; "
        f"parsed {result.computed['entities']} texts, {result.reused['entities']} from the cache"
    )
    return 0
