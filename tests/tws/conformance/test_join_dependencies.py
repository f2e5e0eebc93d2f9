"""JOIN dependencies (``join NAME N OF … endjoin``) in the v2 shape of the Developer's Guide.

The guide's "listing and releasing job stream dependencies" page shows a JOIN as
``{"dependencyType": "JOIN", "satisfied", "joinName", "joinQuantity", "members": [...]}``
with follows-shaped members (``conditional: true``), and sends it back as it came to
``release-dependencies`` / ``remove-dependencies``.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.tws.conformance.calls import client
from tests.tws.conformance.test_devguide_v2 import one
from tests.tws.conftest import SimServer


def path(job: dict[str, Any]) -> str:
    return "/api/v2/plan/job/" + job["id"].replace(";", "%3B")


def joins(http: httpx.Client, job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    current = http.get(path(job)).json()
    return {d["joinName"]: d for d in current["dependencies"] if d["dependencyType"] == "JOIN"}


def test_the_plan_has_a_join(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        stats = one(http, "/api/v2/plan/job", "name = 'UPDATESTATS'")
        [join] = [d for d in stats["dependencies"] if d["dependencyType"] == "JOIN"]
        assert join["joinName"] == "PLAN_SWITCHED" and join["joinQuantity"] == 1
        assert join["satisfied"] is False
        assert [m["jobName"] for m in join["members"]] == ["MAKEPLAN", "SWITCHPLAN"]
        for member in join["members"]:
            assert member["dependencyType"] == "INTERNAL_JOB" and member["conditional"] is True
            assert member["jobStreamName"] == "FINAL" and member["dependencyStatus"] == "UNDECIDED"
        kinds = sorted(d["dependencyType"] for d in stats["dependencies"])
        assert kinds == ["INTERNAL_JOB", "JOIN", "TIME"]  # a JOIN counts as one dependency
        assert stats["dependenciesStats"]["numberOfDependencies"] == 3
        successors = http.get(
            "/api/v2/plan/job", params={"oql": "dependencies.jobName = 'SWITCHPLAN'"}
        ).json()
        assert {j["name"] for j in successors["results"]} == {"CREATEPOSTREPORTS", "UPDATESTATS"}
        predecessors = http.get(path(stats) + "/predecessors").json()
        names = {p.get("jobName") for p in predecessors["results"] if p["depth"] == 1}
        assert names == {"CREATEPOSTREPORTS", "MAKEPLAN", "SWITCHPLAN", None}  # None: its time


def test_add_release_and_remove_a_join(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        ended = one(http, "/api/v2/plan/job", "name = 'NIGHTLY_01'")
        waiting = one(http, "/api/v2/plan/job", "name = 'MAKEPLAN'")
        job = one(http, "/api/v2/plan/job", "name = 'STARTAPPSERVER'")
        assert (ended["status"], waiting["status"], job["status"]) == ("SUCC", "HOLD", "SCHED")
        members = [{"jobId": ended["id"]}, {"jobId": waiting["id"]}]

        def add(name: str, quantity: int) -> httpx.Response:
            join = {"dependencyType": "JOIN", "joinName": name, "joinQuantity": quantity}
            body = {"dependencies": [{**join, "members": members}]}
            return http.post(path(job) + "/action/add-dependencies", json=body)

        assert add("ONE_OF_TWO", 1).status_code == 200
        assert joins(http, job)["ONE_OF_TWO"]["satisfied"] is True
        assert http.get(path(job)).json()["status"] == "SCHED"  # waits for its time only
        assert add("BOTH", 0).status_code == 200  # 0: all of them
        both = joins(http, job)["BOTH"]
        assert both["satisfied"] is False and both["joinQuantity"] == 0
        assert [m["satisfied"] for m in both["members"]] == [True, False]
        assert http.get(path(job)).json()["status"] == "HOLD"
        # Released as the guide sends it: the JOIN object, which names no id.
        shown = {k: v for k, v in both.items() if k != "id"}
        released = http.put(
            path(job) + "/action/release-dependencies", json={"dependencies": [shown]}
        )
        assert released.status_code == 200, released.text
        assert joins(http, job)["BOTH"]["satisfied"] is True
        assert http.get(path(job)).json()["status"] == "SCHED"
        removed = http.put(path(job) + "/action/remove-dependencies", json={"dependencies": [both]})
        assert removed.status_code == 200
        assert set(joins(http, job)) == {"ONE_OF_TWO"}
        assert add("ONE_OF_TWO", 1).status_code == 409  # the name is taken
        assert add("TOO_MANY", 3).status_code == 400  # more than its members
        assert add("", 1).status_code == 400 and add("A_NAME_OF_17_CHAR", 1).status_code == 400
        empty = {"dependencyType": "JOIN", "joinName": "EMPTY", "members": []}
        refused = http.post(path(job) + "/action/add-dependencies", json={"dependencies": [empty]})
        assert refused.status_code == 400 and refused.json()["exceptionName"]
