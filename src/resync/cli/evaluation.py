"""``resync eval``: measure Resync's components on labelled sets."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from resync.knowledge.evaluation import EvaluationReport, evaluate_knowledge, load_questions
from resync.knowledge.service import KnowledgeService

eval_app = typer.Typer(
    name="eval",
    help="Measure Resync's components on labelled sets.",
    no_args_is_help=True,
)


@eval_app.command("intents")
def intents(
    path: Annotated[
        Path,
        typer.Argument(
            help="YAML file with a list of labelled cases, or a directory of one-case files."
        ),
    ],
    min_accuracy: Annotated[
        float | None,
        typer.Option(
            "--min-accuracy",
            help="Exit with status 1 when intent accuracy is below this (0.97 or 97).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Intent and routing accuracy, per-intent precision/recall, confusion matrix, entities."""
    from resync.classifier.classifier import IntentClassifier
    from resync.evaluation.intents import InvalidLabelledSet, evaluate, load_cases
    from resync.evaluation.report import render

    if not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    try:
        cases = load_cases(path)
    except InvalidLabelledSet as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    evaluation = evaluate(IntentClassifier(), cases)
    if as_json:
        typer.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(evaluation))
    if min_accuracy is not None:
        threshold = min_accuracy / 100 if min_accuracy > 1 else min_accuracy
        if evaluation.intent_accuracy < threshold:
            typer.echo(
                f"intent accuracy {evaluation.intent_accuracy:.1%} is below {threshold:.1%}",
                err=True,
            )
            raise typer.Exit(1)


@eval_app.command("kb")
def eval_kb(
    file: Annotated[Path, typer.Argument(help="YAML file of labelled questions.")],
    min_hit3: Annotated[
        float, typer.Option(help="Exit with status 1 when hit@3 is below this (0-1).")
    ] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List the misses.")] = False,
) -> None:
    """Measure retrieval quality (hit@1, hit@3, MRR) on a labelled question set."""
    from resync.cli.knowledge import run_with_knowledge

    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    questions = load_questions(file)

    async def work(knowledge: KnowledgeService) -> EvaluationReport:
        return await evaluate_knowledge(knowledge, questions)

    report = run_with_knowledge(work)
    if as_json:
        typer.echo(json.dumps(report.model_dump(), ensure_ascii=False, indent=2))
    else:
        typer.echo(
            f"questions={report.questions} hit@1={report.hit_at_1:.3f} "
            f"hit@3={report.hit_at_3:.3f} MRR={report.mrr:.3f}"
        )
        if verbose:
            for miss in report.misses:
                typer.echo(f"  rank={miss.rank} {miss.q} -> {miss.top}")
    if report.hit_at_3 < min_hit3:
        raise typer.Exit(1)


# A night-shift moment (03:00 in São Paulo): the plan's times of day repeat run after run.
SCENARIO_START = "2026-03-10T06:00:00+00:00"


@eval_app.command("answers")
def answers(
    path: Annotated[
        Path, typer.Argument(help="YAML file of operator scenarios, or a directory of them.")
    ],
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", help="Exit with status 1 below this overall score (0-1)."),
    ] = None,
    min_category: Annotated[
        float | None,
        typer.Option("--min-category", help="Exit with status 1 when a category is below this."),
    ] = None,
    seed: Annotated[int, typer.Option(help="The simulated plan's seed.")] = 42,
    start: Annotated[
        str, typer.Option(help="The simulated clock's start (ISO 8601, UTC).")
    ] = SCENARIO_START,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show every problem and the answers.")
    ] = False,
) -> None:
    """Run operator scenarios through the chat against the simulator and score the answers.

    Each scenario starts from the seed's plan (the clock held at --start), applies its setup,
    sends its turns as the given role and checks each answer against facts read from the
    engine at that moment. Uses a throwaway database and the embedded simulator, never the
    configured ones, and no LLM.
    """
    from resync.cli.scenarios import run_scenarios
    from resync.scenarios.model import InvalidScenarios, load_scenarios
    from resync.scenarios.report import by_category, overall, render, to_dict

    if not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    try:
        scenarios = load_scenarios(path)
        moment = datetime.fromisoformat(start)
    except (InvalidScenarios, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    outcomes = run_scenarios(scenarios, seed, moment, show_progress=not as_json)
    if as_json:
        typer.echo(json.dumps(to_dict(outcomes), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(outcomes, verbose=verbose))
    score = overall(outcomes).ratio
    weakest = min((s.ratio for s in by_category(outcomes).values()), default=1.0)
    if (min_score is not None and score < min_score) or (
        min_category is not None and weakest < min_category
    ):
        raise typer.Exit(1)
