"""Prompts in the plan: listed, replied to, and what a reply does to the waiting job."""

from __future__ import annotations

from tests.tws.conformance.calls import client
from tests.tws.conftest import SimServer


def test_a_yes_reply_satisfies_the_prompt_dependency(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        prompts = http.get("/api/v2/plan/prompt").json()["results"]
        [prompt] = [p for p in prompts if "TAPE01" in p["text"]]
        assert prompt["status"] == "ASKED"
        job_path = "/api/v2/plan/job/" + prompt["jobId"].replace(";", "%3B")
        before = http.get(job_path).json()
        [dep] = [d for d in before["dependencies"] if d["dependencyType"] == "PROMPT"]
        assert dep["id"] == prompt["id"] and dep["satisfied"] is False
        path = f"/api/v2/plan/prompt/{prompt['id']}/action/reply"
        no = http.put(path, json={"reply": "NO"})
        assert no.status_code == 200 and no.json()["status"] == "ANSWERED_NO"
        still = http.get(job_path).json()
        assert [
            d["satisfied"] for d in still["dependencies"] if d["dependencyType"] == "PROMPT"
        ] == [False]
        yes = http.put(path, json={"reply": "YES"})
        assert yes.status_code == 200 and yes.json()["status"] == "ANSWERED_YES"
        after = http.get(job_path).json()
        assert [
            d["satisfied"] for d in after["dependencies"] if d["dependencyType"] == "PROMPT"
        ] == [True]
        assert http.put(path, json={"reply": "maybe"}).status_code == 400
        missing = http.put("/api/v2/plan/prompt/nope/action/reply", json={"reply": "YES"})
        assert missing.status_code == 404 and missing.json()["exceptionName"]
