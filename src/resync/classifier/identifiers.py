"""TWS identifiers found in text: message ids, abend codes, states, commands, job-like names.

Used by the knowledge base (to tag chunks at ingestion, so a filter or a boost can use
them, and to analyse a question before retrieval), by job-log analysis, and by the
classifier's entities: one pattern per kind of code, so they never disagree. Small regexes
of our own, nothing learned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# AWS/AWK + 3-letter component + 3 digits + severity (AWSBHT001E); z/OS EQQ + component +
# number + severity (EQQM637I).
MESSAGE_ID_PATTERN = r"(?:AW[SK][A-Z]{3}\d{3}[IWE]|EQQ[A-Z]{1,2}\d{3,4}[IWES])"
MESSAGE_ID = re.compile(rf"\b{MESSAGE_ID_PATTERN}\b", re.I)
# System abends: S + 3 hex digits with at least one decimal digit (S0C4, S806, SB37);
# user abends: U + 4 decimal digits (U0016).
ABEND_CODE_PATTERN = r"(?:S(?=[0-9A-F]{0,2}\d)[0-9A-F]{3}|U\d{4})"
ABEND_CODE = re.compile(rf"\b{ABEND_CODE_PATTERN}\b", re.I)
# Job-like names: upper-case words joined by _ - # or ending in digits (PAYROLL_01, AGT01).
JOB_LIKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:[_#-][A-Z0-9]+)+\b|\b[A-Z]{2,}\d+[A-Z0-9]*\b")

JOB_STATES = [
    "ABEND",
    "ABENP",
    "ADD",
    "CANCL",
    "DONE",
    "ERROR",
    "EXEC",
    "EXTRN",
    "FAIL",
    "FENCE",
    "HOLD",
    "INTRO",
    "PEND",
    "READY",
    "SCHED",
    "SUCC",
    "SUCCP",
    "SUPPR",
    "WAIT",
]
JOB_STREAM_STATES = [
    "ABEND",
    "ADD",
    "CANCELP",
    "ERROR",
    "EXEC",
    "EXTRN",
    "HOLD",
    "READY",
    "STUCK",
    "SUCC",
    "SUPPR",
]
COMMON_STATES = [
    "WAITING",
    "READY",
    "RUNNING",
    "SUCCESSFUL",
    "ERROR",
    "CANCELED",
    "HELD",
    "UNDECIDED",
    "BLOCKED",
    "SUPPRESSED",
]
ALL_STATES = frozenset(JOB_STATES + JOB_STREAM_STATES + COMMON_STATES)
# Upper case only: "wait" or "error" in prose is not a state.
STATE = re.compile(r"\b(" + "|".join(sorted(ALL_STATES, key=len, reverse=True)) + r")\b")

COMMANDS = frozenset(
    [
        "showjobs",
        "showschedules",
        "showcpus",
        "rerun",
        "confirm",
        "release",
        "cancel",
        "kill",
        "limit",
        "fence",
        "altpri",
        "adddep",
        "deldep",
        "submit",
        "sbj",
        "sbs",
        "link",
        "unlink",
        "jnextplan",
        "planman",
        "conman",
        "composer",
        "optman",
        "stageman",
        "switchmgr",
    ]
)
COMMAND = re.compile(r"\b(" + "|".join(sorted(COMMANDS, key=len, reverse=True)) + r")\b", re.I)
# Short conman aliases count only as commands in a command-looking context ("sj @#@").
COMMAND_ALIAS = re.compile(r"(?:^|[\s`'\"])(sj|ss|sc)\s+[@\w]", re.I)
_ALIASES = {"sj": "showjobs", "ss": "showschedules", "sc": "showcpus"}


@dataclass
class Identifiers:
    message_ids: list[str] = field(default_factory=list)
    abend_codes: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    job_names: list[str] = field(default_factory=list)

    def tags(self) -> list[str]:
        """The identifiers stored on a chunk (job-like names are too noisy to tag)."""
        return _unique(self.message_ids + self.abend_codes + self.states + self.commands)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def extract_codes(text: str) -> tuple[list[str], list[str]]:
    """The message ids and the abend codes of ``text`` (as in :func:`extract_identifiers`):
    what a log line is read for, without the rest."""
    messages = _unique([m.upper() for m in MESSAGE_ID.findall(text)])
    abends = _unique([_normalise_abend(m) for m in ABEND_CODE.findall(text)])
    return messages, abends


def extract_identifiers(text: str, *, states_any_case: bool = False) -> Identifiers:
    """Every TWS identifier in ``text``, in order of first appearance, normalised."""
    messages, abends = extract_codes(text)
    state_re = re.compile(STATE.pattern, re.I) if states_any_case else STATE
    states = _unique([m.upper() for m in state_re.findall(text)])
    commands = [m.lower() for m in COMMAND.findall(text)]
    commands += [_ALIASES[m.lower()] for m in COMMAND_ALIAS.findall(text)]
    taken = set(messages) | set(abends) | ALL_STATES
    jobs = [m for m in JOB_LIKE.findall(text) if m.upper() not in taken]
    return Identifiers(messages, abends, states, _unique(commands), _unique(jobs))


def _normalise_abend(code: str) -> str:
    return code.upper()


def normalise_code(code: str) -> str:
    """``awsbht001e`` → ``AWSBHT001E``; ``0C4`` → ``S0C4``; ``U16`` → ``U0016``."""
    code = code.strip().upper()
    if re.fullmatch(r"U\d{1,4}", code):
        return "U" + code[1:].zfill(4)
    if re.fullmatch(r"[0-9A-F]{3}", code) and any(ch.isdigit() for ch in code):
        return "S" + code
    return code
