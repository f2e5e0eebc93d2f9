"""``resync tws …`` (read the configured engine) and ``resync tws-sim`` (serve the simulator)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from resync.cli.common import run_with_services
from resync.tws.client import HWAClient
from resync.tws.models import JobInstance, JobState

app = typer.Typer(
    help="Read the HWA plan of the configured engine (RESYNC_HWA_URL, or the built-in simulator).",
    no_args_is_help=True,
)
T = TypeVar("T")


def run_with_client(work: Callable[[HWAClient], Awaitable[T]]) -> T:
    """Start the services exactly as the server does, run ``work`` with the HWA client."""
    return run_with_services(lambda services: work(services.tws))


def _states(values: list[str] | None) -> list[JobState] | None:
    if not values:
        return None
    try:
        return [JobState(value.upper()) for value in values]
    except ValueError as exc:
        known = ", ".join(state.value for state in JobState)
        raise typer.BadParameter(f"unknown state ({known})", param_hint="--state") from exc


def _time(job: JobInstance) -> str:
    return job.start_time.strftime("%Y-%m-%d %H:%M") if job.start_time else ""


@app.command()
def jobs(
    state: Annotated[
        list[str] | None, typer.Option("--state", "-s", help="ABEND, EXEC, HOLD … (repeatable).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Job name; * or @ as wildcards.")] = None,
    stream: Annotated[str | None, typer.Option(help="Job stream name.")] = None,
    workstation: Annotated[str | None, typer.Option(help="Workstation name.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=5000, help="Most jobs to list.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
) -> None:
    """List jobs in the current plan."""
    states = _states(state)
    found = run_with_client(
        lambda client: client.list_jobs(
            name=name, stream=stream, workstation=workstation, states=states, limit=limit
        )
    )
    if as_json:
        typer.echo(json.dumps([job.model_dump(mode="json") for job in found], indent=2))
        return
    table = Table(title=f"{len(found)} job(s)")
    for column in ("id", "job stream", "job", "workstation", "state", "rc", "started"):
        table.add_column(column)
    for job in found:
        rc = "" if job.return_code is None else str(job.return_code)
        table.add_row(
            job.id, job.job_stream, job.name, job.workstation, job.state.value, rc, _time(job)
        )
    Console(width=160).print(table)


@app.command()
def joblog(
    job_id: Annotated[str, typer.Argument(help="Plan id: WORKSTATION;JS_INTERNAL_ID;JOB")],
    from_line: Annotated[int | None, typer.Option(min=1, help="First line.")] = None,
    to_line: Annotated[int | None, typer.Option(min=1, help="Last line.")] = None,
) -> None:
    """Print a job's log (stdlist)."""
    log = run_with_client(lambda client: client.job_log(job_id, from_line, to_line))
    typer.echo(log.text, nl=not log.text.endswith("\n"))


def tws_sim(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (HWA's default is 31116).")] = 31116,
    seed: Annotated[int | None, typer.Option(help="Plan seed [RESYNC_HWA_SIM_SEED].")] = None,
    speed: Annotated[
        float | None, typer.Option(min=0, help="Clock speed [RESYNC_HWA_SIM_CLOCK_SPEED].")
    ] = None,
) -> None:
    """Serve the HWA simulator standalone at http://HOST:PORT/twsd (any HWA client works)."""
    from resync.server import run_server
    from resync.settings import Settings
    from resync.tws.provider import build_simulator
    from resync.tws.simulator.app import standalone_app

    settings = Settings()
    if seed is not None:
        settings.hwa_sim_seed = seed
    if speed is not None:
        settings.hwa_sim_clock_speed = speed
    typer.echo(
        f"HWA simulator on http://{host}:{port}/twsd (user {settings.hwa_sim_username}, "
        f"seed {settings.hwa_sim_seed}, clock x{settings.hwa_sim_clock_speed:g})",
        err=True,
    )
    run_server(standalone_app(build_simulator(settings)), settings, host=host, port=port)
