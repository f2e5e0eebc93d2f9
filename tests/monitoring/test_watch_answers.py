"""Watches and alerts asked in the chat: set, list, cancel (never a plan change), and the
active alerts read from the alert store once the poller has read the plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from resync.classifier.classifier import IntentClassifier
from tests.fixtures.auth_clients import ADMIN


@pytest.mark.parametrize(
    "text",
    [
        "cancela o aviso do PAYROLL_01",
        "cancele o aviso do JS_PAYROLL",
        "cancel the PAYROLL_01 watch",
    ],
)
def test_cancelling_a_watch_is_monitoring_not_a_cancel_of_the_job(text: str) -> None:
    verdict = IntentClassifier().classify(text)
    assert verdict.primary_intent.value == "monitoring" and verdict.action is None
    assert verdict.mentions("watch_cancel")


def _chat(client: TestClient, text: str, conversation: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"text": text}
    if conversation:
        body["conversation_id"] = conversation
    answer = client.post("/api/v1/chat", json=body, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    reply: dict[str, Any] = answer.json()
    return reply


def test_set_list_and_cancel_watches_then_alerts_from_the_store(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(monitoring_poll_seconds=3600, hwa_sim_clock_speed=0)
    stream = _chat(client, "avise se algum job do JS_PAYROLL abendar")
    assert "JS_PAYROLL" in stream["answer"] and "falhar" in stream["answer"]
    job = _chat(client, "notify me when CRM_SYNC_05 starts")
    assert "CRM_SYNC_05 starts" in job["answer"]
    listed = _chat(client, "quais avisos eu tenho?")
    assert "2 avisos abertos" in listed["answer"]
    cancelled = _chat(client, "cancela o aviso do JS_PAYROLL")
    assert "Cancelei 1 aviso" in cancelled["answer"]
    assert "1 aviso aberto" in _chat(client, "quais avisos eu tenho?")["answer"]
    assert "Nada cancelado" in _chat(client, "cancela o aviso do PIX_RECON_04")["answer"]
    approvals = client.get("/api/v1/approvals", headers=ADMIN).json()
    assert approvals == []  # no plan change was asked for
    poller = client.app.state.services.poller  # type: ignore[attr-defined]
    client.portal.call(poller.poll_once)  # type: ignore[union-attr]
    alerts = _chat(client, "quais alertas estão ativos?")
    tables = [p for p in alerts["parts"] if p["kind"] == "table"]
    assert tables and tables[0]["columns"][0] == "severidade"
    assert any("PAYROLL_01" in row[1] for row in tables[0]["rows"])
