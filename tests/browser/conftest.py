"""Fixtures for the real-browser tests: a `streamlit run` server, Debian's Chromium, and a watched page.

The server analyses the seeds into a fresh temporary build folder, so every run
starts from the same clean state (and the first page load exercises the
"first start" path). Every request the page makes to a host other than
127.0.0.1/localhost is aborted and recorded, so a test can assert the dashboard
needs no internet.
"""

from __future__ import annotations

import importlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import NoReturn
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # required when the tests run as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Tabs of one context share a renderer process, and so the script code it compiled once: the 20 sessions of
    # test_many_users_browser.py cost the browser about a seventh less CPU, which the server needs on 2 cores.
    "--renderer-process-limit=1",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}
MAX_SCREENSHOT_HEIGHT = 6000
SERVER_START_S = 60.0
SERVER_STOP_S = 10.0
FIRST_LOAD_MS = 240_000  # the first page load analyses the seeds and loads the spaCy model
VIEW_MS = 60_000
# Set (to anything but 0/false/no), like CI, to make a missing Chromium or Playwright fail the run instead of
# skipping the browser tier: some faults only a real browser shows, so CI must not go green without it.
REQUIRE_ENV = "NEWS_REQUIRE_BROWSER"

# True once the page shows what the current script run produced: the run has finished, a page
# title is there, no element is stale or still a skeleton, and every plotly chart has drawn.
_READY_JS = """
(needBasemap) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const plot = chart.querySelector('.js-plotly-plot');
    if (!plot || !plot._fullLayout || !plot.querySelector('.main-svg')) return false;
    if (needBasemap && plot.querySelector('.geo')) {
      const countries = plot.querySelector('.geo .layer.countries path');
      if (!countries || !(countries.getAttribute('d') || '').length) return false;
    }
  }
  return true;
}
"""
_NEXT_FRAME_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    log: Path
    launched_at: float  # time.monotonic() when the process was started
    healthy_after_s: float
    pid: int
    build: Path  # NEWS_DASHBOARD_BUILD: where it stores the seeds' tables


@dataclass(slots=True)
class AppPage:
    """A Playwright page on the dashboard, with what it asked the network for."""

    page: object
    base_url: str
    outside_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm()...: only a script we did not write opens one

    def open(self, path: str, *, timeout_ms: int = VIEW_MS, basemap: bool = False) -> None:
        """Load ``path`` (e.g. "/map?outlet=Sputnik") in a fresh session and wait until it has rendered."""
        self.page.goto(self.base_url + path, wait_until="domcontentloaded", timeout=timeout_ms)
        self.wait_ready(timeout_ms=timeout_ms, basemap=basemap)

    def wait_ready(self, *, timeout_ms: int = VIEW_MS, basemap: bool = False) -> None:
        self.page.wait_for_function(_READY_JS, arg=basemap, timeout=timeout_ms, polling=200)
        self.page.evaluate(_NEXT_FRAME_JS)

    def location(self) -> str:
        """The address bar (``page.url`` can lag behind Streamlit's history.replaceState)."""
        return self.page.evaluate("() => location.href")

    def screenshot(self, name: str) -> Path:
        """Write the whole page (main area and sidebar, not just the viewport) to the artefacts folder."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        height = self.page.evaluate(
            """() => Math.max(
                document.querySelector('[data-testid="stMain"]')?.scrollHeight || 0,
                document.querySelector('[data-testid="stSidebarContent"]')?.scrollHeight || 0)"""
        )
        size = dict(self.page.viewport_size)
        self.page.mouse.move(0, 0)  # no hover label in the picture
        self.page.set_viewport_size(
            {"width": size["width"], "height": min(max(height, size["height"]), MAX_SCREENSHOT_HEIGHT)}
        )
        try:
            self.wait_ready(basemap=True)
            path = SCREENSHOTS / f"{name}.png"
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(size)
        return path


def browser_required() -> bool:
    """Whether the browser tier must run: in CI (its ``CI`` variable is set) or when REQUIRE_ENV asks for it."""
    return any(os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no") for name in ("CI", REQUIRE_ENV))


def unavailable(reason: str) -> NoReturn:
    """Skip the browser tier for ``reason``; fail instead where it is required (see :func:`browser_required`)."""
    if browser_required():
        pytest.fail(f"{reason}; the browser tests are required here (CI or {REQUIRE_ENV} is set)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def playwright_api() -> ModuleType:
    """``playwright.sync_api``, or the browser tier skipped (failed where required) when it is not installed."""
    try:
        return importlib.import_module("playwright.sync_api")
    except ImportError as err:
        unavailable(f"Playwright is not installed ({err}): pip install -r requirements-dev.txt")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=SERVER_STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=SERVER_STOP_S)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test.sh does)")
    return CHROMIUM


@contextmanager
def serve(workdir: Path, *, build: Path, args: Sequence[str] = ()) -> Iterator[Server]:
    """`streamlit run streamlit_app.py` on a free local port with its tables under ``build``, until the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / f"streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        # No reload prompts mid-run when someone edits the sources while the tests run.
        "--server.fileWatcherType", "none", *args,
    ]  # fmt: skip
    env = {**os.environ, "NEWS_DASHBOARD_BUILD": str(build)}
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = started + SERVER_START_S
        while not _healthy(url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit was not healthy within {SERVER_START_S:.0f} s:\n{_tail(log)}")
            time.sleep(0.25)
        yield Server(
            url=url,
            log=log,
            launched_at=started,
            healthy_after_s=time.monotonic() - started,
            pid=process.pid,
            build=build,
        )
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`streamlit run streamlit_app.py` on a free local port, building the seeds into a temporary folder."""
    workdir = tmp_path_factory.mktemp("dashboard")
    with serve(workdir, build=workdir / "build") as running:
        yield running


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    with playwright_api().sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def watched_page(
    browser, base_url: str, *, viewport: dict[str, int] = VIEWPORT, reduced_motion: str = "no-preference"
) -> tuple[object, AppPage]:
    """A new browser context with one page (its own Streamlit session); requests outside 127.0.0.1 from any of
    the context's pages are blocked and recorded in the returned AppPage."""
    context = browser.new_context(viewport=viewport, reduced_motion=reduced_motion)
    page = context.new_page()
    app = AppPage(page=page, base_url=base_url)

    def route(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            app.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", route)  # every page of the context, including tabs a test opens later
    page.on("response", lambda response: app.responses.append((response.url, response.status)))
    page.on("pageerror", lambda error: app.page_errors.append(str(error)))
    page.on("console", lambda message: app.console_errors.append(message.text) if message.type == "error" else None)

    def dialog(opened) -> None:
        app.dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    return context, app


def _write_timings(**seconds: float) -> None:
    """Record how long the first start took (the issue asks for launch-to-first-chart time)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    timings = {name: round(value, 1) for name, value in seconds.items()}
    (ARTIFACTS / "browser-timings.json").write_text(json.dumps(timings, indent=2) + "\n")


@pytest.fixture(scope="session")
def dashboard(server: Server, browser) -> str:
    """The server's URL, once a first page load has analysed the seeds (so no test pays for it)."""
    context, app = watched_page(browser, server.url)
    try:
        app.page.goto(server.url, wait_until="domcontentloaded")
        app.page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=FIRST_LOAD_MS)
        first_chart_s = time.monotonic() - server.launched_at
    finally:
        context.close()
    _write_timings(server_healthy_s=server.healthy_after_s, launch_to_first_chart_s=first_chart_s)
    return server.url


@pytest.fixture
def app(dashboard: str, browser) -> Iterator[AppPage]:
    """A fresh browser context (its own Streamlit session) on the warmed-up dashboard."""
    context, watched = watched_page(browser, dashboard)
    try:
        yield watched
    finally:
        context.close()
