"""The SSRF guard: https to public addresses only, redirects never followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from resync.db.engine import Database
from resync.notifications.channels import ChannelIn, ChannelStore
from resync.notifications.guard import UnsafeWebhookUrl, check_url, masked
from resync.notifications.service import NotificationService
from tests.notifications.helpers import ALERT, running, settings_for, until
from tests.notifications.receiver import Receiver

REFUSED = [
    "http://127.0.0.1/hook",  # not https, and loopback
    "https://10.0.0.1/hook",  # private
    "https://localhost:8443/hook",  # a hostname resolving to loopback
    "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
    "https://[::1]/hook",
    "ftp://example.com/hook",
]


@pytest.mark.parametrize("url", REFUSED)
async def test_refused_unless_allowed(url: str) -> None:
    with pytest.raises(UnsafeWebhookUrl):
        await check_url(url, allow_private=False)
    if not url.startswith("ftp"):
        await check_url(url, allow_private=True)


async def test_public_https_address_passes() -> None:
    await check_url("https://52.96.0.1/workflows/x", allow_private=False)
    with pytest.raises(UnsafeWebhookUrl):
        await check_url("http://52.96.0.1/workflows/x", allow_private=False)


async def test_channels_with_unsafe_urls_are_not_saved(database: Database) -> None:
    store = ChannelStore(database, "", allow_private=False)
    with pytest.raises(UnsafeWebhookUrl):
        await store.add(ChannelIn(name="folha", url="https://10.0.0.1/hook"))
    assert await store.listed() == []


async def test_the_sender_checks_again_before_posting(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, receiver, teams_allow_private_urls=False)
    async with running(settings, database) as service:
        await service.notify(ALERT)
        await until(lambda: _failed(service))
        (row,) = await service.outbox.log()
    assert receiver.received == []
    assert "https" in row["error"]


async def test_a_redirect_is_not_followed(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    receiver.script = [(302, {"Location": "https://10.0.0.1/internal"})]
    settings = settings_for(tmp_path, receiver)
    async with running(settings, database) as service:
        await service.notify(ALERT)
        await until(lambda: _failed(service))
        (row,) = await service.outbox.log()
    assert len(receiver.received) == 1
    assert row["status_code"] == 302 and "não seguido" in row["error"]
    assert "10.0.0.1" in row["error"] and "internal" not in row["error"]


def test_urls_are_masked() -> None:
    url = "https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual?sig=SECRET1234"
    shown = masked(url)
    assert "SECRET" not in shown and "workflows" not in shown
    assert shown == "https://prod-12.westus.logic.azure.com/…1234"


async def _failed(service: NotificationService) -> bool:
    return any(row["status"] == "failed" for row in await service.outbox.rows())
