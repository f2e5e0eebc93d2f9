"""Reads a job log (stdlist) for a diagnosis: return code, message ids, abend code, key lines.

Follows the job log analysis playbook in code: the engine's header and trailer are framing,
the decisive lines are the errors near the end, the first error message is usually the
cause and the later ones its consequences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resync.classifier.identifiers import extract_codes

MAX_DECISIVE_LINES = 6

_EXIT_STATUS = re.compile(r"^=\s*Exit Status\s*:\s*(-?\d+)", re.I)
_RETURN_CODE = re.compile(
    r"\b(?:return code|exit code|c[oó]digo de retorno|rc)\s*[=:]?\s*(-?\d+)\b", re.I
)
_COMPLETION_CODE = re.compile(r"\bSYSTEM COMPLETION CODE\s*=\s*([0-9A-F]{3})\b", re.I)
_FRAME = re.compile(r"^\s*=")  # the engine's header and trailer lines
_DECISIVE = re.compile(
    r"\b(ERROR|ERRO|FATAL|SEVERE|ABEND|ABENDED|FAILED|FALHOU|EXCEPTION|DENIED|REFUSED|"
    r"NOT FOUND|NO SUCH FILE|NO SPACE|KILLED|TERMINATED|ABORTED|DEADLOCK|TIMEOUT|"
    r"COMPLETION CODE|NOT DEFINED|NOT VALID)\b",
    re.I,
)
_WARNING = re.compile(r"\bWARN(?:ING)?\b", re.I)
_NO_SYSTEM_ABEND = "S000"


@dataclass(frozen=True)
class LogLine:
    number: int  # 1-based line number in the log as fetched
    text: str


@dataclass
class LogFindings:
    return_code: int | None = None
    abend_code: str | None = None
    message_ids: list[str] = field(default_factory=list)
    decisive_lines: list[LogLine] = field(default_factory=list)
    first_error: LogLine | None = None  # usually the cause; later errors are consequences
    total_lines: int = 0

    @property
    def codes(self) -> list[str]:
        """Message ids then the abend code: what to look up in the catalogue."""
        return self.message_ids + ([self.abend_code] if self.abend_code else [])

    @property
    def empty(self) -> bool:
        return not (self.return_code is not None or self.abend_code or self.message_ids)


def analyse_log(text: str, *, first_line: int = 1) -> LogFindings:
    """Every finding of one log; ``first_line`` numbers the lines as the engine does."""
    lines = text.splitlines()
    findings = LogFindings(total_lines=len(lines))
    trailer_rc: int | None = None
    stated_rc: int | None = None
    abends: list[str] = []
    scored: list[tuple[int, LogLine]] = []
    for offset, raw in enumerate(lines):
        line = LogLine(first_line + offset, raw.rstrip())
        if not line.text.strip():
            continue
        exit_status = _EXIT_STATUS.match(line.text)
        if exit_status:
            trailer_rc = int(exit_status.group(1))
            continue
        if _FRAME.match(line.text):
            continue
        message_ids, abend_codes = extract_codes(line.text)
        for message_id in message_ids:
            if message_id not in findings.message_ids:
                findings.message_ids.append(message_id)
        abends += [code for code in abend_codes if code != _NO_SYSTEM_ABEND]
        completion = _COMPLETION_CODE.search(line.text)
        if completion:
            abends.append("S" + completion.group(1).upper())
        rc = _RETURN_CODE.search(line.text)
        if rc and "open" not in line.text.lower():  # "OPEN RC=08" is a file status, not the job's
            stated_rc = int(rc.group(1))
        weight = _weight(line.text, bool(message_ids or abend_codes or completion))
        if weight:
            scored.append((weight, line))
            if weight >= 2 and findings.first_error is None:
                findings.first_error = line
    findings.return_code = trailer_rc if trailer_rc is not None else stated_rc
    findings.abend_code = _preferred_abend(abends)
    findings.decisive_lines = _decisive(scored)
    return findings


def _weight(text: str, has_identifier: bool) -> int:
    if has_identifier and _DECISIVE.search(text):
        return 3
    if has_identifier or _DECISIVE.search(text):
        return 2
    if _WARNING.search(text):
        return 1
    return 0


def _preferred_abend(codes: list[str]) -> str | None:
    """The first abend code the log shows (S000, "no system abend", is already left out)."""
    return codes[0] if codes else None


def _decisive(scored: list[tuple[int, LogLine]]) -> list[LogLine]:
    """The strongest lines, kept in log order; errors before warnings when space is short."""
    if not scored:
        return []
    ranked = sorted(scored, key=lambda item: (-item[0], item[1].number))
    chosen = {line.number for _, line in ranked[:MAX_DECISIVE_LINES]}
    return [line for _, line in scored if line.number in chosen]
