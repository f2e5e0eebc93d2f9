"""Adaptive Cards (schema 1.4, so every Teams client renders them) for each notice, and
the envelope a Teams Workflows webhook takes. Only ``Action.OpenUrl``: it works without a
bot; the decisions themselves are taken in Resync."""

from __future__ import annotations

from typing import Any

from resync.notifications.notices import Notice, NoticeKind, Severity

CARD_VERSION = "1.4"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
MAX_ROWS = 15
COLOUR = {
    Severity.critical: "attention",
    Severity.high: "attention",
    Severity.medium: "warning",
    Severity.low: "accent",
    Severity.info: "default",
}
SEVERITY_PT = {
    Severity.critical: "CRÍTICO",
    Severity.high: "ALTO",
    Severity.medium: "MÉDIO",
    Severity.low: "BAIXO",
    Severity.info: "INFO",
}
BUTTON = {
    NoticeKind.approval_pending: "Abrir para aprovar",
    NoticeKind.approval_decided: "Abrir a aprovação",
    NoticeKind.approval_executed: "Abrir a aprovação",
}


def envelope(card: dict[str, Any]) -> dict[str, Any]:
    """What a Workflows webhook ("When a Teams webhook request is received") accepts."""
    return {
        "type": "message",
        "attachments": [{"contentType": CONTENT_TYPE, "content": card}],
    }


def text(value: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": value, "wrap": True, **style}


def facts(pairs: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "FactSet",
        "facts": [{"title": name, "value": value} for name, value in pairs.items() if value],
    }


def card(body: list[dict[str, Any]], links: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    built: dict[str, Any] = {
        "$schema": SCHEMA,
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    actions = [
        {"type": "Action.OpenUrl", "title": title, "url": url} for title, url in links or [] if url
    ]
    if actions:
        built["actions"] = actions
    return built


def notice_card(notice: Notice) -> dict[str, Any]:
    """The card for any notice, by its kind."""
    colour = COLOUR[notice.severity]
    if notice.kind is NoticeKind.alert_resolved:
        colour = "good"
    header = {
        "type": "Container",
        "style": "emphasis",
        "items": [
            text(
                f"{SEVERITY_PT[notice.severity]} · {_kind_label(notice)}",
                size="small",
                weight="bolder",
                color=colour,
            ),
            text(notice.title, size="medium", weight="bolder"),
        ],
    }
    body: list[dict[str, Any]] = [header]
    where = {
        "Job": notice.job,
        "Job stream": notice.stream,
        "Workstation": notice.workstation,
        **notice.facts,
    }
    if notice.blocks:
        where["Bloqueia"] = ", ".join(notice.blocks[:10]) + ("…" if len(notice.blocks) > 10 else "")
    if notice.deadline_at_risk:
        where["Prazo em risco"] = notice.deadline_at_risk
    if any(where.values()):
        body.append(facts(where))
    if notice.detail:
        body.append(text(notice.detail, isSubtle=not notice.kind.is_approval))
    if notice.log_line:
        body.append(text("Linha decisiva do log:", weight="bolder", spacing="medium"))
        body.append(text(notice.log_line, fontType="monospace", isSubtle=True))
    button = BUTTON.get(notice.kind, "Abrir no Resync")
    return card(body, [(button, notice.url)])


def answer_card(question: str, table: dict[str, Any], url: str = "") -> dict[str, Any]:
    """A chat answer's table as a card (a ColumnSet per row: Table needs 1.5)."""
    columns = [str(c) for c in table.get("columns", [])]
    rows = table.get("rows", [])[:MAX_ROWS]
    body: list[dict[str, Any]] = [text(table.get("title") or question, weight="bolder")]
    body.append(_row(columns, bold=True))
    body.extend(_row([_cell(v) for v in row]) for row in rows)
    total = table.get("total") or len(table.get("rows", []))
    if total > len(rows):
        body.append(text(f"… e mais {total - len(rows)}", isSubtle=True))
    return card(body, [("Abrir no Resync", url)])


def text_card(question: str, answer: str, url: str = "") -> dict[str, Any]:
    """A chat answer without a table, as a card (Workflows webhooks take cards only)."""
    body = [text(question, weight="bolder", isSubtle=True), text(answer)]
    return card(body, [("Abrir no Resync", url)])


def _row(values: list[str], bold: bool = False) -> dict[str, Any]:
    weight = {"weight": "bolder"} if bold else {}
    return {
        "type": "ColumnSet",
        "columns": [
            {
                "type": "Column",
                "width": "stretch",
                "items": [text(v or "—", size="small", **weight)],
            }
            for v in values
        ],
    }


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _kind_label(notice: Notice) -> str:
    labels = {
        NoticeKind.alert: f"alerta {notice.alert_kind}".strip(),
        NoticeKind.alert_resolved: "alerta resolvido",
        NoticeKind.watch_fired: "acompanhamento",
        NoticeKind.approval_pending: "aprovação pendente",
        NoticeKind.approval_decided: "aprovação decidida",
        NoticeKind.approval_executed: "aprovação executada",
        NoticeKind.test: "teste",
    }
    return labels[notice.kind]
