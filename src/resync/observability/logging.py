"""One logging pipeline: structlog and the stdlib (uvicorn included) render the same JSON.

Follows structlog's "Rendering using structlog-based formatters within logging":
structlog events are wrapped for ``ProcessorFormatter``; stdlib records go through
``foreign_pre_chain``. Both get the same processors, so every line is one JSON object
with a ``trace_id`` ("n/a" outside a request) and secrets redacted.
"""

from __future__ import annotations

import logging
import re
import sys
from functools import lru_cache
from typing import Any, TextIO

import orjson
import structlog
from structlog.tracebacks import ExceptionDictTransformer
from structlog.types import EventDict, Processor

from resync.observability.context import get_trace_id

NO_TRACE = "n/a"
REDACTED = "[REDACTED]"

_SECRET_KEYS = re.compile(
    r"pass(word|wd)?|secret|token|authorization|api[_-]?key|credential|cookie|webhook",
    re.IGNORECASE,
)
# Values that look like secrets wherever they appear in text.
_SECRET_PATTERNS = [
    (re.compile(r"(?i)(authorization:\s*)(basic|bearer)\s+[\w\-.~+/=]+"), r"\1\2 " + REDACTED),
    (re.compile(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9\-._~+/]{12,}=*"), r"\1 " + REDACTED),
    (re.compile(r"https://[\w.-]*(webhook\.office\.com|logic\.azure\.com)/\S+"), REDACTED),
    (
        re.compile(
            r"(?i)\b(password|passwd|pwd|api[_-]?key|token|secret|ticket)(\s*[=:]\s*)([^\s&,;\"]+)"
        ),
        r"\1\2" + REDACTED,
    ),
    (re.compile(r"(//[^/:@\s]+:)[^/@\s]+@"), r"\1" + REDACTED + "@"),
]


# One cheap search decides whether the patterns above need to run at all.
_MAYBE_SECRET = re.compile(
    r"(?i)basic|bearer|webhook|azure\.com|pass|pwd|api.?key|token|secret|ticket|//[^/\s]*@"
)


@lru_cache(maxsize=1024)
def _is_secret_key(key: str) -> bool:
    return bool(_SECRET_KEYS.search(key)) and key not in {"token_id", "token_name"}


def redact_text(text: str) -> str:
    if not _MAYBE_SECRET.search(text):
        return text
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(key: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if _is_secret_key(key):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(key, v) for v in value]
    return value


_NOT_REDACTED = frozenset({"timestamp", "level", "logger", "trace_id", "event_id"})


def redact_secrets(_: Any, __: str, event_dict: EventDict) -> EventDict:
    for key, value in event_dict.items():
        if key in _NOT_REDACTED or value is None or type(value) in (int, float, bool):
            continue
        event_dict[key] = _redact_value(key, value)
    return event_dict


# uvicorn's access and WebSocket lines quote the request line, query string included
# (``"WebSocket /ws/chat?ticket=…" [accepted]``): the query string never reaches the log.
_REQUEST_LINE_QUERY = re.compile(
    r"((?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|WebSocket) [^\s?\"]*)\?[^\s\"]*"
)


def redact_request_queries(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event = event_dict.get("event")
    if isinstance(event, str) and str(event_dict.get("logger", "")).startswith("uvicorn"):
        event_dict["event"] = _REQUEST_LINE_QUERY.sub(r"\1?" + REDACTED, event)
    return event_dict


def add_trace_id(_: Any, __: str, event_dict: EventDict) -> EventDict:
    if not event_dict.get("trace_id"):
        event_dict["trace_id"] = get_trace_id() or NO_TRACE
    return event_dict


def _drop_color_message(_: Any, __: str, event_dict: EventDict) -> EventDict:
    # uvicorn adds a copy of its message with ANSI colours for its own formatter.
    event_dict.pop("color_message", None)
    return event_dict


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_id,
    ]


# No line is ever longer than this: a 500 once logged ~300 KB, every frame's locals.
MAX_LINE_CHARS = 16 * 1024
MAX_VALUE_CHARS = 2000
MAX_FRAMES = 12
_ESSENTIAL = ("timestamp", "level", "logger", "event", "trace_id", "correlation_id")

# Tracebacks as data without any frame's local variables (they held whole requests,
# settings and services), and never more than MAX_FRAMES frames.
_exception_to_dict = structlog.processors.ExceptionRenderer(
    ExceptionDictTransformer(show_locals=False, max_frames=MAX_FRAMES)
)


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + f"… [{len(value) - MAX_VALUE_CHARS} chars cut]"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shorten(v) for v in value[:50]]
    return value


def _json_dumps(obj: Any, **_: Any) -> str:
    """One JSON line of at most MAX_LINE_CHARS: long values are cut first, and a record
    still too long keeps only its essential fields."""
    line = orjson.dumps(obj, default=str).decode()
    if len(line) <= MAX_LINE_CHARS:
        return line
    line = orjson.dumps(_shorten(obj), default=str).decode()
    if len(line) <= MAX_LINE_CHARS:
        return line
    essential = {key: _shorten(obj[key]) for key in _ESSENTIAL if key in obj}
    essential["truncated_chars"] = len(line)
    return orjson.dumps(essential, default=str).decode()[:MAX_LINE_CHARS]


def configure_logging(level: str = "INFO", fmt: str = "json", stream: TextIO | None = None) -> None:
    shared = _shared_processors()
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if fmt == "console":
        final.append(redact_secrets)
        console = structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
        final.append(console)
    else:
        final += [_exception_to_dict, redact_secrets]
        final.append(structlog.processors.JSONRenderer(serializer=_json_dumps))
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            *shared,
            structlog.stdlib.ExtraAdder(),
            _drop_color_message,
            structlog.stdlib.PositionalArgumentsFormatter(),
            redact_request_queries,
        ],
        processors=final,
    )
    # One handler on the root logger; configuring again replaces it, never doubles lines.
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter)

    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "fastapi"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    for noisy in ("httpx", "httpcore", "aiosqlite", "asyncio", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    # Re-install even when already on: something (pytest, a library) may have swapped
    # warnings.showwarning since the last configuration, and captureWarnings(True) alone
    # would then be a no-op.
    logging.captureWarnings(False)
    logging.captureWarnings(True)
