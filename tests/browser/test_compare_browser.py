"""The compare view in a real Chromium: a compare link restores both sides, and its share link does too."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AppPage, playwright_api
from tests.browser.test_dashboard_browser import ERRORS

expect = playwright_api().expect

pytestmark = pytest.mark.browser

# How many traces each plotly chart on the page has.
TRACES_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(plot => plot.data.length)
"""
LINK = "/compare?a_outlet=JAMnews&b_outlet=Sputnik&compare_by=naming&share=words"


def side(app: AppPage, name: str):
    return app.page.get_by_test_id("stMain").get_by_test_id("stMultiSelect").filter(has_text=f"Outlets of {name}")


def test_a_compare_link_restores_both_sides_and_what_they_are_compared_by(app: AppPage):
    app.open(LINK)
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Compare A and B")
    expect(app.page.locator(ERRORS)).to_have_count(0)
    expect(side(app, "A")).to_contain_text("JAMnews")
    expect(side(app, "A")).not_to_contain_text("Sputnik")
    expect(side(app, "B")).to_contain_text("Sputnik")
    chosen = app.page.get_by_test_id("stMain").locator('[data-testid="stButtonGroup"] [aria-checked="true"]')
    expect(chosen).to_have_text("Naming")
    # The naming chart: each side's spelling of Khankendi, one bar per side it leans to.
    plots = app.page.evaluate(TRACES_JS)
    assert plots and plots[0] >= 1
    expect(app.page.get_by_test_id("stMain")).to_contain_text("A (JAMnews)")
    assert "a_outlet=JAMnews" in app.location() and "b_outlet=Sputnik" in app.location()
    assert app.outside_requests == [] and app.page_errors == []
    app.screenshot("compare")


def test_the_share_link_of_a_compare_view_reopens_it(app: AppPage):
    app.open(LINK)
    app.page.get_by_test_id("stSidebar").get_by_role("button", name="Share this view").click()
    share = app.page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
    expect(share).to_contain_text("b_outlet=Sputnik")
    link = share.inner_text().strip()
    assert "/compare?" in link and "share=words" in link
    app.page.goto(link, wait_until="domcontentloaded")
    app.wait_ready()
    expect(side(app, "A")).to_contain_text("JAMnews")
    expect(side(app, "B")).to_contain_text("Sputnik")
    expect(app.page.get_by_test_id("stMain")).to_contain_text("B (Sputnik)")
