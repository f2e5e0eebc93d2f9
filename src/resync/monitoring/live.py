"""The realtime dashboard's data: one board per poll, built by the poller that read the plan
and carried on the event bus (topic ``monitoring``), so every process's ``/ws/monitoring``
sockets show it; each process keeps the latest board for the sockets that open later."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

import orjson
import structlog
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.requests import HTTPConnection

from resync.auth.dependencies import auth_service
from resync.auth.tickets import authenticate_socket
from resync.events import EventBus
from resync.monitoring.rules import PlanSnapshot
from resync.tws.models import JobState
from resync.wiring import component

log = structlog.get_logger(__name__)

TOPIC = "monitoring"
THROUGHPUT_STEP = timedelta(minutes=5)
THROUGHPUT_POINTS = 12  # the last hour
ALERTS_SHOWN = 50


def board(snapshot: PlanSnapshot, alerts: list[dict[str, Any]]) -> dict[str, Any]:
    """What the wall screen shows: counts, throughput, alerts, deadline risks, workstations."""
    now = snapshot.now
    current = [job for job in snapshot.jobs if job.is_last_in_chain and job.plan == "current"]
    throughput = [0] * THROUGHPUT_POINTS
    for job in current:
        if job.end_time is None or job.end_time > now:
            continue
        slot = int((now - job.end_time) / THROUGHPUT_STEP)
        if slot < THROUGHPUT_POINTS:
            throughput[THROUGHPUT_POINTS - 1 - slot] += 1
    by_id = {job.id: job for job in current}
    risks = []
    for alert in alerts:
        held = by_id.get(alert.get("job_id") or "")
        if alert["kind"] == "deadline_risk" and held is not None and held.deadline is not None:
            risks.append(
                {
                    "job_name": held.name,
                    "job_stream": held.job_stream,
                    "deadline": held.deadline.isoformat(),
                    "minutes_left": max(0, round((held.deadline - now).total_seconds() / 60)),
                    "title": alert["title"],
                    "texts": alert["texts"],
                }
            )
    return {
        "at": now.isoformat(),
        "counts": snapshot.counts(),
        "running": sum(1 for job in current if job.state is JobState.EXEC),
        "throughput": {"step_minutes": 5, "ended": throughput},
        "alerts": [_alert(alert) for alert in alerts[:ALERTS_SHOWN]],
        "alerts_total": len(alerts),
        "risks": risks,
        "workstations": [
            {"name": ws.name, "type": ws.type.value, "linked": ws.linked, "up": ws.available}
            for ws in snapshot.workstations
        ],
    }


def _alert(alert: dict[str, Any]) -> dict[str, Any]:
    fields = ("id", "kind", "severity", "status", "title", "texts", "job_name", "job_stream")
    found = {key: alert.get(key) for key in fields}
    found["first_seen"] = str(alert["first_seen"].isoformat())
    return found


class LiveBoard:
    """The latest board this process has seen on the bus, and who to tell of a new one."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self.latest: dict[str, Any] | None = None
        self._listeners: set[asyncio.Queue[dict[str, Any]]] = set()

    async def run(self) -> None:
        async with self.bus.subscribe(TOPIC) as events:
            async for event in events:
                if not event.get("board"):
                    continue
                self.latest = event["board"]
                for queue in list(self._listeners):
                    if queue.qsize() < 4:  # a slow screen skips boards, never piles them up
                        queue.put_nowait(event["board"])

    def listen(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._listeners.add(queue)
        return queue

    def forget(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._listeners.discard(queue)


socket_router = APIRouter()


def get_board(connection: HTTPConnection) -> LiveBoard:
    return component(connection, "live_board", LiveBoard)


@socket_router.websocket("/ws/monitoring")
async def monitoring_socket(ws: WebSocket) -> None:
    """The dashboard's feed: ``{"type": "board", …}`` now and after every poll.
    Authenticated like the chat socket (``?ticket=`` or ``Authorization``)."""
    user = await authenticate_socket(ws, auth_service(ws))
    if user is None:
        await ws.close(1008, "authentication required")
        return
    live = get_board(ws)
    await ws.accept()
    queue = live.listen()
    try:
        if live.latest is not None:
            await ws.send_text(_frame(live.latest))
        else:
            await ws.send_text(orjson.dumps({"type": "waiting"}).decode())
        while True:
            await ws.send_text(_frame(await queue.get()))
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        live.forget(queue)
        with contextlib.suppress(RuntimeError):
            await ws.close()


def _frame(board_data: dict[str, Any]) -> str:
    return orjson.dumps({"type": "board", **board_data}, default=str).decode()
