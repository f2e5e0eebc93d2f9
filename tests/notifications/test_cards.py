from __future__ import annotations

import pytest

from resync.notifications.cards import answer_card, envelope, notice_card
from resync.notifications.notices import Notice, NoticeKind, Severity, approval_notice
from tests.notifications.cards_check import card_text, check_card, check_envelope

APPROVAL = {
    "id": 7,
    "action": "rerun",
    "target": "CPU1#JS_PAYROLL.PAYROLL_01",
    "job_name": "PAYROLL_01",
    "job_stream": "JS_PAYROLL",
    "workstation": "CPU1",
    "justification": "arquivo corrigido pelo time de folha",
    "risk": "high",
    "requester": "maria",
    "expires_at": "2026-12-03T15:00:00Z",
    "warnings": [{"code": "critical_stream", "pt": "Job stream crítico: JS_PAYROLL"}],
}


def alert(**extra: object) -> Notice:
    values: dict[str, object] = {
        "key": "alert:1",
        "kind": NoticeKind.alert,
        "severity": Severity.critical,
        "title": "PAYROLL_01 abendou (RC 12)",
        "alert_kind": "abend",
        "job": "PAYROLL_01",
        "stream": "JS_PAYROLL",
        "workstation": "CPU1",
        "blocks": ["PAYROLL_02", "PAYROLL_03"],
        "deadline_at_risk": "06:00",
        "log_line": "AWKRCE012E file /data/in.csv not found",
        "url": "https://resync.example.com/#job/CPU1/PAYROLL_01",
    }
    values.update(extra)
    return Notice(**values)  # type: ignore[arg-type]


def test_alert_card_has_everything_an_operator_needs() -> None:
    card = check_envelope(envelope(notice_card(alert())))
    shown = card_text(card)
    for expected in (
        "CRÍTICO",
        "PAYROLL_01 abendou",
        "JS_PAYROLL",
        "CPU1",
        "PAYROLL_02",
        "06:00",
        "AWKRCE012E",
    ):
        assert expected in shown
    assert card["body"][0]["items"][0]["color"] == "attention"
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Abrir no Resync", "url": alert().url}
    ]


@pytest.mark.parametrize("status", ["pending", "approved", "rejected", "succeeded", "failed"])
def test_approval_cards(status: str) -> None:
    request = {**APPROVAL, "status": status, "decided_by": "joao", "reason": "RC 0"}
    notice = approval_notice(request, "https://resync.example.com")
    assert notice is not None and notice.key == f"approval:7:{status}"
    card = check_envelope(envelope(notice_card(notice)))
    shown = card_text(card)
    assert "maria" in shown and "arquivo corrigido" in shown and "PAYROLL_01" in shown
    if status == "pending":
        assert "Job stream crítico" in shown and "Expira em" in shown
        assert card["actions"][0]["title"] == "Abrir para aprovar"
    else:
        assert "joao" in shown


def test_executing_is_not_announced() -> None:
    assert approval_notice({**APPROVAL, "status": "executing"}, "https://x") is None


def test_watch_and_resolution_cards() -> None:
    watch = alert(
        kind=NoticeKind.watch_fired,
        severity=Severity.info,
        title="PAYROLL_01 terminou: SUCC",
        log_line="",
        blocks=[],
    )
    check_card(notice_card(watch))
    resolved = notice_card(alert(kind=NoticeKind.alert_resolved, title="PAYROLL_01 voltou"))
    check_card(resolved)
    assert resolved["body"][0]["items"][0]["color"] == "good"


def test_answer_table_card() -> None:
    table = {
        "title": "Jobs em ABEND",
        "columns": ["job", "rc"],
        "rows": [[f"J{i}", 8] for i in range(20)],
        "total": 20,
    }
    card = answer_card("quais jobs abendaram?", table, "https://resync.example.com/")
    check_card(card)
    assert "… e mais 5" in card_text(card)


def test_the_checker_refuses_what_teams_would_not_render() -> None:
    card = notice_card(alert())
    with pytest.raises(AssertionError):
        check_card({**card, "version": "1.5"})
    with pytest.raises(AssertionError):
        check_card({**card, "actions": [{"type": "Action.Submit", "title": "ok"}]})
    with pytest.raises(AssertionError):
        check_card({**card, "body": [{"type": "TextBlock"}]})  # no text: the schema says no
