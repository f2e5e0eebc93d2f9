"""The diagnostic path: why a job failed (or what a message id / abend code / rc means).

A small explicit plan of steps, each timed into ``timings`` and bounded by a step limit:
find the job → read its log → analyse it → look the codes up in the catalogue → find
similar past incidents → search the knowledge base → write the answer (the
diagnostic_agent with an LLM, deterministic otherwise). A rerun that fits is proposed as
an ActionPart with status "proposed" — never an approval request: the operator asks for
it explicitly. HWA errors propagate; the router answers them.

The steps and their budget are ``answers.steps``; what the diagnosis hands the writer
and the operator (evidence, citations, the rerun's justification) is ``answers.evidence``;
a question without a job ("o que falhou na última hora?") is ``answers.failed_list``.
"""

from __future__ import annotations

from collections.abc import Callable

from resync.agents.tools import ToolRegistry
from resync.answers.candidates import candidates_of, which_of
from resync.answers.compose import Composer, Evidence
from resync.answers.diagnosis import (
    Diagnosis,
    quote_window,
    render_code_explanation,
    render_job_diagnosis,
)
from resync.answers.evidence import as_json, citations, job_evidence, rerun_justification
from resync.answers.failed_list import ask_which
from resync.answers.impact import asks_impact, job_impact
from resync.answers.joblog import asks_for_the_log, whole_log
from resync.answers.late import asks_what_is_late, late_jobs
from resync.answers.names import missing_job
from resync.answers.steps import Steps, as_step
from resync.answers.toolbox import Toolbox
from resync.answers.waiting import render_not_failed
from resync.answers.workstation_help import asks_about_a_workstation, workstation_procedure
from resync.answers.workstations import asks_what_it_holds, workstation_holds
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import ActionPart, LogPart, Part
from resync.plan.causes import is_zos_log, read_cause
from resync.plan.joblog import LogLine, analyse_log
from resync.plan.lookup import (
    FAILED_STATES,
    earlier_runs,
    failed_jobs,
    resolve_job,
)
from resync.plan.reading import plan_zone
from resync.plan.related import same_failures
from resync.plan.schemas import JobLookup
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import JobInstance

AGENT_ID = "diagnostic_agent"
MAX_CODES = 3


class DiagnosticHandler:
    name = "diagnostic"

    def __init__(self, tws: HWAClient, registry: ToolRegistry, composer: Composer) -> None:
        self.tws = tws
        self.registry = registry
        self.composer = composer

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        steps = Steps(request, self.registry, self.tws)
        tws = self.tws
        diagnosis = Diagnosis()
        several = candidates_of(request)
        if several:
            asked = which_of(request, several)
            return steps.reply(asked.answer, asks=asked.asks)
        job_name = request.entity("job_name") or await self._job_named_like_a_workstation(request)
        stream = request.entity("job_stream")
        if job_name:
            job = await steps.run("find_job", lambda: resolve_job(tws, job_name))
            if job is None:
                job = await self._by_prefix(request, steps, job_name, diagnosis)
            if job is None and (suggested := await self._did_you_mean(request, steps, job_name)):
                return suggested
            if job is not None and asks_for_the_log(request):
                return await whole_log(request, steps, job)
            if job is not None and asks_impact(request):
                return await self._impact(request, steps, job)
            if job is not None:
                return await self._diagnose_job(request, steps, job, diagnosis)
        elif stream:
            failed = await steps.run(
                "find_job", lambda: tws.list_jobs(stream=stream, states=list(FAILED_STATES))
            )
            if len(failed) == 1:
                return await self._diagnose_job(request, steps, failed[0], diagnosis)
            if failed:
                return await ask_which(request, steps, failed, diagnosis)
        named_ws = request.entity("workstation")
        if named_ws and not job_name and asks_what_it_holds(request):
            return await self._workstation_holds(request, steps, named_ws)
        if _asked_codes(request) or request.entity("error_code"):
            return await self._explain_codes(request, steps, diagnosis)
        if asks_what_is_late(request):
            return await late_jobs(request, steps)
        if asks_about_a_workstation(request):
            return await workstation_procedure(request, steps)
        return await ask_which(request, steps, None, diagnosis)

    async def _job_named_like_a_workstation(self, request: HandlerRequest) -> str | None:
        """ "LNX_BATCH_01" reads as a workstation; when the plan has no such workstation
        but has such a job, the message is about the job."""
        name = request.entity("workstation")
        if not name:
            return None
        if any(ws.name.upper() == name.upper() for ws in await self.tws.list_workstations()):
            return None
        return name

    # -- a job ------------------------------------------------------------------------------

    async def _impact(
        self, request: HandlerRequest, steps: Steps, job: JobInstance
    ) -> HandlerReply:
        """'What does the LOAD_FILES failure block?': the impact, not the diagnosis again."""
        tools = Toolbox(request, self.registry)
        reply = await steps.run("impact", lambda: job_impact(request, tools, job.id))
        reply.tools_used = [*steps.tools, *tools.used]
        reply.timings = {**steps.timings, **reply.timings}
        return reply

    async def _workstation_holds(
        self, request: HandlerRequest, steps: Steps, name: str
    ) -> HandlerReply:
        """'A AGT_LNX02 caiu, quais jobs ela prende?': its jobs still to run."""
        tools = Toolbox(request, self.registry)
        reply = await steps.run("held", lambda: workstation_holds(request, tools, name))
        reply.tools_used = [*steps.tools, *tools.used]
        reply.timings = {**steps.timings, **reply.timings}
        return reply

    async def _by_prefix(
        self, request: HandlerRequest, steps: Steps, name: str, diagnosis: Diagnosis
    ) -> JobInstance | None:
        """ "PAYROLL" for PAYROLL_01: the one failed job whose name starts so, if only one."""
        tws = self.tws
        found = await steps.run(
            "find_job", lambda: tws.list_jobs(name=f"{name}*", states=list(FAILED_STATES))
        )
        if len(found) == 1:
            diagnosis.notes.append(
                request.say(
                    f"Não há job chamado {name} no plano; analisei o {found[0].name}.",
                    f"No job is named {name} in the plan; I looked at {found[0].name}.",
                )
            )
            return found[0]
        diagnosis.notes.append(
            request.say(
                f"Não encontrei o job **{name}** no plano atual.",
                f"I did not find job **{name}** in the current plan.",
            )
        )
        return None

    async def _did_you_mean(
        self, request: HandlerRequest, steps: Steps, name: str
    ) -> HandlerReply | None:
        """A name that names no job but is near some ("PAYROL_01"): "did you mean …?", as
        every answer asks it ("sim" then diagnoses the name). None when nothing is near:
        the failed jobs to choose from say more."""
        tools = Toolbox(request, self.registry)
        lookup: JobLookup = await tools("get_job_status", job=name)
        if lookup.job is not None:
            return None
        reply = await missing_job(request, tools, lookup)
        if not reply.asks:
            return None
        reply.tools_used = [*steps.tools, *tools.used]
        return reply

    async def _diagnose_job(
        self, request: HandlerRequest, steps: Steps, job: JobInstance, diagnosis: Diagnosis
    ) -> HandlerReply:
        diagnosis.job = job
        diagnosis.return_code = job.return_code
        diagnosis.zone = await plan_zone(self.tws)
        diagnosis.earlier = await steps.run("earlier_runs", lambda: earlier_runs(self.tws, job))
        if job.state not in FAILED_STATES and not job.return_code:
            return await render_not_failed(request, steps, job, diagnosis)
        log = await steps.tool("fetch_log", "get_job_log", job=job.id, max_lines=200)
        lines = str(log["log"]).splitlines()
        findings = await steps.run(
            "analyse_log", as_step(analyse_log, log["log"], first_line=log["first_line"])
        )
        diagnosis.findings = findings
        if diagnosis.return_code is None:
            diagnosis.return_code = findings.return_code
        numbered = [LogLine(int(log["first_line"]) + i, text) for i, text in enumerate(lines)]
        diagnosis.cause = read_cause(numbered)
        cause = diagnosis.cause
        if cause is not None and steps.left > 3:
            diagnosis.same_day = await steps.run(
                "same_failures", lambda: same_failures(self.tws, job, cause)
            )
        diagnosis.zos = is_zos_log(numbered)
        diagnosis.log_window = quote_window(lines, int(log["first_line"]), findings)
        codes = findings.codes + ([job.abend_code] if job.abend_code else [])
        await self._gather(request, steps, diagnosis, list(dict.fromkeys(codes)), job.name)
        parts: list[Part] = []
        if diagnosis.log_window:
            parts.append(
                LogPart(
                    title=request.say(f"Log do {job.name}", f"{job.name} log"),
                    job_id=job.id,
                    lines=[line.text for line in diagnosis.log_window],
                    first_line=diagnosis.log_window[0].number,
                )
            )
        parts += citations(request, diagnosis)
        if diagnosis.rerun_fits:
            parts.append(
                ActionPart(
                    action="rerun",
                    target=job.id,
                    justification=rerun_justification(request, diagnosis),
                )
            )
        evidence = job_evidence(diagnosis, log)
        task = (
            "Write the diagnosis of this job from the evidence: likely cause (one sentence), "
            "evidence (quote the decisive log lines verbatim, with the return code, abend code "
            "and message ids), what to do next. Do not request plan changes: a rerun, if it "
            "fits, is proposed to the operator separately. Say what is still unknown."
        )
        return await self._compose(
            request, steps, diagnosis, parts, evidence, task, render_job_diagnosis
        )

    # -- codes without a job ------------------------------------------------------------------

    async def _explain_codes(
        self, request: HandlerRequest, steps: Steps, diagnosis: Diagnosis
    ) -> HandlerReply:
        rc = request.entity("error_code")
        codes = _asked_codes(request)
        await self._gather(request, steps, diagnosis, codes, request.entity("job_name") or "")
        if rc is not None and rc.lstrip("-").isdigit():
            diagnosis.related_jobs = await steps.run(
                "related_jobs", lambda: _failed_with_rc(self.tws, int(rc))
            )
            if diagnosis.related_jobs:
                diagnosis.zone = await plan_zone(self.tws)
        evidence = [
            Evidence("catalogue entries", as_json(diagnosis.catalogue)),
            Evidence("similar past incidents", as_json(diagnosis.useful_incidents)),
            Evidence("knowledge base sections", as_json(diagnosis.knowledge)),
        ]
        task = (
            "Explain what the code(s) in the operator's message mean and what to do, from the "
            "evidence; mention similar past incidents when they help."
        )
        return await self._compose(
            request,
            steps,
            diagnosis,
            citations(request, diagnosis),
            evidence,
            task,
            render_code_explanation,
        )

    # -- shared steps -------------------------------------------------------------------------

    async def _gather(
        self,
        request: HandlerRequest,
        steps: Steps,
        diagnosis: Diagnosis,
        codes: list[str],
        job_name: str,
    ) -> None:
        """Catalogue, similar incidents and knowledge for the codes (as the budget allows)."""
        for code in codes[:MAX_CODES]:
            if steps.left <= 3:
                break
            entry = await steps.tool("lookup_message", "lookup_message", code=code)
            if entry.get("found"):
                diagnosis.catalogue.append({**entry, "asked": code.upper()})
        findings = diagnosis.findings
        key_lines = [line.text for line in findings.decisive_lines] if findings else []
        message_ids = [c for c in codes if c.upper().startswith(("AWS", "EQQ"))]
        abend = next((c for c in codes if c not in message_ids), None)
        rc = diagnosis.return_code
        if rc is None and (asked := request.entity("error_code")) and asked.lstrip("-").isdigit():
            rc = int(asked)
        if steps.left > 2:
            diagnosis.incidents = await steps.tool(
                "similar_incidents",
                "search_similar_incidents",
                job_name=job_name,
                message_ids=message_ids,
                abend_code=abend,
                return_code=rc,
                log_text="\n".join(key_lines),
            )
        if steps.left > 1:
            query = " ".join(codes) or request.message
            if findings and findings.first_error and not codes:
                query = findings.first_error.text
            diagnosis.knowledge = await steps.tool(
                "knowledge", "search_knowledge", query=query, limit=3, language=request.language
            )

    async def _compose(
        self,
        request: HandlerRequest,
        steps: Steps,
        diagnosis: Diagnosis,
        parts: list[Part],
        evidence: list[Evidence],
        task: str,
        render: Callable[[HandlerRequest, Diagnosis], str],
    ) -> HandlerReply:
        llm = await steps.run(
            "compose", lambda: self.composer.answer_with_agent(request, AGENT_ID, evidence, task)
        )
        for tool in llm.tools_used:
            if tool not in steps.tools:
                steps.tools.append(tool)
        if llm.text is not None:
            return steps.reply(llm.text, parts)
        return steps.reply(render(request, diagnosis), parts, degraded=llm.failed)


def _asked_codes(request: HandlerRequest) -> list[str]:
    return [*request.entities.get("message_id", []), *request.entities.get("abend_code", [])]


async def _failed_with_rc(tws: HWAClient, rc: int) -> list[JobInstance]:
    """Failed jobs of the plan with this return code (skipped when HWA does not answer)."""
    try:
        jobs = await failed_jobs(tws, limit=200)
    except TWSError:
        return []
    return [job for job in jobs if job.return_code == rc]
