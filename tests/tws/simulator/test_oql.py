"""The OQL subset the simulator understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from resync.tws.simulator.oql import Field, OQLError, compile_oql, compile_query


@dataclass
class Row:
    name: str
    status: str
    rc: int | None
    start: datetime | None


FIELDS = {
    "name": Field(lambda r: r.name),
    "status": Field(lambda r: r.status),
    "returnCode": Field(lambda r: r.rc, "int"),
    "startTime": Field(lambda r: r.start, "datetime"),
}
ROWS = [
    Row("PAYROLL_01", "ABEND", 12, datetime(2026, 3, 10, 8, tzinfo=UTC)),
    Row("PAYROLL_02", "HOLD", None, None),
    Row("LOAD_FILES", "ABEND", 2, datetime(2026, 3, 10, 7, tzinfo=UTC)),
    Row("O'BRIEN_JOB", "SUCC", 0, datetime(2026, 3, 9, 23, tzinfo=UTC)),
]


def names(query: str) -> list[str]:
    predicate = compile_oql(query, FIELDS)
    return [row.name for row in ROWS if predicate(row)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["PAYROLL_01", "PAYROLL_02", "LOAD_FILES", "O'BRIEN_JOB"]),
        ("name = 'PAYROLL_01' AND status = 'ABEND'", ["PAYROLL_01"]),
        ("name = 'payroll_01'", ["PAYROLL_01"]),
        ("status != 'ABEND'", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("name LIKE 'PAYROLL@'", ["PAYROLL_01", "PAYROLL_02"]),
        ("name LIKE '%FILES'", ["LOAD_FILES"]),
        ("name NOT LIKE 'PAYROLL@'", ["LOAD_FILES", "O'BRIEN_JOB"]),
        ("status IN ('HOLD', 'SUCC')", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("status NOT IN ('ABEND')", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("(name = 'LOAD_FILES' OR name = 'PAYROLL_02') AND status = 'ABEND'", ["LOAD_FILES"]),
        ("name = 'LOAD_FILES' OR name = 'PAYROLL_02' AND status = 'ABEND'", ["LOAD_FILES"]),
        ("NOT (status = 'ABEND')", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("returnCode > 4", ["PAYROLL_01"]),
        ("returnCode >= 0 AND returnCode <= 2", ["LOAD_FILES", "O'BRIEN_JOB"]),
        ("startTime >= '2026-03-10T00:00:00Z'", ["PAYROLL_01", "LOAD_FILES"]),
        ("startTime < '2026-03-10T07:30:00'", ["LOAD_FILES", "O'BRIEN_JOB"]),
        ("name = 'O''BRIEN_JOB'", ["O'BRIEN_JOB"]),
    ],
)
def test_queries(query: str, expected: list[str]) -> None:
    assert names(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "key.name = 'X'",
        "name = ",
        "name = 'X' AND",
        "(name = 'X'",
        "name 'X'",
        "name = 'unterminated",
        "startTime > 'yesterday'",
        "name = 'X' extra",
    ],
)
def test_bad_queries_are_rejected(query: str) -> None:
    with pytest.raises(OQLError):
        compile_oql(query, FIELDS)


def ordered(query: str) -> list[str]:
    return [row.name for row in compile_query(query, FIELDS).apply(ROWS)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status IN ['HOLD', 'SUCC']", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("status NOT IN [ 'ABEND' ]", ["PAYROLL_02", "O'BRIEN_JOB"]),
        ("NAME = 'LOAD_FILES'", ["LOAD_FILES"]),
        ("return_code > 4", ["PAYROLL_01"]),
        ("ORDER BY name", ["LOAD_FILES", "O'BRIEN_JOB", "PAYROLL_01", "PAYROLL_02"]),
        ("status = 'ABEND' ORDER BY name DESC", ["PAYROLL_01", "LOAD_FILES"]),
        ("ORDER BY returnCode DESC", ["PAYROLL_01", "LOAD_FILES", "O'BRIEN_JOB", "PAYROLL_02"]),
        (
            "ORDER BY status ASC, startTime DESC",
            ["PAYROLL_01", "LOAD_FILES", "PAYROLL_02", "O'BRIEN_JOB"],
        ),
    ],
)
def test_documented_syntax(query: str, expected: list[str]) -> None:
    assert ordered(query) == expected


def test_a_many_valued_field_matches_when_one_value_does() -> None:
    fields = {"name": FIELDS["name"], "tags": Field(lambda r: r.tags, many=True)}
    rows = [Tagged("A", ["X", "Y"]), Tagged("B", ["Z"]), Tagged("C", [])]
    for query, expected in [
        ("tags = 'y'", ["A"]),
        ("tags IN ['Z', 'Y']", ["A", "B"]),
        ("NOT tags = 'X'", ["B", "C"]),
    ]:
        assert [r.name for r in compile_query(query, fields).apply(rows)] == expected


@dataclass
class Tagged:
    name: str
    tags: list[str]


@pytest.mark.parametrize(
    "query", ["status IN ['A')", "ORDER name", "ORDER BY nothing", "name = 'X' ORDER BY"]
)
def test_bad_documented_syntax_is_rejected(query: str) -> None:
    with pytest.raises(OQLError):
        compile_query(query, FIELDS)
