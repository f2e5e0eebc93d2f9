"""Sending one approved action to HWA, and reading the plan to learn whether it happened.

``execute_once`` re-reads the target first and stops, saying why, when its state no
longer fits (it already reran, it succeeded meanwhile …). The action is sent once; an
answer that proves HWA refused it is ``failed``; a lost answer is ``outcome_unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import structlog

from resync.approvals.actions import PROMPT_REPLIES, RULES, Action, unfit_reason, waits_on_prompt
from resync.approvals.plan import HWAPlan, describe, perform, state_of
from resync.approvals.schemas import ApprovalRequestOut, ApprovalStatus
from resync.tws.errors import TWSCircuitOpen, TWSError
from resync.tws.models import JobInstance

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ExecutionOutcome:
    status: ApprovalStatus
    reason: str
    result: dict[str, Any] | None = field(default=None)


def _definitely_not_applied(exc: Exception) -> bool:
    """HWA said no (4xx: conflict, not found, forbidden, bad request, bad credentials) or the
    request never left (circuit open). Timeouts, 5xx and garbled answers stay unknown."""
    if isinstance(exc, TWSCircuitOpen):
        return True
    upstream = exc.upstream_status if isinstance(exc, TWSError) else None
    return upstream is not None and 400 <= upstream < 500


def _error_text(exc: Exception) -> str:
    return str(getattr(exc, "detail", "") or exc) or type(exc).__name__


async def _current(plan: HWAPlan, request: ApprovalRequestOut) -> JobInstance:
    return await plan.fresh_job(request.plan_id or "")


async def _latest_instance(plan: HWAPlan, job: JobInstance) -> JobInstance | None:
    """The last instance of ``job``'s rerun chain (same workstation and job stream)."""
    for other in await plan.find_jobs(job.name, fresh=True):
        if other.is_last_in_chain and other.job_stream_id == job.job_stream_id:
            return other
    return None


def _why_not_now(request: ApprovalRequestOut, job: JobInstance) -> str | None:
    state = state_of(job)
    if not job.is_last_in_chain:
        return "o job já foi reexecutado desde o pedido (há uma instância mais nova no plano)"
    unfit = unfit_reason(request.action, state)
    if unfit:
        return f"o estado mudou desde o pedido ({request.target_state} → {state}): {unfit}"
    if RULES[request.action].same_state and request.target_state and state != request.target_state:
        return (
            f"o estado mudou desde o pedido ({request.target_state} → {state}); "
            "a aprovação valia para o estado anterior — crie um novo pedido se ainda precisar"
        )
    return None


async def execute_once(plan: HWAPlan, request: ApprovalRequestOut) -> ExecutionOutcome:
    job: JobInstance | None = None
    if request.action is not Action.submit:
        try:
            job = await _current(plan, request)
        except Exception as exc:
            reason = f"não foi possível reler o job antes de executar: {_error_text(exc)}"
            return ExecutionOutcome(ApprovalStatus.failed, reason + " (nada foi enviado ao HWA)")
        why = _why_not_now(request, job)
        if why:
            return ExecutionOutcome(
                ApprovalStatus.failed,
                f"não executado: {why}",
                {"sent": False, "current_state": state_of(job), "job_id": job.id},
            )
    try:
        answer = await perform(plan, request.action, request.plan_id or "", request.target)
    except Exception as exc:
        text = _error_text(exc)
        if _definitely_not_applied(exc):
            return ExecutionOutcome(
                ApprovalStatus.failed, f"o HWA recusou a ação: {text}", {"sent": True}
            )
        log.warning("approval_answer_lost", approval_id=request.id, error=type(exc).__name__)
        return ExecutionOutcome(
            ApprovalStatus.outcome_unknown,
            f"sem resposta do HWA ({text}); verifique o job no plano (re-check)",
            {"sent": True},
        )
    result = {"sent": True, **answer.model_dump(mode="json")}
    return ExecutionOutcome(ApprovalStatus.succeeded, "executado no HWA", result)


async def applied_in_plan(plan: HWAPlan, request: ApprovalRequestOut) -> ExecutionOutcome:
    """Read the plan to learn whether an action with a lost outcome was applied."""
    if request.action is Action.submit:
        return ExecutionOutcome(
            ApprovalStatus.outcome_unknown,
            "não dá para saber automaticamente se o job stream foi submetido; verifique no plano",
        )
    job = await _current(plan, request)
    state = state_of(job)
    applied: bool
    result: dict[str, Any] = {"current_state": state, "job_id": job.id}
    if request.action is Action.rerun:
        latest = None if job.is_last_in_chain else await _latest_instance(plan, job)
        applied = not job.is_last_in_chain
        if latest is not None:
            result["new_ids"] = [latest.id]
            result["new_instance"] = describe(latest)
    elif request.action is Action.cancel:
        applied = state == "CANCL"
    elif request.action is Action.kill:
        applied = state != "EXEC"
    elif request.action is Action.hold:
        applied = job.held
    elif request.action is Action.release:
        applied = not job.held and not job.pending_dependencies
    elif request.action in PROMPT_REPLIES:
        applied = not waits_on_prompt(job)
    elif request.action is Action.confirm_succ:
        applied = state in ("SUCC", "SUCCP")
    else:
        applied = state in ("ABEND", "ABENP")
    if applied:
        return ExecutionOutcome(
            ApprovalStatus.succeeded, f"o plano mostra a ação aplicada ({state})", result
        )
    return ExecutionOutcome(
        ApprovalStatus.failed,
        f"o plano mostra que a ação não foi aplicada ({state}); nada foi reenviado — "
        "peça de novo se ainda for necessário",
        result,
    )
