"""The dashboard in a real Chromium: what only a browser shows.

Each test opens its own Streamlit session on the server the fixtures started
(see conftest.py), with every request outside 127.0.0.1 blocked and recorded.
Screenshots of each view go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.browser.conftest import AppPage, playwright_api

expect = playwright_api().expect

pytestmark = pytest.mark.browser

SPUTNIK_TITLE = "Reports of Biden administration officials making threats of renewed bloodshed…"
SPUTNIK_TEXT_START = "Reports of Biden administration officials"
KHANKENDI = "geonames:146970"
VIEWS = {  # url path -> the page's title
    "": "Overview",
    "entities": "Entities",
    "keywords": "Keywords",
    "sources": "Sources",
    "map": "Map of places",
    "naming": "Naming",
    "documents": "Documents",
    "distinctive": "Distinctive terms",
    "network": "Co-mentions",
    "timeline": "Timeline",
    "compare": "Compare A and B",
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
TOPOJSON = "/app/static/topojson/world_110m.json"

# Each plotly chart on the page: how many traces, and how many of them carry data points.
_CHARTS_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(plot => ({
  traces: plot.data.length,
  withPoints: plot.data.filter(t => ['x', 'y', 'lat', 'values'].some(k => t[k] && t[k].length)).length,
}))
"""
# The centre of every drawn map marker with its customdata [place_id, name].
# Markers inside the map's frame only: the map opens zoomed, so far-off places lie outside it.
_MAP_POINTS_JS = """
() => {
  const frame = document.querySelector('.geo .layer.bg rect').getBoundingClientRect();
  return [...document.querySelectorAll('.scattergeo path.point')].map(point => {
    const trace = point.closest('.trace').__data__[0].trace;
    const box = point.getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2, r: box.width / 2,
            customdata: trace.customdata[point.__data__.i]};
  }).filter(p => p.x > frame.left && p.x < frame.right && p.y > frame.top && p.y < frame.bottom);
}
"""
# The centre of the first bar whose customdata starts with the given value.
_BAR_JS = """
(value) => {
  for (const bar of document.querySelectorAll('.barlayer .point')) {
    const trace = bar.closest('.trace').__data__[0].trace;
    const data = trace.customdata && trace.customdata[bar.__data__.i];
    if (data && data[0] === value) {
      const box = bar.getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }
  }
  return null;
}
"""


def unmarked(text: str) -> str:
    """The reader's text without its ⟦name · type⟧ entity marks."""
    return re.sub(r"⟦(.*?) · [^⟧]*⟧", r"\1", text)


def sentence_matches(app: AppPage) -> list[str]:
    """The "Match" column of the sentences table under the "Where … occurs" heading (its rendered rows)."""
    grid = app.page.locator(
        "xpath=//h3[starts-with(normalize-space(.), 'Where')]/following::div[@data-testid='stDataFrame'][1]"
    )
    expect(grid.locator('table[role="grid"] th').filter(has_text=re.compile(r"^Match$"))).to_have_count(1)
    header = grid.locator('table[role="grid"] th').all_text_contents()
    column = header.index("Match") + 1
    return grid.locator(f'table[role="grid"] td[aria-colindex="{column}"]').all_text_contents()


def isolated_point(points: list[dict]) -> dict:
    """The marker farthest from every other one, so a click at its centre can only mean it."""

    def clearance(p: dict) -> float:
        return min(((p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2) ** 0.5 - q["r"] for q in points if q is not p)

    return max(points, key=clearance)


def test_the_app_opens_without_errors_and_draws_a_chart(app: AppPage):
    app.open("/")
    expect(app.page.locator(ERRORS)).to_have_count(0)
    assert app.page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count() >= 1
    assert app.page_errors == [] and app.console_errors == []
    assert app.outside_requests == []


@pytest.mark.parametrize("path", list(VIEWS), ids=[p or "overview" for p in VIEWS])
def test_each_view_renders_its_charts(app: AppPage, path: str):
    app.open(f"/{path}", basemap=True)
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text(VIEWS[path])
    expect(app.page.locator(ERRORS)).to_have_count(0)
    charts = app.page.evaluate(_CHARTS_JS)
    if path == "documents":
        assert charts == []
        assert len(app.page.locator('[data-testid="stText"]').first.inner_text()) > 200
    else:
        assert charts, f"/{path} shows no plotly chart"
        assert all(chart["withPoints"] > 0 for chart in charts), f"/{path} has a chart without data: {charts}"
    assert app.outside_requests == []
    app.screenshot(path or "overview")


def test_an_outlet_link_counts_one_of_five_documents(app: AppPage):
    app.open("/?outlet=Sputnik")
    documents = app.page.locator('[data-testid="stMetric"]').filter(has_text="Documents")
    expect(documents.locator('[data-testid="stMetricValue"]')).to_have_text("1 of 5")
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text("1 of 5 documents")


def test_an_outlet_link_leaves_only_that_outlets_document_in_the_reader(app: AppPage):
    app.open("/?outlet=Sputnik")
    app.page.get_by_test_id("stSidebarNavLink").filter(has_text="Documents").click()
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Documents")
    app.wait_ready()
    app.page.get_by_test_id("stSelectbox").first.click()
    expect(app.page.get_by_role("option")).to_have_text([SPUTNIK_TITLE])
    app.page.keyboard.press("Escape")
    assert unmarked(app.page.get_by_test_id("stText").first.inner_text()).startswith(SPUTNIK_TEXT_START)
    assert "outlet=Sputnik" in app.location()


def test_the_share_link_of_a_filtered_view_reopens_it(app: AppPage):
    app.open("/entities")
    outlets = app.page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Outlets")
    outlets.locator("input").fill("Sputnik")
    app.page.keyboard.press("Enter")
    app.page.keyboard.press("Escape")
    app.wait_ready()
    app.page.get_by_test_id("stSidebar").get_by_role("button", name="Share this view").click()
    share = app.page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
    expect(share).to_contain_text("outlet=Sputnik")
    link = share.inner_text().strip()
    assert "/entities?" in link

    app.page.goto(link, wait_until="domcontentloaded")
    app.wait_ready()
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Entities")
    expect(outlets).to_contain_text("Sputnik")
    expect(app.page.get_by_test_id("stSidebar")).to_contain_text("1 of 5 documents")


def test_the_map_draws_basemap_and_points_with_no_internet(app: AppPage):
    app.open("/map", basemap=True)
    countries = app.page.locator(".geo .layer.countries path")
    expect(countries).to_have_count(1)
    assert len(countries.get_attribute("d") or "") > 10_000, "the country borders are not drawn"
    box = countries.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    expect(app.page.locator(".geo .layer.land path")).to_have_count(1)
    points = app.page.evaluate(_MAP_POINTS_JS)
    assert points and len({p["customdata"][0] for p in points}) == len(points), "one marker per place"
    assert app.outside_requests == []
    assert [status for url, status in app.responses if url.endswith(TOPOJSON)] == [200]


def test_clicking_a_map_point_shows_its_sentences(app: AppPage):
    app.open("/map", basemap=True)
    target = isolated_point(app.page.evaluate(_MAP_POINTS_JS))
    place_id, name = target["customdata"][:2]
    app.page.mouse.click(target["x"], target["y"])
    expect(app.page.get_by_role("heading", name=re.compile(rf"^Where place: {re.escape(name)} occurs"))).to_be_visible()
    app.wait_ready(basemap=True)
    assert f"focus=place%3A{place_id.replace(':', '%3A')}" in app.location()
    assert sentence_matches(app), "the sentences table has no rows"
    app.screenshot("map_focus")


def test_clicking_an_entity_bar_shows_the_spellings_it_merged(app: AppPage):
    app.open("/entities")
    bar = app.page.evaluate(_BAR_JS, "Haji Namazov")
    assert bar, "no bar for Haji Namazov"
    app.page.mouse.click(bar["x"], bar["y"])
    expect(app.page.get_by_role("heading", name=re.compile(r"^Where entity: Haji Namazov occurs"))).to_be_visible()
    app.wait_ready()
    assert "focus=entity%3AHaji+Namazov" in app.location()
    assert {"Haji Namazov", "Hagi Namazov"} <= set(sentence_matches(app))
    app.screenshot("entities_focus")


def test_a_place_focus_link_lists_both_names_of_the_place(app: AppPage):
    app.open(f"/map?focus=place:{KHANKENDI}", basemap=True)
    expect(app.page.get_by_role("heading", name=re.compile(r"^Where place: .*Khankendi.* occurs"))).to_be_visible()
    assert {"Khankendi", "Stepanakert"} <= set(sentence_matches(app))


def test_uploads_are_analysed_and_bad_files_reported_by_name(app: AppPage, tmp_path):
    good = tmp_path / "talks_in_gyumri.txt"
    good.write_text(
        "Talks in Gyumri\n\nDelegations from Armenia and Azerbaijan met in Gyumri on Monday.", encoding="utf-8"
    )
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    app.open("/")
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Add your own articles").click()
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(good), str(bad)])
    sidebar.get_by_role("button", name="Analyse uploads").click()
    expect(sidebar).to_contain_text("1 article(s) analysed from your uploads", timeout=120_000)
    expect(sidebar).to_contain_text("Skipped scan.txt")
    expect(sidebar).to_contain_text("6 of 6 documents")
    assert app.outside_requests == []


def test_uploads_dated_outside_the_bundled_range_are_all_counted_without_touching_a_filter(app: AppPage, tmp_path):
    uploads = tmp_path / "older.csv"
    with uploads.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "outlet", "date", "text"])
        writer.writerow(["Border talks", "Caucasus Courier", "2019-04-02", "Delegations met in Gyumri on Monday."])
        writer.writerow(["Road reopens", "Caucasus Courier", "2020-11-20", "The road to Lachin reopened to traffic."])
        writer.writerow(["Harvest", "Valley Gazette", "2021-08-15", "Farmers near Aghdam began the harvest."])
        writer.writerow(["Undated note", "Valley Gazette", "", "A short note on talks in Baku."])
    app.open("/")
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Add your own articles").click()
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(uploads)])
    sidebar.get_by_role("button", name="Analyse uploads").click()
    expect(sidebar).to_contain_text("4 article(s) analysed from your uploads", timeout=120_000)
    expect(sidebar).to_contain_text("9 of 9 documents")
    expect(app.page.get_by_text(re.compile(r"Added 4 article\(s\) from 2 outlet\(s\).*1 undated"))).to_be_visible()
    expect(app.page.get_by_test_id("stMetric").filter(has_text="Documents")).to_contain_text("9 of 9")
    assert app.outside_requests == []


# Each outlet's bar colour in every chart of the page: {trace name: [colours]}.
_OUTLET_COLOURS_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].flatMap(plot =>
  plot.data.filter(t => t.name && t.marker && typeof t.marker.color === 'string')
           .map(t => [t.name, t.marker.color]))
"""


def test_twelve_uploaded_outlets_get_twelve_colours_the_same_in_every_view(app: AppPage, tmp_path):
    outlets = [f"Gazette {letter}" for letter in "ABCDEFGHIJKL"]
    uploads = tmp_path / "twelve.csv"
    with uploads.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "outlet", "date", "text"])
        for outlet in outlets:
            writer.writerow([f"{outlet} reports", outlet, "2023-05-10", "Nikol Pashinyan met Ilham Aliyev in Gyumri."])
    app.open("/")
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Add your own articles").click()
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(uploads)])
    sidebar.get_by_role("button", name="Analyse uploads").click()
    expect(sidebar).to_contain_text("12 article(s) analysed from your uploads", timeout=180_000)
    sidebar.get_by_text("My uploads", exact=True).click()
    expect(sidebar).to_contain_text("12 of 12 documents")
    app.wait_ready()
    seen: dict[str, set[str]] = {}
    for view in ("Overview", "Entities"):
        sidebar.get_by_role("link", name=view).click()
        expect(app.page.get_by_role("heading", name=view, exact=True).first).to_be_visible()
        app.wait_ready()
        drawn = app.page.evaluate(_OUTLET_COLOURS_JS)
        assert {name for name, _ in drawn} >= set(outlets), f"{view} draws every outlet"
        for name, colour in drawn:
            seen.setdefault(name, set()).add(colour)
    assert set(outlets) <= set(seen), sorted(seen)
    assert all(len(seen[o]) == 1 for o in outlets), {o: seen[o] for o in outlets}
    assert len({next(iter(seen[o])) for o in outlets}) == 12
    assert app.outside_requests == []


def test_clicking_a_name_on_the_naming_view_lists_the_sentences_of_that_place(app: AppPage):
    app.open("/naming")
    bar = app.page.evaluate(_BAR_JS, "geonames:146970")
    assert bar, "Khankendi / Stepanakert has no bar on the naming view"
    app.page.mouse.click(bar["x"], bar["y"])
    expect(app.page.get_by_role("heading", name="Where place: Khankendi / Stepanakert occurs")).to_be_visible()
    app.wait_ready()
    assert {"Khankendi", "Stepanakert"} <= set(sentence_matches(app))
    app.screenshot("naming_focus")


def test_clicking_a_speaker_lists_only_their_statements(app: AppPage):
    app.open("/sources")
    bar = app.page.evaluate(_BAR_JS, "Gurgen Simonyan")
    assert bar, "no voice bar for Gurgen Simonyan"
    app.page.mouse.click(bar["x"], bar["y"])
    heading = app.page.get_by_role("heading", name=re.compile(r"^Statements credited to Gurgen Simonyan \(\d+\)"))
    expect(heading).to_be_visible()
    app.wait_ready()
    assert "focus=speaker%3AGurgen+Simonyan" in app.location()
    grid = app.page.locator(
        "xpath=//h3[starts-with(normalize-space(.), 'Statements credited')]"
        "/following::div[@data-testid='stDataFrame'][1]"
    )
    expect(grid.locator('table[role="grid"] th').filter(has_text=re.compile(r"^Statement$"))).to_have_count(1)
    header = grid.locator('table[role="grid"] th').all_text_contents()
    statements = grid.locator(
        f'table[role="grid"] td[aria-colindex="{header.index("Statement") + 1}"]'
    ).all_text_contents()
    shown = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    assert len(statements) == shown >= 5
    assert any(s.startswith("The US can put forward an ultimatum demand") for s in statements)
    # Namazov is quoted in the same article: the reader lists Simonyan's words only.
    assert not any("Several factors point to this" in s for s in statements)
    outlets = grid.locator(f'table[role="grid"] td[aria-colindex="{header.index("Outlet") + 1}"]').all_text_contents()
    assert set(outlets) == {"JAMnews"}
    app.screenshot("sources_speaker_focus")


def test_a_downloaded_table_holds_the_filtered_view(app: AppPage, tmp_path):
    app.open("/sources?outlet=JAMnews")
    heading = app.page.get_by_role("heading", name=re.compile(r"^All statements \(\d+\)"))
    expect(heading).to_be_visible()
    shown = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Download quotes.csv").click()
    saved = tmp_path / "quotes.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert len(rows) == shown >= 5
    assert {row["outlet"] for row in rows} == {"JAMnews"}
    assert any(row["quote"].startswith("The US can put forward an ultimatum demand") for row in rows)
