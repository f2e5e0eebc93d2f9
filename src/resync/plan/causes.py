"""The cause a job's own log shows: what failed, on what (a path, a host, a node, a user).

Each rule reads one kind of failure operators meet every night and pulls out the object
it names, so the answer can say "no space left in /data/work/mortgage" and send the
operator to the right place. Rules are tried on every log line in order of the log; the
first line that matches a rule is the cause, and later errors (an abend after a failed
OPEN, "exiting with return code 12") are its consequences. Nothing matches: the cause is
unknown, and the answer says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resync.plan.joblog import LogLine

# The details that name the object of a failure, in the order they identify it best.
SUBJECT_KEYS = ("exception", "host", "node", "path", "dataset", "user")


@dataclass(frozen=True)
class Cause:
    kind: str  # a key of RULES: no_space, file_missing, connection_refused, …
    line: LogLine  # the log line that shows it
    details: dict[str, str] = field(default_factory=dict)  # path, host, node, user, …

    def detail(self, key: str, default: str = "?") -> str:
        return self.details.get(key) or default

    @property
    def subject(self) -> str:
        """What the failure is about: its exception, host, node, path, dataset or user."""
        return next((self.details[k] for k in SUBJECT_KEYS if self.details.get(k)), self.kind)


_PATH = r"(?P<path>/[\w./*@+-]+)"
_HOST = r"(?P<host>[\w.-]+:\d+|[\w-]+(?:\.[\w-]+)+)"

_TRANSFER = re.compile(
    r"not received from the transmission(?:.*?node (?P<node>[\w.-]+))?"
    r"|n[aã]o recebid\w* d\w transmiss\w*(?:.*?n[oó] (?P<node2>[\w.-]+))?",
    re.I,
)

# (kind, pattern). Order matters only between rules that can match the same line.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no_space", re.compile(rf"{_PATH}\S*:?\s*No space left on device", re.I)),
    ("no_space", re.compile(r"No space left on device|ENOSPC|disk full", re.I)),
    (
        "dataset_space",
        re.compile(
            r"\b(?:S[BDE]37|IEC03[02]I)\b|out of space on (?P<path>[\w.]+)|dataset .*sem espa",
            re.I,
        ),
    ),
    ("transfer_missing", _TRANSFER),
    ("file_missing", re.compile(rf"{_PATH}'?:?\s*No such file or directory", re.I)),
    ("file_missing", re.compile(rf"file not found:?\s*{_PATH}", re.I)),
    (
        "vsam_open",
        re.compile(
            r"VSAM FILE (?P<dataset>[\w.]+) OPEN RC=(?P<rc>\d+)(?: FEEDBACK=(?P<feedback>\w+))?",
            re.I,
        ),
    ),
    ("open_failed", re.compile(r"\bOPEN\b.*\bRC=(?P<rc>\d+)|IEC1\d\dI", re.I)),
    ("connection_refused", re.compile(rf"Connection refused(?:(?: by [\w ]*?)? {_HOST})?", re.I)),
    ("connection_refused", re.compile(rf"could not connect to {_HOST}", re.I)),
    ("deadlock", re.compile(r"SQL0911N|SQLSTATE=40001|\bdeadlock\b|ORA-00060", re.I)),
    ("user_undefined", re.compile(r'user "?(?P<user>[\w.-]+)"? is not defined', re.I)),
    ("permission_denied", re.compile(rf"{_PATH}?:?\s*Permission denied", re.I)),
    (
        "exception",
        re.compile(r"\b(?P<exception>(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error))\b"),
    ),
    (
        "reconciliation",
        re.compile(r"(?P<count>\d[\d.,]*) [A-Za-z ]*without a match|sem correspond\w*", re.I),
    ),
    # A kill an operator asked for (conman kill, Resync's approved kill) is no failure of
    # the job's own: told apart before the system's kill (signal 9, out of memory).
    (
        "operator_kill",
        re.compile(r"\bkill request\b|killed by (?:the )?operator|conman kill", re.I),
    ),
    ("out_of_memory", re.compile(r"Out of memory|\bOOM\b|oom-kill", re.I)),
    ("killed", re.compile(r"\bKilled\b|signal 9", re.I)),
)

_PATH_ONLY = re.compile(_PATH)
_AT = re.compile(r"^\s+at (?P<where>[\w.$]+\([\w.]+:\d+\))")
_REPORT = re.compile(rf"report written to {_PATH}", re.I)
_DB_NAME = re.compile(r"connecting to (?P<db>\w+) at ", re.I)


def read_cause(lines: list[LogLine]) -> Cause | None:
    """The first failure of ``lines`` a rule recognises, with what it names; None if none."""
    for index, line in enumerate(lines):
        for kind, pattern in RULES:
            found = pattern.search(line.text)
            if found is None:
                continue
            details = {k: v.rstrip(".'\"") for k, v in found.groupdict().items() if v}
            if "node2" in details:
                details["node"] = details.pop("node2")
            details.update(_around(kind, lines, index))
            cause = Cause(kind, line, details)
            return _explained_later(cause, lines, index) if kind == "file_missing" else cause
    return None


def _explained_later(cause: Cause, lines: list[LogLine], index: int) -> Cause:
    """A missing file the next lines explain (a transfer that did not arrive) is that."""
    for line in lines[index + 1 : index + 4]:
        found = _TRANSFER.search(line.text)
        if found is not None:
            node = found.group("node") or found.group("node2")
            details = {**cause.details, **({"node": node} if node else {})}
            return Cause("transfer_missing", line, details)
    return cause


def _around(kind: str, lines: list[LogLine], index: int) -> dict[str, str]:
    """What the lines near the cause add: the stack frame, the report, the database."""
    after = [line.text for line in lines[index + 1 : index + 4]]
    before = [line.text for line in lines[max(0, index - 6) : index]]
    extra: dict[str, str] = {}
    path = _PATH_ONLY.search(lines[index].text)
    if kind == "no_space" and path:
        extra["dir"] = path.group("path").rsplit("/", 1)[0] or "/"
    if kind == "exception":
        frame = next((m for m in map(_AT.match, after) if m), None)
        if frame:
            extra["where"] = frame.group("where")
    if kind == "reconciliation":
        report = next((m for m in map(_REPORT.search, after) if m), None)
        if report:
            extra["report"] = report.group("path")
    if kind == "connection_refused":
        database = next((m for m in map(_DB_NAME.search, reversed(before)) if m), None)
        if database:
            extra["database"] = database.group("db")
    return extra


def same_failure(one: Cause, other: Cause) -> bool:
    """Two causes that are the same failure: the same kind on the same object."""
    if one.kind != other.kind:
        return False
    return any(
        one.details.get(k) and one.details.get(k) == other.details.get(k) for k in SUBJECT_KEYS
    )


# The engine's own parts: a catalogue entry about them does not explain an application's
# failure even when the application prints the same message id.
ENGINE_COMPONENTS = frozenset({"database", "planner", "plan libraries"})
_ZOS_LOG = re.compile(r"^\s*(?:IE[AFC]\d{3}[IEW]|IEF\d{3}I|\$HASP\d{3})\b")
_ZOS_TERMS = re.compile(
    r"\b(?:dataset|data set|JCL|CYL|load ?modules?|load library|LOADLIB|COBOL|VSAM|"
    r"copybook|SPACE|CICS)\b",
    re.I,
)


def is_zos_log(lines: list[LogLine]) -> bool:
    """Whether the log is a z/OS job's (JES and IEF/IEA messages)."""
    return any(_ZOS_LOG.match(line.text) for line in lines)


def incident_agrees(incident: dict[str, object], cause: Cause | None, zos: bool) -> bool:
    """A past incident supports a diagnosis only on the same platform and, when the log
    shows the cause, for the same kind of failure."""
    text = f"{incident.get('cause', '')} {incident.get('fix', '')}"
    if bool(incident.get("abend_code") or _ZOS_TERMS.search(text)) != zos:
        return False
    if cause is None:
        return True
    # What the incident says, and the log lines it kept: a reviewer writes the cause in
    # their own words (in Portuguese), the lines say it as the job did.
    kept = incident.get("log_lines")
    lines = [text, *(str(line) for line in kept)] if isinstance(kept, list) else [text]
    return any(
        (read := read_cause([LogLine(0, line)])) is not None and read.kind == cause.kind
        for line in lines
    )
