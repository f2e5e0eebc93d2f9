"""What a notification is about: the one input the cards, the rules and the outbox read.

The monitor hands over an alert as a :class:`Notice`; approvals become notices through
:func:`approval_notice`. ``key`` identifies the event: the same key is never delivered twice
to the same channel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class NoticeKind(StrEnum):
    alert = "alert"
    alert_resolved = "alert_resolved"
    watch_fired = "watch_fired"
    approval_pending = "approval_pending"
    approval_decided = "approval_decided"
    approval_executed = "approval_executed"
    test = "test"

    @property
    def is_approval(self) -> bool:
        return self.value.startswith("approval_")


@dataclass(frozen=True)
class Notice:
    """One event worth telling a channel about.

    ``alert_kind`` is the monitor's own kind of alert (``abend``, ``late``, ``stuck``…),
    which channel rules filter on; ``facts`` are extra name/value lines for the card.
    """

    key: str
    kind: NoticeKind
    severity: Severity
    title: str
    detail: str = ""
    alert_kind: str = ""
    job: str = ""
    stream: str = ""
    workstation: str = ""
    blocks: list[str] = field(default_factory=list)
    deadline_at_risk: str = ""
    log_line: str = ""
    url: str = ""
    facts: dict[str, str] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Notice:
        """A notice from its JSON form (unknown fields ignored; ValueError when one of
        key, kind, severity, title is missing or wrong)."""
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        missing = {"key", "kind", "severity", "title"} - set(values)
        if missing:
            raise ValueError(f"notice without {', '.join(sorted(missing))}")
        values["kind"] = NoticeKind(values["kind"])
        values["severity"] = Severity(values["severity"])
        values["blocks"] = [str(item) for item in values.get("blocks") or []]
        values["facts"] = {str(k): str(v) for k, v in (values.get("facts") or {}).items()}
        return cls(**values)


APPROVAL_KINDS = {
    "pending": NoticeKind.approval_pending,
    "approved": NoticeKind.approval_decided,
    "rejected": NoticeKind.approval_decided,
    "expired": NoticeKind.approval_decided,
    "succeeded": NoticeKind.approval_executed,
    "failed": NoticeKind.approval_executed,
    "outcome_unknown": NoticeKind.approval_executed,
}
STATUS_PT = {
    "pending": "aguardando aprovação",
    "approved": "aprovada",
    "rejected": "rejeitada",
    "expired": "expirou sem decisão",
    "succeeded": "executada com sucesso",
    "failed": "falhou",
    "outcome_unknown": "resultado desconhecido",
}
RISK_SEVERITY = {"low": Severity.low, "medium": Severity.medium, "high": Severity.high}


def approval_notice(request: dict[str, Any], base_url: str) -> Notice | None:
    """The notice for an approval event (the request as the bus carries it); None for the
    statuses nobody is told about (``executing``: the outcome follows)."""
    status = str(request.get("status", ""))
    kind = APPROVAL_KINDS.get(status)
    if kind is None:
        return None
    facts = {
        "Ação": str(request.get("action", "")),
        "Alvo": str(request.get("target", "")),
        "Justificativa": str(request.get("justification", "")),
        "Risco": str(request.get("risk", "")),
        "Solicitante": str(request.get("requester", "")),
    }
    if kind is NoticeKind.approval_pending:
        facts["Expira em"] = str(request.get("expires_at", ""))
    else:
        facts["Situação"] = STATUS_PT.get(status, status)
        if request.get("decided_by"):
            facts["Decidido por"] = str(request["decided_by"])
        if request.get("decision_comment"):
            facts["Comentário"] = str(request["decision_comment"])
        if request.get("reason"):
            facts["Motivo"] = str(request["reason"])
    warnings = [str(w.get("pt") or w.get("code") or w) for w in request.get("warnings") or []]
    title = f"Aprovação #{request.get('id')}: {request.get('action')} {request.get('target')}"
    return Notice(
        key=f"approval:{request.get('id')}:{status}",
        kind=kind,
        severity=RISK_SEVERITY.get(str(request.get("risk")), Severity.medium),
        title=f"{title} — {STATUS_PT.get(status, status)}",
        job=str(request.get("job_name") or ""),
        stream=str(request.get("job_stream") or ""),
        workstation=str(request.get("workstation") or ""),
        detail="\n".join(warnings),
        url=f"{base_url.rstrip('/')}/#approvals/{request.get('id')}",
        facts=facts,
    )
