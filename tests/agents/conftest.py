from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from prometheus_client import CollectorRegistry

from resync.agents.llm import LLMClient, LLMMetrics
from tests.fixtures.llm_stub import LLMStub


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
async def llm(llm_stub: LLMStub, registry: CollectorRegistry) -> AsyncIterator[LLMClient]:
    client = LLMClient(
        llm_stub.base_url,
        model="stub-model",
        metrics=LLMMetrics(registry),
        api_key="sk-test-key",
        timeout=2.0,
        connect_timeout=1.0,
    )
    yield client
    await client.aclose()


def calls(registry: CollectorRegistry, outcome: str) -> float:
    return registry.get_sample_value("llm_calls_total", {"outcome": outcome}) or 0.0
