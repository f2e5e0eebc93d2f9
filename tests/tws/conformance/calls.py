"""What HCL's sample clients send: their headers, auth and base path, over real HTTP."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx

from tests.tws.conftest import SimServer

AUTH = ("wauser", "wapassword")
JSON = {"Content-Type": "application/json", "Accept": "application/json"}
# The Python samples' connection class adds these to every request it sends.
WACONN = {**JSON, "How-Many": "500", "Request-Id": str(uuid.uuid4())}
V1_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"  # how the third-party clients parse v1 times


def client(server: SimServer, **options: object) -> httpx.Client:
    return httpx.Client(base_url=server.url, auth=AUTH, timeout=10, **options)  # type: ignore[arg-type]


def v1_time(value: str) -> datetime:
    return datetime.strptime(value, V1_TIME)
