"""Reading the cause of a failure from log lines the demo plan does not show."""

from __future__ import annotations

import pytest

from resync.plan.causes import Cause, incident_agrees, read_cause, same_failure
from resync.plan.joblog import LogLine


def _read(*texts: str) -> Cause | None:
    return read_cause([LogLine(number, text) for number, text in enumerate(texts, 1)])


@pytest.mark.parametrize(
    ("lines", "kind", "details"),
    [
        (["IEC030I B37-04,IFG0554A,PRD01,STEP1,OUTPUT"], "dataset_space", {}),
        (
            ["ERROR could not connect to mq-prod-02.bank.local"],
            "connection_refused",
            {"host": "mq-prod-02.bank.local"},
        ),
        (
            ["cp: /data/out/x.csv: Permission denied"],
            "permission_denied",
            {"path": "/data/out/x.csv"},
        ),
        (
            [
                "scanning",
                "ls: cannot access '/in/a.txt': No such file or directory",
                "ERROR file not received from the transmission",
            ],
            "transfer_missing",
            {"path": "/in/a.txt"},
        ),
        (
            ["ls: cannot access '/in/b.txt': No such file or directory"],
            "file_missing",
            {"path": "/in/b.txt"},
        ),
        (
            ["INFO processing", "Killed (signal 9) by the operator's kill request"],
            "operator_kill",
            {},
        ),
        (["java.lang.OutOfMemoryError: Java heap space"], "exception", {}),
        (["kernel: Out of memory: Killed process 4242 (java)"], "out_of_memory", {}),
        (["INFO processing", "Killed"], "killed", {}),
        (["INFO all good", "ERROR exiting with return code 8"], None, {}),
    ],
)
def test_rules(lines: list[str], kind: str | None, details: dict[str, str]) -> None:
    cause = _read(*lines)
    assert (cause.kind if cause else None) == kind
    if cause is not None:
        assert details.items() <= cause.details.items()


def test_the_first_failure_is_the_cause_and_later_ones_consequences() -> None:
    cause = _read(
        "VSAM FILE PRD.A.KSDS OPEN RC=08 FEEDBACK=0074",
        "java.lang.IllegalStateException: closed",
    )
    assert cause is not None and cause.kind == "vsam_open" and cause.line.number == 1


def test_same_failure_means_same_kind_and_object() -> None:
    one = _read("ERROR java.lang.NullPointerException")
    other = _read("2026-12-02 ERROR java.lang.NullPointerException")
    third = _read("ERROR java.io.IOException")
    assert one and other and third
    assert same_failure(one, other) and not same_failure(one, third)


def test_an_incident_agrees_on_platform_and_kind() -> None:
    space = {"cause": "O dataset de saída ficou sem espaço", "fix": "SPACE aumentado"}
    linux = _read("sort: write failed: /data/w/t.tmp: No space left on device")
    assert not incident_agrees(space, linux, zos=False)  # a z/OS data set, a Linux job
    assert incident_agrees(space, _read("IEC030I B37-04,IFG0554A"), zos=True)
