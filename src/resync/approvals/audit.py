"""The audit record of an approval change, built inside the change's own transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from resync.approvals.models import ApprovalRow
from resync.approvals.schemas import ApprovalRequestOut
from resync.audit.models import AuditRow
from resync.audit.service import AuditService


@dataclass
class AuditRecord:
    """The audit record of one approval change, built inside the change's transaction."""

    audit: AuditService
    action: str
    actor: str | None
    rows: list[AuditRow] = field(default_factory=list)

    def __call__(self, row: ApprovalRow) -> AuditRow:
        request = ApprovalRequestOut.model_validate(row)
        entry = self.audit.entry(
            self.action,
            actor=self.actor,
            target=f"approval:{request.id}",
            outcome=request.status.value,
            detail={
                "action": request.action.value,
                "plan_target": request.plan_id or request.target,
                "status": request.status.value,
                "risk": request.risk.value,
                "justification": request.justification,
                "comment": request.decision_comment,
                "reason": request.reason,
                "result": request.result,
            },
        )
        self.rows.append(entry)
        return entry

    def written(self) -> None:
        for row in self.rows:
            self.audit.written(row)
