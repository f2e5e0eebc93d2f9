"""The accounts of the shared browser-test server (tests/web/conftest.py) and the steps of
signing in to the admin console, used by every console test module."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession

ADMIN = ("admin", "resync-admin")
VIEWER = ("leitor", "so-leitura-123")
OPERATOR = ("operadora", "opera-senha-123")
# Operators of the chat tests: two per module, so that one can approve what the other asked.
ANSWER_OPERATORS = {"turno1": "senha-do-turno-1", "turno2": "senha-do-turno-2"}
NIGHT_OPERATORS = {"noite1": "turno-da-noite-1", "noite2": "turno-da-noite-2"}
USERS: dict[str, tuple[str, str]] = {  # username: (password, role), besides the admin
    VIEWER[0]: (VIEWER[1], "viewer"),
    OPERATOR[0]: (OPERATOR[1], "operator"),
    **{name: (password, "operator") for name, password in ANSWER_OPERATORS.items()},
    **{name: (password, "operator") for name, password in NIGHT_OPERATORS.items()},
}
HEADERS = {"X-Requested-With": "resync"}
READY_MS = 30_000


def as_admin(method: str, url: str, timeout: float = 60, **kwargs: Any) -> httpx.Response:
    """One call to the API as the admin, with the header the API asks of writes."""
    return httpx.request(method, url, auth=ADMIN, headers=HEADERS, timeout=timeout, **kwargs)


def console_login(page: Page, user: tuple[str, str]) -> None:
    """Sign in through the console's login modal."""
    dialog = page.locator("#login-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=username]").fill(user[0])
    dialog.locator("input[name=password]").fill(user[1])
    dialog.locator("#login-submit").click()
    expect(dialog).to_be_hidden()


def view_ready(page: Page, name: str) -> None:
    expect(page.locator(f'[data-view="{name}"][data-ready="true"]')).to_be_visible(timeout=READY_MS)


def open_view(
    session: BrowserSession,
    view: str,
    user: tuple[str, str] = ADMIN,
    width: int = 1280,
    height: int = 800,
) -> Page:
    """A fresh page on ``/admin#view``, signed in as ``user``, once the view is ready."""
    page = session.new_page(width, height)
    page.goto(f"/admin#{view}")
    console_login(page, user)
    view_ready(page, view)
    return page
