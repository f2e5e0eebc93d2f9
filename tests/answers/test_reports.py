"""Reports: a table plus CSV and Markdown exports, and the shift summary."""

from __future__ import annotations

import csv
import io

from resync.contract.handlers import HandlerReply
from resync.contract.result import ExportPart
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import ask, column, plan_jobs, table


def export(reply: HandlerReply, fmt: str) -> ExportPart:
    found = [p for p in reply.parts if isinstance(p, ExportPart) and p.format == fmt]
    assert len(found) == 1
    return found[0]


async def test_report_of_todays_abends(services: Services) -> None:
    expected = {job.name for job in await plan_jobs(services, JobState.ABEND)}
    reply = await ask(services, "relatório dos abends de hoje", intent="reporting")
    assert set(column(table(reply), "job")) == expected
    rows = list(csv.DictReader(io.StringIO(export(reply, "csv").content), delimiter=";"))
    assert {row["job"] for row in rows} == expected
    assert {row["state"] for row in rows} == {"ABEND"}
    markdown = export(reply, "markdown")
    assert markdown.filename.endswith(".md") and export(reply, "csv").filename.endswith(".csv")
    assert all(f"| {name} |" in markdown.content for name in expected)
    assert all(f"| {name} |" in reply.answer for name in expected)  # complete without parts


async def test_export_failed_jobs_to_csv(services: Services) -> None:
    failed = await plan_jobs(services, JobState.ABEND, JobState.FAIL, JobState.ERROR)
    reply = await ask(services, "export failed jobs to CSV", intent="reporting")
    assert "```csv\n" in reply.answer
    block = reply.answer.split("```csv\n", 1)[1].split("```", 1)[0]
    rows = list(csv.DictReader(io.StringIO(block), delimiter=";"))
    assert {row["job"] for row in rows} == {job.name for job in failed}
    assert {row["id"] for row in rows} == {job.id for job in failed}
    assert block == export(reply, "csv").content


async def test_shift_summary(services: Services) -> None:
    reply = await ask(services, "resumo do turno", intent="reporting")
    assert reply.answer.startswith("**Resumo do turno — turno (últimas 8 h)**")
    assert "Para o próximo turno acompanhar" in reply.answer
    assert "prompts sem resposta: MONTH_END_02" in reply.answer
    failed = {job.name for job in await plan_jobs(services, JobState.ABEND, JobState.FAIL)}
    assert set(column(table(reply), "job")) == failed
    english = await ask(services, "give me the shift handover summary")
    assert english.answer.startswith("**Shift summary")
