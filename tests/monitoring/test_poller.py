"""The poller against the simulator: one alert per condition, raised in time, resolved when
it clears, never raised twice (not even by a restarted process)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from resync.monitoring.poller import Poller
from resync.tws.models import JobState
from resync.tws.simulator import ids
from tests.monitoring.conftest import STEP_S, Rig


async def _open(poller: Poller, **filters: Any) -> list[dict[str, Any]]:
    return (await poller.alerts.query(status="open", limit=500, **filters))[1]


async def test_every_failed_job_gives_exactly_one_alert_and_a_restart_adds_none(rig: Rig) -> None:
    poller = rig.poller()
    await poller.poll_once()
    failed = await _open(poller, kind="job_failed")
    assert sorted(a["job_id"] for a in failed) == sorted(rig.failed())
    assert len(failed) == len({a["key"] for a in failed}) >= 9
    again = await poller.poll_once()
    assert again["raised"] == []
    restarted = rig.poller()
    after_restart = await restarted.poll_once()
    assert after_restart["raised"] == []
    assert len(await _open(restarted, kind="job_failed")) == len(failed)


@pytest.mark.timeout(600)
async def test_a_later_abend_is_alerted_at_the_next_poll_and_its_rerun_resolves_it(
    rig: Rig,
) -> None:
    poller = rig.poller()
    await poller.poll_once()
    risk = rig.job("RISK_VAR_03")
    for _ in range(60):
        rig.engine.clock.advance(STEP_S)
        event = await poller.poll_once()
        if risk.state is JobState.ABEND:
            break
        assert not [a for a in event["raised"] if a["job_name"] == "RISK_VAR_03"]
    assert risk.state is JobState.ABEND
    assert [a["kind"] for a in event["raised"] if a["job_name"] == "RISK_VAR_03"] == ["job_failed"]
    await rig.tws.rerun(ids.job_id(risk))
    for _ in range(20):
        rig.engine.clock.advance(STEP_S)
        event = await poller.poll_once()
        if rig.job("RISK_VAR_03").state is JobState.SUCC:
            break
    assert rig.job("RISK_VAR_03").state is JobState.SUCC
    resolved = [a for a in event["resolved"] if a["job_name"] == "RISK_VAR_03"]
    assert [a["kind"] for a in resolved] == ["job_failed"]
    assert all(a["job_name"] != "RISK_VAR_03" for a in await _open(poller, kind="job_failed"))


@pytest.mark.timeout(900)
async def test_each_rule_fires_on_its_case_and_the_deadline_risk_before_the_deadline(
    rig: Rig,
) -> None:
    poller = rig.poller()
    first: dict[tuple[str, str], datetime] = {}
    ids: dict[tuple[str, str], int] = {}
    wanted = {
        ("workstation_down", "AGT_LNX02"),
        ("stream_stuck", "JS_PAYROLL"),
        ("job_late_start", "MONTH_END_01"),
        ("long_running", "DW_FULL_LOAD"),
        ("long_running", "CASH_MGMT_01"),
        ("prompt_waiting", "COLLECT_02"),
        ("deadline_risk", "DW_LOAD_02"),
        ("job_late_end", "DW_LOAD_02"),
        ("duration_anomaly", "CASH_MGMT_01"),
    }
    for _ in range(60):
        event = await poller.poll_once()
        now = rig.engine.clock.now()
        for alert in event["raised"]:
            name = alert["job_name"] or alert["job_stream"] or ""
            if alert["kind"] == "workstation_down":
                name = (await poller.alerts.get(alert["id"]))["workstation"]
            first.setdefault((alert["kind"], name), now)
            ids.setdefault((alert["kind"], name), alert["id"])
        if wanted <= set(first):
            break
        rig.engine.clock.advance(STEP_S)
    assert wanted <= set(first), wanted - set(first)
    after = rig.job("DW_LOAD_02")
    assert after.deadline is not None
    assert first[("deadline_risk", "DW_LOAD_02")] < after.deadline
    assert first[("job_late_end", "DW_LOAD_02")] >= after.deadline
    prompted = rig.job("COLLECT_02")
    assert prompted.state is JobState.HOLD  # still waiting for its reply
    risk = await poller.alerts.get(ids[("deadline_risk", "DW_LOAD_02")])
    assert risk["severity"] == "critical" and "DW_FULL_LOAD" in risk["detail"]
    assert risk["status"] == "resolved" and risk["resolved_by"] == "system"  # now late instead
    assert ("deadline_risk", "COLLECT_01") not in first  # on time: no false alarm


async def test_hwa_down_gives_one_alert_backs_off_and_recovery_resolves_it(rig: Rig) -> None:
    poller = rig.poller()
    await poller.poll_once()
    known = len(await _open(poller))
    rig.fault(status=503, count=1000)
    for _ in range(3):
        await poller.poll_once()
    down = await _open(poller, kind="hwa_unreachable")
    assert len(down) == 1
    assert len(await _open(poller)) == known + 1  # nothing else raised nor resolved
    assert poller.delay() > poller.interval_s
    rig.clear_faults()
    event = await poller.poll_once()
    assert [a["kind"] for a in event["resolved"]] == ["hwa_unreachable"]
    assert poller.delay() == poller.interval_s
