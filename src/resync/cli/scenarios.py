"""Starting the services a scenario run needs: a throwaway database, the simulator, no LLM."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import typer

from resync.scenarios.model import Scenario
from resync.scenarios.runner import ScenarioOutcome, ScenarioRunner


def run_scenarios(
    scenarios: list[Scenario], seed: int, start: datetime, *, show_progress: bool
) -> list[ScenarioOutcome]:
    from resync.observability.logging import configure_logging
    from resync.observability.metrics import Metrics
    from resync.services import Services
    from resync.settings import Settings

    configure_logging("WARNING", "json", stream=sys.stderr)

    def progress(outcome: ScenarioOutcome) -> None:
        if show_progress:
            typer.echo("." if outcome.passed else "F", nl=False, err=True)

    async def main(workdir: Path) -> list[ScenarioOutcome]:
        settings = Settings(
            _env_file=None,
            data_dir=workdir,
            database_url="",
            redis_url="",
            hwa_url="",
            hwa_sim_seed=seed,
            hwa_sim_start=start,
            hwa_sim_clock_speed=0,
            llm_base_url="",
            knowledge_embeddings_url="",
        )
        services = await Services.start(settings, Metrics())
        try:
            assert services.simulator is not None  # no HWA URL: the embedded simulator
            runner = ScenarioRunner(
                services.chat,
                services.users,
                services.approvals,
                services.simulator,
                services.tws.cache.invalidate,
            )
            return await runner.run(scenarios, progress)
        finally:
            await services.close()

    with tempfile.TemporaryDirectory(prefix="resync-scenarios-") as workdir:
        outcomes = asyncio.run(main(Path(workdir)))
    if show_progress:
        typer.echo("", err=True)
    return outcomes
