"""``resync kb``: ingest, search, stats and remove, on the same services the server uses."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from resync.cli.common import run_with_services
from resync.errors import ResyncError
from resync.knowledge.parsers import PARSERS
from resync.knowledge.schemas import IngestResult, SearchResponse
from resync.knowledge.service import KnowledgeService

app = typer.Typer(
    help="Knowledge base: ingest documents, search, statistics.", no_args_is_help=True
)
T = TypeVar("T")


def run_with_knowledge(work: Callable[[KnowledgeService], Awaitable[T]]) -> T:
    """Start the services exactly as the server does, run ``work``, stop them."""
    return run_with_services(lambda services: work(services.knowledge))


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in PARSERS)
        else:
            files.append(path)
    return files


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to ingest.")],
) -> None:
    """Ingest documents (Markdown, text, HTML, PDF, DOCX); unchanged files are skipped."""
    files = _expand(paths)
    console = Console(stderr=True)

    async def work(knowledge: KnowledgeService) -> list[tuple[Path, IngestResult | str]]:
        outcomes: list[tuple[Path, IngestResult | str]] = []
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("ingesting", total=len(files))
            for path in files:
                progress.update(task, description=path.name)
                try:
                    outcomes.append((path, await knowledge.ingest_path(path)))
                except ResyncError as exc:
                    outcomes.append((path, exc.detail))
                progress.advance(task)
        return outcomes

    outcomes = run_with_knowledge(work)
    failed = 0
    for path, outcome in outcomes:
        if isinstance(outcome, IngestResult):
            typer.echo(f"{outcome.status:9} {outcome.chunks:5} chunks  {path}")
        else:
            failed += 1
            typer.echo(f"error: {outcome}", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The question or keywords.")],
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many results.")] = 5,
    language: Annotated[str | None, typer.Option(help="Only chunks in pt or en.")] = None,
    trace: Annotated[bool, typer.Option("--trace", help="Show every pipeline stage.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search the knowledge base; catalogue hits (message ids, abend codes) come first."""

    async def work(knowledge: KnowledgeService) -> SearchResponse:
        return await knowledge.search(query, limit=limit, language=language, trace=trace)

    response = run_with_knowledge(work)
    if as_json:
        results = [r.model_dump(mode="json") for r in response.results]
        if trace and response.trace is not None:
            payload: object = {"results": results, "trace": response.trace.model_dump(mode="json")}
        else:
            payload = results
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    if not response.results:
        console.print("no results")
    for rank, result in enumerate(response.results, start=1):
        console.print(
            f"[bold]{rank}. {result.title} › {result.section}[/bold]  "
            f"({result.source}, {result.language}, score {result.score:.3f})"
        )
        console.print(result.text, markup=False)
        console.print()
    if trace and response.trace is not None:
        table = Table("stage", "ms", "candidates", "passed on", "notes")
        for stage in response.trace.stages:
            top = ", ".join(f"{c.id}={c.score:.3f}" for c in stage.candidates[:5])
            table.add_row(
                stage.name,
                f"{stage.duration_ms:.2f}",
                top,
                str(len(stage.passed_on)),
                "; ".join(stage.notes + ([stage.error] if stage.error else [])),
            )
        console.print(table)


@app.command()
def stats() -> None:
    """Documents, chunks per language, incidents and catalogue size."""

    async def work(knowledge: KnowledgeService) -> str:
        return (await knowledge.stats()).model_dump_json(indent=2)

    typer.echo(run_with_knowledge(work))


@app.command()
def remove(source: Annotated[str, typer.Argument(help="The document's source name.")]) -> None:
    """Remove a document and all its chunks."""

    async def work(knowledge: KnowledgeService) -> bool:
        return await knowledge.remove(source)

    if not run_with_knowledge(work):
        typer.echo(f"error: no document with source {source!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"removed {source}")
