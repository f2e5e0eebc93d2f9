"""Finding 1: authenticate before reading a body; cap every body by route, early."""

from __future__ import annotations

import socket

import httpx

from tests.fixtures.auth_clients import ADMIN
from tests.security.conftest import Server

BIG = 57 * 1024 * 1024


def _raw_request(server: Server, head: str, body: bytes = b"") -> bytes:
    """Send a request head (and maybe part of a body), then read what the server says.

    The body a head announces is never sent in full: a server that waited for it
    before answering would never answer (the socket times out and the test fails)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        answer = b""
        while chunk := sock.recv(65536):  # the server closes after answering
            answer += chunk
        return answer


def _head(path: str, length: int, headers: dict[str, str] | None = None) -> str:
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {length}",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return "\r\n".join(lines) + "\r\n"


def test_anonymous_malformed_json_is_401_not_422(server: Server) -> None:
    response = httpx.post(
        f"{server.base}/api/v1/chat",
        content=b"{bad",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert "WWW-Authenticate" in response.headers


def test_anonymous_huge_body_is_refused_before_it_is_read(server: Server) -> None:
    answer = _raw_request(server, _head("/api/v1/chat", BIG))
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]


def test_authenticated_huge_body_is_413_before_it_is_read(server: Server) -> None:
    answer = _raw_request(server, _head("/api/v1/chat", BIG, ADMIN))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"payload_too_large" in answer


def test_upload_over_the_knowledge_limit_is_413_before_it_is_read(server: Server) -> None:
    head = _head("/api/v1/knowledge/documents", 2 * 1024 * 1024, ADMIN)
    answer = _raw_request(server, head.replace("application/json", "multipart/form-data; b=x"))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_chunked_body_is_counted_as_it_arrives(server: Server) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        piece = b" " * 16384
        for _ in range(64):  # 1 MiB in all, far over the 64 KiB limit of the chat route
            yield piece

    response = httpx.post(
        f"{server.base}/api/v1/chat",
        content=chunks(),
        headers={**ADMIN, "Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_small_bodies_still_work(server: Server) -> None:
    response = httpx.post(
        f"{server.base}/api/v1/chat", json={"text": "olá"}, headers=ADMIN, timeout=60
    )
    assert response.status_code == 200, response.text
    assert httpx.get(f"{server.base}/health/live").status_code == 200
