"""Messages through the real app (simulator demo plan, knowledge base, no LLM): useful answers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from resync.classifier.intents import Intent, RoutingMode
from resync.contract.context import HistoryTurn, RouteContext
from resync.contract.result import ActionPart, CitationsPart, LogPart, TablePart
from resync.tws.models import JobState
from tests.fixtures.routing_app import (
    ask,
    job_log_text,
    plan_jobs,
    recent_decisions,
    services,
)

NEVER = ("Traceback", "Erro ao processar", "Exception")


def _clean(answer: str) -> None:
    for text in NEVER:
        assert text not in answer


def _payroll_log_facts(client: TestClient) -> tuple[str, str, int]:
    """PAYROLL_01's plan id, the message id and the exit status its log shows."""
    (job,) = [j for j in plan_jobs(client, JobState.ABEND) if j.name == "PAYROLL_01"]
    text = job_log_text(client, job.id)
    message_id = re.search(r"\bAWS[A-Z]{3}\d{3}E\b", text)
    exit_status = re.search(r"Exit Status\s*:\s*(\d+)", text)
    assert message_id and exit_status, text
    return job.id, message_id.group(0), int(exit_status.group(1))


def test_greetings_introduce_resync_with_examples(app: TestClient) -> None:
    pt = ask(app, "bom dia!")
    assert (pt.intent, pt.routing_mode, pt.language) == (
        Intent.greeting,
        RoutingMode.rag_only,
        "pt",
    )
    assert "Resync" in pt.answer and "quais jobs abendaram hoje?" in pt.answer
    assert pt.answer.count("\n- ") >= 3
    en = ask(app, "hello there")
    assert en.language == "en" and "Hello" in en.answer
    assert "which jobs abended today?" in en.answer
    thanks = ask(app, "valeu, obrigado")
    assert thanks.answer.startswith("De nada")


def test_help_lists_what_resync_does_in_the_asked_language(app: TestClient) -> None:
    assert "Veja o que eu faço" in ask(app, "ajuda").answer
    english = ask(app, "help")
    assert "Here is what I can do" in english.answer and "Diagnosis" in english.answer


def test_general_questions_answer_from_the_knowledge_base_with_citations(app: TestClient) -> None:
    pt = ask(app, "como funciona o conman?")
    assert pt.intent is Intent.general and pt.tools_used == ["search_knowledge"]
    citations = [p for p in pt.parts if isinstance(p, CitationsPart)]
    assert citations and citations[0].items
    assert all(c.source.endswith(".pt.md") for c in citations[0].items)
    assert "conman" in pt.answer.lower() and "Fontes:" in pt.answer
    assert not pt.degraded
    en = ask(app, "what is conman?")
    assert en.language == "en" and "From the knowledge base" in en.answer
    assert "Sources:" in en.answer and "conman" in en.answer.lower()
    _clean(pt.answer + en.answer)


def test_unknown_asks_a_clarifying_question_with_examples(app: TestClient) -> None:
    pt = ask(app, "qual a receita de bolo de cenoura?")
    assert pt.intent is Intent.unknown
    assert pt.answer.startswith("Não entendi") and "por que o PAYROLL_01 falhou?" in pt.answer
    en = ask(app, "what's the weather like?")
    assert en.answer.startswith("I did not understand") and "rerun LOAD_FILES" in en.answer


def test_diagnosis_of_payroll_quotes_its_log_message_id_and_return_code(app: TestClient) -> None:
    job_id, message_id, rc = _payroll_log_facts(app)
    pt = ask(app, "por que o PAYROLL_01 abendou?")
    assert (pt.intent, pt.handler) == (Intent.troubleshooting, "diagnostic")
    assert message_id in pt.answer and f"código de retorno **{rc}**" in pt.answer
    assert "Causa provável" in pt.answer and "Próximos passos" in pt.answer
    (log_part,) = [p for p in pt.parts if isinstance(p, LogPart)]
    assert log_part.job_id == job_id
    assert any(message_id in line for line in log_part.lines)
    assert any(f"return code {rc}" in line for line in log_part.lines)
    (action,) = [p for p in pt.parts if isinstance(p, ActionPart)]
    assert (action.action, action.target, action.status) == ("rerun", job_id, "proposed")
    assert action.approval_id is None and pt.approval is None
    assert pt.tools_used[:2] == ["get_job_log", "lookup_message"]
    assert {"find_job_ms", "fetch_log_ms", "analyse_log_ms", "compose_ms"} <= set(pt.timings)
    en = ask(app, "why did PAYROLL_01 fail?")
    assert en.language == "en" and "Likely cause" in en.answer
    assert message_id in en.answer and f"return code **{rc}**" in en.answer
    # Proposing is not doing: the job is still in ABEND, no rerun instance exists.
    payroll = [j for j in plan_jobs(app) if j.name == "PAYROLL_01"]
    assert [j.state for j in payroll] == [JobState.ABEND]
    _clean(pt.answer + en.answer)


def test_a_message_id_without_a_job_answers_from_the_catalogue(app: TestClient) -> None:
    catalogue = services(app).knowledge.catalogue
    pt = ask(app, "o que significa AWSBHT001E?")
    assert pt.routing_mode is RoutingMode.diagnostic
    assert catalogue.lookup("AWSBHT001E").meaning_pt in pt.answer
    assert catalogue.lookup("AWSBHT001E").action_pt in pt.answer
    assert "Incidentes parecidos" in pt.answer  # the seeded PAYROLL_01 FAIL incident
    en = ask(app, "S0C4 in the nightly batch, what should I do?")
    assert catalogue.lookup("S0C4").meaning_en in en.answer
    assert "lookup_message" in en.tools_used and not en.degraded


def test_a_return_code_lists_the_failed_jobs_with_it(app: TestClient) -> None:
    result = ask(app, "o que quer dizer rc=8?")
    with_rc8 = sorted(j.name for j in plan_jobs(app, JobState.ABEND) if j.return_code == 8)
    assert with_rc8 and all(name in result.answer for name in with_rc8)
    assert "Código de retorno 8" in result.answer


def test_no_job_named_lists_exactly_the_failed_jobs_and_asks_which(app: TestClient) -> None:
    failed = plan_jobs(app, JobState.ABEND, JobState.FAIL, JobState.ERROR)
    result = ask(app, "por que o job falhou?")
    (table,) = [p for p in result.parts if isinstance(p, TablePart)]
    assert sorted(row[0] for row in table.rows) == sorted(j.name for j in failed)
    assert result.answer.startswith("Qual job você quer que eu analise?")


def test_a_waiting_job_says_what_it_waits_for(app: TestClient) -> None:
    result = ask(app, "por que o DAILY_02 está preso em HOLD?")
    assert "DAILY_02" in result.answer and "LOAD_FILES" in result.answer
    assert "por que o LOAD_FILES falhou?" in result.answer


def test_a_follow_up_takes_the_job_from_the_conversation(app: TestClient) -> None:
    _, message_id, _ = _payroll_log_facts(app)
    history = [
        HistoryTurn("user", "qual o status do PAYROLL_01?", {"job_name": ["PAYROLL_01"]}),
        HistoryTurn("assistant", "O PAYROLL_01 está em ABEND.", {"job_name": ["PAYROLL_01"]}),
    ]
    result = ask(app, "e o log dele?", RouteContext(history=history))
    assert result.entities["job_name"] == ["PAYROLL_01"]
    assert message_id in result.answer
    english = ask(app, "and its log?", RouteContext(history=history))
    assert "PAYROLL_01" in english.answer and english.language == "en"
    # Without a conversation the same words name no job: the router asks which one.
    alone = ask(app, "e o log dele?")
    assert "job_name" not in alone.entities


def test_every_decision_is_recorded_with_its_tools_and_outcome(app: TestClient) -> None:
    results = [
        ask(app, m) for m in ("oi", "o que significa AWSBHT001E?", "como funciona o conman?")
    ]
    decisions = recent_decisions(app)
    assert [d.trace_id for d in decisions] == [r.trace_id for r in reversed(results)]
    latest = decisions[0]
    assert (latest.intent, latest.mode, latest.handler, latest.outcome) == (
        "general",
        "rag_only",
        "rag_only",
        "ok",
    )
    assert decisions[1].tools == tuple(results[1].tools_used) and decisions[1].handler_ms > 0


def test_status_lists_exactly_the_plan_abends_through_the_agentic_path(app: TestClient) -> None:
    abended = sorted(j.name for j in plan_jobs(app, JobState.ABEND) if j.is_last_in_chain)
    for message in ("quais jobs abendaram hoje?", "which jobs abended today?"):
        result = ask(app, message)
        assert (result.routing_mode, result.handler) == (RoutingMode.agentic, "agentic")
        (table, *_) = [p for p in result.parts if isinstance(p, TablePart)]
        names = sorted(row[table.columns.index("job")] for row in table.rows)
        assert names == abended, result.answer
        assert all(name in result.answer for name in abended)
        _clean(result.answer)
