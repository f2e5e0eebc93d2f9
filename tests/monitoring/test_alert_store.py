"""Acknowledge, resolve and silence: each changes the alert as said and leaves an audit record."""

from __future__ import annotations

import pytest

from resync.monitoring.alerts import AlertNotFound, InvalidSilence
from tests.monitoring.conftest import Rig


async def test_ack_then_resolve_is_audited_and_not_raised_again_while_it_holds(rig: Rig) -> None:
    poller = rig.poller()
    await poller.poll_once()
    _, found = await poller.alerts.query(status="open", kind="job_failed", limit=100)
    alert = next(a for a in found if a["job_name"] == "PAYROLL_01")
    acked = await poller.alerts.acknowledge(alert["id"], "ana", "olhando o banco")
    assert acked["status"] == "acknowledged" and acked["acknowledged_by"] == "ana"
    assert (await poller.poll_once())["raised"] == []
    assert (await poller.alerts.get(alert["id"]))["status"] == "acknowledged"
    resolved = await poller.alerts.resolve(alert["id"], "ana", "rerun amanhã")
    assert resolved["status"] == "resolved" and resolved["resolved_by"] == "ana"
    event = await poller.poll_once()  # PAYROLL_01 still shows ABEND: held back, not re-raised
    assert not [a for a in event["raised"] if a["job_name"] == "PAYROLL_01"]
    audit = await rig.audit.query(actor="ana")
    assert [(e.action, e.target, e.detail["comment"]) for e in audit] == [
        ("monitoring.alert.resolve", f"alert:{alert['id']}", "rerun amanhã"),
        ("monitoring.alert.ack", f"alert:{alert['id']}", "olhando o banco"),
    ]
    with pytest.raises(AlertNotFound):
        await poller.alerts.acknowledge(999_999, "ana")


async def test_a_silence_keeps_matching_alerts_from_being_raised_and_is_audited(rig: Rig) -> None:
    poller = rig.poller()
    silence = await poller.alerts.silence(
        "bruno", "manutenção do agente", 60, workstation="AGT_LNX02"
    )
    event = await poller.poll_once()
    assert not [a for a in event["raised"] if a["kind"] == "workstation_down"]
    assert [s["id"] for s in await poller.alerts.silences()] == [silence["id"]]
    await poller.alerts.unsilence(silence["id"], "bruno")
    assert await poller.alerts.silences() == []
    event = await poller.poll_once()
    assert [a["kind"] for a in event["raised"]] == ["workstation_down"]
    actions = [e.action for e in await rig.audit.query(actor="bruno")]
    assert actions == ["monitoring.silence.remove", "monitoring.silence.add"]
    with pytest.raises(InvalidSilence):
        await poller.alerts.silence("bruno", "sem alvo", 60)
    with pytest.raises(InvalidSilence):
        await poller.alerts.silence("bruno", "", 60, kind="job_failed")
    with pytest.raises(InvalidSilence):
        await poller.alerts.silence("bruno", "x", 60, kind="nope")
