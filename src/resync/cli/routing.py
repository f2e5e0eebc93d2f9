"""``resync classify "texto"`` (how a message would be routed) and ``resync ask "texto"``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer


def classify(
    text: Annotated[str, typer.Argument(help="The operator message, in Portuguese or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Classify a message: intent, routing, confidence, entities and the rules that fired."""
    from resync.classifier.classifier import IntentClassifier

    result = IntentClassifier().classify(text)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    typer.echo(f"intent:     {result.primary_intent.value} (confidence {result.confidence:.2f})")
    typer.echo(f"routing:    {result.suggested_routing.value}")
    if result.secondary_intents:
        typer.echo(f"secondary:  {', '.join(i.value for i in result.secondary_intents)}")
    typer.echo(f"language:   {result.language}")
    typer.echo(f"skills:     {', '.join(s.value for s in result.matched_skills) or '-'}")
    for kind, values in result.entities.items():
        typer.echo(f"{kind + ':':<12}{', '.join(values)}")
    typer.echo("reasons:")
    for reason in result.reasons:
        typer.echo(f"  - {reason}")


def _log_level(value: str | None) -> str | None:
    from resync.cli.common import check_log_level

    return check_log_level(value)


def ask(
    text: Annotated[str, typer.Argument(help="The operator message, in Portuguese or English.")],
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Also print the decision: intent, mode, handler, tools, timings."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole RoutingResult as JSON.")
    ] = False,
    log_level: Annotated[
        str | None,
        typer.Option(
            "--log-level",
            callback=_log_level,
            help="Also print the services' logs from this level (DEBUG, INFO, WARNING, ERROR) "
            "on stderr; by default only warnings.",
        ),
    ] = None,
) -> None:
    """Run one message through the router, with the same services as the server, and answer.

    Tables, logs, cards and proposed changes are drawn for a terminal; --json prints the
    RoutingResult as is (exports included)."""

    from resync.cli.common import run_with_services
    from resync.cli.show import print_result
    from resync.contract.context import RouteContext
    from resync.contract.result import RoutingResult
    from resync.services import Services

    if not text.strip():
        typer.echo("error: the message is empty", err=True)
        raise typer.Exit(2)

    async def answer(services: Services) -> tuple[RoutingResult, list[str]]:
        context = RouteContext(source="cli")
        reasons = services.router.classify(text, context).reasons
        return await services.router.route(text, context), reasons

    result, reasons = run_with_services(answer, log_level=log_level)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    print_result(result)
    if explain:
        _explain(result, reasons)


def _explain(result: Any, reasons: list[str]) -> None:
    typer.echo("\n---")
    typer.echo(f"intent:     {result.intent.value} (confidence {result.confidence:.2f})")
    typer.echo(f"mode:       {result.routing_mode.value}")
    typer.echo(f"handler:    {result.handler}{' (degraded)' if result.degraded else ''}")
    typer.echo(f"language:   {result.language}")
    typer.echo(f"tools:      {', '.join(result.tools_used) or '-'}")
    for kind, values in result.entities.items():
        typer.echo(f"{kind + ':':<11} {', '.join(values)}")
    typer.echo("timings:    " + ", ".join(f"{k}={v:.1f}" for k, v in result.timings.items()))
    typer.echo(f"trace_id:   {result.trace_id}")
    typer.echo("reasons:")
    for reason in reasons:
        typer.echo(f"  - {reason}")
