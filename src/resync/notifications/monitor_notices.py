"""The monitor's events as notices: an alert raised or resolved by the poller (bus topic
``monitoring``) and a fired watch (topic ``notifications``). Every process hears them;
the outbox keeps one delivery per event and channel, so several processes send once."""

from __future__ import annotations

from typing import Any

from resync.notifications.notices import Notice, NoticeKind, Severity

# The monitor's severities → the notice scale channel rules compare against.
_SEVERITY = {"critical": Severity.critical, "warning": Severity.medium, "info": Severity.info}


def alert_notices(event: dict[str, Any], link_base: str) -> list[Notice]:
    """The alerts one poll raised and resolved."""
    found = []
    for kind, alerts in ((NoticeKind.alert, "raised"), (NoticeKind.alert_resolved, "resolved")):
        for alert in event.get(alerts) or []:
            if not isinstance(alert, dict) or alert.get("id") is None:
                continue
            found.append(
                Notice(
                    key=f"alert:{alert['id']}:{alerts}",
                    kind=kind,
                    severity=_SEVERITY.get(str(alert.get("severity")), Severity.medium),
                    title=str(alert.get("title") or alert.get("kind") or "alerta"),
                    detail=str(alert.get("detail") or ""),
                    alert_kind=str(alert.get("kind") or ""),
                    job=str(alert.get("job_name") or ""),
                    stream=str(alert.get("job_stream") or ""),
                    workstation=str(alert.get("workstation") or ""),
                    url=f"{link_base}/admin#alerts",
                )
            )
    return found


def watch_notice(event: dict[str, Any], link_base: str) -> Notice | None:
    """A watch that fired ("me avise quando o PAYROLL_01 terminar")."""
    if event.get("watch_id") is None:
        return None
    job = str(event.get("job_name") or "")
    state = str(event.get("state") or "")
    return Notice(
        key=f"watch:{event['watch_id']}",
        kind=NoticeKind.watch_fired,
        severity=Severity.info,
        title=f"{job} {state}".strip() or "aviso",
        detail=str(event.get("text") or ""),
        job=job,
        stream=str(event.get("job_stream") or ""),
        facts={"para": str(event.get("user") or "")},
        url=f"{link_base}/",
    )
