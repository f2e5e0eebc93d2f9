"""How plan data reads in an answer: times in the plan's zone, durations, tables, CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from resync.contract.result import TablePart
from resync.plan.schemas import JobRow

MAX_ROWS_IN_TEXT = 15  # rows spelled out in the answer text; the table part holds them all
MAX_ROWS_IN_TABLE = 200
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))  # 00 … 59


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def when(value: datetime | None, zone: ZoneInfo, *, date: bool = False) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(zone)
    # strftime("%d/%m %H:%M") spelled out: a few times cheaper, and tables call this a lot
    two = _TWO_DIGITS
    if date:
        return f"{two[local.day]}/{two[local.month]} {two[local.hour]}:{two[local.minute]}"
    return f"{two[local.hour]}:{two[local.minute]}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def join_names(names: Sequence[str], language: str, limit: int = MAX_ROWS_IN_TEXT) -> str:
    shown = list(names[:limit])
    extra = len(names) - len(shown)
    if extra > 0:
        shown.append(f"+{extra} " + ("others" if language == "en" else "outros"))
    if len(shown) <= 1:
        return "".join(shown)
    last = " and " if language == "en" else " e "
    return ", ".join(shown[:-1]) + last + shown[-1]


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


JOB_COLUMNS_PT = ["job", "job stream", "workstation", "estado", "rc", "início", "fim", "duração"]
JOB_COLUMNS_EN = ["job", "job stream", "workstation", "state", "rc", "start", "end", "duration"]


def job_cells(job: JobRow, zone: ZoneInfo, *, date: bool = False) -> list[Any]:
    rc: Any = job.return_code if job.return_code is not None else ""
    if job.abend_code:
        rc = f"{rc} ({job.abend_code})" if rc != "" else job.abend_code
    return [
        job.name,
        job.job_stream,
        job.workstation,
        job.state,
        rc,
        when(job.start, zone, date=date),
        when(job.end, zone, date=date),
        duration(job.duration_s),
    ]


def job_columns(language: str) -> list[str]:
    return list(JOB_COLUMNS_EN if language == "en" else JOB_COLUMNS_PT)


def job_table(
    jobs: Sequence[JobRow],
    title: str,
    language: str,
    zone: ZoneInfo,
    *,
    total: int | None = None,
    date: bool = False,
) -> TablePart:
    shown = jobs[:MAX_ROWS_IN_TABLE]
    return TablePart(
        title=title,
        columns=job_columns(language),
        rows=[job_cells(job, zone, date=date) for job in shown],
        total=total if total is not None else len(jobs),
    )


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |"]
    lines.append("| " + " | ".join("---" for _ in columns) + " |")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV for spreadsheets in pt-BR: ``;`` separated, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def job_export_rows(jobs: Iterable[JobRow]) -> tuple[list[str], list[list[Any]]]:
    """Stable columns and ISO times for exports (a file outlives the plan's display zone)."""
    columns = [
        "workstation_stream",
        "job_stream",
        "job",
        "workstation",
        "state",
        "return_code",
        "abend_code",
        "start",
        "end",
        "duration_s",
        "id",
    ]

    def iso(value: datetime | None) -> str:
        return value.isoformat(timespec="seconds") if value else ""

    data = [
        [
            job.stream_workstation,
            job.job_stream,
            job.name,
            job.workstation,
            job.state,
            "" if job.return_code is None else job.return_code,
            job.abend_code or "",
            iso(job.start),
            iso(job.end),
            "" if job.duration_s is None else round(job.duration_s),
            job.id,
        ]
        for job in jobs
    ]
    return columns, data
