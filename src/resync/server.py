"""Run an app under uvicorn with Resync's logging (never uvicorn's plain-text config)."""

from __future__ import annotations

from typing import Any

import uvicorn

from resync.observability.logging import configure_logging
from resync.settings import Settings


def run_server(app: Any, settings: Settings, *, host: str, port: int, reload: bool = False) -> None:
    configure_logging(settings.log_level, settings.log_format)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        "log_level": settings.log_level.lower(),
        "ws_max_size": 1 << 20,
        "ws_per_message_deflate": settings.chat_ws_compression,
        "proxy_headers": False,
    }
    if reload:
        uvicorn.run("resync.app:create_app_from_env", factory=True, reload=True, **options)
    else:
        uvicorn.run(app, **options)
