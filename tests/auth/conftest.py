from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from resync.app import create_app
from resync.settings import Settings

ADMIN_PASSWORD = "admin-Secret-4711"


def basic(username: str, password: str) -> dict[str, str]:
    value = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {value}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = basic("admin", ADMIN_PASSWORD)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=tmp_path / "var",
            admin_password=ADMIN_PASSWORD,  # type: ignore[arg-type]
            _env_file=None,
            **overrides,
        )
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def api(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def add_user(client: TestClient, username: str, role: str, password: str) -> None:
    response = client.post(
        "/api/v1/users",
        headers=ADMIN,
        json={"username": username, "password": password, "role": role},
    )
    assert response.status_code == 201, response.text
