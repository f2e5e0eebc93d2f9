"""The client reads a JOIN (the Developer's Guide's shape) as the follows of its members."""

from __future__ import annotations

from resync.tws import mapping
from resync.tws.models import DependencyKind

MEMBER = {
    "dependencyType": "EXTERNAL_JOBSTREAM",
    "id": "9daec769-39e0-3283-9006-2933c84d3c78",
    "dependencyStatus": "UNDECIDED",
    "satisfied": False,
    "depSequence": 1000,
    "conditional": True,
    "jobStreamId": "9daec769-39e0-3283-9006-2933c84d3c78",
    "jobStreamName": "FINALPOSTREPORTS",
    "jobStreamWorkstation": "/MASTER_XA",
    "jobStreamSchedTime": "2026-03-10T21:59:00Z",
    "jobStreamFolder": "/",
}
JOIN = {
    "dependencyType": "JOIN",
    "satisfied": False,
    "joinName": "JOIN",
    "joinQuantity": 0,
    "members": [MEMBER, {**MEMBER, "jobStreamName": "FINAL", "satisfied": True}],
}


def test_a_join_reads_as_its_members() -> None:
    job = mapping.job(
        {
            "id": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3",
            "name": "TESTJOB",
            "jobStreamName": "TESTJS3",
            "workstation": "/MASTER_XA",
            "status": "HOLD",
            "dependencies": [JOIN],
        }
    )
    assert [(d.kind, d.job_stream, d.satisfied) for d in job.dependencies] == [
        (DependencyKind.FOLLOWS, "FINALPOSTREPORTS", False),
        (DependencyKind.FOLLOWS, "FINAL", True),
    ]
    assert [d.job_stream for d in job.pending_dependencies] == ["FINALPOSTREPORTS"]
