from __future__ import annotations

from tests.fixtures.databases import database, db_url

__all__ = ["database", "db_url"]
