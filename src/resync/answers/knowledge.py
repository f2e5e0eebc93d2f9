"""The rag_only path: greetings, help, clarifying questions and answers from the knowledge base.

Knowledge answers cite their sources (a CitationsPart). Catalogue hits come first when the
message names a message id or an abend code. With an LLM, the knowledge_assistant agent
writes the answer from the retrieved text (fenced as untrusted), streaming through
``context.on_delta``; without one, or when it fails, the answer is a formatted extract of
the best sections.
"""

from __future__ import annotations

import re
import time
from typing import Any, Literal

from resync.agents.tools import ToolRegistry
from resync.answers.compose import Composer, Evidence
from resync.answers.small_talk import (
    clarifying_question,
    greeting,
    help_language,
    help_text,
    small_talk_language,
)
from resync.classifier.intents import Intent
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import Citation, CitationsPart

AGENT_ID = "knowledge_assistant"
SEARCH_LIMIT = 5
MAX_SECTIONS = 3
RELEVANCE_FLOOR = 0.6  # sections scoring below this share of the best one are left out
EXCERPT_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


class RagHandler:
    name = "rag_only"

    def __init__(self, registry: ToolRegistry, composer: Composer) -> None:
        self.registry = registry
        self.composer = composer

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        intent = request.classification.primary_intent
        asked_help = help_language(request.classification)
        if asked_help is not None and intent in (Intent.unknown, Intent.greeting, Intent.general):
            return HandlerReply(answer=help_text(asked_help), language=_language(asked_help))
        if intent is Intent.greeting:
            language = small_talk_language(request.classification)
            return HandlerReply(answer=greeting(request), language=_language(language))
        if intent is Intent.unknown:
            return HandlerReply(answer=clarifying_question(request))
        return await self.answer_from_knowledge(request)

    async def answer_from_knowledge(self, request: HandlerRequest) -> HandlerReply:
        started = time.perf_counter()
        results: list[dict[str, Any]] = await self.registry.invoke(
            "search_knowledge",
            request.tool_context(),
            query=request.message,
            limit=SEARCH_LIMIT,
            language=request.language,
        )
        timings = {"retrieve_ms": (time.perf_counter() - started) * 1000}
        chosen = select_sections(results)
        if not chosen:
            return HandlerReply(
                answer=_not_found(request), tools_used=["search_knowledge"], timings=timings
            )
        parts: list[Any] = [CitationsPart(items=[citation(result) for result in chosen])]
        evidence = [
            Evidence(f"{r['title']} › {r['section']}", r["text"], r["source"]) for r in chosen
        ]
        task = (
            "Answer the operator's question from the evidence above and cite the sources you "
            "used as [title › section]. If the evidence does not cover it, say so."
        )
        llm = await self.composer.answer_with_agent(request, AGENT_ID, evidence, task)
        timings["llm_ms"] = llm.ms
        tools = list(dict.fromkeys(["search_knowledge", *llm.tools_used]))
        if llm.text is not None:
            return HandlerReply(answer=llm.text, parts=parts, tools_used=tools, timings=timings)
        return HandlerReply(
            answer=format_extract(request, chosen),
            parts=parts,
            tools_used=tools,
            degraded=llm.failed,
            timings=timings,
        )


def _language(value: str) -> Literal["pt", "en"]:
    return "en" if value == "en" else "pt"


def select_sections(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Catalogue hits, then the best sections close enough to the top one."""
    if not results:
        return []
    catalogue = [r for r in results if r["kind"] == "catalogue"]
    chunks = [r for r in results if r["kind"] != "catalogue"]
    best = max((r["score"] for r in chunks), default=0.0)
    close = [r for r in chunks if r["score"] >= best * RELEVANCE_FLOOR]
    return (catalogue + close)[:MAX_SECTIONS]


def format_extract(request: HandlerRequest, chosen: list[dict[str, Any]]) -> str:
    """The deterministic answer: each chosen section as a titled excerpt, then the sources."""
    blocks = []
    for result in chosen:
        heading = result["section"].split("›")[-1].strip() or result["title"]
        blocks.append(f"**{heading}**\n{excerpt(result['text'])}")
    sources = "; ".join(_source_label(r) for r in chosen)
    intro = request.say("Segundo a base de conhecimento:", "From the knowledge base:")
    return (
        f"{intro}\n\n" + "\n\n".join(blocks) + f"\n\n{request.say('Fontes', 'Sources')}: {sources}"
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text cut at a sentence end before ``limit`` characters (table pipes as lines)."""
    text = "\n".join(
        line.strip() for line in text.replace(" | ", "\n").splitlines() if line.strip()
    )
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [match.start() for match in _SENTENCE_END.finditer(cut)]
    return (cut[: ends[-1]] if ends else cut.rsplit(" ", 1)[0]) + " …"


def _source_label(result: dict[str, Any]) -> str:
    section = result["section"]
    return f"[{result['title']} › {section}]" if section else f"[{result['title']}]"


def citation(result: dict[str, Any]) -> Citation:
    return Citation(
        title=result["title"],
        section=result["section"],
        source=result["source"],
        excerpt=excerpt(result["text"], 240),
        score=result["score"],
    )


def _not_found(request: HandlerRequest) -> str:
    return request.say(
        "Não encontrei isso na base de conhecimento. Tente reformular com um termo do HWA "
        "(por exemplo “o que é um job stream?”, “como funciona o conman?”, “o que significa "
        "AWSBHT001E?”), ou peça a um administrador para adicionar o documento que falta.",
        "I found nothing about that in the knowledge base. Try rephrasing with an HWA term "
        "(for example “what is a job stream?”, “how does conman work?”, “what does AWSBHT001E "
        "mean?”), or ask an administrator to add the missing document.",
    )
