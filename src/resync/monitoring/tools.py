"""The monitoring tools: the user's watches and the alert store, for the answers and the LLM."""

from __future__ import annotations

from typing import Any

from resync.agents.tools import ToolContext, ToolKind, ToolRegistry
from resync.errors import Forbidden
from resync.monitoring.alerts import AlertService
from resync.monitoring.watches import WatchKind, WatchService, describe


class WatchNeedsUser(Forbidden):
    code = "watch_needs_user"


class MonitoringTools:
    def __init__(self, watches: WatchService, alerts: AlertService) -> None:
        self.watches, self.alerts = watches, alerts

    def register(self, registry: ToolRegistry) -> None:
        for function, kind in (
            (self.create_watch, ToolKind.write),
            (self.list_watches, ToolKind.read),
            (self.cancel_watch, ToolKind.write),
            (self.active_alerts, ToolKind.read),
        ):
            if function.__name__ not in registry:
                registry.register(function, kind=kind)

    @staticmethod
    def _user(context: ToolContext) -> str:
        if not context.user:
            raise WatchNeedsUser("avisos precisam de um usuário identificado")
        return context.user

    async def create_watch(
        self,
        context: ToolContext,
        kind: WatchKind,
        job_name: str | None = None,
        job_stream: str | None = None,
    ) -> dict[str, Any]:
        """Tell the user, in the chat, when a job ends or starts, or when a job of a job
        stream fails (kind: end, start or failure). Only what happens from now on counts.

        Args:
            kind: end, start or failure.
            job_name: the job to watch (optional with job_stream).
            job_stream: the job stream to watch (optional with job_name).
        """
        watch = await self.watches.create(
            self._user(context),
            kind,
            job_name=job_name,
            job_stream=job_stream,
            conversation_id=context.conversation_id,
            language=context.language or "pt",
        )
        return {**watch, "description": describe(watch, context.language or "pt")}

    async def list_watches(self, context: ToolContext) -> list[dict[str, Any]]:
        """The user's open watches (what they asked to be told about)."""
        found = await self.watches.open(self._user(context))
        return [{**w, "description": describe(w, context.language or "pt")} for w in found]

    async def cancel_watch(
        self, context: ToolContext, job_name: str | None = None, job_stream: str | None = None
    ) -> list[dict[str, Any]]:
        """Cancel the user's open watches on a job or job stream (all of them with neither).

        Args:
            job_name: the watched job.
            job_stream: the watched job stream.
        """
        found = await self.watches.cancel(
            self._user(context), job_name=job_name, job_stream=job_stream
        )
        return [{**w, "description": describe(w, context.language or "pt")} for w in found]

    async def active_alerts(self, context: ToolContext, limit: int = 50) -> dict[str, Any]:
        """The open alerts of the alert store (active and acknowledged), newest first, and
        whether the poller has read the plan yet.

        Args:
            limit: how many alerts at most (1 to 200).
        """
        total, rows = await self.alerts.query(status="open", limit=max(1, min(limit, 200)))
        samples = await self.alerts.latest_sample()
        return {"total": total, "alerts": rows, "polled_at": samples}
