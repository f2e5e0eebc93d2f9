"""The agents and routing pieces are wired into the app's services."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from resync.app import create_app
from resync.routing.decisions import RoutingDecision
from resync.settings import Settings
from tests.fixtures.llm_stub import running_llm_stub


def test_decisions_show_in_metrics_and_survive_a_restart(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        services = client.app.state.services  # type: ignore[attr-defined]
        assert services.llm is None  # no endpoint configured: deterministic answers
        assert (client.portal.call(services.agents.get_agent, "diagnostic_agent")).id
        services.decisions.record(
            RoutingDecision.create(
                message="quais jobs abendaram hoje?",
                trace_id="t-app",
                intent="status",
                confidence=0.9,
                mode="agentic",
                handler="agentic",
                decision_seconds=0.0001,
                handler_seconds=0.02,
            )
        )
        text = client.get("/metrics").text
        assert (
            'routing_decisions_total{handler="agentic",intent="status",mode="agentic",'
            'outcome="ok"} 1.0' in text
        )
        assert "llm_calls_total" in text
        assert "llm" not in client.get("/health").json()["components"]
    with TestClient(create_app(settings)) as client:  # a restart: shutdown flushed the buffer
        services = client.app.state.services  # type: ignore[attr-defined]
        recent = client.portal.call(services.decisions.recent, 5)
        assert [d.trace_id for d in recent] == ["t-app"]


def test_configured_llm_is_built_and_health_checked(tmp_path: Path) -> None:
    with running_llm_stub() as stub:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=tmp_path, llm_base_url=stub.base_url, llm_model="stub-model", _env_file=None
        )
        with TestClient(create_app(settings)) as client:
            assert client.app.state.services.llm.model == "stub-model"  # type: ignore[attr-defined]
            health = client.get("/health", auth=("admin", "resync-admin")).json()
            assert health["components"]["llm"]["status"] == "ok"
            assert health["components"]["llm"]["required"] is False
