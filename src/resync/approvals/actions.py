"""Which job states each plan change fits, and how risky it is (the actions and their words
are the classifier's table, :mod:`resync.classifier.actions`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from resync.approvals.errors import InvalidAction, TargetNotActionable
from resync.approvals.messages import refusal
from resync.classifier.actions import ACTIONS, Action
from resync.tws.models import JobInstance

__all__ = [
    "PROMPT_REPLIES",
    "RULES",
    "Action",
    "ActionRule",
    "Risk",
    "parse_action",
    "risk_of",
    "unfit_reason",
    "unfit_refusal",
    "waits_on_prompt",
]


class Risk(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


_NOT_STARTED = frozenset({"HOLD", "SCHED", "READY", "WAIT", "FENCE", "EXTRN"})
_RUNNING = frozenset({"EXEC", "SUCCP", "ABENP"})
_ENDED = frozenset({"ABEND", "FAIL", "SUCC", "CANCL", "DONE", "ERROR"})


@dataclass(frozen=True)
class ActionRule:
    fits: frozenset[str]  # job states the action applies to (empty: not a job action)
    risk: Risk
    same_state: bool  # refuse at execution when the state moved since the request


RULES: dict[Action, ActionRule] = {
    Action.rerun: ActionRule(
        frozenset({"ABEND", "FAIL", "SUCC", "CANCL", "DONE"}), Risk.medium, True
    ),
    Action.cancel: ActionRule(
        _NOT_STARTED | _RUNNING | frozenset({"ABEND", "FAIL", "PEND"}),
        Risk.medium,
        False,
    ),
    Action.kill: ActionRule(frozenset({"EXEC"}), Risk.medium, False),
    Action.hold: ActionRule(_NOT_STARTED - {"EXTRN", "FENCE"}, Risk.low, False),
    Action.release: ActionRule(_NOT_STARTED - {"EXTRN", "FENCE"}, Risk.medium, False),
    Action.confirm_succ: ActionRule(
        _RUNNING | frozenset({"ABEND", "FAIL", "DONE", "PEND", "ERROR"}),
        Risk.medium,
        True,
    ),
    Action.confirm_abend: ActionRule(
        _RUNNING | frozenset({"SUCC", "DONE", "PEND", "ERROR"}),
        Risk.medium,
        True,
    ),
    Action.submit: ActionRule(frozenset(), Risk.medium, False),
    # A job waits on its prompt before it starts; execution finds the prompt still asked.
    Action.reply_prompt: ActionRule(_NOT_STARTED - {"EXTRN", "FENCE"}, Risk.medium, False),
    Action.reply_prompt_no: ActionRule(_NOT_STARTED - {"EXTRN", "FENCE"}, Risk.medium, False),
}

_ALIASES = {
    "re-run": Action.rerun,
    "reexecutar": Action.rerun,
    "confirm-succ": Action.confirm_succ,
    "confirm_success": Action.confirm_succ,
    "confirm-abend": Action.confirm_abend,
    "submit_jobstream": Action.submit,
    "submit_job_stream": Action.submit,
    "submit-jobstream": Action.submit,
    "reply": Action.reply_prompt,
    "reply_yes": Action.reply_prompt,
    "reply-prompt": Action.reply_prompt,
    "reply_no": Action.reply_prompt_no,
}


def parse_action(value: str) -> Action:
    text = value.strip().lower()
    if text in Action.__members__:
        return Action(text)
    if text in _ALIASES:
        return _ALIASES[text]
    choices = ", ".join(a.value for a in Action)
    raise refusal(InvalidAction, "unknown_action", value=value, choices=choices)


def risk_of(action: Action, job_stream: str | None, critical_streams: frozenset[str]) -> Risk:
    """The action's own risk, raised one level on a critical job stream (cancel/kill → high)."""
    base = RULES[action].risk
    if job_stream and job_stream.upper() in critical_streams:
        return Risk.high if base is not Risk.low else Risk.medium
    return base


def unfit_reason(action: Action, state: str) -> str | None:
    """Why ``action`` does not apply to a job in ``state``; None when it does."""
    rule = RULES[action]
    if not rule.fits or state in rule.fits:
        return None
    allowed = ", ".join(sorted(rule.fits))
    return f"não é possível {ACTIONS[action].pt} um job em {state} (estados aceitos: {allowed})"


def unfit_refusal(action: Action, job: str, state: str) -> TargetNotActionable:
    """The refusal of ``action`` on ``job`` in ``state``, in both languages."""
    words = ACTIONS[action]
    return refusal(
        TargetNotActionable,
        "unfit_state",
        job=job,
        verb_pt=words.pt,
        verb_en=words.en,
        state=state,
        allowed=", ".join(sorted(RULES[action].fits)),
    )


PROMPT_REPLIES = frozenset({Action.reply_prompt, Action.reply_prompt_no})


def waits_on_prompt(job: JobInstance) -> bool:
    """The job has an unanswered prompt among its pending dependencies."""
    return any(d.kind.value == "prompt" for d in job.pending_dependencies)
