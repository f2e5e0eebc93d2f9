"""Run an app under uvicorn with Resync's logging (never uvicorn's plain-text config), in
one process or several (``workers``), and drain it gracefully on SIGTERM.

On SIGTERM (or SIGINT) a :class:`Drain` runs before uvicorn's own shutdown (``drain``);
then uvicorn stops accepting, waits up to the same timeout for HTTP requests in flight,
and the lifespan's shutdown flushes what is buffered (routing decisions). Several workers
are started and kept by :class:`Workers` (``workers``), each on its own listening socket.
"""

from __future__ import annotations

from typing import Any

import structlog
import uvicorn

from resync.observability.logging import configure_logging
from resync.server.drain import Drain
from resync.server.workers import Workers
from resync.settings import Settings

__all__ = ["APP_FACTORY", "Drain", "Workers", "run_server", "uvicorn_options"]

log = structlog.get_logger(__name__)

APP_FACTORY = "resync.app:create_app_from_env"


def uvicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    return {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        "log_level": settings.log_level.lower(),
        "ws_max_size": 1 << 20,
        "ws_per_message_deflate": settings.chat_ws_compression,
        "proxy_headers": bool(settings.trusted_proxies.strip()),
        "forwarded_allow_ips": settings.trusted_proxies.strip() or None,
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }


def run_server(
    app: Any, settings: Settings, *, host: str, port: int, reload: bool = False, workers: int = 1
) -> None:
    """Serve ``app`` here, or (``reload``, ``workers`` > 1) the app the factory builds in
    each worker process."""
    configure_logging(settings.log_level, settings.log_format)
    options = uvicorn_options(settings, host, port)
    if reload:
        uvicorn.run(APP_FACTORY, factory=True, reload=True, **options)
    elif workers > 1:
        config = uvicorn.Config(APP_FACTORY, factory=True, workers=workers, **options)
        code = Workers(config).run()
        if code:
            raise SystemExit(code)
    else:
        uvicorn.run(app, **options)
