"""What a diagnosis gathered, and its deterministic answer in the question's language.

The diagnostic handler fills a :class:`Diagnosis` step by step (job, log findings,
catalogue entries, similar incidents, knowledge); :func:`render_job_diagnosis` and
:func:`render_code_explanation` turn it into the answer: likely cause, evidence (quoted
log lines), what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from resync.answers.causes import cause_sentence, cause_step
from resync.answers.knowledge import excerpt
from resync.classifier.language import detect
from resync.contract.handlers import HandlerRequest
from resync.plan.causes import ENGINE_COMPONENTS, Cause, incident_agrees
from resync.plan.joblog import LogFindings, LogLine
from resync.plan.names import job_name
from resync.plan.related import RelatedFailure
from resync.plan.text import plural, when
from resync.tws.models import JobInstance, JobState

INCIDENT_HINT_SCORE = 0.4  # a past incident this similar is worth showing
MAX_QUOTED_LINES = 12


@dataclass
class Diagnosis:
    job: JobInstance | None = None
    findings: LogFindings | None = None
    log_window: list[LogLine] = field(default_factory=list)  # contiguous lines to quote
    catalogue: list[dict[str, Any]] = field(default_factory=list)  # lookup_message results
    incidents: list[dict[str, Any]] = field(default_factory=list)
    knowledge: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said before the diagnosis
    return_code: int | None = None
    related_jobs: list[JobInstance] = field(default_factory=list)  # failed with the asked rc
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))  # the plan's time zone
    earlier: list[JobInstance] = field(default_factory=list)  # runs before a rerun, latest first
    cause: Cause | None = None  # what the job's own log shows
    zos: bool = False  # the log is a z/OS job's
    same_day: list[RelatedFailure] = field(default_factory=list)  # the same failure elsewhere

    def when(self, moment: datetime | None) -> str:
        """A plan time as the answers write it, in the plan's zone."""
        return when(moment, self.zone, date=True)

    @property
    def primary_entry(self) -> dict[str, Any] | None:
        return self.catalogue[0] if self.catalogue else None

    @property
    def useful_incidents(self) -> list[dict[str, Any]]:
        """Similar past incidents that agree with the log (platform, kind of failure)."""
        similar = [i for i in self.incidents if i["score"] >= INCIDENT_HINT_SCORE]
        if self.job is None:  # a code asked about without a job: nothing to agree with
            return similar
        return [i for i in similar if incident_agrees(i, self.cause, self.zos)]

    @property
    def shown_catalogue(self) -> list[dict[str, Any]]:
        """Catalogue entries that bear on this failure (not the engine's own parts when the
        log shows an application's cause)."""
        if self.cause is None:
            return self.catalogue
        return [e for e in self.catalogue if e.get("component") not in ENGINE_COMPONENTS]

    @property
    def engine_entries(self) -> list[dict[str, Any]]:
        return [e for e in self.catalogue if e not in self.shown_catalogue]

    @property
    def rerun_fits(self) -> bool:
        job = self.job
        return (
            job is not None
            and job.is_last_in_chain
            and job.state
            in (
                JobState.ABEND,
                JobState.FAIL,
            )
        )


def quote_window(lines: list[str], first_line: int, findings: LogFindings) -> list[LogLine]:
    """The contiguous log lines around the decisive ones (at most MAX_QUOTED_LINES)."""
    if not findings.decisive_lines:
        return []
    first = findings.decisive_lines[0].number
    last = findings.decisive_lines[-1].number
    first = max(first, last - MAX_QUOTED_LINES + 1)
    return [
        LogLine(number, lines[number - first_line])
        for number in range(first, last + 1)
        if 0 <= number - first_line < len(lines)
    ]


def _state_sentence(request: HandlerRequest, job: JobInstance, diagnosis: Diagnosis) -> str:
    rc = diagnosis.return_code
    label = job_name(job)
    rc_pt = f" com código de retorno **{rc}**" if rc is not None else ""
    rc_en = f" with return code **{rc}**" if rc is not None else ""
    ended = diagnosis.when(job.end_time or job.start_time)
    return request.say(
        f"O job **{job.name}** ({label}) está em **{job.state.value}**{rc_pt} (às {ended}, "
        f"workstation {job.workstation}).",
        f"Job **{job.name}** ({label}) is in **{job.state.value}**{rc_en} (at {ended}, "
        f"workstation {job.workstation}).",
    )


def _cause(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    if diagnosis.cause is not None:
        return cause_sentence(request, diagnosis.cause)
    entry = diagnosis.primary_entry
    if entry is not None:
        return f"**{entry['code']}** — {entry['meaning']}"
    incidents = diagnosis.useful_incidents
    if incidents:
        return request.say(
            f"parecida com um incidente anterior do {incidents[0]['job_name']}: "
            f"{incidents[0]['cause']}",
            f"similar to a past incident of {incidents[0]['job_name']}: {incidents[0]['cause']}",
        )
    findings = diagnosis.findings
    if findings is not None and findings.first_error is not None:
        return request.say(
            f"o log aponta “{findings.first_error.text.strip()}” (mensagem fora do catálogo; "
            "confirme com o responsável pela aplicação).",
            f"the log points to “{findings.first_error.text.strip()}” (not in the catalogue; "
            "check with the application owner).",
        )
    return request.say(
        "o log não mostra uma mensagem de erro conhecida; veja as linhas finais abaixo.",
        "the log shows no known error message; see its last lines below.",
    )


def _engine_note(request: HandlerRequest, entry: dict[str, Any]) -> str:
    return request.say(
        f"- **{entry['code']}** aparece no log, mas no catálogo descreve um componente do "
        f"próprio HWA ({entry['component']}); aqui o erro é da aplicação (veja a causa acima).",
        f"- **{entry['code']}** appears in the log, but the catalogue describes a part of HWA "
        f"itself ({entry['component']}); here the error is the application's (see the cause "
        "above).",
    )


def _quoted(lines: list[LogLine]) -> str:
    fence = "`" * 3
    body = "\n".join(f"{line.number:>4}  {line.text.replace(fence, '~~~')}" for line in lines)
    return f"{fence}\n{body}\n{fence}"


def _catalogue_lines(request: HandlerRequest, entries: list[dict[str, Any]]) -> list[str]:
    todo = request.say("O que fazer", "What to do")
    return [
        f"- **{e['code']}** ({e['component']}): {e['meaning']} {todo}: {e['action']}"
        for e in entries
    ]


def _incident_lines(request: HandlerRequest, incidents: list[dict[str, Any]]) -> list[str]:
    return [
        request.say(
            f"- {i['job_name']} em {i['resolved_at']} (semelhança {i['score']:.0%}): "
            f"{recorded(request, str(i['cause']))} Correção: {recorded(request, str(i['fix']))}",
            f"- {i['job_name']} on {i['resolved_at']} (similarity {i['score']:.0%}): "
            f"{recorded(request, str(i['cause']))} Fix: {recorded(request, str(i['fix']))}",
        )
        for i in incidents[:2]
    ]


def recorded(request: HandlerRequest, text: str) -> str:
    """A person's record (an incident's cause or fix) as they wrote it: in the other
    language it is quoted and said to be, never passed off as the answer's own words."""
    if detect(text) == request.language:
        return text
    return request.say(f"(registrado em inglês) “{text}”", f"(recorded in Portuguese) “{text}”")


def _next_steps(request: HandlerRequest, diagnosis: Diagnosis) -> list[str]:
    steps = []
    if diagnosis.cause is not None:
        steps.append(cause_step(request, diagnosis.cause))
    elif diagnosis.primary_entry is not None:
        steps.append(diagnosis.primary_entry["action"])
    incidents = diagnosis.useful_incidents
    if incidents:
        fix = recorded(request, str(incidents[0]["fix"]))
        steps.append(
            request.say(
                f"No caso parecido ({incidents[0]['job_name']}), a correção foi: {fix}",
                f"In the similar case ({incidents[0]['job_name']}) the fix was: {fix}",
            )
        )
    if not steps:
        steps.append(
            request.say(
                "Analise as linhas acima com o responsável pela aplicação e confirme se os "
                "dados de entrada e os recursos (banco, arquivos, espaço) estavam disponíveis.",
                "Review the lines above with the application owner and check that the input "
                "data and resources (database, files, space) were available.",
            )
        )
    if diagnosis.rerun_fits and diagnosis.job is not None:
        name = diagnosis.job.name
        steps.append(
            request.say(
                f"Corrigida a causa, peça o rerun: “reexecute o {name}” — isso cria um pedido "
                "de aprovação; nada muda no plano sem aprovação.",
                f"Once the cause is fixed, ask for the rerun: “rerun {name}” — it creates an "
                "approval request; nothing changes in the plan until it is approved.",
            )
        )
    return [f"{index}. {step}" for index, step in enumerate(steps, 1)]


def history_sentence(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    """What the runs before a rerun did ("" for a job never rerun)."""
    if not diagnosis.earlier:
        return ""
    told = []
    for run in diagnosis.earlier[:3]:
        rc = f", rc {run.return_code}" if run.return_code is not None else ""
        ended = diagnosis.when(run.end_time or run.start_time)
        told.append(f"{run.state.value}{rc} {request.say('às', 'at')} {ended}")
    reruns = diagnosis.job.rerun_count if diagnosis.job else len(diagnosis.earlier)
    return request.say(
        f"Reexecutado {plural(reruns, 'vez', 'vezes')}; antes: " + "; ".join(told) + ".",
        f"Rerun {plural(reruns, 'time', 'times')}; before: " + "; ".join(told) + ".",
    )


def same_day_sentence(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    """The other failures of the plan that show the same failure, latest first."""
    what = diagnosis.cause.subject if diagnosis.cause else ""
    runs = [
        f"**{r.job.name}** {request.say('às', 'at')} {diagnosis.when(r.job.end_time)}"
        for r in diagnosis.same_day[:5]
    ]
    more = len(diagnosis.same_day) - len(runs)
    tail = request.say(f" e mais {more}", f" and {more} more") if more > 0 else ""
    return request.say(
        f"**Mesma falha hoje** ({what}): "
        + ", ".join(runs)
        + tail
        + " — provavelmente uma causa comum: trate-as juntas.",
        f"**Same failure today** ({what}): "
        + ", ".join(runs)
        + tail
        + " — probably one common cause; handle them together.",
    )


def render_job_diagnosis(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    assert diagnosis.job is not None
    sections = [*diagnosis.notes]
    sections.append(_state_sentence(request, diagnosis.job, diagnosis))
    if diagnosis.earlier:
        sections.append(history_sentence(request, diagnosis))
    sections.append(
        f"**{request.say('Causa provável', 'Likely cause')}:** {_cause(request, diagnosis)}"
    )
    if diagnosis.same_day:
        sections.append(same_day_sentence(request, diagnosis))
    if diagnosis.log_window:
        title = request.say("Evidência (log do job)", "Evidence (job log)")
        sections.append(f"**{title}:**\n{_quoted(diagnosis.log_window)}")
    if diagnosis.catalogue:
        title = request.say("Catálogo de mensagens", "Message catalogue")
        lines = _catalogue_lines(request, diagnosis.shown_catalogue)
        lines += [_engine_note(request, entry) for entry in diagnosis.engine_entries]
        sections.append(f"**{title}:**\n" + "\n".join(lines))
    if diagnosis.useful_incidents:
        title = request.say("Incidentes parecidos", "Similar incidents")
        lines = _incident_lines(request, diagnosis.useful_incidents)
        sections.append(f"**{title}:**\n" + "\n".join(lines))
    title = request.say("Próximos passos", "Next steps")
    sections.append(f"**{title}:**\n" + "\n".join(_next_steps(request, diagnosis)))
    return "\n\n".join(sections)


def render_code_explanation(request: HandlerRequest, diagnosis: Diagnosis) -> str:
    """A message id / abend code / return code asked about without a job."""
    sections = [*diagnosis.notes]
    for entry in diagnosis.catalogue:
        kind = request.say("mensagem", "message") if entry["kind"] == "message" else "abend"
        sections.append(
            f"**{entry['code']}** ({kind}, {entry['component']})\n"
            f"**{request.say('Significado', 'Meaning')}:** {entry['meaning']}\n"
            f"**{request.say('O que fazer', 'What to do')}:** {entry['action']}"
        )
    missing = [code for code in _asked_codes(request) if code not in _found_codes(diagnosis)]
    for code in missing:
        sections.append(
            request.say(
                f"**{code}** não está no catálogo de mensagens desta instalação.",
                f"**{code}** is not in this installation's message catalogue.",
            )
        )
    for rc in request.entities.get("error_code", [])[:1]:
        sections.append(_return_code_text(request, rc, diagnosis))
    if diagnosis.useful_incidents:
        title = request.say("Incidentes parecidos", "Similar incidents")
        lines = _incident_lines(request, diagnosis.useful_incidents)
        sections.append(f"**{title}:**\n" + "\n".join(lines))
    chunks = [r for r in diagnosis.knowledge if r["kind"] != "catalogue"][:1]
    for result in chunks:
        title = request.say("Na base de conhecimento", "In the knowledge base")
        heading = result["section"].split("›")[-1].strip()
        sections.append(
            f"**{title}** ({result['title']} › {heading}):\n{excerpt(result['text'], 400)}"
        )
    return "\n\n".join(sections)


def _asked_codes(request: HandlerRequest) -> list[str]:
    return [
        code.upper()
        for code in [
            *request.entities.get("message_id", []),
            *request.entities.get("abend_code", []),
        ]
    ]


def _found_codes(diagnosis: Diagnosis) -> set[str]:
    return {entry["code"] for entry in diagnosis.catalogue} | {
        entry["asked"] for entry in diagnosis.catalogue if "asked" in entry
    }


def _return_code_text(request: HandlerRequest, rc: str, diagnosis: Diagnosis) -> str:
    jobs = diagnosis.related_jobs
    text = request.say(
        f"**Código de retorno {rc}:** no HWA, um job que termina com código diferente de 0 "
        "(salvo uma regra de sucesso na definição do job) fica em ABEND. O significado do "
        f"{rc} é definido pelo programa ou script do job: leia as linhas de erro do log antes "
        "da saída.",
        f"**Return code {rc}:** in HWA a job that ends with a code other than 0 (unless the "
        f"job definition has a success rule) goes to ABEND. What {rc} means is up to the job's "
        "program or script: read the log's error lines before the exit.",
    )
    if not jobs:
        return text
    listed = "\n".join(
        f"- {job.name} ({job_name(job)}) {job.state.value}, "
        f"rc {job.return_code}, {diagnosis.when(job.end_time or job.start_time)}"
        for job in jobs[:5]
    )
    example = jobs[0].name
    return text + request.say(
        f"\n\nNo plano atual, com esse código:\n{listed}\nPergunte “por que o {example} "
        "falhou?” para o diagnóstico completo.",
        f"\n\nIn the current plan, with that code:\n{listed}\nAsk “why did {example} fail?” "
        "for the full diagnosis.",
    )
