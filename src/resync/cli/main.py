"""The ``resync`` command line: ``resync serve``, ``resync --version`` and the domain commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from resync import __version__

if TYPE_CHECKING:
    from resync.settings import Settings

app = typer.Typer(
    name="resync",
    help="Resync: operations assistant for HCL Workload Automation (HWA / TWS).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"resync {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    log_level: Annotated[
        str | None,
        typer.Option(
            "--log-level",
            help="Show the services' logs (JSON, on stderr) from this level: DEBUG, INFO, "
            "WARNING, ERROR. One-shot commands show warnings only by default; `serve` follows "
            "RESYNC_LOG_LEVEL.",
        ),
    ] = None,
) -> None:
    """Resync: operations assistant for HCL Workload Automation (HWA / TWS)."""
    from resync.cli import common

    common.requested_log_level = common.check_log_level(log_level)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind [RESYNC_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on [RESYNC_PORT].")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes sharing the port (more than 1 needs PostgreSQL, Redis "
            "and an HWA URL: every piece of state is then shared).",
        ),
    ] = 1,
) -> None:
    """Start the Resync server (API, chat, admin console)."""
    from resync.app import create_app
    from resync.server import run_server
    from resync.settings import InsecureSettings, Settings

    settings = Settings()
    if workers > 1:
        _check_workers(settings, workers, reload)
    try:
        several = reload or workers > 1  # each worker builds its own app
        application = None if several else create_app(settings, server=True)
        if several:
            settings.check_production()
    except InsecureSettings as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    run_server(
        application,
        settings,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        workers=workers,
    )


def _check_workers(settings: Settings, workers: int, reload: bool) -> None:
    """Refuse what several processes cannot share."""
    problems = []
    if reload:
        problems.append("--reload runs one process; drop --workers")
    if settings.database_url.startswith("sqlite"):
        problems.append(
            "the database is SQLite, which serves one process: set RESYNC_DATABASE_URL to "
            "PostgreSQL (postgresql+asyncpg://user:password@host/db) or run one worker"
        )
    if settings.uses_simulator:
        problems.append(
            "the HWA simulator embedded in each process would give each worker its own plan: "
            "run `resync tws-sim` and set RESYNC_HWA_URL to it, or to the real engine"
        )
    if problems:
        typer.echo(f"error: --workers {workers} refused:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(2)
    if not settings.redis_url.strip():
        typer.echo(
            f"warning: --workers {workers} without RESYNC_REDIS_URL: approval frames reach only "
            "the sockets of the worker that changed the request, limits count per worker",
            err=True,
        )


def _register_domains() -> None:
    from resync.cli.auth import app as users_app
    from resync.cli.evaluation import eval_app
    from resync.cli.hwa import app as tws_app
    from resync.cli.hwa import tws_sim
    from resync.cli.knowledge import app as kb_app
    from resync.cli.routing import ask, classify

    app.add_typer(tws_app, name="tws")
    app.command("tws-sim")(tws_sim)
    app.add_typer(kb_app, name="kb")
    app.add_typer(eval_app, name="eval")
    app.command("classify")(classify)
    app.command("ask")(ask)
    app.add_typer(users_app, name="users")


_register_domains()


def main() -> None:
    app()
