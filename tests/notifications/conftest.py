from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.databases import database, db_url
from tests.notifications.receiver import Receiver, serve

__all__ = ["database", "db_url"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()
