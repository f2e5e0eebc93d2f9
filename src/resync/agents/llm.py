"""Client for any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LiteLLM).

``POST {base_url}/chat/completions`` over httpx with explicit timeouts, optional SSE
streaming of content deltas, and tool calling (``tools`` in, ``tool_calls`` out). Every
failure becomes an :class:`~resync.agents.errors.LLMError` subclass; every call is
counted by outcome and timed on the app's Prometheus registry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram

from resync import __version__
from resync.agents.errors import LLMBadResponse, LLMError, LLMTimeout, LLMUnavailable
from resync.settings import Settings

log = structlog.get_logger(__name__)

Message = dict[str, Any]
OnDelta = Callable[[str], Awaitable[None]]

OUTCOMES = ("ok", "timeout", "error", "fallback")
LLM_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)


class LLMMetrics:
    """``llm_calls_total{outcome}`` and ``llm_call_seconds``; one per app registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.calls = Counter(
            "llm_calls_total",
            "LLM calls by outcome (ok, timeout, error; fallback: a deterministic answer "
            "was given instead of the LLM's).",
            ["outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "llm_call_seconds", "Latency of LLM calls.", buckets=LLM_BUCKETS, registry=registry
        )
        self._children = {outcome: self.calls.labels(outcome) for outcome in OUTCOMES}

    def record(self, outcome: str, seconds: float | None = None) -> None:
        self._children[outcome].inc()
        if seconds is not None:
            self.latency.observe(seconds)

    def record_fallback(self) -> None:
        """Count a deterministic answer given because the LLM was absent or failed."""
        self._children["fallback"].inc()


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text, exactly as the model produced it

    def as_message_part(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass
class ChatResponse:
    content: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    model: str = ""
    usage: dict[str, Any] = field(default_factory=dict)

    def as_message(self) -> Message:
        """The assistant message to append to the conversation before tool results."""
        message: Message = {"role": "assistant", "content": self.content or None}
        if self.tool_calls:
            message["tool_calls"] = [call.as_message_part() for call in self.tool_calls]
        return message


class LLMClient:
    def __init__(
        self,
        base_url: str,
        *,
        model: str,
        metrics: LLMMetrics,
        api_key: str = "",
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        max_tokens: int = 1024,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        url = httpx.URL(base_url.strip())
        self.base_url = url
        self.model = model
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.max_tokens = max_tokens
        self.metrics = metrics
        headers = {"User-Agent": f"resync/{__version__}", "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
            if url.host.endswith(".azure.com"):  # Azure OpenAI takes its key in api-key
                headers["api-key"] = api_key
        self._completions_url = url.copy_with(path=url.path.rstrip("/") + "/chat/completions")
        self._models_url = url.copy_with(path=url.path.rstrip("/") + "/models")
        self._http = httpx.AsyncClient(headers=headers, transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings, metrics: LLMMetrics) -> LLMClient | None:
        """The configured client, or None when no endpoint is set (deterministic answers)."""
        if not settings.llm_base_url.strip():
            return None
        return cls(
            settings.llm_base_url,
            model=settings.llm_model,
            metrics=metrics,
            api_key=settings.llm_api_key.get_secret_value(),
            timeout=settings.llm_timeout,
            connect_timeout=settings.llm_connect_timeout,
            max_tokens=settings.llm_max_tokens,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def _timeouts(self, timeout: float) -> httpx.Timeout:
        return httpx.Timeout(timeout, connect=min(self.connect_timeout, timeout))

    def _payload(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None,
        tool_choice: str | None,
        model: str | None,
        temperature: float | None,
        max_tokens: int | None,
        stream: bool,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": model or self.model,
            "messages": messages,
            "max_tokens": max_tokens or self.max_tokens,
        }
        if temperature is not None:
            payload["temperature"] = temperature
        if tools:
            payload["tools"] = tools
            if tool_choice:
                payload["tool_choice"] = tool_choice
        if stream:
            payload["stream"] = True
        return payload

    async def chat(
        self,
        messages: list[Message],
        *,
        tools: list[dict[str, Any]] | None = None,
        tool_choice: str | None = None,
        model: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        time_limit: float | None = None,
        on_delta: OnDelta | None = None,
    ) -> ChatResponse:
        """One chat completion. With ``on_delta`` it streams (SSE) and calls it per delta.

        ``time_limit`` (seconds) bounds the whole call, capped by the client's timeout;
        it is also the connect/read timeout of the HTTP exchange.
        """
        limit = min(time_limit, self.timeout) if time_limit is not None else self.timeout
        if limit <= 0:
            self.metrics.record("timeout", 0.0)
            raise LLMTimeout("no time left for an LLM call")
        stream = on_delta is not None
        payload = self._payload(
            messages, tools, tool_choice, model, temperature, max_tokens, stream
        )
        started = time.perf_counter()
        try:
            async with asyncio.timeout(limit):
                if on_delta is not None:
                    response = await self._post_stream(payload, on_delta, limit)
                else:
                    response = await self._post(payload, limit)
        except (TimeoutError, httpx.TimeoutException) as exc:
            self.metrics.record("timeout", time.perf_counter() - started)
            log.warning("llm_timeout", model=payload["model"], timeout_s=limit)
            raise LLMTimeout(f"the LLM did not answer within {limit:g}s") from exc
        except httpx.HTTPError as exc:
            self.metrics.record("error", time.perf_counter() - started)
            log.warning("llm_unreachable", error=type(exc).__name__, detail=str(exc))
            raise LLMUnavailable(f"LLM endpoint unreachable: {type(exc).__name__}") from exc
        except LLMError as exc:
            outcome = "timeout" if isinstance(exc, LLMTimeout) else "error"
            self.metrics.record(outcome, time.perf_counter() - started)
            log.warning("llm_call_failed", error=exc.code, detail=exc.detail)
            raise
        seconds = time.perf_counter() - started
        self.metrics.record("ok", seconds)
        log.info(
            "llm_call",
            model=response.model or payload["model"],
            ms=round(seconds * 1000, 1),
            tool_calls=[call.name for call in response.tool_calls],
            finish_reason=response.finish_reason,
            streamed=stream,
        )
        return response

    async def stream(self, messages: list[Message], **kwargs: Any) -> AsyncIterator[str]:
        """Yield content deltas as they arrive (no tools)."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        async def put(delta: str) -> None:
            await queue.put(delta)

        async def run() -> None:
            try:
                await self.chat(messages, on_delta=put, **kwargs)
            finally:
                await queue.put(None)

        task = asyncio.create_task(run())
        try:
            while (delta := await queue.get()) is not None:
                yield delta
            await task  # re-raises the call's LLMError, if any
        finally:
            if not task.done():
                task.cancel()

    async def complete(self, prompt: str, *, system: str | None = None, **kwargs: Any) -> str:
        """The answer text for one prompt (and an optional system message)."""
        messages: list[Message] = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": prompt})
        return (await self.chat(messages, **kwargs)).content

    async def ping(self) -> dict[str, Any]:
        """Health check: ``GET {base}/models`` answers (no tokens spent)."""
        response = await self._http.get(self._models_url, timeout=self._timeouts(5.0))
        if response.status_code >= 400:
            raise _http_error(response.status_code, response.text)
        return {"model": self.model, "endpoint": str(self.base_url.copy_with(query=None))}

    async def _post(self, payload: dict[str, Any], limit: float) -> ChatResponse:
        response = await self._http.post(
            self._completions_url,
            content=orjson.dumps(payload),
            timeout=self._timeouts(limit),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code >= 400:
            raise _http_error(response.status_code, response.text)
        try:
            body = orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise LLMBadResponse("the LLM answered with something that is not JSON") from exc
        return _parse_completion(body)

    async def _post_stream(
        self, payload: dict[str, Any], on_delta: OnDelta, limit: float
    ) -> ChatResponse:
        assembly = _StreamAssembly()
        async with self._http.stream(
            "POST",
            self._completions_url,
            content=orjson.dumps(payload),
            timeout=self._timeouts(limit),
            headers={"Content-Type": "application/json", "Accept": "text/event-stream"},
        ) as response:
            if response.status_code >= 400:
                raise _http_error(response.status_code, (await response.aread()).decode())
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    chunk = orjson.loads(data)
                except orjson.JSONDecodeError as exc:
                    raise LLMBadResponse("the LLM stream carried a malformed event") from exc
                delta = assembly.add(chunk)
                if delta:
                    await on_delta(delta)
        return assembly.result()


class _StreamAssembly:
    """Rebuilds one ChatResponse from streamed chunks (content and tool-call fragments)."""

    def __init__(self) -> None:
        self.content: list[str] = []
        self.calls: dict[int, dict[str, str]] = {}
        self.finish_reason: str | None = None
        self.model = ""
        self.usage: dict[str, Any] = {}

    def add(self, chunk: Any) -> str:
        if not isinstance(chunk, dict):
            raise LLMBadResponse("the LLM stream carried a malformed event")
        if "error" in chunk:
            raise LLMBadResponse(f"the LLM reported an error mid-stream: {_error_text(chunk)}")
        self.model = chunk.get("model") or self.model
        self.usage = chunk.get("usage") or self.usage
        choices = chunk.get("choices") or []
        if not choices:
            return ""
        choice = choices[0]
        self.finish_reason = choice.get("finish_reason") or self.finish_reason
        delta = choice.get("delta") or {}
        for fragment in delta.get("tool_calls") or []:
            slot = self.calls.setdefault(
                int(fragment.get("index", len(self.calls))), {"id": "", "name": "", "args": ""}
            )
            function = fragment.get("function") or {}
            slot["id"] = fragment.get("id") or slot["id"]
            slot["name"] += function.get("name") or ""
            slot["args"] += function.get("arguments") or ""
        text = delta.get("content") or ""
        if text:
            self.content.append(text)
        return str(text)

    def result(self) -> ChatResponse:
        calls = [
            ToolCall(id=slot["id"] or f"call_{index}", name=slot["name"], arguments=slot["args"])
            for index, slot in sorted(self.calls.items())
        ]
        if any(not call.name for call in calls):
            raise LLMBadResponse("the LLM streamed a tool call without a name")
        return ChatResponse(
            content="".join(self.content),
            tool_calls=calls,
            finish_reason=self.finish_reason,
            model=self.model,
            usage=self.usage,
        )


def _parse_completion(body: Any) -> ChatResponse:
    try:
        choice = body["choices"][0]
        message = choice["message"]
        calls = [
            ToolCall(
                id=str(call.get("id") or f"call_{index}"),
                name=str(call["function"]["name"]),
                arguments=_arguments_text(call["function"].get("arguments")),
            )
            for index, call in enumerate(message.get("tool_calls") or [])
        ]
        content = message.get("content") or ""
        if not isinstance(content, str):
            raise TypeError("content is not text")
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMBadResponse("the LLM answer has no usable choice/message") from exc
    return ChatResponse(
        content=content,
        tool_calls=calls,
        finish_reason=choice.get("finish_reason"),
        model=str(body.get("model") or ""),
        usage=body.get("usage") or {},
    )


def _arguments_text(arguments: Any) -> str:
    if arguments is None:
        return "{}"
    if isinstance(arguments, str):
        return arguments
    return orjson.dumps(arguments).decode()  # some servers (Ollama) send an object


def _error_text(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)[:300]
        if error:
            return str(error)[:300]
    return str(body)[:300]


def _http_error(status: int, text: str) -> LLMError:
    try:
        detail = _error_text(orjson.loads(text))
    except orjson.JSONDecodeError:
        detail = text[:300]
    if status == 408:
        return LLMTimeout(f"the LLM endpoint timed out (HTTP 408): {detail}")
    if status in (401, 403):
        return LLMUnavailable(f"the LLM endpoint refused our credentials (HTTP {status})")
    if status == 429 or status >= 500:
        return LLMUnavailable(f"the LLM endpoint is unavailable (HTTP {status}): {detail}")
    return LLMBadResponse(f"the LLM endpoint rejected the request (HTTP {status}): {detail}")
