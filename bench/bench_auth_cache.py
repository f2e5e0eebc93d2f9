"""What the in-memory cache of verified Basic logins buys: authenticated requests per
second through the app (``GET /api/v1/auth/me``, in-process ASGI) with the cache on
(``RESYNC_AUTH_CACHE_SECONDS=60``) versus off (0: argon2 on every request).

Prints one figure: the speed-up ratio (cached / uncached requests per second)."""

from __future__ import annotations

import asyncio
import base64
import tempfile
import time
from pathlib import Path

import httpx

from resync.app import create_app
from resync.settings import Settings

REQUESTS = 60
PASSWORD = "bench-Admin-pass-1"


async def requests_per_second(cache_seconds: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(tmp),
            admin_password=PASSWORD,  # type: ignore[arg-type]
            auth_cache_seconds=cache_seconds,
            log_level="ERROR",
            _env_file=None,
        )
        app = create_app(settings)
        header = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                await http.get("/api/v1/auth/me", headers={"Authorization": header})
                started = time.perf_counter()
                for _ in range(REQUESTS):
                    answer = await http.get("/api/v1/auth/me", headers={"Authorization": header})
                    assert answer.status_code == 200
                return REQUESTS / (time.perf_counter() - started)


async def main() -> None:
    uncached = await requests_per_second(0)
    cached = await requests_per_second(60)
    print(
        f"auth cache speed-up: {cached / uncached:.1f}x "
        f"({cached:.0f} vs {uncached:.0f} authenticated requests/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
