"""Issue 8 end to end: the chat page in Chromium against the real ``resync serve`` (router,
simulator, auth, approvals, chat WebSocket), with two operators in two browser contexts."""

from __future__ import annotations

from tests.fixtures.browser import BrowserSession
from tests.web.accounts import NIGHT_OPERATORS
from tests.web.chat_scenario import run_issue_scenario


def test_operator_asks_requests_a_rerun_and_sees_it_approved(
    browser_session: BrowserSession,
) -> None:
    first, second = list(NIGHT_OPERATORS.items())
    run_issue_scenario(browser_session, first, second)
