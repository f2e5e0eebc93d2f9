"""Variable substitution on submit: HCL's ``submit_jobstream_with_vars.py``, call by call.

The script finds the job stream definition, reads its ``variableTableId`` (or the
default table's ``id``) and submits with ``variableTableId`` and ``variableTable``, a
list of ``{key, value}`` from ``-v KEY:VALUE``. The FINAL job stream's definitions run
``^TWSHOME^/NAME``; the default table ``MAIN_TABLE`` says ``/opt/hcl/TWA/TWS``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from tests.tws.conformance.calls import WACONN, client
from tests.tws.conformance.test_python_samples import _model_id
from tests.tws.conftest import SimServer


def submit(http: httpx.Client, model_id: str, body: dict[str, Any]) -> httpx.Response:
    path = f"/plan/current/jobstream/{model_id}/action/submit_jobstream"
    return http.post(path, json=body, headers=WACONN)


def commands(http: httpx.Client, stream_id: str) -> dict[str, str]:
    jobs = http.post(
        "/plan/current/job/query",
        json={"filters": {"jobInPlanFilter": {"jobStreamId": stream_id}}},
        headers=WACONN,
    ).json()
    return {job["name"]: job["jobDefinition"]["taskString"] for job in jobs}


def test_submit_jobstream_with_vars_applies_them(sim_server: SimServer) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat()
    with client(sim_server) as http:
        model_id = _model_id(http, "FINAL", validIn=now)
        definition = http.get(f"/model/jobstream/{model_id}", headers=WACONN).json()
        assert "variableTableId" not in definition
        [table] = http.post(
            "/model/variabletable/header/query",
            json={"filters": {"variableTableFilter": {"isDefaultTable": True}}},
            headers={**WACONN, "How-Many": "1"},
        ).json()
        body = {
            "inputArrivalTime": now,
            "variableTableId": table["id"],
            "variableTable": [{"key": "TWSHOME", "value": "/srv/twa"}],
        }
        answer = submit(http, model_id, body)
        assert answer.status_code == 200, answer.text
        [stream_id] = answer.json()
        found = commands(http, stream_id)
        assert found["MAKEPLAN"] == "/srv/twa/MAKEPLAN"
        assert set(found.values()) == {f"/srv/twa/{name}" for name in found}
        # The job log shows the command it ran, substituted (submitted for the engine's now,
        # so that its first job starts).
        [running_id] = submit(http, model_id, {"variableTable": body["variableTable"]}).json()
        jobs = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobStreamId": running_id}}},
            headers=WACONN,
        ).json()
        started = next(job for job in jobs if job["status"]["internalStatus"] == "EXEC")
        log = http.get(f"/plan/current/job/{started['id']}/joblog", headers=WACONN).json()["log"]
        assert f"JCLFILE   : /srv/twa/{started['name']}" in log and "^TWSHOME^" not in log
        # The definition keeps the variable.
        [job_definition] = http.post(
            "/model/jobdefinition/header/query",
            json={"filters": {"jobDefinitionFilter": {"jobDefinitionName": "MAKEPLAN"}}},
            headers=WACONN,
        ).json()
        assert "^TWSHOME^" in str(job_definition)


def test_the_table_named_or_the_default_one(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        model_id = _model_id(http, "FINAL")
        tables = http.post(
            "/model/variabletable/header/query",
            json={"filters": {"variableTableFilter": {"variableTableName": "@"}}},
            headers=WACONN,
        ).json()
        assert {t["id"]: t["isDefaultTable"] for t in tables} == {
            "MAIN_TABLE": True,
            "DR_TABLE": False,
        }
        [other] = submit(http, model_id, {"variableTableId": "DR_TABLE"}).json()
        assert commands(http, other)["MAKEPLAN"] == "/dr/hcl/TWA/TWS/MAKEPLAN"
        [default] = submit(http, model_id, {}).json()
        assert commands(http, default)["MAKEPLAN"] == "/opt/hcl/TWA/TWS/MAKEPLAN"
        unknown = submit(http, model_id, {"variableTableId": "NO_SUCH_TABLE"})
        assert unknown.status_code == 404 and unknown.json()["exceptionName"]
        assert "NO_SUCH_TABLE" in unknown.json()["messages"][0]
        # The planned instance was resolved with the default table when the plan was made.
        planned = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobName": "SWITCHPLAN"}}},
            headers=WACONN,
        ).json()
        assert {j["jobDefinition"]["taskString"] for j in planned} >= {
            "/opt/hcl/TWA/TWS/SWITCHPLAN"
        }
