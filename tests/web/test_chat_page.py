"""The chat page in a real headless Chromium against a real ``resync serve`` process.

Every test also fails on any CSP violation or console error (see tests/fixtures/browser.py).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession


def _open(session: BrowserSession, width: int = 1280, height: int = 800) -> Page:
    page = session.new_page(width, height)
    response = page.goto("/")
    assert response is not None and response.status == 200
    expect(page.locator("#login-form")).to_be_visible()
    return page


def test_page_loads_with_styles_and_scripts_under_the_csp(browser_session: BrowserSession) -> None:
    page = _open(browser_session)
    csp = page.evaluate("() => document.querySelector('script[type=module]').nonce")
    assert csp, "the module script carries the nonce"
    # The stylesheet applied (light theme background) and the module ran (it focused the form).
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(238, 241, 245)"
    expect(page.locator("#login-username")).to_be_focused()
    expect(page).to_have_title("Resync")
    browser_session.screenshot(page, "login")
    browser_session.console.assert_clean()


def test_login_form_is_in_portuguese(browser_session: BrowserSession) -> None:
    page = _open(browser_session)
    assert page.evaluate("() => document.documentElement.lang") == "pt-BR"
    expect(page.get_by_role("heading", name="Entrar no Resync")).to_be_visible()
    expect(page.get_by_label("Usuário")).to_be_visible()
    expect(page.get_by_label("Senha")).to_be_visible()
    expect(page.get_by_role("button", name="Entrar", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Switch to English")).to_have_text("English")


def test_english_switch_changes_the_texts_and_is_remembered(
    browser_session: BrowserSession,
) -> None:
    page = _open(browser_session)
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", name="Sign in to Resync")).to_be_visible()
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang") == "en"

    page.reload()
    expect(page.get_by_role("heading", name="Sign in to Resync")).to_be_visible()
    page.get_by_role("button", name="Mudar para português").click()
    expect(page.get_by_role("heading", name="Entrar no Resync")).to_be_visible()


def test_empty_login_is_refused_in_the_page(browser_session: BrowserSession) -> None:
    page = _open(browser_session)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Informe usuário e senha.")
    expect(page.locator("#login-username")).to_be_focused()
    assert not [url for url in requests if "/api/" in url], "no request without credentials"


def test_narrow_screen_has_no_horizontal_scroll(browser_session: BrowserSession) -> None:
    page = _open(browser_session, width=375, height=740)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = page.locator("#login-form").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    for selector in ("#lang-toggle", "#theme-toggle", "#login-submit"):
        button = page.locator(selector).bounding_box()
        assert button is not None and button["x"] + button["width"] <= 375, selector
    browser_session.screenshot(page, "narrow")


def _focused_id(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def test_keyboard_focus_order_is_sane_and_visible(browser_session: BrowserSession) -> None:
    page = _open(browser_session)
    assert _focused_id(page) == "login-username"
    forward = []
    for _ in range(2):
        page.keyboard.press("Tab")
        forward.append(_focused_id(page))
    assert forward == ["login-password", "login-submit"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "keyboard focus is visible"

    page.locator("#login-username").focus()
    backward = []
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        backward.append(_focused_id(page))
    assert backward == ["theme-toggle", "lang-toggle", ""]  # "" is the skip link
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")


def test_dark_theme_toggle_is_remembered(browser_session: BrowserSession) -> None:
    page = _open(browser_session)
    toggle = page.locator("#theme-toggle")
    expect(toggle).to_have_text("Tema escuro")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_have_text("Tema claro")
    page.reload()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(14, 18, 23)"
    browser_session.screenshot(page, "dark")
