"""Running a command-line command against the same services the server builds."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from resync.errors import ResyncError

if TYPE_CHECKING:
    from resync.services import Services

T = TypeVar("T")


def run_with_services(work: Callable[[Services], Awaitable[T]], *, quiet: bool = False) -> T:
    """Start the services exactly as the server does, run ``work(services)``, close them.

    Logs go to stderr (stdout is the command's answer); ``quiet`` keeps only warnings. A
    domain error ends the command with its message and exit status 1, never a traceback.
    """
    from resync.observability.logging import configure_logging
    from resync.observability.metrics import Metrics
    from resync.services import Services
    from resync.settings import Settings

    settings = Settings()
    level = "WARNING" if quiet else settings.log_level
    configure_logging(level, settings.log_format, stream=sys.stderr)

    async def main() -> T:
        services = await Services.start(settings, Metrics())
        try:
            return await work(services)
        finally:
            await services.close()

    try:
        return asyncio.run(main())
    except ResyncError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
