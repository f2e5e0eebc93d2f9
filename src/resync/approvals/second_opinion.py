"""A second opinion on a plan change before anyone approves it, from the plan as it is.

- rerun of a job whose last run already succeeded (on a critical job stream: the risk of
  processing twice, e.g. paying twice);
- release of a job whose predecessors have not finished (and, when an unanswered prompt
  is what holds it, that replying to the prompt is the way to go);
- kill or cancel of a job still running within its normal duration.

Each concern is a code and its parameters, rendered in Portuguese and English when stored
on the request (:func:`stored`), so the chat and the approval card show the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resync.approvals.actions import Action
from resync.plan.names import job_name
from resync.plan.reading import is_late
from resync.tws.models import DependencyKind, JobInstance, JobState

MAX_NAMED = 5  # predecessors named in a concern


@dataclass(frozen=True)
class Concern:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "warn"  # warn, high

    def text(self, language: str) -> str:
        pt, en = TEXTS[self.code]
        return (en if language == "en" else pt).format(**self.params)

    def stored(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "params": self.params,
            "pt": self.text("pt"),
            "en": self.text("en"),
        }


TEXTS: dict[str, tuple[str, str]] = {
    "rerun_after_success": (
        "a última execução de {job} já terminou com sucesso (SUCC{rc}): reexecutar processa "
        "tudo de novo.",
        "the last run of {job} already succeeded (SUCC{rc}): a rerun processes everything again.",
    ),
    "rerun_after_success_critical": (
        "a última execução de {job} já terminou com sucesso (SUCC{rc}) e {stream} é um job "
        "stream crítico: risco de pagamento em duplicidade. Confirme que a execução anterior "
        "precisa ser refeita.",
        "the last run of {job} already succeeded (SUCC{rc}) and {stream} is a critical job "
        "stream: risk of duplicate payment. Confirm the earlier run must be redone.",
    ),
    "release_over_predecessors": (
        "liberar {job} passa por cima de predecessores que não terminaram: {predecessors}.",
        "releasing {job} bypasses predecessors that have not finished: {predecessors}.",
    ),
    "release_prompt": (
        "o que segura {job} é o prompt sem resposta «{prompt}»: responda ao prompt em vez "
        "de liberar o job.",
        "what holds {job} is the unanswered prompt «{prompt}»: reply to the prompt instead "
        "of releasing the job.",
    ),
    "stop_within_duration": (
        "{job} está rodando há {minutes} min, dentro da duração normal (~{estimate} min): "
        "ele pode terminar sozinho.",
        "{job} has been running for {minutes} min, within its normal duration "
        "(~{estimate} min): it may finish on its own.",
    ),
}


def second_opinion(
    action: Action, job: JobInstance, critical_streams: frozenset[str]
) -> list[Concern]:
    """What to weigh before approving ``action`` on ``job`` (empty when nothing stands out)."""
    name = job_name(job)
    if action is Action.rerun and job.state is JobState.SUCC:
        rc = f", rc {job.return_code}" if job.return_code is not None else ""
        if job.job_stream.upper() in critical_streams:
            params = {"job": name, "rc": rc, "stream": job.job_stream}
            return [Concern("rerun_after_success_critical", params, "high")]
        return [Concern("rerun_after_success", {"job": name, "rc": rc})]
    if action is Action.release:
        return _release(job, name)
    stopping = action in (Action.kill, Action.cancel) and job.state is JobState.EXEC
    if stopping and job.estimated_duration and job.duration is not None and not is_late(job):
        running: dict[str, Any] = {
            "job": name,
            "minutes": round(job.duration / 60),
            "estimate": round(job.estimated_duration / 60),
        }
        return [Concern("stop_within_duration", running)]
    return []


def _release(job: JobInstance, name: str) -> list[Concern]:
    pending = job.pending_dependencies
    concerns: list[Concern] = []
    predecessors = [
        f"{d.job_stream}.{d.job_name} ({d.state.value if d.state else '?'})"
        for d in pending
        if d.kind is DependencyKind.FOLLOWS and d.job_name
    ]
    if predecessors:
        shown = ", ".join(predecessors[:MAX_NAMED])
        if len(predecessors) > MAX_NAMED:
            shown += f" (+{len(predecessors) - MAX_NAMED})"
        concerns.append(
            Concern("release_over_predecessors", {"job": name, "predecessors": shown}, "high")
        )
    prompts = [d.detail for d in pending if d.kind is DependencyKind.PROMPT]
    if prompts:
        concerns.append(Concern("release_prompt", {"job": name, "prompt": prompts[0]}))
    return concerns
