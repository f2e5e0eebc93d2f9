"""``resync users add|passwd|disable|enable|list``: manage Resync's users from a shell."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from resync.auth.roles import Role
from resync.cli.common import run_with_services

if TYPE_CHECKING:
    from resync.services import Services

app = typer.Typer(help="Manage Resync users (viewer, operator, admin).", no_args_is_help=True)

T = TypeVar("T")


def _run(work: Callable[[Services], Awaitable[T]]) -> T:
    """Start the services the way the server does, run ``work(services)``, close them."""
    return run_with_services(work, quiet=True)


def _password(value: str | None) -> str:
    if value:
        return value
    secret: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return secret


@app.command("add")
def add(
    username: str,
    role: Annotated[Role, typer.Option(help="viewer, operator or admin.")] = Role.viewer,
    display_name: Annotated[str, typer.Option(help="Name shown in the UI.")] = "",
    password: Annotated[
        str | None, typer.Option(help="Password (prompted for when omitted).", envvar=None)
    ] = None,
) -> None:
    """Create a user."""
    secret = _password(password)
    user = _run(
        lambda s: s.users.add(username, secret, role, actor=None, display_name=display_name)
    )
    typer.echo(f"created {user.username} ({user.role.value})")


@app.command("passwd")
def passwd(
    username: str,
    password: Annotated[
        str | None, typer.Option(help="New password (prompted when omitted).")
    ] = None,
) -> None:
    """Set a user's password."""
    secret = _password(password)
    _run(lambda s: s.users.update(username, actor=None, password=secret))
    typer.echo(f"password of {username} changed")


@app.command("disable")
def disable(username: str) -> None:
    """Disable a user (their logins and API tokens stop working)."""
    _run(lambda s: s.users.update(username, actor=None, disabled=True))
    typer.echo(f"{username} disabled")


@app.command("enable")
def enable(username: str) -> None:
    """Enable a disabled user again."""
    _run(lambda s: s.users.update(username, actor=None, disabled=False))
    typer.echo(f"{username} enabled")


@app.command("list")
def list_users() -> None:
    """List users with their role and state."""
    users = _run(lambda s: s.users.list())
    for user in users:
        state = "disabled" if user.disabled else "active"
        typer.echo(f"{user.username:<24} {user.role.value:<9} {state:<9} {user.display_name}")
