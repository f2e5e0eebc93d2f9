from __future__ import annotations

from tests.fixtures.auth_clients import make_client
from tests.fixtures.databases import database, db_url
from tests.fixtures.routing_app import app, make_app

__all__ = ["app", "database", "db_url", "make_app", "make_client"]
