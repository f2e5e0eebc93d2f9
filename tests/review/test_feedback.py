"""Answer feedback: the conversation's author only, one rating per answer, changeable."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic

OLGA = basic("olga", "olga-Secret-1234")


def _ask(api: TestClient, text: str, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    response = api.post("/api/v1/chat", json={"text": text}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _url(reply: dict) -> str:  # type: ignore[type-arg]
    return (
        f"/api/v1/conversations/{reply['conversation_id']}/messages/{reply['message_id']}/feedback"
    )


def test_the_author_rates_an_answer_and_may_change_it(api: TestClient) -> None:
    add_user(api, "olga", "operator", "olga-Secret-1234")
    reply = _ask(api, "bom dia", OLGA)
    up = api.post(_url(reply), json={"rating": "up"}, headers=OLGA)
    assert up.status_code == 200, up.text
    assert up.json()["rating"] == "up"
    down = {"rating": "down", "reason": "not_helpful", "comment": "  genérico demais "}
    changed = api.post(_url(reply), json=down, headers=OLGA)
    assert changed.status_code == 200
    assert (changed.json()["rating"], changed.json()["comment"]) == ("down", "genérico demais")
    mine = api.get(f"/api/v1/conversations/{reply['conversation_id']}/feedback", headers=OLGA)
    expected = {k: v for k, v in changed.json().items() if k != "message_id"}
    assert mine.json() == {reply["message_id"]: expected}


def test_only_the_author_and_only_answers(api: TestClient) -> None:
    add_user(api, "olga", "operator", "olga-Secret-1234")
    reply = _ask(api, "bom dia", OLGA)
    # Someone else (even an admin) cannot rate it: the conversation is not theirs.
    other = api.post(_url(reply), json={"rating": "down"}, headers=ADMIN)
    assert other.status_code == 404 and other.json()["error"] == "conversation_not_found"
    messages = api.get(
        f"/api/v1/conversations/{reply['conversation_id']}/messages", headers=OLGA
    ).json()
    question = next(m for m in messages if m["role"] == "user")
    own_question = {**reply, "message_id": question["id"]}
    refused = api.post(_url(own_question), json={"rating": "up"}, headers=OLGA)
    assert refused.status_code == 404 and refused.json()["error"] == "message_not_found"
    elsewhere = _ask(api, "oi", OLGA)
    mixed = {**reply, "message_id": elsewhere["message_id"]}
    assert api.post(_url(mixed), json={"rating": "up"}, headers=OLGA).status_code == 404


def test_bad_feedback_is_refused(api: TestClient) -> None:
    reply = _ask(api, "bom dia", ADMIN)
    for body in (
        {"rating": "meh"},
        {"rating": "up", "reason": "wrong_data"},  # a reason is for a thumbs-down
        {"rating": "down", "reason": "tedious"},
        {},
    ):
        response = api.post(_url(reply), json=body, headers=ADMIN)
        assert response.status_code == 422, body
