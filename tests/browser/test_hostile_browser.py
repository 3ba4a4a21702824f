"""Hostile uploads in a real Chromium: reported by name, shown as text in the reader and on the map, no script
runs, nothing leaves 127.0.0.1; and the upload endpoint refuses requests without the XSRF token."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import AppPage, playwright_api
from tests.hostile.test_rendering import IMG, MD_IMAGE, SCRIPT, hostile_rows

expect = playwright_api().expect

pytestmark = pytest.mark.browser

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# Anything an injected script or handler would have left behind.
_INJECTED_JS = """
() => ({
  pwned: window.__pwned !== undefined,
  handlers: document.querySelectorAll(
    '[onerror], [onload]:not(body), iframe[src*="outside"], img[src*="outside"]'
  ).length,
  outsideImages: [...document.images].filter(
    i => !i.src.startsWith(location.origin) && !i.src.startsWith('data:')
  ).length,
})
"""
_CLEAN = {"pwned": False, "handlers": 0, "outsideImages": 0}
SCRIPT_TITLE = "Talks in Tbilisi"


def upload(app: AppPage, files: list[dict]) -> None:
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Add your own articles").click()
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    sidebar.get_by_role("button", name="Analyse uploads").click()


def payload(name: str, data: bytes, mime: str = "text/plain") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_hostile_uploads_render_as_text_in_the_reader_and_on_the_map(app: AppPage):
    article = (
        f"{SCRIPT_TITLE} {SCRIPT}\n\nDelegations from Armenia and Azerbaijan met in Tbilisi on Monday. "
        f"{IMG}\n{MD_IMAGE}\n"
    )
    files = [
        payload("talks.txt", article.encode()),
        payload("rows.csv", hostile_rows(), "text/csv"),
        payload(f"{IMG}.md", f"# Notes\n\n{MD_IMAGE}\n\nTalks resumed in Gyumri on Monday.".encode(), "text/markdown"),
        payload("<svg onload=alert(1)> scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        payload("empty.txt", b""),
    ]
    app.open("/")
    upload(app, files)
    sidebar = app.page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("3 article(s) analysed from your uploads", timeout=120_000)
    expect(sidebar).to_contain_text("Skipped <svg onload=alert(1)> scan.txt: binary file")
    expect(sidebar).to_contain_text("Skipped empty.txt: empty file")
    sidebar.get_by_text("My uploads", exact=True).click()
    expect(sidebar).to_contain_text("3 of 3 documents")

    app.page.get_by_test_id("stSidebarNavLink").filter(has_text="Documents").click()
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Documents")
    app.wait_ready()
    app.page.get_by_test_id("stSelectbox").first.click()
    app.page.get_by_role("option").filter(has_text=SCRIPT_TITLE).click()
    app.wait_ready()
    text = app.page.get_by_test_id("stText").first.inner_text()
    assert SCRIPT in text and "onerror" in text, "the article is shown whole, as text"
    assert app.page.evaluate(_INJECTED_JS) == _CLEAN
    app.screenshot("hostile_reader")

    app.page.get_by_test_id("stSidebarNavLink").filter(has_text="Map").click()
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text("Map of places")
    app.wait_ready(basemap=True)
    points = app.page.locator(".scattergeo path.point")
    assert points.count() >= 1, "the uploads' places are on the map"
    for index in range(min(points.count(), 5)):
        points.nth(index).hover(force=True)
    assert app.page.locator(".hoverlayer img, .hoverlayer a").count() == 0
    assert app.page.evaluate(_INJECTED_JS) == _CLEAN
    app.screenshot("hostile_map")

    expect(app.page.locator(ERRORS)).to_have_count(0)
    assert app.dialogs == [] and app.page_errors == []
    assert app.outside_requests == []


def test_the_upload_endpoint_refuses_a_request_without_the_xsrf_token(app: AppPage):
    app.open("/")
    cookies = {c["name"] for c in app.page.context.cookies()}
    assert "_streamlit_xsrf" in cookies, "XSRF protection is on: the server sets its token cookie"
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n--b--\r\n"
    )
    request = urllib.request.Request(
        f"{app.base_url}/_stcore/upload_file/any-session/any-file", data=body, method="PUT",
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert re.search(r"xsrf", refused.value.read().decode(errors="replace"), re.IGNORECASE)
