"""Read tools over the knowledge base, the message catalogue, past incidents and job logs.

Registered on the tool registry by :class:`KnowledgeTools`, bound to the knowledge
service; the diagnostic and knowledge answers invoke them, LLM agents call them by name.
"""

from __future__ import annotations

from typing import Any

from resync.agents.tools import ToolContext, ToolRegistry
from resync.knowledge.incidents import signature_from_log
from resync.knowledge.schemas import IncidentSignature
from resync.knowledge.service import KnowledgeService


class KnowledgeTools:
    """The knowledge read tools, bound to the knowledge service they search."""

    def __init__(self, knowledge: KnowledgeService) -> None:
        self.knowledge = knowledge

    def register(self, registry: ToolRegistry) -> None:
        """Register the knowledge, catalogue and incident tools (all read-only)."""
        registry.register(self.search_knowledge, untrusted_output=True)
        registry.register(self.lookup_message)
        registry.register(self.search_similar_incidents)

    async def search_knowledge(
        self, context: ToolContext, query: str, limit: int = 5, language: str | None = None
    ) -> list[dict[str, Any]]:
        """Search the HWA/TWS knowledge base (documents and the message catalogue), best first.

        Args:
            query: What to look for, in the operator's words (a concept, a message id, a procedure).
            limit: How many results, 1 to 10.
            language: "pt" or "en" to prefer documents in that language.
        """
        response = await self.knowledge.search(
            query, limit=max(1, min(limit, 10)), language=language or None
        )
        return [
            {
                "title": result.title,
                "section": result.section,
                "source": result.source,
                "kind": result.kind,
                "score": round(result.score, 4),
                "text": result.text,
            }
            for result in response.results
        ]

    async def lookup_message(self, context: ToolContext, code: str) -> dict[str, Any]:
        """Look up an HWA/TWS message id (AWSBHT001E) or a z/OS abend code (S0C4, U0016).

        Args:
            code: The message id or abend code, exactly as it appears.
        """
        entry = self.knowledge.catalogue.lookup(code)
        if entry is None:
            return {"code": code.strip().upper(), "found": False}
        return {
            "code": entry.code,
            "found": True,
            "kind": entry.kind,
            "component": entry.component,
            "severity": entry.severity,
            "meaning": entry.meaning(context.language),
            "action": entry.action(context.language),
            "verified": entry.verified,
        }

    async def search_similar_incidents(
        self,
        context: ToolContext,
        job_name: str = "",
        message_ids: list[str] | None = None,
        abend_code: str | None = None,
        return_code: int | None = None,
        log_text: str = "",
        limit: int = 3,
    ) -> list[dict[str, Any]]:
        """Find resolved past incidents similar to a failure, with their cause and fix.

        Args:
            job_name: The failed job's name.
            message_ids: Message ids seen in the failure (AWSBHT001E …).
            abend_code: The z/OS abend code, if any.
            return_code: The job's return code, if any.
            log_text: Key lines of the job log, when at hand.
            limit: How many incidents, 1 to 10.
        """
        if log_text.strip():
            signature = signature_from_log(job_name, log_text, return_code=return_code)
            if message_ids:
                signature.message_ids = list(dict.fromkeys([*signature.message_ids, *message_ids]))
            signature.abend_code = signature.abend_code or abend_code
        else:
            signature = IncidentSignature(
                job_name=job_name,
                message_ids=list(message_ids or []),
                abend_code=abend_code,
                return_code=return_code,
            )
        found = await self.knowledge.incidents.search_similar_issues(
            signature, limit=max(1, min(limit, 10))
        )
        return [
            {
                "score": similar.score,
                "matched": similar.matched,
                "job_name": similar.incident.job_name,
                "message_ids": similar.incident.message_ids,
                "abend_code": similar.incident.abend_code,
                "return_code": similar.incident.return_code,
                "cause": similar.incident.cause,
                "fix": similar.incident.fix,
                "log_lines": similar.incident.log_lines[:5],
                "resolved_by": similar.incident.resolved_by,
                "resolved_at": similar.incident.resolved_at.date().isoformat(),
            }
            for similar in found
        ]
