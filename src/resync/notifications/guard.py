"""The SSRF guard for webhook URLs: ``https`` only, to a host whose every address is
public; redirects are never followed (the sender sets ``follow_redirects=False``).
``RESYNC_TEAMS_ALLOW_PRIVATE_URLS=true`` lifts it (tests, on-premises proxies)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from resync.errors import ResyncError


class UnsafeWebhookUrl(ResyncError):
    status_code = 422
    code = "unsafe_webhook_url"


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise :class:`UnsafeWebhookUrl` unless ``url`` may be posted to."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeWebhookUrl(f"URL inválida: {exc}") from exc
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeWebhookUrl("o webhook precisa ser uma URL https://host/…")
    if allow_private:
        return
    if parts.scheme != "https":
        raise UnsafeWebhookUrl("só URLs https são aceitas para webhooks")
    for address in await _addresses(host, port):
        if not address.is_global:
            raise UnsafeWebhookUrl(
                f"o host {host} resolve para um endereço não público ({address}); "
                "RESYNC_TEAMS_ALLOW_PRIVATE_URLS=true permite"
            )


async def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeWebhookUrl(f"o host {host} não resolve: {exc}") from exc
    found = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not found:
        raise UnsafeWebhookUrl(f"o host {host} não resolve")
    return found


def masked(url: str) -> str:
    """A webhook URL as it may be shown or logged: scheme, host and the last 4 characters."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "(URL inválida)"
    if not parts.hostname:
        return "(sem URL)" if not url.strip() else "(URL inválida)"
    return f"{parts.scheme}://{parts.hostname}/…{url.strip()[-4:]}"
