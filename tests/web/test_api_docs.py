"""Finding 10 (/docs): the API reference is served from this server under the strict CSP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from playwright.sync_api import expect

from tests.fixtures.browser import BrowserSession


def test_docs_page_loads_everything_from_this_server(api: TestClient) -> None:
    page = api.get("/docs")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)  # no CDN, no other host
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts and all("nonce=" in tag and "src=" in tag for tag in scripts)  # none inline
    for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", page.text):
        assert api.get(asset).status_code == 200, asset


def test_docs_render_the_operations_in_a_browser(browser_session: BrowserSession) -> None:
    page = browser_session.new_page()
    response = page.goto("/docs")
    assert response is not None and response.status == 200
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/chat").first).to_be_visible(
        timeout=60_000
    )
    browser_session.screenshot(page, "api-docs")
