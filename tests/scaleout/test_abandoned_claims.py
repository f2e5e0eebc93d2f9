"""An approval executing on one replica while another starts: the starting one leaves the
claim alone (it is not its own restart); once the executing replica is killed, a live one
marks the request ``outcome_unknown`` when no execution can still be running, and a
re-check resolves it without a second rerun."""

from __future__ import annotations

import signal
import threading
from contextlib import suppress
from pathlib import Path

import httpx

from tests.fixtures.cluster import SIM_AUTH, Cluster, add_user, wait_for
from tests.fixtures.postgres import PostgresServer

OTTO = ("otto", "otto-Secret-pass-1")
OLGA = ("olga", "olga-Secret-pass-2")
QUICK_HWA = {
    "RESYNC_HWA_READ_TIMEOUT": "1",
    "RESYNC_HWA_CONNECT_TIMEOUT": "1",
    "RESYNC_HWA_READ_RETRIES": "0",
}


def _instances(cluster: Cluster, name: str) -> int:
    found = httpx.get(
        f"{cluster.sim}/api/v2/plan/job", params={"oql": f"name = '{name}'"}, auth=SIM_AUTH
    )
    return len(found.json()["results"])


def test_a_claim_survives_other_replicas_starting_and_is_flagged_once_its_owner_died(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_claims"))
    with cluster.exit:
        cluster.start_simulator()
        a = cluster.start("a")
        a.wait_ready()
        for user in (OTTO, OLGA):
            add_user(a, user)
        created = httpx.post(
            f"{a.base}/api/v1/approvals",
            auth=OTTO,
            json={"action": "rerun", "target": "PAYROLL_01", "justification": "Reprocessar já."},
            timeout=60,
        )
        assert created.status_code == 201, created.text
        request = created.json()
        (tmp_path / "sim" / "lose-answers").touch()

        def approve() -> None:
            with suppress(httpx.HTTPError):
                httpx.post(f"{a.base}/api/v1/approvals/{request['id']}/approve", auth=OLGA,
                           json={}, timeout=300)  # fmt: skip

        threading.Thread(target=approve, daemon=True).start()
        wait_for((tmp_path / "sim" / "action-applied").exists, what="the engine applying it")

        b = cluster.start("b")  # same settings as a: a's execution may still be running
        b.wait_ready()
        seen = httpx.get(f"{b.base}/api/v1/approvals/{request['id']}", auth=OTTO, timeout=60)
        assert seen.json()["status"] == "executing"

        a.proc.send_signal(signal.SIGKILL)  # its answer from HWA will never be recorded
        a.proc.wait(30)
        (tmp_path / "sim" / "lose-answers").unlink()
        c = cluster.start("c", **QUICK_HWA)  # knows executions end within seconds
        c.wait_ready()

        def flagged() -> bool:
            status = httpx.get(f"{c.base}/api/v1/approvals/{request['id']}", auth=OTTO, timeout=60)
            return status.json()["status"] == "outcome_unknown"

        wait_for(flagged, 180, "the abandoned claim flagged")
        resolved = httpx.post(
            f"{c.base}/api/v1/approvals/{request['id']}/recheck", auth=OLGA, timeout=60
        )
        assert resolved.status_code == 200, resolved.text
        assert resolved.json()["status"] == "succeeded"
        assert _instances(cluster, "PAYROLL_01") == 2  # rerun once, never resent
