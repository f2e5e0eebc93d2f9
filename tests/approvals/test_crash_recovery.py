"""A crash between the execution claim and HWA's answer, with real processes: the Resync
server dies (SIGKILL) while the engine has applied a rerun whose answer never came back.
The restarted server shows the request as ``outcome_unknown``; a re-check reads the plan
and resolves it without a second rerun. Also: concurrent approvals over real HTTP."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.processes import free_port, python_process, wait_http

ADMIN_PASSWORD = "crash-Admin-pass-1"
OTTO = ("otto", "otto-Secret-pass-1")
OLGA = ("olga", "olga-Secret-pass-2")
SIM_AUTH = ("wauser", "wapassword")
JUSTIFICATION = "Reprocessar após correção do arquivo de entrada."


def _wait_for(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sim_port = free_port()
        self.sim = f"http://127.0.0.1:{self.sim_port}/twsd"
        self.exit = ExitStack()
        self.logs: list[Path] = []

    def start_simulator(self) -> None:
        workdir = self.tmp / "sim"
        workdir.mkdir()
        args = ["-m", "tests.fixtures.hwa_simulator_process", str(self.sim_port), str(workdir)]
        proc, _, _ = self.exit.enter_context(python_process(args, {}, workdir))
        wait_http(f"{self.sim}/api/v2/engine/info", proc=proc)

    def start_resync(self, name: str) -> tuple[Any, str]:
        port = free_port()
        logdir = self.tmp / name
        logdir.mkdir()
        env = {
            "RESYNC_DATA_DIR": str(self.tmp / "var"),
            "RESYNC_HWA_URL": self.sim,
            "RESYNC_HWA_READ_TIMEOUT": "120",
            "RESYNC_HWA_CACHE_TTL": "0",
            "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "RESYNC_APPROVALS_FOUR_EYES": "false",
            "RESYNC_LOG_LEVEL": "DEBUG",
        }
        args = ["-m", "resync", "serve", "--port", str(port)]
        proc, out, err = self.exit.enter_context(python_process(args, env, logdir))
        self.logs += [out, err]
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/health/live", proc=proc, timeout=30)
        return proc, base

    def plan_instances(self, name: str) -> list[dict[str, Any]]:
        answer = httpx.get(
            f"{self.sim}/api/v2/plan/job", params={"oql": f"name = '{name}'"}, auth=SIM_AUTH
        )
        answer.raise_for_status()
        results: list[dict[str, Any]] = answer.json()["results"]
        return results


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    instance = Stack(tmp_path)
    with instance.exit:
        instance.start_simulator()
        yield instance


def _request(http: httpx.Client, target: str) -> dict[str, Any]:
    created = http.post(
        "/api/v1/approvals",
        auth=OTTO,
        json={"action": "rerun", "target": target, "justification": JUSTIFICATION},
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def test_a_crash_after_the_claim_leaves_a_visible_resolvable_state(stack: Stack) -> None:
    server, base = stack.start_resync("first")
    with httpx.Client(base_url=base, timeout=30) as http:
        for username, password in (OTTO, OLGA):
            created = http.post(
                "/api/v1/users",
                auth=("admin", ADMIN_PASSWORD),
                json={"username": username, "password": password, "role": "operator"},
            )
            assert created.status_code == 201
        request = _request(http, "PAYROLL_01")
    assert len(stack.plan_instances("PAYROLL_01")) == 1

    (stack.tmp / "sim" / "lose-answers").touch()
    approve_url = f"{base}/api/v1/approvals/{request['id']}/approve"
    thread = threading.Thread(
        target=lambda: _ignore_errors(
            lambda: httpx.post(approve_url, auth=OLGA, json={"comment": "ok"}, timeout=60)
        ),
        daemon=True,
    )
    thread.start()
    _wait_for((stack.tmp / "sim" / "action-applied").exists)
    server.send_signal(signal.SIGKILL)  # dies between the claim and the outcome
    server.wait(10)
    (stack.tmp / "sim" / "lose-answers").unlink()
    assert len(stack.plan_instances("PAYROLL_01")) == 2  # the engine did rerun it

    _, base = stack.start_resync("second")
    with httpx.Client(base_url=base, timeout=30) as http:
        seen = http.get(f"/api/v1/approvals/{request['id']}", auth=OTTO).json()
        assert seen["status"] == "outcome_unknown" and "re-check" in seen["reason"]
        listed = http.get("/api/v1/approvals", auth=OTTO, params={"status": "outcome_unknown"})
        assert [r["id"] for r in listed.json()] == [request["id"]]
        # Approving again is impossible: nothing can send the rerun a second time.
        again = http.post(f"/api/v1/approvals/{request['id']}/approve", auth=OLGA, json={})
        assert again.status_code == 409

        resolved = http.post(f"/api/v1/approvals/{request['id']}/recheck", auth=OLGA)
        assert resolved.status_code == 200, resolved.text
        body = resolved.json()
        assert body["status"] == "succeeded" and "olga" in body["reason"]
        [rerun] = [j for j in stack.plan_instances("PAYROLL_01") if j["rerunNumber"] == 1]
        assert body["result"]["new_ids"] == [rerun["id"]] != [request["plan_id"]]
        assert http.post(f"/api/v1/approvals/{request['id']}/recheck", auth=OLGA).status_code == 409

        # Two operators approving one request at the same moment: one rerun.
        other = _request(http, "CARD_SETTLE_03")
        answers: list[httpx.Response] = []
        barrier = threading.Barrier(2)

        def approve(who: tuple[str, str]) -> None:
            barrier.wait()
            answers.append(
                httpx.post(
                    f"{base}/api/v1/approvals/{other['id']}/approve",
                    auth=who,
                    json={"comment": "go"},
                    timeout=30,
                )
            )

        racers = [threading.Thread(target=approve, args=(who,)) for who in (OTTO, OLGA)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(30)
        assert sorted(a.status_code for a in answers) == [200, 409]
        assert next(a for a in answers if a.status_code == 200).json()["status"] == "succeeded"
        audit = http.get("/api/v1/audit", auth=("admin", ADMIN_PASSWORD), params={"limit": 200})
        actions = [e["action"] for e in audit.json()]
        assert "approval.outcome_unknown" in actions and "approval.recheck" in actions
    assert len(stack.plan_instances("PAYROLL_01")) == 2
    assert len(stack.plan_instances("CARD_SETTLE_03")) == 2

    text = "\n".join(path.read_text() for path in stack.logs)
    assert '"approval_outcome_unknown"' in text
    for secret in (ADMIN_PASSWORD, OTTO[1], OLGA[1], SIM_AUTH[1]):
        assert secret not in text, "a credential reached the server's logs"


def _ignore_errors(call: Any) -> None:
    with suppress(httpx.HTTPError):
        call()
