"""What each connection test of the admin console does, given the live object it tests."""

from __future__ import annotations

import time
from typing import Any

from resync.agents.llm import LLMClient
from resync.configuration.probes import NotConfigured, Probe
from resync.db.engine import Database
from resync.knowledge.embeddings import EmbeddingsClient
from resync.tws.client import HWAClient


def hwa_check(client: HWAClient) -> Probe:
    async def check() -> dict[str, Any]:
        info = await client.engine_info(cached=False)
        started = time.perf_counter()
        jobs = await client.list_jobs(limit=1)
        query_ms = round((time.perf_counter() - started) * 1000, 1)
        job = jobs[0] if jobs else None
        return {
            "engine": info.engine_name,
            "version": info.version,
            "host": info.host,
            "simulated": info.simulated,
            "breaker": client.http.breaker.state.value,
            "query_ms": query_ms,
            "sample_job": f"{job.job_stream}.{job.name} ({job.state.value})" if job else None,
        }

    return check


def llm_check(llm: LLMClient | None) -> Probe:
    async def check() -> dict[str, Any]:
        if llm is None:
            raise NotConfigured("nenhum LLM configurado (RESYNC_LLM_BASE_URL vazio)")
        answer = await llm.complete("Responda apenas: ok", max_tokens=16, temperature=0)
        return {"model": llm.model, "answer": answer.strip()[:80]}

    return check


def embeddings_check(client: EmbeddingsClient | None) -> Probe:
    async def check() -> dict[str, Any]:
        if client is None:
            raise NotConfigured("sem embeddings (RESYNC_KNOWLEDGE_EMBEDDINGS_URL vazio)")
        vectors = await client.embed(["teste de conexão"])
        return {"model": client.model, "dimensions": len(vectors[0])}

    return check


def database_check(db: Database) -> Probe:
    async def check() -> dict[str, Any]:
        seconds = await db.ping()
        return {"dialect": db.dialect, "url": db.safe_url(), "ping_ms": round(seconds * 1000, 1)}

    return check


def redis_check(url: str) -> Probe:
    async def check() -> dict[str, Any]:
        if not url.strip():
            raise NotConfigured("sem Redis (RESYNC_REDIS_URL vazio): eventos ficam no processo")
        import redis.asyncio as redis

        client: Any = redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        try:
            await client.ping()
            info = await client.info("server")
        finally:
            await client.aclose()
        return {"version": info.get("redis_version"), "mode": info.get("redis_mode")}

    return check
