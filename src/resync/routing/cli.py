"""``resync classify "texto"``: show how a message would be classified and routed."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def classify(
    text: Annotated[str, typer.Argument(help="The operator message, in Portuguese or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Classify a message: intent, routing, confidence, entities and the rules that fired."""
    from resync.routing.classifier import IntentClassifier

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
