from __future__ import annotations

import io
import json
import logging
import warnings

import structlog

from resync.observability.context import RequestContext
from resync.observability.logging import configure_logging


def _capture() -> io.StringIO:
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream=stream)
    return stream


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_structlog_stdlib_and_warnings_share_one_json_pipeline() -> None:
    stream = _capture()
    ctx = RequestContext(correlation_id="trace-log-1").bind()
    try:
        structlog.get_logger("resync.test").info("job_listed", count=3)
        logging.getLogger("uvicorn.error").warning("plain %s message", "stdlib")
        warnings.warn("careful", UserWarning, stacklevel=1)
    finally:
        ctx.reset()
    records = _lines(stream)
    assert [r["event"] for r in records][:2] == ["job_listed", "plain stdlib message"]
    assert any("careful" in str(r["event"]) for r in records)
    assert all(r["trace_id"] == "trace-log-1" for r in records)
    assert records[0]["count"] == 3


def test_outside_a_request_trace_id_is_na() -> None:
    stream = _capture()
    structlog.get_logger("resync.test").info("tick")
    assert _lines(stream)[0]["trace_id"] == "n/a"


def test_configuring_twice_never_duplicates_lines() -> None:
    _capture()
    stream = _capture()
    logging.getLogger("resync.test").info("once")
    assert len(stream.getvalue().splitlines()) == 1


def test_secrets_are_redacted() -> None:
    stream = _capture()
    log = structlog.get_logger("resync.test")
    log.info("login", username="ana", password="hunter2", api_key="k-123")
    log.info("call", header="Authorization: Basic d2F1c2VyOndhcGFzc3dvcmQ=")
    log.info("notify", url="https://contoso.webhook.office.com/webhookb2/secret-path")
    logging.getLogger("x").info("connecting to postgresql://app:s3cret@db/resync")
    text = stream.getvalue()
    for secret in ("hunter2", "k-123", "d2F1c2VyOndhcGFzc3dvcmQ=", "secret-path", "s3cret"):
        assert secret not in text
    assert '"username":"ana"' in text


def test_exceptions_render_as_structured_tracebacks() -> None:
    stream = _capture()
    try:
        raise ValueError("bad value")
    except ValueError:
        structlog.get_logger("resync.test").exception("failed")
    record = _lines(stream)[0]
    assert isinstance(record["exception"], list)
    assert record["exception"][0]["exc_type"] == "ValueError"


def test_no_line_is_longer_than_the_cap() -> None:
    from resync.observability.logging import MAX_LINE_CHARS

    stream = _capture()
    log = structlog.get_logger("resync.test")
    log.info("huge_value", body="x" * 300_000)
    log.info("many_values", **{f"field_{n}": "y" * 1500 for n in range(40)})
    try:
        raise ValueError("z" * 100_000)
    except ValueError:
        log.exception("huge_exception")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert all(len(line) <= MAX_LINE_CHARS for line in lines)
    records = [json.loads(line) for line in lines]  # still one JSON object per line
    assert [r["event"] for r in records] == ["huge_value", "many_values", "huge_exception"]


def test_query_strings_of_uvicorn_request_lines_are_redacted() -> None:
    stream = _capture()
    for name in ("uvicorn.access", "uvicorn.error"):  # as a server run leaves them
        logging.getLogger(name).disabled = False
        logging.getLogger(name).setLevel(logging.NOTSET)
    access = logging.getLogger("uvicorn.access")
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/x?ticket=abc123&a=1", "1.1", 200)
    logging.getLogger("uvicorn.error").info('1.2.3.4:5 - "WebSocket /ws/chat?t=zz9" [accepted]')
    text = stream.getvalue()
    assert "abc123" not in text and "zz9" not in text
    assert "/ws/chat?[REDACTED]" in text
