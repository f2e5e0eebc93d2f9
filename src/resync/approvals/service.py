"""ApprovalService: request → decision → exactly-once execution → outcome, all audited and
announced on the event bus (topic ``approvals``; payload = the request as JSON).

Exactly once: the execution is claimed with a conditional UPDATE (approved → executing)
before HWA is called; only the caller whose UPDATE changed the row sends the action, and
it is sent once, never retried. If Resync dies between claim and outcome, the request is
found in ``executing`` on the next start and becomes ``outcome_unknown``; an operator
resolves it with :meth:`recheck`, which reads the plan and never re-sends anything.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import structlog

from resync.approvals.actions import (
    PROMPT_REPLIES,
    Action,
    parse_action,
    risk_of,
    unfit_reason,
    unfit_refusal,
    waits_on_prompt,
)
from resync.approvals.audit import AuditRecord
from resync.approvals.errors import (
    AmbiguousTarget,
    ApprovalConflict,
    ApprovalNotFound,
    DuplicateRequest,
    FourEyesRequired,
    InvalidApproval,
    NotAllowed,
    TargetNotActionable,
    TargetNotFound,
)
from resync.approvals.execution import ExecutionOutcome, applied_in_plan, execute_once
from resync.approvals.messages import STATUS_PT, refusal
from resync.approvals.models import ApprovalRow
from resync.approvals.plan import (
    HWAPlan,
    resolve_job,
    resolve_stream,
    snapshot,
    state_of,
)
from resync.approvals.repository import ApprovalRepository
from resync.approvals.schemas import ApprovalRequestOut, ApprovalStatus
from resync.approvals.second_opinion import second_opinion
from resync.audit.service import AuditService
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.events import EventBus
from resync.plan.names import job_name, stream_name
from resync.settings import Settings
from resync.tws.client import HWAClient

log = structlog.get_logger(__name__)

TOPIC = "approvals"
MIN_JUSTIFICATION = 5
S = ApprovalStatus


def to_out(row: ApprovalRow) -> ApprovalRequestOut:
    return ApprovalRequestOut.model_validate(row)


class ApprovalService:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        plan: HWAClient,
        bus: EventBus,
        audit: AuditService,
    ) -> None:
        self.settings = settings
        self.plan = HWAPlan(plan)
        self.bus = bus
        self.audit = audit
        self.repository = ApprovalRepository(db)
        self.ttl = timedelta(seconds=settings.approvals_ttl_seconds)
        self.single_process = db.is_sqlite
        # The longest an execution takes: every HWA attempt timing out, plus a margin for
        # the clocks of the replicas' hosts.
        attempts = settings.hwa_read_retries + 1
        self.execution_horizon = timedelta(
            seconds=attempts * (settings.hwa_connect_timeout + settings.hwa_read_timeout) + 10
        )

    # lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Requests left ``executing`` by a dead process have an unknown outcome.

        On SQLite (one process) every such request is one: this process just started. On
        PostgreSQL other replicas may be executing right now, so only a claim older than
        any execution can last is abandoned; :meth:`run_expiry` keeps looking for them."""
        await self.flag_abandoned(started_before=None if self.single_process else utcnow())

    async def flag_abandoned(self, started_before: datetime | None) -> int:
        """Mark ``outcome_unknown`` the requests executing since before ``started_before``
        less the longest an execution can take (None: every executing request)."""
        cutoff = None if started_before is None else started_before - self.execution_horizon
        flagged = 0
        for request_id in await self.repository.ids_with_status(S.executing, started=cutoff):
            reason = (
                "O Resync parou durante a execução; não se sabe se o HWA aplicou a ação. "
                "Verifique o job no plano (re-check) — nada será reenviado automaticamente."
            )
            if await self._change(
                request_id,
                [S.executing],
                S.outcome_unknown,
                "approval.outcome_unknown",
                actor="system",
                reason=reason,
            ):
                flagged += 1
                log.warning("approval_outcome_unknown", approval_id=request_id, cause="restart")
        return flagged

    async def expire_due(self) -> int:
        expired = 0
        now = utcnow()
        for request_id in await self.repository.ids_with_status(S.pending, before=now):
            if await self._change(
                request_id,
                [S.pending],
                S.expired,
                "approval.expire",
                actor="system",
                reason="expirou sem decisão",
            ):
                expired += 1
        return expired

    async def run_expiry(self, every_seconds: float = 30.0) -> None:
        while True:
            try:
                await self.expire_due()
                if not self.single_process:  # a replica died mid-execution
                    await self.flag_abandoned(started_before=utcnow())
            except Exception:  # the loop outlives a database hiccup
                log.exception("approval_expiry_failed")
            await asyncio.sleep(every_seconds)

    # requests ----------------------------------------------------------------------------

    async def create(
        self,
        action: str,
        target: str,
        justification: str,
        requester: AuthenticatedUser,
        *,
        source: str = "api",
        conversation_id: str | None = None,
    ) -> ApprovalRequestOut:
        _require_operator(requester, ("pedir mudanças no plano", "request plan changes"))
        if len(justification.strip()) < MIN_JUSTIFICATION:
            raise refusal(InvalidApproval, "justification_required")
        chosen = parse_action(action)
        row = ApprovalRow(
            action=chosen.value,
            target=target.strip(),
            requester_id=requester.id,
            requester=requester.username,
            justification=justification.strip(),
            status=S.pending.value,
            source=source,
            conversation_id=conversation_id,
            snapshot={},
            warnings=[],
        )
        if chosen is Action.submit:
            row.job_stream, row.workstation = await resolve_stream(self.plan, target)
            row.target = stream_name(row.workstation, row.job_stream)
        else:
            job = await resolve_job(self.plan, target)
            state = state_of(job)
            if unfit_reason(chosen, state):
                raise unfit_refusal(chosen, job_name(job), state)
            if chosen in PROMPT_REPLIES and not waits_on_prompt(job):
                raise refusal(TargetNotActionable, "no_prompt", job=job_name(job))
            row.target = job_name(job)  # the name every answer uses, not what was typed
            row.plan_id, row.job_name, row.job_stream = job.id, job.name, job.job_stream
            row.workstation, row.target_state, row.snapshot = job.workstation, state, snapshot(job)
            concerns = second_opinion(chosen, job, self.settings.critical_streams)
            row.warnings = [concern.stored() for concern in concerns]
        row.risk = risk_of(chosen, row.job_stream, self.settings.critical_streams).value
        row.created_at = utcnow()
        row.expires_at = row.created_at + self.ttl
        record = AuditRecord(self.audit, "approval.request", requester.username)
        existing = await self.repository.add_unless_pending(row, audit=record)
        if existing is not None:
            pending = await self.get(existing)
            raise refusal(
                DuplicateRequest,
                "duplicate_request",
                extra={"existing": pending.id, "requester": pending.requester},
                existing=pending.id,
                action=pending.action.value,
                target=pending.target,
                requester=pending.requester,
            )
        record.written()
        log.info("approval_requested", approval_id=row.id, action=row.action, target=row.plan_id)
        await self._publish(row.id)
        return await self.get(row.id)

    async def second_opinion(self, action: str, target: str) -> list[dict[str, Any]]:
        """The concerns a request for ``action`` on the job ``target`` would carry, as
        stored on a request (nothing is created; a target that is not one job: none)."""
        chosen = parse_action(action)
        if chosen is Action.submit:
            return []
        try:
            job = await resolve_job(self.plan, target)
        except (TargetNotFound, AmbiguousTarget):
            return []
        concerns = second_opinion(chosen, job, self.settings.critical_streams)
        return [concern.stored() for concern in concerns]

    async def get(self, request_id: int) -> ApprovalRequestOut:
        row = await self.repository.get(request_id)
        if row is None:
            raise refusal(ApprovalNotFound, "not_found", id=request_id)
        if row.status == S.pending.value and row.expires_at <= utcnow():
            await self.expire_due()
            row = await self.repository.get(request_id) or row
        return to_out(row)

    async def list(self, status: str | None = None, limit: int = 50) -> list[ApprovalRequestOut]:
        await self.expire_due()
        wanted = S(status) if status else None
        rows = await self.repository.recent(wanted, max(1, min(limit, 500)))
        return [to_out(row) for row in rows]

    # decisions ---------------------------------------------------------------------------

    async def approve(
        self, request_id: int, user: AuthenticatedUser, comment: str = ""
    ) -> ApprovalRequestOut:
        """Approve and execute (exactly once). Returns the request after its execution."""
        _require_operator(user, ("aprovar mudanças no plano", "approve plan changes"))
        request = await self._pending(request_id)
        if self.settings.approvals_four_eyes and request.requester == user.username:
            raise refusal(FourEyesRequired, "four_eyes")
        decided = await self._change(
            request_id,
            [S.pending],
            S.approved,
            "approval.approve",
            actor=user.username,
            only_if=ApprovalRow.expires_at > utcnow(),
            decided_at=utcnow(),
            decided_by=user.username,
            decision_comment=comment.strip(),
        )
        if not decided:
            await self._refuse_decided(request_id)
        # Shielded: a client hanging up must not leave the claim half done.
        return await asyncio.shield(self._execute(request_id))

    async def reject(
        self, request_id: int, user: AuthenticatedUser, comment: str
    ) -> ApprovalRequestOut:
        _require_operator(user, ("rejeitar mudanças no plano", "reject plan changes"))
        if not comment.strip():
            raise refusal(InvalidApproval, "reject_comment")
        await self._pending(request_id)
        decided = await self._change(
            request_id,
            [S.pending],
            S.rejected,
            "approval.reject",
            actor=user.username,
            decided_at=utcnow(),
            decided_by=user.username,
            decision_comment=comment.strip(),
        )
        if not decided:
            await self._refuse_decided(request_id)
        return await self.get(request_id)

    async def recheck(self, request_id: int, user: AuthenticatedUser) -> ApprovalRequestOut:
        """Resolve ``outcome_unknown`` by reading the plan; never re-sends the action."""
        _require_operator(user, ("verificar mudanças no plano", "re-check plan changes"))
        request = await self.get(request_id)
        if request.status is not S.outcome_unknown:
            raise refusal(
                ApprovalConflict,
                "recheck_only_unknown",
                id=request_id,
                status=request.status.value,
            )
        verdict = await applied_in_plan(self.plan, request)
        if verdict.status is S.outcome_unknown:
            raise ApprovalConflict(verdict.reason)
        await self._change(
            request_id,
            [S.outcome_unknown],
            verdict.status,
            "approval.recheck",
            actor=user.username,
            finished_at=utcnow(),
            reason=f"re-check por {user.username}: {verdict.reason}",
            result=verdict.result,
        )
        return await self.get(request_id)

    # internals ---------------------------------------------------------------------------

    async def _execute(self, request_id: int) -> ApprovalRequestOut:
        token = uuid.uuid4().hex
        claimed = await self.repository.transition(
            request_id, [S.approved], S.executing, claim_token=token, started_at=utcnow()
        )
        if not claimed:  # someone else holds the execution
            return await self.get(request_id)
        await self._publish(request_id)
        request = await self.get(request_id)
        outcome: ExecutionOutcome = await execute_once(self.plan, request)
        finished = await self._change(
            request_id,
            [S.executing, S.outcome_unknown],
            outcome.status,
            "approval.outcome",
            actor=request.decided_by,
            only_if=ApprovalRow.claim_token == token,
            finished_at=utcnow(),
            reason=outcome.reason,
            result=outcome.result,
        )
        if finished:
            log.info("approval_executed", approval_id=request_id, status=outcome.status.value)
        return await self.get(request_id)

    async def _pending(self, request_id: int) -> ApprovalRequestOut:
        request = await self.get(request_id)
        if request.status is not S.pending:
            raise _not_pending(request)
        return request

    async def _refuse_decided(self, request_id: int) -> None:
        await self.expire_due()
        raise _not_pending(await self.get(request_id))

    async def _change(
        self,
        request_id: int,
        from_statuses: Iterable[S],
        to_status: S,
        audit_action: str,
        *,
        actor: str | None,
        only_if: Any = None,
        **values: Any,
    ) -> bool:
        """Move the request and record it in the audit log, in one transaction; then tell
        the request's watchers. False when another decision got there first."""
        record = AuditRecord(self.audit, audit_action, actor)
        changed = await self.repository.transition(
            request_id, from_statuses, to_status, only_if=only_if, audit=record, **values
        )
        if changed:
            record.written()
            await self._publish(request_id)
        return changed

    async def _publish(self, request_id: int) -> None:
        request = await self.get(request_id)
        try:
            await self.bus.publish(TOPIC, request.model_dump(mode="json"))
        except Exception:  # an unreachable bus must not undo a recorded decision
            log.exception("approval_event_not_published", approval_id=request_id)


def _require_operator(user: AuthenticatedUser, what: tuple[str, str]) -> None:
    if not user.role.includes(Role.operator):
        raise refusal(NotAllowed, "role_required", what_pt=what[0], what_en=what[1])


def _not_pending(request: ApprovalRequestOut) -> ApprovalConflict:
    if request.status is S.expired:
        return refusal(ApprovalConflict, "expired", id=request.id)
    by = request.decided_by
    return refusal(
        ApprovalConflict,
        "already_decided",
        id=request.id,
        status=request.status.value,
        status_pt=STATUS_PT.get(request.status.value, request.status.value),
        by_pt=f" por {by}" if by else "",
        by_en=f" by {by}" if by else "",
    )
