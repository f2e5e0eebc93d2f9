"""``resync eval``: offline quality measurements of Resync's components."""

from __future__ import annotations

import typer

from resync.knowledge.evaluation import eval_kb

app = typer.Typer(help="Measure quality offline on labelled data sets.", no_args_is_help=True)
app.command("kb")(eval_kb)
