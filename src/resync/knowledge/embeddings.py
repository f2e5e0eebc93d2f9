"""Optional dense retrieval: an OpenAI-compatible ``/embeddings`` endpoint.

Off unless ``RESYNC_KNOWLEDGE_EMBEDDINGS_URL`` is set. Every failure here is reported as
:class:`EmbeddingsUnavailable`; callers fall back to full-text results.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import httpx
import structlog

log = structlog.get_logger(__name__)

BATCH = 64


class EmbeddingsUnavailable(Exception):
    pass


class EmbeddingsClient:
    def __init__(
        self, base_url: str, model: str, *, api_key: str = "", timeout: float = 10.0
    ) -> None:
        headers = {"Content-Type": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.model = model
        self.url = base_url.rstrip("/") + "/embeddings"
        self._http = httpx.AsyncClient(headers=headers, timeout=timeout)

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            vectors += await self._embed_batch(list(texts[start : start + BATCH]))
        return vectors

    async def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        try:
            response = await self._http.post(self.url, json={"model": self.model, "input": texts})
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda item: item.get("index", 0))
            vectors = [normalise([float(x) for x in item["embedding"]]) for item in data]
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
            raise EmbeddingsUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if len(vectors) != len(texts):
            raise EmbeddingsUnavailable(f"asked {len(texts)} embeddings, got {len(vectors)}")
        return vectors

    async def close(self) -> None:
        await self._http.aclose()


def normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Both vectors are stored normalised, so the dot product is the cosine."""
    return sum(x * y for x, y in zip(a, b, strict=False))
