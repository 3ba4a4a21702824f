"""Search, export and theme in a real Chromium: a search link restores its results, a clicked line opens the reader,
each chart has its PNG download, and the view's report opens and draws with every outside request blocked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import LOCAL_HOSTS, VIEWPORT, AppPage, playwright_api

expect = playwright_api().expect

pytestmark = pytest.mark.browser

ROW_PX = 35
HEADING = re.compile(r"^‘Azerbaijan’ occurs in (\d+) documents? \(\d+ lines?\)$")


def lines_grid(app: AppPage):
    return app.page.get_by_test_id("stDataFrame").first


def column(grid, name: str) -> list[str]:
    expect(grid.locator('table[role="grid"] th').filter(has_text=re.compile(f"^{name}$"))).to_have_count(1)
    header = grid.locator('table[role="grid"] th').all_text_contents()
    return grid.locator(f'table[role="grid"] td[aria-colindex="{header.index(name) + 1}"]').all_text_contents()


def test_a_search_link_restores_the_term_and_its_results_within_the_filters(app: AppPage):
    app.open("/search?q=Azerbaijan&outlet=JAMnews")
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Search")
    expect(app.page.get_by_test_id("stTextInput").locator("input")).to_have_value("Azerbaijan")
    heading = app.page.get_by_role("heading", name=HEADING)
    expect(heading).to_be_visible()
    assert int(HEADING.match(heading.inner_text().strip()).group(1)) >= 1
    grid = lines_grid(app)
    assert set(column(grid, "Outlet")) == {"JAMnews"}
    assert {m.lower() for m in column(grid, "Match")} == {"azerbaijan"}
    expect(app.page.get_by_test_id("stSidebar")).to_contain_text("3 of 5 documents")
    assert app.outside_requests == [] and app.page_errors == []
    app.screenshot("search")


def test_clicking_a_line_opens_its_document_in_the_reader(app: AppPage):
    app.open("/search?q=Azerbaijan")
    grid = lines_grid(app)
    titles = column(grid, "Document")
    # A line of another document than the first: the reader opens on the first one by itself.
    row = next(i for i, title in enumerate(titles[:8]) if title != titles[0])
    box = grid.bounding_box()
    # The grid is drawn on a canvas: a row's marker (left of its cells, under the header row) selects it.
    app.page.mouse.click(box["x"] + 18, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Documents", timeout=30_000)
    app.wait_ready()
    chosen = app.page.get_by_test_id("stSelectbox").first.get_by_role("combobox")
    expect(chosen).to_have_value(titles[row])
    expect(app.page.get_by_test_id("stTextInput").locator("input")).to_have_value("Azerbaijan")
    assert app.outside_requests == []


def test_each_chart_downloads_as_a_png_made_in_the_browser(app: AppPage, tmp_path):
    app.open("/")
    chart = app.page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    with app.page.expect_download() as download:
        chart.get_by_role("button", name="Download plot as a PNG").click()
    saved = tmp_path / "chart.png"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".png")
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert app.outside_requests == []


def test_the_report_of_a_view_opens_and_draws_with_no_network(app: AppPage, browser, tmp_path):
    app.open("/map?outlet=JAMnews", basemap=True)
    with app.page.expect_download() as download:
        app.page.get_by_test_id("stSidebar").get_by_role("button", name="Report of this view (HTML)").click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    made = saved.read_text(encoding="utf-8")
    assert not re.search(r"""<script[^>]*\ssrc=|\ssrc\s*=\s*['"]?https?:""", made, re.IGNORECASE)
    assert "outlet=JAMnews" in made

    context = browser.new_context()
    asked: list[str] = []

    def route(route) -> None:
        # The file itself only: anything else, even the dashboard's own server, means the report needs it.
        if route.request.url == saved.as_uri():
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(saved.as_uri())
        page.wait_for_selector(".js-plotly-plot .geo .layer.countries path", timeout=30_000)
        assert page.locator(".scattergeo path.point").count() >= 1
        assert asked == [] and errors == []
    finally:
        context.close()


def test_a_dark_browser_gets_the_dark_theme_and_a_dark_map(dashboard: str, browser):
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    outside: list[str] = []

    def route(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        app = AppPage(page=context.new_page(), base_url=dashboard)
        app.open("/map", basemap=True)
        background = app.page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        assert sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 150, background
        fill = app.page.evaluate("() => getComputedStyle(document.querySelector('.geo .layer.land path')).fill")
        assert sum(int(v) for v in re.findall(r"\d+", fill)[:3]) < 300, fill
        assert outside == []
        app.screenshot("map_dark")
    finally:
        context.close()
