"""The chat page and its assets over HTTP: content types, caching, and a CSP-clean document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from resync.web.endpoints import STATIC_DIR

IMPORT = re.compile(r"""^import\s[^;]*?from\s+["'](\./[^"']+)["']""", re.M)
JS_TYPES = {"text/javascript", "application/javascript"}


def _nonce(csp: str) -> str:
    match = re.search(r"'nonce-([^']+)'", csp)
    assert match, csp
    return match.group(1)


def test_chat_page_is_html_with_a_fresh_nonce_and_no_cache(client: TestClient) -> None:
    first, second = client.get("/"), client.get("/")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/html")
    assert first.headers["cache-control"] == "no-store"
    assert _nonce(first.headers["content-security-policy"]) != _nonce(
        second.headers["content-security-policy"]
    )


def test_page_has_no_inline_script_style_or_handlers(client: TestClient) -> None:
    response = client.get("/")
    nonce = _nonce(response.headers["content-security-policy"])
    soup = BeautifulSoup(response.text, "html.parser")
    scripts = soup.find_all("script")
    assert scripts, "the page loads its code"
    for script in scripts:
        assert script.get("src", "").startswith("/static/"), script
        assert script.get("nonce") == nonce, script
        assert not script.get_text(strip=True), "inline script"
    assert not soup.find_all("style")
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, tag.name
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, (tag.name, handlers)
        for attr in ("src", "href", "action"):
            value = str(tag.get(attr) or "")
            assert not re.match(r"^(https?:)?//", value), f"external resource {value}"
            assert not value.lower().startswith("javascript:"), value


def test_page_is_portuguese_by_default(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "pt-BR"
    assert "Entrar no Resync" in soup.get_text()


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("/static/js/app.js", JS_TYPES),
        ("/static/js/render.js", JS_TYPES),
        ("/static/css/chat.css", {"text/css"}),
        ("/static/favicon.svg", {"image/svg+xml"}),
    ],
)
def test_static_assets_have_correct_content_types(
    client: TestClient, path: str, types: set[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in types
    assert response.headers["x-content-type-options"] == "nosniff"


def test_missing_static_file_is_a_json_404(client: TestClient) -> None:
    response = client.get("/static/js/no-such-module.js")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_every_module_the_page_imports_exists(client: TestClient) -> None:
    """Follow the ES module graph from app.js: a missing file would break the page."""
    seen: set[str] = set()
    queue = ["/static/js/app.js"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        for target in IMPORT.findall(response.text):
            queue.append(str(Path(path).parent / target[2:]))
    assert len(seen) >= 6


FORBIDDEN_JS = {
    "innerHTML": r"\.innerHTML\b",
    "outerHTML": r"\.outerHTML\b",
    "insertAdjacentHTML": r"insertAdjacentHTML",
    "document.write": r"document\.write",
    "eval": r"\beval\(",
    "Function constructor": r"new Function\(",
    "inline style": r"\.style\.|setAttribute\(\s*[\"']style",
}


def test_scripts_never_inject_html_or_inline_styles() -> None:
    for path in sorted((STATIC_DIR / "js").glob("*.js")):
        source = path.read_text()
        for name, pattern in FORBIDDEN_JS.items():
            assert not re.search(pattern, source), f"{path.name} uses {name}"


def test_css_loads_nothing_from_elsewhere() -> None:
    for path in (STATIC_DIR / "css").glob("*.css"):
        css = path.read_text()
        assert "@import" not in css
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", css), path.name
