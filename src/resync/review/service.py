"""Feedback on answers, the review queue, and what resolving an item does."""

from __future__ import annotations

from typing import Any

import structlog
import yaml

from resync.audit.service import AuditService
from resync.chat.errors import ConversationNotFound
from resync.chat.models import ChatMessage
from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import Intent
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.errors import NotFound
from resync.evaluation.intents import LabelledCase, evaluate
from resync.knowledge.incidents import IncidentMemory
from resync.review.models import FeedbackRow, ResolutionRow
from resync.review.repository import ReviewRepository
from resync.review.schemas import FeedbackIn, ResolveIn

log = structlog.get_logger(__name__)

LOW_CONFIDENCE = 0.5
SCANNED_ANSWERS = 500  # the most recent answers looked at for doubtful routing


class MessageNotFound(NotFound):
    code = "message_not_found"


def doubts(answer: ChatMessage) -> list[str]:
    """Why the router itself doubts this answer (empty: it does not)."""
    result = answer.result or {}
    found = []
    if (answer.intent or result.get("intent")) == Intent.unknown.value:
        found.append("unknown")
    confidence = answer.confidence if answer.confidence is not None else result.get("confidence")
    if confidence is not None and confidence < LOW_CONFIDENCE:
        found.append("low_confidence")
    if result.get("degraded"):
        found.append("degraded")
    if "fallback" in str(result.get("handler") or ""):
        found.append("fallback")
    return found


def _feedback(row: FeedbackRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "rating": row.rating,
        "reason": row.reason,
        "comment": row.comment,
        "author": row.author,
        "updated_at": row.updated_at.isoformat(),
    }


def _resolution(row: ResolutionRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "action": row.action,
        "intent": row.intent,
        "routing": row.routing,
        "entities": row.entities,
        "note": row.note,
        "incident_id": row.incident_id,
        "reviewer": row.reviewer,
        "resolved_at": row.resolved_at.isoformat(),
    }


def golden_case(row: ResolutionRow) -> dict[str, Any]:
    """One accepted correction in the golden format ``resync eval intents`` reads."""
    expected: dict[str, Any] = {"primary_intent": row.intent}
    if row.routing:
        expected["suggested_routing"] = row.routing
    if row.entities:
        expected["entities"] = row.entities
    return {"name": f"review_{row.message_id}", "input": row.question, "expected": expected}


class ReviewService:
    def __init__(self, db: Database, incidents: IncidentMemory, audit: AuditService) -> None:
        self.repository = ReviewRepository(db)
        self.incidents = incidents
        self.audit = audit
        self.classifier = IntentClassifier()

    # feedback ----------------------------------------------------------------------------

    async def give_feedback(
        self, conversation_id: str, message_id: str, author: str, body: FeedbackIn
    ) -> dict[str, Any]:
        """The author's rating of one answer of their conversation (given again: replaced)."""
        if await self.repository.conversation_owner(conversation_id) != author:
            raise ConversationNotFound("conversa não encontrada")
        answer = await self.repository.message(message_id)
        if (
            answer is None
            or answer.conversation_id != conversation_id
            or answer.role != "assistant"
        ):
            raise MessageNotFound("resposta não encontrada nesta conversa")
        now = utcnow()
        row = FeedbackRow(
            message_id=message_id,
            conversation_id=conversation_id,
            author=author,
            rating=body.rating,
            reason=body.reason,
            comment=(body.comment or "").strip() or None,
            created_at=now,
            updated_at=now,
        )
        saved = await self.repository.save_feedback(row)
        log.info("answer_feedback", message_id=message_id, rating=body.rating, reason=body.reason)
        return {"message_id": message_id, **(_feedback(saved) or {})}

    async def feedback_of(self, conversation_id: str, author: str) -> dict[str, Any]:
        if await self.repository.conversation_owner(conversation_id) != author:
            raise ConversationNotFound("conversa não encontrada")
        rows = await self.repository.feedback_of_conversation(conversation_id)
        return {row.message_id: _feedback(row) for row in rows}

    # the queue ---------------------------------------------------------------------------

    async def queue(
        self, *, status: str = "open", kind: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Thumbs-down and doubtful answers, newest first."""
        answers = {a.id: a for a in await self.repository.recent_answers(SCANNED_ANSWERS)}
        down = await self.repository.thumbs_down(SCANNED_ANSWERS)
        missing = [i for i in down if i not in answers]
        answers.update({a.id: a for a in await self.repository.answers(missing)})
        feedback = await self.repository.feedback(answers)
        candidates = [
            a
            for a in answers.values()
            if doubts(a) or (feedback.get(a.id) and feedback[a.id].rating == "down")
        ]
        items = await self._items(candidates, feedback)
        if status == "resolved":
            items = [i for i in items if i["status"] != "open"]
        elif status != "all":  # open, or one action (golden, incident…)
            items = [i for i in items if i["status"] == status]
        if kind == "feedback":
            items = [i for i in items if i["feedback"] and i["feedback"]["rating"] == "down"]
        elif kind == "doubtful":
            items = [i for i in items if i["doubts"]]
        items.sort(key=lambda i: i["created_at"], reverse=True)
        return items[:limit]

    async def _items(
        self, answers: list[ChatMessage], feedback: dict[str, FeedbackRow] | None = None
    ) -> list[dict[str, Any]]:
        ids = [a.id for a in answers]
        if feedback is None:
            feedback = await self.repository.feedback(ids)
        resolutions = await self.repository.resolutions(ids)
        questions = await self.repository.questions(answers)
        return [
            self._item(a, questions.get((a.conversation_id, a.seq - 1), ""), feedback, resolutions)
            for a in answers
        ]

    def _item(
        self,
        answer: ChatMessage,
        question: str,
        feedback: dict[str, FeedbackRow],
        resolutions: dict[str, ResolutionRow],
    ) -> dict[str, Any]:
        result = answer.result or {}
        resolution = resolutions.get(answer.id)
        classification = self.classifier.classify(question) if question else None
        return {
            "id": answer.id,
            "message_id": answer.id,
            "conversation_id": answer.conversation_id,
            "text": question,
            "answer": answer.text,
            "created_at": answer.created_at.isoformat(),
            "decision": {
                "intent": result.get("intent", answer.intent),
                "confidence": result.get("confidence", answer.confidence),
                "routing_mode": result.get("routing_mode", answer.routing_mode),
                "handler": result.get("handler"),
                "tools": result.get("tools_used", []),
                "entities": result.get("entities", {}),
                "degraded": bool(result.get("degraded")),
                "trace_id": result.get("trace_id", answer.trace_id),
                "reasons": classification.reasons if classification else [],
            },
            "doubts": doubts(answer),
            "feedback": _feedback(feedback.get(answer.id)),
            "status": resolution.action if resolution else "open",
            "resolution": _resolution(resolution),
        }

    async def item(self, item_id: str) -> dict[str, Any]:
        answer = await self.repository.message(item_id)
        if answer is None or answer.role != "assistant":
            raise MessageNotFound("item de revisão não encontrado")
        (found,) = await self._items([answer])
        context = await self.repository.around(answer)
        found["conversation"] = [
            {"id": m.id, "role": m.role, "text": m.text, "created_at": m.created_at.isoformat()}
            for m in context
        ]
        return found

    # resolving ---------------------------------------------------------------------------

    async def resolve(self, item_id: str, body: ResolveIn, reviewer: str) -> dict[str, Any]:
        current = await self.item(item_id)
        decision = current["decision"]
        incident_id = None
        if body.action == "incident" and body.incident is not None:
            incident = await self.incidents.add_incident(
                **body.incident.model_dump(), resolved_by=reviewer, origin="operator"
            )
            incident_id = incident.id
        intent = body.intent.value if body.intent else decision["intent"]
        row = ResolutionRow(
            message_id=item_id,
            action=body.action,
            question=current["text"],
            intent=intent,
            routing=body.routing.value if body.routing else None,
            entities=body.entities or {},
            note=(body.note or "").strip() or None,
            incident_id=incident_id,
            reviewer=reviewer,
            resolved_at=utcnow(),
        )
        audit = self.audit.entry(
            "review.resolve",
            actor=reviewer,
            target=f"message:{item_id}",
            detail={
                "action": body.action,
                "intent": {"old": decision["intent"], "new": intent},
                "routing": row.routing,
                "incident_id": incident_id,
                "note": row.note,
            },
        )
        await self.repository.save_resolution(row, audit)
        log.info("review_resolved", message_id=item_id, action=body.action)
        return await self.item(item_id)

    # golden cases ------------------------------------------------------------------------

    async def golden_cases(self) -> list[dict[str, Any]]:
        return [golden_case(row) for row in await self.repository.golden() if row.question]

    async def golden_yaml(self) -> str:
        cases = await self.golden_cases()
        header = (
            "# Golden cases accepted in Resync's review queue (resync eval intents reads this)\n"
        )
        return header + yaml.safe_dump(cases, allow_unicode=True, sort_keys=False)

    async def accuracy(self) -> dict[str, Any]:
        """How the classifier does today on the accepted corrections."""
        cases = [
            LabelledCase(
                name=c["name"],
                input=c["input"],
                intent=Intent(c["expected"]["primary_intent"]),
                routing=c["expected"].get("suggested_routing"),
                entities=c["expected"].get("entities", {}),
            )
            for c in await self.golden_cases()
        ]
        if not cases:
            return {"cases": 0, "intent_accuracy": None, "routing_accuracy": None, "failures": []}
        return evaluate(self.classifier, cases).to_dict()
