"""The client reads the v2 shapes the Developer's Guide shows next to the older ones.

The documented payloads below follow the guide's examples (ids, names and times
changed); each older-shape twin must read the same.
"""

from __future__ import annotations

from datetime import UTC, datetime

from resync.tws import mapping
from resync.tws.models import DependencyKind, JobStreamState, WorkstationType

DOCUMENTED_STREAM = {
    "flowNodeType": "JOBSTREAM",
    "id": "9daec769-39e0-3283-9006-2933c84d3c78",
    "planId": "57c9a3d5-e6a0-3f0d-96c4-c65602a069b2",
    "folderId": "742ba6a6-31aa-3051-b810-3ced4fc624b4",
    "folder": "/",
    "name": "FINALPOSTREPORTS",
    "workstationId": "af930748-42c6-3440-be71-4d9ee1050130",
    "workstation": "/MASTER_XA",
    "status": "HOLD",
    "startTime": "2026-03-10T21:59:00Z",
}
OLDER_STREAM = {
    "id": "9daec769-39e0-3283-9006-2933c84d3c78",
    "name": "FINALPOSTREPORTS",
    "workstationName": "MASTER_XA",
    "status": "HOLD",
    "startTime": "2026-03-10T21:59:00Z",
}


def test_a_documented_job_stream_reads_like_the_older_one() -> None:
    documented = mapping.job_stream(DOCUMENTED_STREAM)
    assert documented.workstation == "MASTER_XA" and documented.state is JobStreamState.HOLD
    assert documented == mapping.job_stream(OLDER_STREAM)
    in_folder = mapping.job_stream({**DOCUMENTED_STREAM, "workstation": "/EU/MASTER_XA"})
    assert in_folder.workstation == "MASTER_XA"


DOCUMENTED_DEPENDENCY = {
    "dependencyType": "EXTERNAL_JOB",
    "id": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3",
    "dependencyStatus": "UNDECIDED",
    "satisfied": False,
    "jobId": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3",
    "jobName": "SWITCHPLAN",
    "jobStreamId": "659aa50d-8128-3d11-9977-8390004c2a06",
    "jobStreamName": "FINAL",
    "jobStreamWorkstation": "/MASTER_XA",
    "jobStreamSchedTime": "2026-03-10T21:59:00Z",
    "jobStreamFolder": "/",
    "pending": False,
}
OLDER_DEPENDENCY = {
    "type": "follows",
    "jobId": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3",
    "jobName": "SWITCHPLAN",
    "jobStreamName": "FINAL",
    "workstationName": "MASTER_XA",
    "satisfied": False,
}


def test_documented_dependencies_read_like_the_older_ones() -> None:
    documented = mapping.dependency(DOCUMENTED_DEPENDENCY)
    assert documented.job_stream_id == "659aa50d-8128-3d11-9977-8390004c2a06"
    assert documented.job_stream_time == datetime(2026, 3, 10, 21, 59, tzinfo=UTC)
    same = {"job_stream_id": None, "job_stream_time": None}
    assert documented.model_copy(update=same) == mapping.dependency(OLDER_DEPENDENCY)
    assert documented.kind is DependencyKind.FOLLOWS and documented.workstation == "MASTER_XA"
    kinds = {
        kind: mapping.dependency({"dependencyType": kind, "satisfied": True}).kind
        for kind in ("INTERNAL_JOB", "EXTERNAL_JOBSTREAM", "RESOURCE", "PROMPT", "TIME", "FILE")
    }
    assert kinds == {
        "INTERNAL_JOB": DependencyKind.FOLLOWS,
        "EXTERNAL_JOBSTREAM": DependencyKind.FOLLOWS,
        "RESOURCE": DependencyKind.RESOURCE,
        "PROMPT": DependencyKind.PROMPT,
        "TIME": DependencyKind.AT,
        "FILE": DependencyKind.FILE,
    }


def test_a_job_with_only_a_workstation_path_and_documented_dependencies() -> None:
    job = mapping.job(
        {
            "id": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3",
            "name": "SWITCHPLAN",
            "jobStreamName": "FINAL",
            "jobStreamId": "659aa50d-8128-3d11-9977-8390004c2a06",
            "jobStreamWorkstation": "/MDM",
            "workstation": "/MASTER_XA",
            "status": "HOLD",
            "startTime": "2026-03-10T21:59:00Z",
            "dependencies": [DOCUMENTED_DEPENDENCY],
        }
    )
    assert job.workstation == "MASTER_XA" and job.start_time == datetime(
        2026, 3, 10, 21, 59, tzinfo=UTC
    )
    assert job.pending_dependencies[0].job_name == "SWITCHPLAN"
    assert job.job_stream_workstation == "MDM"  # from the field: a UUID names no workstation
    assert job.chain_id == "659aa50d-8128-3d11-9977-8390004c2a06;SWITCHPLAN"


def test_an_older_job_without_the_field_names_its_stream_workstation_in_its_id() -> None:
    job = mapping.job({"id": "MDM;0CCC;REPORT_01", "name": "REPORT_01", "status": "SUCC"})
    assert job.job_stream_workstation == "MDM" and job.chain_id == job.id
    documented = mapping.job({"id": "612f1cd8-89a8-30c0-ab27-da8f5c89b0d3", "name": "J"})
    assert documented.job_stream_workstation == ""  # never guessed from a UUID


def test_model_ids_in_def_or_at_the_top() -> None:
    documented = {
        "kind": "JobStream",
        "key": "/WA_DA#/JS-API",
        "def": {"id": "26dc6d8d-5cff-4002-8346-8027ea50f81c", "name": "JS-API"},
    }
    assert mapping.model_id(documented) == "26dc6d8d-5cff-4002-8346-8027ea50f81c"
    assert mapping.model_id({"id": "JS00017", "key": {"name": "JS-API"}}) == "JS00017"
    assert mapping.model_id({"kind": "JobStream"}) == ""


def test_workstation_types_in_either_case() -> None:
    for sent, expected in [
        ("POOL", WorkstationType.POOL),
        ("pool", WorkstationType.POOL),
        ("REM_ENG", WorkstationType.REM_ENG),
        ("rem-eng", WorkstationType.REM_ENG),
        ("D_POOL", WorkstationType.D_POOL),
    ]:
        assert mapping.workstation({"name": "W", "type": sent}).type is expected
