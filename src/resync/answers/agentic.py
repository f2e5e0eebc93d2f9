"""The agentic path: status, job management, monitoring, analysis and reporting.

Every answer is first built deterministically from the plan tools (the same registry the
LLM uses). With an LLM configured, the operations agent then phrases the answer from those
facts (fenced as data) and may call the read tools for more; if it fails or times out, the
deterministic answer stands (counted with ``llm_calls_total{outcome="fallback"}``). Change
requests never go through the LLM: the approval gate stays in code.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from resync.agents.tools import ToolRegistry
from resync.answers.analysis import answer_analysis
from resync.answers.changes import answer_change
from resync.answers.compose import Composer
from resync.answers.monitoring import answer_monitoring
from resync.answers.reports import answer_report
from resync.answers.status import answer_status
from resync.answers.toolbox import Toolbox
from resync.approvals.service import ApprovalService
from resync.classifier.intents import Intent
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.tws.errors import TWSNotFound

Answer = Callable[[HandlerRequest, Toolbox], Awaitable[HandlerReply]]
ANSWERS: dict[Intent, Answer] = {
    Intent.status: answer_status,
    Intent.job_management: answer_change,
    Intent.monitoring: answer_monitoring,
    Intent.analysis: answer_analysis,
    Intent.reporting: answer_report,
}


class AgenticHandler:
    name = "agentic"

    def __init__(
        self,
        registry: ToolRegistry,
        composer: Composer,
        approvals: ApprovalService | None = None,
        *,
        four_eyes: bool = True,
        teams_configured: bool = False,
    ) -> None:
        self.registry = registry
        self.composer = composer
        self.approvals = approvals
        self.four_eyes = four_eyes
        self.teams_configured = teams_configured

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        started = time.perf_counter()
        answer = ANSWERS.get(request.classification.primary_intent, answer_status)
        tools = Toolbox(
            request,
            self.registry,
            self.approvals,
            four_eyes=self.four_eyes,
            teams_configured=self.teams_configured,
        )
        try:
            reply = await answer(request, tools)
        except TWSNotFound as exc:  # other HWA failures: the router's one answer for them
            reply = HandlerReply(
                request.say(
                    f"O HWA não encontrou o que foi pedido: {exc.detail}",
                    f"HWA did not find what was asked: {exc.detail}",
                )
            )
        reply.tools_used = list(dict.fromkeys([*tools.used, *reply.tools_used]))
        reply.timings["plan_ms"] = round((time.perf_counter() - started) * 1000, 2)
        if reply.degraded or request.classification.primary_intent is Intent.job_management:
            return reply
        return await self.composer.phrase(request, reply)
