"""When something fails the operator gets a clear answer (what failed, what still works)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import RoutingMode
from resync.contract.context import RouteContext
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import RoutingResult
from resync.routing.router import HybridRouter
from resync.tws.client import HWAClient
from tests.fixtures.processes import free_port
from tests.fixtures.routing_app import (
    MakeApp,
    ask,
    recent_decisions,
    services,
)


class ListingHandler:
    """A stand-in for the agentic path: answers from one HWA read, names its tool."""

    name = "agentic"

    def __init__(self, tws: HWAClient) -> None:
        self.tws = tws

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        jobs = await self.tws.list_jobs(states=request.entities.get("status"))
        return HandlerReply(answer=f"{len(jobs)} jobs", tools_used=["list_jobs"])


class BrokenHandler:
    name = "agentic"

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        raise RuntimeError("a bug in the handler")


class SlowHandler:
    name = "agentic"

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        import asyncio

        await asyncio.sleep(5)
        return HandlerReply(answer="too late")


def _router(client: TestClient, agentic: object, **kwargs: float) -> HybridRouter:
    svc = services(client)
    handlers = {**svc.router.handlers, RoutingMode.agentic: agentic}
    return HybridRouter(
        IntentClassifier(),
        handlers,  # type: ignore[arg-type]
        svc.decisions,
        catalogue=svc.knowledge.catalogue,
        **kwargs,
    )


def _route(
    client: TestClient, router: HybridRouter, message: str, **context: object
) -> RoutingResult:
    result: RoutingResult = client.portal.call(router.route, message, RouteContext(**context))  # type: ignore[arg-type]
    return result


def _never_an_error_page(answer: str) -> None:
    for text in ("Traceback", "Erro ao processar", "RuntimeError", "a bug in the handler"):
        assert text not in answer


def test_hwa_down_gives_a_clear_degraded_answer(make_app: MakeApp) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    client = make_app(hwa_url=closed, hwa_read_retries=0, hwa_connect_timeout=1.0)
    pt = ask(client, "por que o PAYROLL_01 abendou?")
    assert pt.degraded and pt.handler == "diagnostic"
    assert pt.answer.startswith("Não consegui diagnosticar a falha: o HWA não está respondendo")
    assert (
        "O que ainda funciona" in pt.answer
        and "Nenhuma informação do plano foi alterada" in pt.answer
    )
    en = ask(client, "why did PAYROLL_01 fail with AWSBHT001E?")
    assert en.answer.startswith("I could not diagnose the failure: HWA is not answering")
    assert "What still works" in en.answer
    assert services(client).knowledge.catalogue.lookup("AWSBHT001E").meaning_en in en.answer
    _never_an_error_page(pt.answer + en.answer)
    # What still works does work: a catalogue question needs no HWA.
    code = ask(client, "o que significa AWSBHT001E?")
    assert not code.degraded and "Significado" in code.answer
    decisions = recent_decisions(client)
    assert [d.outcome for d in decisions] == ["ok", "fallback", "fallback"]
    assert decisions[1].error is not None and decisions[1].error.startswith("hwa_")


def test_the_router_runs_the_handler_of_the_mode(app: TestClient) -> None:
    router = _router(app, ListingHandler(services(app).tws))
    result = _route(app, router, "quais jobs abendaram hoje?")
    assert (result.routing_mode, result.handler, result.tools_used) == (
        RoutingMode.agentic,
        "agentic",
        ["list_jobs"],
    )
    assert result.answer.endswith(" jobs") and not result.degraded
    forced = _route(app, router, "quais jobs abendaram hoje?", force_mode=RoutingMode.rag_only)
    assert forced.routing_mode is RoutingMode.rag_only and forced.handler == "rag_only"
    decisions = recent_decisions(app)
    assert [(d.mode, d.tools) for d in decisions] == [
        ("rag_only", ("search_knowledge",)),
        ("agentic", ("list_jobs",)),
    ]


def test_a_follow_up_reaches_the_handler_with_the_earlier_job(app: TestClient) -> None:
    seen: list[dict[str, list[str]]] = []

    class Recording(ListingHandler):
        async def handle(self, request: HandlerRequest) -> HandlerReply:
            seen.append(request.entities)
            return HandlerReply(answer="ok")

    router = _router(app, Recording(services(app).tws))
    from resync.contract.context import HistoryTurn

    history = [HistoryTurn("user", "por que o LOAD_FILES falhou?", {"job_name": ["LOAD_FILES"]})]
    result = _route(app, router, "reexecuta ele", history=history)
    assert seen == [{"job_name": ["LOAD_FILES"]}]
    classified = router.classify("reexecuta ele", RouteContext(history=history))
    assert classified.reasons[-1] == "follow-up: took job_name=LOAD_FILES from the conversation"
    assert result.entities == {"job_name": ["LOAD_FILES"]}


def test_a_handler_bug_is_answered_and_recorded_as_an_error(app: TestClient) -> None:
    result = _route(app, _router(app, BrokenHandler()), "quais jobs abendaram hoje?")
    assert result.degraded and "houve uma falha interna" in result.answer
    assert result.trace_id in result.answer  # a reference support can look up
    _never_an_error_page(result.answer)
    (decision,) = recent_decisions(app)
    assert decision.outcome == "error" and decision.error == "RuntimeError: a bug in the handler"


def test_a_slow_handler_is_cut_off(app: TestClient) -> None:
    result = _route(
        app, _router(app, SlowHandler(), handler_timeout=0.2), "what is running on AGT01?"
    )
    assert result.degraded and "took longer than the limit" in result.answer
    assert recent_decisions(app)[0].outcome == "error"


def test_a_mode_without_a_handler_says_so(app: TestClient) -> None:
    svc = services(app)
    handlers = {m: h for m, h in svc.router.handlers.items() if m is not RoutingMode.agentic}
    router = HybridRouter(
        IntentClassifier(), handlers, svc.decisions, catalogue=svc.knowledge.catalogue
    )
    result = _route(app, router, "quais jobs abendaram hoje?")
    assert result.degraded and result.handler == "none"
    assert result.answer.startswith("Ainda não consigo consultar o plano do HWA")
