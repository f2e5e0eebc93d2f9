from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from resync.app import create_app
from resync.settings import Settings
from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401  (shared fixtures)

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.auth_clients",
    "tests.fixtures.llm_fixtures",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
