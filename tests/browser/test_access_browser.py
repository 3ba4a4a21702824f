"""The password gate in a real browser: a second server with a password, sharing the first one's stored seeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import AppPage, Server, playwright_api, serve, watched_page

expect = playwright_api().expect

pytestmark = pytest.mark.browser

PASSWORD = "plum-orchard-lantern-41"


@pytest.fixture(scope="module")
def gated(dashboard: str, server: Server, tmp_path_factory) -> Iterator[Server]:
    """A server whose secrets set a password (``dashboard`` first stored the seeds it reads)."""
    workdir = tmp_path_factory.mktemp("gated")
    secrets = workdir / "secrets.toml"
    secrets.write_text(f'[access]\npassword = "{PASSWORD}"\n', encoding="utf-8")
    with serve(workdir, build=server.build, args=["--secrets.files", str(secrets)]) as running:
        yield running


@pytest.fixture
def visitor(gated: Server, browser) -> Iterator[AppPage]:
    context, app = watched_page(browser, gated.url)
    try:
        yield app
    finally:
        context.close()


def test_the_gate_keeps_the_articles_back_until_the_password_and_never_echoes_it(visitor: AppPage, gated: Server):
    page = visitor.page
    page.goto(f"{gated.url}/documents?outlet=Sputnik", wait_until="domcontentloaded")
    field = page.get_by_label("Password", exact=True)
    expect(field).to_be_visible(timeout=60_000)
    assert field.get_attribute("type") == "password"
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stText")).to_have_count(0)

    field.fill("not " + PASSWORD)
    page.get_by_role("button", name="Open the dashboard").click()
    expect(page.get_by_text("Wrong password.")).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Open the dashboard").click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Documents", timeout=60_000)
    visitor.wait_ready()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("1 of 5 documents")

    assert PASSWORD not in visitor.location()
    assert PASSWORD not in page.content()
    assert PASSWORD not in gated.log.read_text(errors="replace")
    assert visitor.outside_requests == [] and visitor.page_errors == []
