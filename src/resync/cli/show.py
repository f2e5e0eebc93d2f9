"""A RoutingResult for a person at a terminal: the answer, then its tables, logs, cards,
proposed changes, sources and exports, drawn with rich (plain text when not a terminal)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from resync.contract.result import (
    ActionPart,
    CardPart,
    CitationsPart,
    ExportPart,
    LogPart,
    Part,
    RoutingResult,
    TablePart,
)

TONES = {"ok": "green", "warn": "yellow", "error": "red", "info": "blue"}
STATUS = {
    "proposed": ("Proposta", "Proposal"),
    "needs_justification": ("Proposta — falta a justificativa", "Proposal — justification missing"),
    "pending": ("Pedido pendente", "Pending request"),
    "succeeded": ("Concluída", "Done"),
    "failed": ("Pedido falhou", "Request failed"),
    "rejected": ("Pedido rejeitado", "Request rejected"),
}


def value_text(value: Any, english: bool) -> str:
    """Lists as "a; b", counts as "HOLD 3 · SUCC 12", never JSON or Python reprs."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if english else ("sim" if value else "não")
    if isinstance(value, list | tuple):
        return "; ".join(value_text(v, english) for v in value) or ("none" if english else "nenhum")
    if isinstance(value, dict):
        items = [f"{k} {value_text(v, english)}" for k, v in value.items()]
        return " · ".join(items) or ("none" if english else "nenhum")
    return str(value)


def _table(part: TablePart, english: bool) -> RenderableType:
    table = Table(title=part.title or None, title_justify="left", show_lines=False)
    for column in part.columns:
        table.add_column(str(column), overflow="fold")
    for row in part.rows:
        table.add_row(*(value_text(cell, english) for cell in row))
    if part.total is not None and part.total > len(part.rows):
        shown = len(part.rows)
        table.caption = (
            f"showing {shown} of {part.total}" if english else f"mostrando {shown} de {part.total}"
        )
    return table


def _log(part: LogPart) -> RenderableType:
    first = part.first_line
    lines = [
        f"{first + i:>5}  {line}" if first is not None else line
        for i, line in enumerate(part.lines)
    ]
    title = " · ".join(t for t in (part.title or "Log", part.job_id) if t)
    return Panel(Text("\n".join(lines)), title=title, title_align="left", expand=False)


def _card(part: CardPart, english: bool) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for key, value in part.fields.items():
        grid.add_row(str(key), value_text(value, english))
    tone = TONES.get(part.tone, "blue")
    return Panel(grid, title=part.title, title_align="left", border_style=tone)


def _action(part: ActionPart, english: bool) -> RenderableType:
    pt, en = STATUS.get(part.status, (part.status.replace("_", " "),) * 2)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    grid.add_row("action" if english else "ação", part.action)
    grid.add_row("target" if english else "alvo", part.target)
    if part.justification:
        grid.add_row("justification" if english else "justificativa", part.justification)
    if part.risk:
        grid.add_row("risk" if english else "risco", part.risk)
    if part.approval_id:
        grid.add_row("request" if english else "pedido", f"#{part.approval_id}")
    body: list[RenderableType] = [grid]
    if part.warnings:
        body.append(Text("\n".join(f"! {w}" for w in part.warnings), style="yellow"))
    return Panel(Group(*body), title=en if english else pt, title_align="left")


def _citations(part: CitationsPart, english: bool) -> RenderableType:
    lines = [("Sources:" if english else "Fontes:")]
    for index, item in enumerate(part.items, 1):
        where = f" — {item.section}" if item.section else ""
        lines.append(f"  {index}. {item.title or item.source}{where} ({item.source})")
    return Text("\n".join(lines), style="dim")


def _export(part: ExportPart, english: bool) -> RenderableType:
    rows = max(len([line for line in part.content.splitlines() if line.strip()]) - 1, 0)
    size = f"{rows} rows" if english else f"{rows} linhas"
    what = f"CSV, {size}" if part.format == "csv" else "Markdown"
    hint = "its content is in --json" if english else "o conteúdo sai com --json"
    label = "export" if english else "exportação"
    return Text(f"{label}: {part.filename} ({what}; {hint})", style="cyan")


def part_renderable(part: Part, english: bool) -> RenderableType:
    if isinstance(part, TablePart):
        return _table(part, english)
    if isinstance(part, LogPart):
        return _log(part)
    if isinstance(part, CardPart):
        return _card(part, english)
    if isinstance(part, ActionPart):
        return _action(part, english)
    if isinstance(part, CitationsPart):
        return _citations(part, english)
    return _export(part, english)


def print_result(result: RoutingResult, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False)
    english = result.language == "en"
    # A line break in an answer is meant (one fact a line): keep it as a hard break.
    console.print(Markdown(result.answer.replace("\n", "  \n")))
    for part in result.parts:
        console.print()
        console.print(part_renderable(part, english))
