"""What a diagnosis hands on: the evidence an LLM writes from, the citations the operator
sees, and the justification of the rerun it proposes."""

from __future__ import annotations

from typing import Any

import orjson

from resync.answers.compose import Evidence
from resync.answers.diagnosis import Diagnosis
from resync.contract.handlers import HandlerRequest
from resync.contract.result import Citation, CitationsPart, Part
from resync.plan.lookup import job_summary


def as_json(value: Any) -> str:
    return orjson.dumps(value, default=str, option=orjson.OPT_INDENT_2).decode()


def job_evidence(diagnosis: Diagnosis, log: dict[str, Any]) -> list[Evidence]:
    assert diagnosis.job is not None
    findings = diagnosis.findings
    facts = {
        "job": job_summary(diagnosis.job),
        "return_code": diagnosis.return_code,
        "message_ids": findings.message_ids if findings else [],
        "abend_code": findings.abend_code if findings else None,
        "decisive_lines": [f"{line.number}: {line.text}" for line in findings.decisive_lines]
        if findings
        else [],
    }
    return [
        Evidence("job and log findings", as_json(facts)),
        Evidence(f"job log of {diagnosis.job.name}", str(log["log"]), diagnosis.job.id),
        Evidence("catalogue entries", as_json(diagnosis.catalogue)),
        Evidence("similar past incidents", as_json(diagnosis.useful_incidents)),
        Evidence("knowledge base sections", as_json(diagnosis.knowledge)),
    ]


def citations(request: HandlerRequest, diagnosis: Diagnosis) -> list[Part]:
    catalogue = request.say("Catálogo de mensagens", "Message catalogue")
    items = [
        Citation(title=catalogue, section=e["code"], source="catalogue", excerpt=e["meaning"])
        for e in diagnosis.shown_catalogue
    ]
    items += [
        Citation(
            title=r["title"],
            section=r["section"],
            source=r["source"],
            excerpt=r["text"][:240],
            score=r["score"],
        )
        for r in diagnosis.knowledge
        if r["kind"] != "catalogue" and _bears_on(r, diagnosis)
    ]
    return [CitationsPart(items=items)] if items else []


def _bears_on(section: dict[str, Any], diagnosis: Diagnosis) -> bool:
    """A knowledge section is cited for a log's cause only when it names a code of it."""
    if diagnosis.cause is None:
        return True
    codes = diagnosis.findings.codes if diagnosis.findings else []
    return any(code in section["text"] for code in codes)


def rerun_justification(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    entry = diagnosis.primary_entry
    rc = diagnosis.return_code
    if entry is not None:
        cause = f"{entry['code']}: {entry['meaning']}"
    else:
        cause = request.say("ver o diagnóstico", "see the diagnosis")
    done = request.say("rerun após corrigir a causa", "rerun once the cause is fixed")
    return f"{done} — {cause}" + (f" (rc {rc})" if rc is not None else "")
