"""Many users on one server: 20 browser sessions load, upload and filter at the same time.

No session sees an error, none sees another's upload, every session stays connected, and the
server's memory stays within a stated bound. Every step is started in all sessions before any
is waited for, so the server handles them together. The server's resident memory is sampled
throughout; the figures go to test-artifacts/many-users.json.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Self

import psutil
import pytest

from tests.browser.conftest import ARTIFACTS, AppPage, Server, playwright_api, watched_page

expect = playwright_api().expect

pytestmark = pytest.mark.browser

SESSIONS = 20
# Four browser contexts (users) with five tabs each: every tab is its own Streamlit session, so isolation is
# checked between users and between one user's tabs.
USERS = 4
STEP_MS = 120_000  # the slowest session's wait for one step, with 20 at once on a shared machine
# The bound: what the server held after its first page (model, gazetteer, seed tables) plus this much for
# 20 sessions' state and their uploads' tables.
RSS_HEADROOM_MB = 600
SMALL_VIEWPORT = {"width": 900, "height": 650}
# Without animations (prefers-reduced-motion): 20 pages animating "running" indicators while they wait
# for a busy server would double the browser's share of the CPU the server needs.
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
SEED_DOCUMENTS = 5


def marker(i: int) -> str:
    return f"zq-session-{i:02d}-marker"


def article(i: int) -> bytes:
    return (
        f"Session {i} report from Gyumri\n\nDelegations met in Gyumri on Monday, said Haji Namazov. {marker(i)}."
    ).encode()


class MemorySampler:
    """The server process's resident memory, sampled every quarter second in a background thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        return self.process.memory_info().rss + sum(c.memory_info().rss for c in self.process.children(recursive=True))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.rss())
            self._stop.wait(0.25)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def extra_tab(context, first: AppPage) -> AppPage:
    """Another tab in ``first``'s context: its outside requests are blocked and recorded in ``first``'s list."""
    page = context.new_page()
    app = AppPage(page=page, base_url=first.base_url, outside_requests=first.outside_requests)
    page.on("pageerror", lambda error: app.page_errors.append(str(error)))
    page.on("dialog", lambda dialog: (app.dialogs.append(dialog.message), dialog.dismiss()))
    return app


def chromium() -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["name"]) if "chrom" in (p.info["name"] or "")]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User and system CPU time of ``processes`` (those gone meanwhile count as 0)."""
    total = 0.0
    for process in processes:
        try:
            total += sum(process.cpu_times()[:2])
        except psutil.Error:
            continue
    return total


def sidebar(app: AppPage):
    return app.page.get_by_test_id("stSidebar")


def check(app: AppPage, i: int, *, documents: str) -> None:
    """The session shows its own counts, no error, and nothing of another session's upload."""
    expect(sidebar(app)).to_contain_text(f"{documents} documents", timeout=STEP_MS)
    expect(app.page.locator(ERRORS)).to_have_count(0)
    others = [marker(j) for j in range(SESSIONS) if j != i]
    # textContent, not innerText: hidden text counts too, and 20 busy pages need no layout for it.
    text = app.page.evaluate("() => document.body.textContent")
    assert not any(m in text for m in others), f"session {i} sees another session's upload"


def test_twenty_sessions_load_upload_and_filter_at_once(dashboard: str, browser, server: Server):
    contexts = [
        watched_page(browser, dashboard, viewport=SMALL_VIEWPORT, reduced_motion="reduce") for _ in range(USERS)
    ]
    apps = [app for _, app in contexts]
    apps += [extra_tab(context, app) for context, app in contexts for _ in range(SESSIONS // USERS - 1)]
    sampler = MemorySampler(server.pid)
    baseline = sampler.rss()
    server_cpu = cpu_seconds([sampler.process])
    browser_cpu = cpu_seconds(chromium())
    started = time.monotonic()
    try:
        with sampler:
            for app in apps:  # load: every session opens the reader at once
                app.page.goto(f"{dashboard}/documents", wait_until="commit")
            for app in apps:
                app.wait_ready(timeout_ms=STEP_MS)
            for i, app in enumerate(apps):  # upload: each its own article
                sidebar(app).get_by_text("Add your own articles").click()
                sidebar(app).locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    [{"name": f"session_{i:02d}.txt", "mimeType": "text/plain", "buffer": article(i)}]
                )
            for app in apps:
                sidebar(app).get_by_role("button", name="Analyse uploads").click(timeout=STEP_MS)
            for i, app in enumerate(apps):
                expect(sidebar(app)).to_contain_text("1 article(s) analysed from your uploads", timeout=STEP_MS)
                check(app, i, documents=f"{SEED_DOCUMENTS + 1} of {SEED_DOCUMENTS + 1}")
            for app in apps:  # filter: every session to its own uploads only (it showed all of them above)
                sidebar(app).get_by_text("My uploads", exact=True).click(timeout=STEP_MS)
            for i, app in enumerate(apps):
                check(app, i, documents="1 of 1")
                expect(app.page.get_by_test_id("stText").first).to_contain_text(marker(i), timeout=STEP_MS)
            for i, app in enumerate(apps):
                assert app.page_errors == [], f"session {i}: {app.page_errors}"
                assert app.outside_requests == []
                expect(app.page.get_by_text("Connection error")).to_have_count(0)
    finally:
        browser_cpu = cpu_seconds(chromium()) - browser_cpu
        for context, _ in contexts:
            context.close()
    peak = max(sampler.samples)
    figures = {
        "sessions": SESSIONS,
        "seconds": round(time.monotonic() - started, 1),
        "server_cpu_s": round(cpu_seconds([sampler.process]) - server_cpu, 1),
        "chromium_cpu_s": round(browser_cpu, 1),
        "load_average_1min": round(psutil.getloadavg()[0], 1),
        "server_rss_before_mb": round(baseline / 2**20),
        "server_rss_peak_mb": round(peak / 2**20),
        "bound_mb": round(baseline / 2**20) + RSS_HEADROOM_MB,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "many-users.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(figures)
    assert peak <= baseline + RSS_HEADROOM_MB * 2**20, figures
