"""The alert rules: one read of the plan in, findings out (pure, no I/O).

Each finding has a kind, a severity, a dedupe key (kind + object + instance) and its text in
Portuguese and English: what happened, why it matters, what to do. The facts (lateness,
estimates, predicted ends) come from ``plan/``, so the chat and the alerts agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, get_args

from resync.monitoring.rule_texts import TEXTS
from resync.plan.deadlines import EndPredictor, PlanIndex, deadline_risks, late_end, late_start
from resync.plan.eta import DurationEstimate
from resync.tws.models import (
    DependencyKind,
    JobInstance,
    JobState,
    JobStreamInstance,
    JobStreamState,
    Workstation,
)

Kind = Literal[
    "job_failed",
    "job_late_start",
    "job_late_end",
    "long_running",
    "prompt_waiting",
    "workstation_down",
    "stream_stuck",
    "deadline_risk",
    "duration_anomaly",
    "hwa_unreachable",
]
Severity = Literal["critical", "warning", "info"]
KINDS: tuple[str, ...] = get_args(Kind)
SEVERITIES: tuple[str, ...] = get_args(Severity)


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    key: str
    texts: dict[str, dict[str, str]]  # language → title, detail
    job_id: str | None = None
    job_name: str | None = None
    job_stream: str | None = None
    workstation: str | None = None
    marker: str = ""  # changes when the same condition happens again (a rerun abends too)

    def text(self, language: str = "pt") -> dict[str, str]:
        return self.texts.get(language) or self.texts["pt"]


@dataclass
class PlanSnapshot:
    """What one poll read: the plan's jobs, streams and workstations at ``now``."""

    now: datetime
    jobs: list[JobInstance]
    streams: list[JobStreamInstance] = field(default_factory=list)
    workstations: list[Workstation] = field(default_factory=list)
    estimates: dict[str, DurationEstimate] = field(default_factory=dict)  # by job name

    def counts(self) -> dict[str, int]:
        return dict(Counter(job.state.value for job in self.jobs if job.is_last_in_chain))


@dataclass(frozen=True)
class RuleSettings:
    prompt_minutes: float = 30.0
    critical_streams: frozenset[str] = frozenset()


def _base_id(job: JobInstance) -> str:
    """The rerun chain, so a rerun keeps its first run's finding (ids are opaque)."""
    return job.chain_id


def _hm(value: datetime) -> str:
    return value.strftime("%H:%M")


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def texts(kind: str, **values: object) -> dict[str, dict[str, str]]:
    """The finding's title and detail by language, from ``rule_texts.TEXTS``."""
    (pt, en) = TEXTS[kind]
    return {
        language: {"title": title.format(**values), "detail": detail.format(**values)}
        for language, (title, detail) in (("pt", pt), ("en", en))
    }


def _job_finding(kind: str, severity: str, job: JobInstance, **values: object) -> Finding:
    """A finding about one job, keyed by the job (a rerun is the same job)."""
    return Finding(
        kind,
        severity,
        f"{kind}:{_base_id(job)}",
        texts(
            kind,
            name=job.name,
            stream=job.job_stream,
            workstation=job.workstation,
            state=job.state.value,
            **values,
        ),
        job_id=job.id,
        job_name=job.name,
        job_stream=job.job_stream,
        workstation=job.workstation,
        marker=str(job.rerun_count) if kind == "job_failed" else "",
    )


FAILED = frozenset({JobState.ABEND, JobState.FAIL, JobState.ERROR})
PROMPTABLE = frozenset({JobState.HOLD, JobState.READY, JobState.WAIT})


def evaluate(snapshot: PlanSnapshot, settings: RuleSettings) -> list[Finding]:
    """Every condition the plan shows now, one finding per dedupe key.

    One pass over the jobs with the cheapest tests first (most jobs ended well or wait
    without a time limit); the plan index and the predicted ends only when a job has a
    deadline or waits on a prompt."""
    now = snapshot.now
    current = [job for job in snapshot.jobs if job.is_last_in_chain and job.plan == "current"]
    found: dict[str, Finding] = {}
    with_deadline: list[JobInstance] = []
    prompted: list[JobInstance] = []

    def add(finding: Finding) -> None:
        found.setdefault(finding.key, finding)

    def critical(job: JobInstance) -> str:
        return "critical" if job.job_stream.upper() in settings.critical_streams else "warning"

    for job in current:
        state = job.state
        if state is JobState.SUCC:
            estimate = snapshot.estimates.get(job.name)
            if estimate is not None and job.duration and _anomalous(job.duration, estimate):
                add(_anomaly(job, job.duration, estimate))
            continue
        if state in FAILED:
            add(_failed(job, critical(job)))
        if job.latest_start is not None and late_start(job, now):
            add(_late_start(job, job.latest_start, critical(job)))
        if job.deadline is not None:
            with_deadline.append(job)
            if late_end(job, now):
                add(_late_end(job, job.deadline, critical(job)))
        if state is JobState.EXEC and job.start_time:
            estimate = snapshot.estimates.get(job.name)
            elapsed = (now - job.start_time).total_seconds()
            if estimate is not None and estimate.runs and elapsed > estimate.limit_s:
                add(_long_running(job, elapsed, estimate))
        elif state in PROMPTABLE and job.dependencies:
            prompted.append(job)
    if with_deadline or prompted:
        index = PlanIndex(current)
        for job in prompted:
            prompt = _asked_prompt(job, index)
            waited = _waiting_since(job, index) if prompt is not None else None
            if prompt and waited and (now - waited).total_seconds() > settings.prompt_minutes * 60:
                add(_prompt(job, prompt, now - waited))
        predictor = EndPredictor(index, snapshot.estimates, now)
        for risk in deadline_risks(predictor, with_deadline):
            add(
                _deadline_risk(
                    risk.job, risk.predicted_end, risk.deadline, risk.cause, critical(risk.job)
                )
            )
    for ws in snapshot.workstations:
        if not ws.members and not ws.available:
            add(_workstation(ws))
    for stream in snapshot.streams:
        if stream.state is JobStreamState.STUCK:
            add(_stream_stuck(stream, settings))
    return list(found.values())


def _failed(job: JobInstance, severity: str) -> Finding:
    rc = f" (RC {job.return_code})" if job.return_code is not None else ""
    return _job_finding("job_failed", severity, job, rc=rc)


def _late_start(job: JobInstance, limit: datetime, severity: str) -> Finding:
    return _job_finding("job_late_start", severity, job, limit=_hm(limit))


def _late_end(job: JobInstance, deadline: datetime, severity: str) -> Finding:
    return _job_finding("job_late_end", severity, job, deadline=_hm(deadline))


def _against_history(
    kind: str, severity: str, job: JobInstance, estimate: DurationEstimate, **values: object
) -> Finding:
    """A job finding that sets a run against the job's past runs (``estimate``)."""
    return _job_finding(
        kind,
        severity,
        job,
        usual=_minutes(estimate.expected_s),
        limit=_minutes(estimate.limit_s),
        spread=_minutes(estimate.margin_s),
        runs=estimate.runs,
        **values,
    )


def _long_running(job: JobInstance, elapsed: float, estimate: DurationEstimate) -> Finding:
    return _against_history("long_running", "warning", job, estimate, elapsed=_minutes(elapsed))


ANOMALY_MIN_RUNS = 3  # fewer past runs say too little about what is normal
ANOMALY_MIN_S = 300.0  # and a few seconds off a one-minute job is no news


def _anomalous(duration: float, estimate: DurationEstimate) -> bool:
    """Outside its history's band: past the learned limit, or far shorter than usual."""
    if estimate.runs < ANOMALY_MIN_RUNS or abs(duration - estimate.expected_s) < ANOMALY_MIN_S:
        return False
    low = estimate.expected_s - estimate.margin_s
    return duration > estimate.limit_s or (low > 0 and duration < low)


def _anomaly(job: JobInstance, duration: float, estimate: DurationEstimate) -> Finding:
    return _against_history("duration_anomaly", "info", job, estimate, took=_minutes(duration))


def _asked_prompt(job: JobInstance, index: PlanIndex) -> str | None:
    """The prompt's text when the job waits on it and on nothing else."""
    if job.state not in (JobState.HOLD, JobState.READY, JobState.WAIT):
        return None
    pending = job.pending_dependencies
    prompts = [d for d in pending if d.kind is DependencyKind.PROMPT]
    if not prompts or any(d.kind is DependencyKind.FOLLOWS for d in pending):
        return None
    return prompts[0].detail or "?"


def _waiting_since(job: JobInstance, index: PlanIndex) -> datetime | None:
    """When the prompt was asked: the job's time, or when its last predecessor ended."""
    ends = [p.end_time for p in index.predecessors(job) if p.end_time]
    times = [t for t in (job.scheduled_time, *ends) if t is not None]
    return max(times) if times else None


def _prompt(job: JobInstance, text: str, waited: timedelta) -> Finding:
    minutes = _minutes(waited.total_seconds())
    return _job_finding("prompt_waiting", "warning", job, minutes=minutes, text=text)


def _deadline_risk(
    job: JobInstance,
    predicted: datetime,
    deadline: datetime,
    cause: JobInstance,
    severity: str,
) -> Finding:
    other = cause.id != job.id
    return _job_finding(
        "deadline_risk",
        severity,
        job,
        predicted=_hm(predicted),
        deadline=_hm(deadline),
        because_pt=f" por causa de {cause.name}" if other else "",
        because_en=f" because of {cause.name}" if other else "",
    )


def _workstation(ws: Workstation) -> Finding:
    what_pt = "desligada (unlinked)" if not ws.linked else "com o jobman parado"
    what_en = "unlinked" if not ws.linked else "with jobman stopped"
    return Finding(
        "workstation_down",
        "critical",
        f"workstation_down:{ws.name}",
        texts("workstation_down", name=ws.name, what_pt=what_pt, what_en=what_en),
        workstation=ws.name,
    )


def _stream_stuck(stream: JobStreamInstance, settings: RuleSettings) -> Finding:
    severity = "critical" if stream.name.upper() in settings.critical_streams else "warning"
    return Finding(
        "stream_stuck",
        severity,
        f"stream_stuck:{stream.id}",
        texts("stream_stuck", name=stream.name),
        job_stream=stream.name,
        workstation=stream.workstation,
    )


def hwa_unreachable(error: str) -> Finding:
    return Finding(
        "hwa_unreachable", "critical", "hwa_unreachable", texts("hwa_unreachable", error=error)
    )
