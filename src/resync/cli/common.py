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

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Set by ``resync --log-level LEVEL``: one-shot commands otherwise log only warnings, so
# the terminal shows the command's answer rather than the services' info lines.
requested_log_level: str | None = None


def check_log_level(value: str | None) -> str | None:
    """A typer callback: the level in capitals, or a clear error naming the choices."""
    if value is None:
        return None
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LOG_LEVELS)}")
    return level


def run_with_services(
    work: Callable[[Services], Awaitable[T]],
    *,
    quiet: bool = False,
    log_level: str | None = None,
) -> T:
    """Start the services exactly as the server does, run ``work(services)``, close them.

    Logs go to stderr (stdout is the command's answer), warnings and above only unless
    ``log_level`` (or ``resync --log-level``) asks for more. A domain error ends the command
    with its message and exit status 1, never a traceback. ``quiet`` is kept for callers
    that never want more than warnings.
    """
    from resync.observability.logging import configure_logging
    from resync.observability.metrics import Metrics
    from resync.services import Services
    from resync.settings import Settings

    settings = Settings()
    asked = None if quiet else (log_level or requested_log_level)
    level = asked or "WARNING"
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
