"""The chat repository on both engines: counters, order, stored answers, deletion races."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from resync.chat.errors import ConversationNotFound
from resync.chat.repository import ConversationRepository
from resync.db.engine import Database


def _pair(n: int) -> list[dict[str, Any]]:
    return [
        {"role": "user", "text": f"pergunta {n}", "trace_id": f"t{n}"},
        {
            "role": "assistant",
            "text": f"resposta {n}",
            "result": {"answer": f"resposta {n}", "entities": {"job_name": ["PAYROLL_01"]}},
            "intent": "status",
            "routing_mode": "agentic",
            "confidence": 0.9,
            "trace_id": f"t{n}",
        },
    ]


async def test_count_is_per_owner_and_counts_every_message(database: Database) -> None:
    repository = ConversationRepository(database)
    conversation = await repository.create("ana", "status do PAYROLL_01")
    assert await repository.message_count(conversation.id, "ana") == 0
    assert await repository.message_count(conversation.id, "bruno") is None
    ids, count = await repository.add_messages(conversation.id, "ana", _pair(1))
    assert count == 2 and len(set(ids)) == 2
    assert (await repository.add_messages(conversation.id, "ana", _pair(2)))[1] == 4
    assert await repository.message_count(conversation.id, "ana") == 4


async def test_messages_come_back_in_order_with_their_answers(database: Database) -> None:
    repository = ConversationRepository(database)
    conversation = await repository.create("ana", "ç título")
    for n in range(3):
        await repository.add_messages(conversation.id, "ana", _pair(n))
    stored = await repository.messages(conversation.id)
    assert [m.seq for m in stored] == list(range(1, 7))
    assert [m.text for m in stored[:2]] == ["pergunta 0", "resposta 0"]
    assert stored[0].result is None and stored[0].intent is None
    assert stored[1].result == {"answer": "resposta 0", "entities": {"job_name": ["PAYROLL_01"]}}
    latest = await repository.messages(conversation.id, limit=2)
    assert [m.text for m in latest] == ["pergunta 2", "resposta 2"]


async def test_concurrent_appends_never_share_a_number(database: Database) -> None:
    repository = ConversationRepository(database)
    conversation = await repository.create("ana", "carga")
    counts = await asyncio.gather(
        *(repository.add_messages(conversation.id, "ana", _pair(n)) for n in range(10))
    )
    assert sorted(count for _, count in counts) == list(range(2, 21, 2))
    stored = await repository.messages(conversation.id)
    assert [m.seq for m in stored] == list(range(1, 21))
    for message in stored[1::2]:  # every answer right after its own question
        question = stored[message.seq - 2]
        assert message.text.replace("resposta", "pergunta") == question.text


async def test_appending_to_a_deleted_conversation_stores_nothing(database: Database) -> None:
    repository = ConversationRepository(database)
    conversation = await repository.create("ana", "apagada")
    assert await repository.delete(conversation.id, "ana")
    with pytest.raises(ConversationNotFound):
        await repository.add_messages(conversation.id, "ana", _pair(1))
    assert await repository.messages(conversation.id) == []
