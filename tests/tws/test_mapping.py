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
    assert job.job_stream_workstation == "MDM" and job.chain_id == "MDM;0BBB;COLLECT_01"
    assert job.command == "run.sh"
    assert job.state is JobState.HOLD  # an unknown state reads as HOLD
    assert job.common_status is CommonStatus.HELD
    assert job.scheduled_time == datetime(2026, 3, 10, 7, tzinfo=UTC)


V2_JOB = {
    "id": "MDM;0CCC;REPORT_01",
    "name": "REPORT_01",
    "jobStreamName": "JS_REPORT",
    "jobStreamId": "MDM;0CCC",
    "workstationName": "FTA02",
    "status": "SUCC",
    "commonStatus": "SUCCESSFUL",
    "startTime": "2026-03-10T07:00:00Z",
    "endTime": "2026-03-10T07:00:30Z",
    "elapsedTime": 0.0,
    "scheduledTime": "2026-03-10T06:55:00Z",
    "rerunNumber": 0,
    "taskString": "report.sh",
    "dependencies": [{"type": "at", "time": "2026-03-10T06:55:00Z", "satisfied": True}],
}


def test_flat_and_nested_reads_agree_on_a_v2_job() -> None:
    """A plain dict takes the one-lookup-per-field read; a read-only mapping walks every path."""
    fast = mapping.job(dict(V2_JOB))
    walked = mapping.job(MappingProxyType(V2_JOB))
    assert fast == walked
    assert fast.duration == 0.0  # a zero elapsed time is a value, not a missing one
    assert fast.dependencies[0].detail == "2026-03-10T06:55:00Z"
    assert mapping.jobs([dict(V2_JOB), dict(V2_JOB)]) == (fast, fast)


def test_an_alternative_name_next_to_v2_names_still_wins_where_it_did() -> None:
    """Any key only an alternative reads sends the object down the walk of all paths."""
    data = {
        **V2_JOB,
        "name": None,
        "jobName": "REPORT_ALIAS",
        "internalStatus": "ABEND",  # read before the flat ``status``
        "actualStart": "2026-03-10T08:00:00Z",  # read only when startTime has no value
        "rerunCount": 3,
    }
    job = mapping.job(data)
    assert job.name == "REPORT_ALIAS" and job.state is JobState.ABEND
    assert job.start_time == datetime(2026, 3, 10, 7, tzinfo=UTC)
    assert job.rerun_count == 0  # rerunNumber comes first and has a value
    assert mapping.jobs([data]) == (job,)


def test_a_status_object_under_the_flat_status_key_is_read_as_v1() -> None:
    data = {**V2_JOB, "status": {"internalStatus": "EXEC", "commonStatus": "RUNNING"}}
    del data["commonStatus"]
    job = mapping.job(data)
    assert job.state is JobState.EXEC and job.common_status is CommonStatus.RUNNING


def test_lower_case_states_and_missing_values_read_as_before() -> None:
    job = mapping.job({"id": "A;B;C", "name": "C", "status": "exec"})
    assert job.state is JobState.EXEC and job.common_status is CommonStatus.UNDECIDED
    assert (job.job_stream, job.workstation, job.start_time, job.rerun_count) == ("", "", None, 0)
