"""An approval created in the chat reaches the Teams channel as its card (the whole app)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic
from tests.notifications.cards_check import card_text, check_envelope
from tests.notifications.receiver import Receiver


def test_an_approval_asked_in_the_chat_gets_its_card(
    make_client: Callable[..., TestClient], receiver: Receiver
) -> None:
    api = make_client(
        teams_webhook_url=receiver.url(),
        teams_allow_private_urls=True,
        teams_poll_seconds=0.2,
        teams_public_url="https://resync.example.com",
    )
    add_user(api, "olga", "operator", "operator-pass-1")
    reply = api.post(
        "/api/v1/chat",
        json={"text": "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado"},
        headers=basic("olga", "operator-pass-1"),
    )
    assert reply.status_code == 200, reply.text
    (pending,) = api.get("/api/v1/approvals?status=pending", headers=ADMIN).json()
    (received,) = receiver.wait_for(1)
    card = check_envelope(received.body)
    shown = card_text(card)
    assert "aguardando aprovação" in shown and "PAYROLL_01" in shown
    assert "Solicitante: olga" in shown and "arquivo chegou atrasado" in shown
    assert card["actions"][0] == {
        "type": "Action.OpenUrl",
        "title": "Abrir para aprovar",
        "url": f"https://resync.example.com/#approvals/{pending['id']}",
    }
    rejected = api.post(
        f"/api/v1/approvals/{pending['id']}/reject",
        json={"comment": "aguarde a folha"},
        headers=ADMIN,
    )
    assert rejected.status_code == 200, rejected.text
    second = receiver.wait_for(2)[1]
    decided = card_text(check_envelope(second.body))
    assert "rejeitada" in decided and "Decidido por: admin" in decided
    assert "aguarde a folha" in decided
