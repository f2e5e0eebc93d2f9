"""The ``resync`` command line: ``resync serve``, ``resync --version`` and the domain commands."""

from __future__ import annotations

from typing import Annotated

import typer

from resync import __version__

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
) -> None:
    """Start the Resync server (API, chat, admin console)."""
    from resync.app import create_app
    from resync.server import run_server
    from resync.settings import InsecureSettings, Settings

    settings = Settings()
    try:
        application = None if reload else create_app(settings, server=True)
    except InsecureSettings as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    run_server(
        application, settings, host=host or settings.host, port=port or settings.port, reload=reload
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
