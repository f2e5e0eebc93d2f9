"""Teams' outgoing webhook: signed as Teams signs, answered by the chat's router."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from resync.notifications.incoming import PENDING_TEXT, REFUSED_TEXT, plain_text
from tests.fixtures.auth_clients import ADMIN, add_user, basic
from tests.notifications.cards_check import card_text, check_card, check_envelope
from tests.notifications.receiver import Receiver

SECRET = base64.b64encode(b"teams-shared-secret-0123456789ab").decode()
PATH = "/api/v1/teams/messages"
OLGA = basic("olga", "operator-pass-1")


def activity(text: str, *, when: datetime | None = None, name: str = "Olga Souza") -> bytes:
    body = {
        "type": "message",
        "id": uuid.uuid4().hex,
        "timestamp": (when or datetime.now(UTC)).isoformat().replace("+00:00", "Z"),
        "text": f"<at>Resync</at>&nbsp;{text}",
        "from": {"id": "29:1", "name": name, "aadObjectId": f"aad-{name.split()[0].lower()}"},
        "conversation": {"id": "19:ops@thread.tacv2;messageid=17"},
        "channelData": {"channel": {"id": "19:ops@thread.tacv2"}},
    }
    return json.dumps(body).encode()


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    mac = hmac.new(base64.b64decode(secret), body, hashlib.sha256).digest()
    return {"Authorization": "HMAC " + base64.b64encode(mac).decode()}


def post(api: TestClient, body: bytes, headers: dict[str, str]) -> Any:
    return api.post(PATH, content=body, headers={**headers, "content-type": "application/json"})


@pytest.fixture
def teams(make_client: Callable[..., TestClient], receiver: Receiver) -> TestClient:
    api = make_client(
        teams_outgoing_secret=SECRET,
        teams_webhook_url=receiver.url(),
        teams_allow_private_urls=True,
        teams_poll_seconds=0.2,
    )
    add_user(api, "olga", "operator", "operator-pass-1")
    link = {"teams_key": "aad-olga", "username": "olga"}
    assert api.put("/api/v1/teams/users", json=link, headers=ADMIN).status_code == 200
    return api


def test_mentions_and_html_are_stripped() -> None:
    assert plain_text("<at>Resync</at>&nbsp;quais <b>jobs</b>?") == "quais jobs ?"


def test_a_signed_question_is_answered_with_the_plans_abends(teams: TestClient) -> None:
    question = "quais jobs abendaram hoje?"
    body = activity(question)
    reply = post(teams, body, signed(body))
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    in_chat = teams.post("/api/v1/chat", json={"text": question}, headers=OLGA).json()
    assert answer["text"] == in_chat["answer"] != PENDING_TEXT
    table = next(part for part in in_chat["parts"] if part["kind"] == "table")
    card = check_envelope(answer)
    shown = card_text(card)
    assert "PAYROLL_01" in shown
    for row in table["rows"][:15]:
        assert str(row[0]) in shown
    # the conversation is kept per Teams conversation: a follow-up lands in the same one
    follow = activity("e o log do PAYROLL_01?")
    assert post(teams, follow, signed(follow)).status_code == 200
    mine = teams.get("/api/v1/conversations", headers=OLGA).json()
    from_teams = [c for c in mine if c["title"] == question]
    assert len(from_teams) == 2  # the one asked in Teams (4 messages) and the chat's own
    assert sorted(c["message_count"] for c in from_teams) == [2, 4]


def test_bad_signature_replay_and_stale_get_401_and_change_nothing(teams: TestClient) -> None:
    body = activity("reexecute o PAYROLL_01 porque o arquivo chegou atrasado")
    assert post(teams, body, {}).status_code == 401
    assert post(teams, body, {"Authorization": "HMAC bm90LXRoaXM="}).status_code == 401
    other = base64.b64encode(b"some-other-secret-entirely-here!").decode()
    assert post(teams, body, signed(body, other)).status_code == 401
    tampered = body.replace(b"PAYROLL_01", b"PAYROLL_02")
    assert post(teams, tampered, signed(body)).status_code == 401
    old = activity("quais jobs abendaram hoje?", when=datetime.now(UTC) - timedelta(minutes=6))
    assert post(teams, old, signed(old)).status_code == 401
    future = activity("quais jobs abendaram hoje?", when=datetime.now(UTC) + timedelta(minutes=6))
    assert post(teams, future, signed(future)).status_code == 401
    assert teams.get("/api/v1/approvals", headers=ADMIN).json() == []
    assert teams.get("/api/v1/conversations", headers=OLGA).json() == []
    ok = activity("quais jobs abendaram hoje?")
    assert post(teams, ok, signed(ok)).status_code == 200
    replay = post(teams, ok, signed(ok))
    assert replay.status_code == 401 and replay.json()["error"] == "unauthorized"
    assert len(teams.get("/api/v1/conversations", headers=OLGA).json()) == 1
    status = teams.get("/api/v1/teams/incoming", headers=ADMIN).json()
    assert status["secret_set"] and status["rejected_signatures"] == 4
    assert status["replays"] == 1 and status["stale"] == 2 and status["accepted"] == 1
    metrics = teams.get("/metrics").text
    assert 'resync_teams_messages_total{outcome="rejected_signature"} 4.0' in metrics


def test_a_mapped_operator_requests_a_change(teams: TestClient, receiver: Receiver) -> None:
    body = activity("reexecute o PAYROLL_01 porque o arquivo chegou atrasado")
    reply = post(teams, body, signed(body))
    assert reply.status_code == 200, reply.text
    (pending,) = teams.get("/api/v1/approvals?status=pending", headers=ADMIN).json()
    assert pending["requester"] == "olga" and pending["target"].endswith("PAYROLL_01")
    (card,) = receiver.wait_for(1)
    assert "Solicitante: olga" in card_text(check_envelope(card.body))


def test_unmapped_users_are_viewers_by_default(teams: TestClient) -> None:
    body = activity("reexecute o PAYROLL_01 porque o arquivo chegou atrasado", name="Zé Ninguém")
    reply = post(teams, body, signed(body))
    assert reply.status_code == 200
    assert teams.get("/api/v1/approvals", headers=ADMIN).json() == []
    assert reply.json()["text"] != REFUSED_TEXT


def test_unmapped_users_refused_by_setting(make_client: Callable[..., TestClient]) -> None:
    api = make_client(teams_outgoing_secret=SECRET, teams_unmapped_users="refuse")
    body = activity("quais jobs abendaram hoje?", name="Zé Ninguém")
    reply = post(api, body, signed(body))
    assert reply.status_code == 200 and reply.json()["text"] == REFUSED_TEXT


def test_no_secret_no_entry(make_client: Callable[..., TestClient]) -> None:
    api = make_client()
    body = activity("quais jobs abendaram hoje?")
    assert post(api, body, signed(body)).status_code == 401


def test_a_late_answer_goes_to_the_channel(
    make_client: Callable[..., TestClient], receiver: Receiver
) -> None:
    api = make_client(
        teams_outgoing_secret=SECRET,
        teams_webhook_url=receiver.url(),
        teams_allow_private_urls=True,
        teams_poll_seconds=0.2,
        teams_reply_budget_seconds=0.001,
    )
    body = activity("quais jobs abendaram hoje?")
    reply = post(api, body, signed(body))
    assert reply.json() == {"type": "message", "text": PENDING_TEXT}
    (posted,) = receiver.wait_for(1)
    card = check_envelope(posted.body)
    check_card(card)
    assert "PAYROLL_01" in card_text(card)
