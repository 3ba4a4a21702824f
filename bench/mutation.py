"""Mutation testing of the modules that hold user-visible rules: the share of mutants the fast tests kill.

    nice -n 15 python -m bench.mutation [MODULE ...] [--minutes 15] [--workers 2]

Not part of CI (it runs each module's fast tests once per mutant: minutes to an hour a module on two cores).
For each module, mutmut (requirements-dev.in) works in a temporary copy of the tracked files, with a
``setup.cfg`` of its own that names that module alone and its fast tests; mutmut runs for each mutant
only the tests that call the mutated function. A run stops after ``--minutes`` a module: the mutants
not reached are counted as not checked. The table gives, per module, the mutants killed (timeouts
count as killed: the mutant hung), survived and not checked; the share killed is over the checked
ones. The diff of every survivor and of every mutant no test calls is written to
``build/mutation/MODULE.txt`` to be read: each needs a test, or a reason it is harmless; mutmut's own
output goes to ``build/mutation/MODULE.log``.

``--survivors`` checks again only the mutants a module's last run left alive (survivors and those no
test called, as named in ``MODULE.txt``) against the tests as they are now, and moves each to its new
status in the last run's figures (kept in ``MODULE.json``): after writing tests, this takes minutes
where a full run takes an hour. The names hold while the module's code is unchanged; after a change,
run in full.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "build" / "mutation"
KILLED = {"killed", "timeout", "caught by type check"}
ALIVE = ("survived", "no tests")


@dataclass(frozen=True, slots=True)
class Target:
    """A module to mutate (the first of ``paths`` that exists: modules move) and its fast tests."""

    paths: tuple[str, ...]
    tests: tuple[str, ...]
    deselect: str = ""


# Every quotation test file: test_quotes.py, test_quote_*.py, test_reported*.py, test_attribution*.py.
QUOTE_TESTS = tuple(
    sorted(
        str(path.relative_to(ROOT))
        for pattern in ("test_quote*.py", "test_reported*.py", "test_attribution*.py")
        for path in (ROOT / "tests" / "analysis").glob(pattern)
    )
)
QUOTE_SLOW = "seeds or commentators or pronouns or unknown_speakers"
PLACE_TESTS = tuple(
    f"tests/analysis/geo/test_{name}.py"
    for name in (
        "resolve", "place_rules", "local_evidence", "world", "resolve_properties", "resolution_rules", "outlet_home",
    )
)  # fmt: skip
# Fast tests: none that loads the model or analyses the seeds once per mutant, which would cost seconds each.
TARGETS = {
    "entities": Target(
        ("analysis/entities.py",), ("tests/analysis/test_entities.py", "tests/analysis/test_entity_rules.py")
    ),
    # Quotations span five modules (issue 14): each is mutated on its own, against all the quotation tests.
    **{
        name: Target((f"analysis/{name}.py",), QUOTE_TESTS, deselect=QUOTE_SLOW)
        for name in ("quotes", "quote_marks", "reported", "attribution", "quote_scoring")
    },
    "cleaning": Target(
        ("analysis/cleaning.py",),
        # is_furniture_title is the metadata's: which first lines cannot be a headline.
        (
            "tests/analysis/test_cleaning.py",
            "tests/analysis/test_boilerplate_rules.py",
            "tests/analysis/test_metadata_inference.py",
        ),
    ),
    "metadata": Target(
        ("analysis/metadata.py",),
        ("tests/analysis/test_metadata.py", "tests/analysis/test_metadata_inference.py"),
    ),
    "focus": Target(
        ("dashboard/focus.py", "dashboard/store/focus.py"),
        (
            "tests/dashboard/test_focus.py",
            "tests/dashboard/test_url_notices.py",
            "tests/dashboard/test_focus_contexts.py",
        ),
    ),
    "filters": Target(
        ("dashboard/filters.py", "dashboard/store/filters.py"),
        ("tests/dashboard/test_filters.py", "tests/dashboard/test_url_notices.py"),
    ),
    # Place resolution spans three modules: each is mutated on its own, against all the resolution tests.
    **{
        name: Target((f"analysis/geo/{module}.py",), PLACE_TESTS, deselect="whole_pipeline")
        for name, module in (("places", "resolve"), ("place_evidence", "evidence"), ("outlet_home", "outlet_home"))
    },
}


@dataclass(frozen=True, slots=True)
class Outcome:
    module: str
    path: str
    statuses: Counter[str]
    results: dict[str, str]  # each mutant checked (or all of them) and its status
    seconds: float

    @property
    def alive(self) -> dict[str, str]:
        """The survivors and the mutants no test calls: each needs a test, or a reason it is harmless."""
        return {name: status for name, status in self.results.items() if status in ALIVE}

    @property
    def killed(self) -> int:
        return sum(n for status, n in self.statuses.items() if status in KILLED)

    @property
    def checked(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "not checked")

    @property
    def share_killed(self) -> float:
        return self.killed / self.checked if self.checked else 0.0


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def setup_cfg(path: str, target: Target, top_level: list[str]) -> str:
    package = path.split("/")[0]
    selection = [*target.tests, *(["-k", f"not ({target.deselect})"] if target.deselect else [])]
    lines = [
        "[mutmut]",
        f"source_paths = {package}",
        f"only_mutate = {path}",
        "also_copy =",
        *(f"    {name}" for name in top_level if name != package),
        "pytest_add_cli_args_test_selection =",
        *(f"    {arg}" for arg in selection),
        "pytest_add_cli_args =",
        "    -p",
        "    no:cacheprovider",
        "    -o",
        "    addopts=",
    ]
    return "\n".join(lines) + "\n"


def environment(work: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(work)}


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mutmut", *args]
    return subprocess.run(command, cwd=work, env=environment(work), capture_output=True, text=True, check=False)


# What ``mutmut show NAME`` prints, for every survivor in one process (a process each takes minutes for hundreds).
_SHOW = """
import sys
from mutmut.__main__ import find_mutant, get_diff_for_mutant
for arg in sys.argv[1:]:
    name, status = arg.split("=", 1)
    print(f"# {name}: {status}")
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
"""


def diffs(work: Path, alive: dict[str, str]) -> str:
    if not alive:
        return ""
    command = [sys.executable, "-c", _SHOW, *(f"{name}={status}" for name, status in alive.items())]
    shown = subprocess.run(command, cwd=work, env=environment(work), capture_output=True, text=True, check=False)
    if shown.returncode == 0:
        return shown.stdout
    return "\n".join(f"# {name}: {status}\n" + mutmut(work, "show", name).stdout for name, status in alive.items())


def alive_in_last_run(module: str) -> dict[str, str]:
    """The mutants the last run of ``module`` left alive, as named in its report, with their status."""
    report = REPORTS / f"{module}.txt"
    if not report.is_file():
        raise SystemExit(f"{module}: no report {report.relative_to(ROOT)}; run the module in full first")
    pattern = rf"^# (\S+): ({'|'.join(ALIVE)})$"
    return dict(re.findall(pattern, report.read_text(encoding="utf-8"), re.MULTILINE))


def run(module: str, target: Target, *, minutes: float, workers: int, only: dict[str, str] | None = None) -> Outcome:
    """Run mutmut on ``module`` for at most ``minutes``: all its mutants, or those named in ``only`` (with
    their last status)."""
    only = only or {}
    path = next((p for p in target.paths if (ROOT / p).is_file()), None)
    if path is None:
        raise SystemExit(f"{module}: none of {target.paths} exists")
    work = Path(tempfile.mkdtemp(prefix=f"mutation-{module}-"))
    try:
        files = tracked_files()
        for name in files:
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, work / name)
        top_level = sorted({name.split("/")[0] for name in files})
        (work / "setup.cfg").write_text(setup_cfg(path, target, top_level), encoding="utf-8")
        REPORTS.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        # mutmut saves each mutant's result as it comes: a run stopped at the time box keeps what it checked.
        with (REPORTS / f"{module}.log").open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "mutmut", "run", "--max-children", str(workers), *only],
                cwd=work,
                env=environment(work),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                process.wait(timeout=minutes * 60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 15)
                process.wait(timeout=60)
        seconds = time.monotonic() - started
        listed = mutmut(work, "results", "--all", "true").stdout
        results = {name: status.strip() for name, status in re.findall(r"^\s+(\S+): (.+)$", listed, re.MULTILINE)}
        if only:
            # Checked again, a mutant the time box did not reach keeps its last status.
            results = {name: results.get(name, "not checked") for name in only}
            results = {name: last if results[name] == "not checked" else results[name] for name, last in only.items()}
        outcome = Outcome(module, path, Counter(results.values()), results, seconds)
        (REPORTS / f"{module}.txt").write_text(diffs(work, outcome.alive), encoding="utf-8")
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)


def with_last_run(module: str, rechecked: Outcome, alive_before: dict[str, str]) -> Outcome:
    """The last full run's figures, each mutant checked again moved from its old status to its new one."""
    summary = REPORTS / f"{module}.json"
    if not summary.is_file():
        raise SystemExit(f"{module}: no figures of a full run in {summary.relative_to(ROOT)}; run it in full first")
    last = json.loads(summary.read_text(encoding="utf-8"))
    statuses = Counter(last["statuses"])
    for name, before in alive_before.items():
        statuses[before] -= 1
        statuses[rechecked.results[name]] += 1
    return Outcome(module, rechecked.path, statuses, rechecked.results, last["seconds"])


def save(outcome: Outcome) -> None:
    figures = {"path": outcome.path, "statuses": dict(outcome.statuses), "seconds": outcome.seconds}
    (REPORTS / f"{outcome.module}.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--minutes", type=float, default=15.0, help="time box a module (default 15)")
    parser.add_argument("--workers", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument(
        "--survivors", action="store_true", help="check again only the mutants each module's last run left alive"
    )
    args = parser.parse_args(argv)
    unknown = set(args.modules) - set(TARGETS)
    if unknown:
        parser.error(f"unknown module(s) {sorted(unknown)}; choose from {list(TARGETS)}")
    columns = ["mutants", "killed", "survived", "no tests", "unchecked", "killed %"]
    print(f"{'module':13} " + " ".join(f"{c:>9}" for c in columns) + "  minutes  path")
    for module in args.modules or list(TARGETS):
        if args.survivors:
            before = alive_in_last_run(module)
            rechecked = run(module, TARGETS[module], minutes=args.minutes, workers=args.workers, only=before)
            outcome = with_last_run(module, rechecked, before)
            killed = len(before) - len(rechecked.alive)
            print(f"{module}: {len(before)} left alive checked again, {killed} now killed", flush=True)
        else:
            outcome = run(module, TARGETS[module], minutes=args.minutes, workers=args.workers)
        save(outcome)
        s = outcome.statuses
        print(
            f"{module:13} {sum(s.values()):9} {outcome.killed:9} {s['survived']:9} {s['no tests']:9} "
            f"{s['not checked']:9} {100 * outcome.share_killed:8.1f}%  {outcome.seconds / 60:7.1f}  {outcome.path}",
            flush=True,
        )
    print(f"survivors' diffs: {REPORTS.relative_to(ROOT)}/MODULE.txt")


if __name__ == "__main__":
    main()
