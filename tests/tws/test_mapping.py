"""Reading HWA job JSON: v2 flat objects, v1 nested ones, odd or unknown values."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

from resync.tws import mapping
from resync.tws.models import CommonStatus, DependencyKind, JobState


def test_a_v2_job_with_its_dependencies() -> None:
    job = mapping.job(
        {
            "id": "MDM;0AAA;PAYROLL_01",
            "name": "PAYROLL_01",
            "jobStreamName": "JS_PAYROLL",
            "jobStreamId": "MDM;0AAA",
            "workstationName": "FTA01",
            "status": "abend",
            "commonStatus": "ERROR",
            "returnCode": "12",
            "startTime": "2026-03-10T07:00:00Z",
            "endTime": "2026-03-10T07:01:30Z",
            "estimatedDuration": 60,
            "dependencies": [
                {"type": "follows", "jobName": "LOAD", "status": "succ", "satisfied": True},
                {"type": "RESOURCE", "name": "TAPE"},
                {"type": "telepathy", "jobName": "X", "status": "NOT_A_STATE"},
                "not an object",
            ],
        }
    )
    assert job.state is JobState.ABEND and job.common_status is CommonStatus.ERROR
    assert job.return_code == 12 and job.duration == 90.0 and job.estimated_duration == 60.0
    assert job.start_time == datetime(2026, 3, 10, 7, tzinfo=UTC)
    kinds = [(d.kind, d.state, d.detail) for d in job.dependencies]
    assert kinds == [
        (DependencyKind.FOLLOWS, JobState.SUCC, ""),
        (DependencyKind.RESOURCE, None, "TAPE"),
        (DependencyKind.FOLLOWS, None, ""),  # unknown kind and state: the defaults
    ]


def test_a_v1_job_with_nested_objects_and_unknown_states() -> None:
    data = {
        "id": "MDM;0BBB;COLLECT_01",
        "jobDefinition": MappingProxyType({"name": "COLLECT_01", "taskString": "run.sh"}),
        "jobStreamInPlan": {
            "name": "JS_COLLECT",
            "id": "MDM;0BBB",
            "workstationKey": {"name": "MDM"},
            "startTime": 1773126000000,
        },
        "status": {"internalStatus": "SOMETHING_NEW", "commonStatus": "held"},
    }
    job = mapping.job(MappingProxyType(data))
    assert (job.name, job.job_stream, job.workstation) == ("COLLECT_01", "JS_COLLECT", "MDM")
    assert job.command == "run.sh"
    assert job.state is JobState.HOLD  # an unknown state reads as HOLD
    assert job.common_status is CommonStatus.HELD
    assert job.scheduled_time == datetime(2026, 3, 10, 7, tzinfo=UTC)
