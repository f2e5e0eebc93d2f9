"""The z/OS connector's WAPL route: plain-text WAPL commands in, plain text out.

HCL's z/OS sample ``wapl.py`` posts the commands as ``text/plain`` to
``/twsz/v1/{engine}/wapl`` and prints the raw answer. The simulator serves a small
subset of WAPL's Data Access commands over its plan: ``LIST CPOC`` / ``LIST CPOCCOM``
(current plan occurrences: a job stream instance is an occurrence, its name the ADID,
its scheduled time the input arrival ``IA`` as ``YYMMDDHHMM``) and ``LIST CPOP`` /
``LIST CPOPCOM`` (current plan operations: its jobs, numbered 001, 002, … in order;
z/OS numbers operations 1–255). Keywords take their value in parentheses
(``ADID(JS_PAY*)``; ``*`` and ``%`` are WAPL's generic characters). Each command
answers one record a line and a count line.

Parsing errors answer WAPL's documented messages (``EQQI205F``, ``EQQI206F``,
``EQQI207F``) and stop the run, as WAPL terminates on them; a command outside the
subset answers a message of the simulator's own (no WAPL message covers it here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resync.tws.models import JobState, JobStreamState
from resync.tws.simulator.app import error, state_of
from resync.tws.simulator.connector import ENGINE_KEY
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob, SimJobStream
from resync.tws.simulator.serialize import stream_state

# Occurrence status codes W, S, C, E (WAPL's SELECT/LIST CPOC STATUS values).
_OCCURRENCE = {
    JobStreamState.EXEC: "S",
    JobStreamState.ABEND: "E",
    JobStreamState.STUCK: "E",
    JobStreamState.SUCC: "C",
}
# Operation status codes: R ready, S started, C complete, E error, W waiting, U undecided.
_OPERATION = {
    JobState.READY: "R",
    JobState.EXEC: "S",
    JobState.INTRO: "S",
    JobState.SUCC: "C",
    JobState.SUCCP: "C",
    JobState.SUPPR: "C",
    JobState.ABEND: "E",
    JobState.ABENP: "E",
    JobState.FAIL: "E",
    JobState.ERROR: "E",
    JobState.HOLD: "W",
    JobState.SCHED: "W",
    JobState.FENCE: "W",
    JobState.ADD: "W",
}
_OCCURRENCE_KEYS = {"ADID", "IA", "STATUS"}
_OPERATION_KEYS = {"ADID", "IA", "STATUS", "JOBNAME", "WSNAME", "OPNO"}
_OCCURRENCE_CODES = set("CDEPSUW")
_OPERATION_CODES = set("ACEIRSUWY*")
_KEYWORD = re.compile(r"\s*([A-Za-z0-9]+)\(([^()]*)\)")


class WaplError(Exception):
    """A message that ends the run (WAPL terminates on a parsing error)."""


def _generic(pattern: str) -> Callable[[str], bool]:
    """WAPL's generic names: ``*`` any characters, ``%`` one character."""
    parts = ("." if c == "%" else ".*" if c == "*" else re.escape(c) for c in pattern)
    regex = re.compile("".join(parts), re.IGNORECASE)
    return lambda value: regex.fullmatch(value) is not None


def _keywords(text: str, allowed: set[str], codes: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    rest = text
    while rest.strip():
        match = _KEYWORD.match(rest)
        if match is None:
            word = rest.split()[0]
            if "(" in word:
                raise WaplError(f"EQQI205F Missing right parenthesis for keyword {word[:-1]}")
            raise WaplError(f"EQQI207F Invalid keyword {word}")
        key, value = match.group(1).upper(), match.group(2).strip()
        if key not in allowed:
            raise WaplError(f"EQQI207F Invalid keyword {key}")
        if key == "STATUS" and value.upper() not in codes:
            raise WaplError(f"EQQI206F Invalid value {value} for {key}")
        found[key] = value
        rest = rest[match.end() :]
    return found


def _ia(stream: SimJobStream) -> str:
    return stream.scheduled.strftime("%y%m%d%H%M")


def _streams(engine: PlanEngine, wanted: dict[str, str]) -> Iterator[SimJobStream]:
    adid = _generic(wanted.get("ADID", "*"))
    for stream in engine.streams.values():
        if adid(stream.name) and wanted.get("IA", _ia(stream)) == _ia(stream):
            yield stream


def _occurrences(engine: PlanEngine, wanted: dict[str, str]) -> list[str]:
    lines = []
    for stream in _streams(engine, wanted):
        status = _OCCURRENCE.get(stream_state(engine, stream)[0], "W")
        if wanted.get("STATUS", status).upper() == status:
            lines.append(f"{stream.name:<16} {_ia(stream)} {status}")
    return lines


def _operations(engine: PlanEngine, wanted: dict[str, str]) -> list[str]:
    job_name = _generic(wanted.get("JOBNAME", "*"))
    workstation = _generic(wanted.get("WSNAME", "*"))
    lines = []
    for stream in _streams(engine, wanted):
        for number, job_id in enumerate(stream.job_ids, start=1):
            job: SimJob = engine.jobs[job_id]
            status = _OPERATION.get(job.state, "U")
            if (
                job_name(job.name)
                and workstation(job.workstation)
                and wanted.get("OPNO", str(number)).lstrip("0") == str(number)
                and wanted.get("STATUS", status).upper() == status
            ):
                lines.append(
                    f"{stream.name:<16} {_ia(stream)} {number:03d} "
                    f"{job.workstation:<8} {job.name:<16} {status}"
                )
    return lines


def _command(engine: PlanEngine, line: str) -> list[str]:
    verb, _, rest = line.strip().partition(" ")
    resource, _, arguments = rest.strip().partition(" ")
    resource = resource.upper()
    if verb.upper() == "LIST" and resource in ("CPOC", "CPOCCOM"):
        wanted = _keywords(arguments, _OCCURRENCE_KEYS, _OCCURRENCE_CODES)
        found = _occurrences(engine, wanted)
    elif verb.upper() == "LIST" and resource in ("CPOP", "CPOPCOM"):
        found = _operations(engine, _keywords(arguments, _OPERATION_KEYS, _OPERATION_CODES))
    else:
        command = f"{verb} {resource}".strip().upper()
        raise WaplError(
            f"Command {command} is not served: this engine's WAPL serves "
            "LIST CPOC, LIST CPOCCOM, LIST CPOP and LIST CPOPCOM."
        )
    return [*found, f"LIST {resource}: {len(found)} records"]


def run(engine: PlanEngine, commands: str) -> list[str]:
    """The output of the commands, one a line; a parsing error ends the run."""
    out: list[str] = []
    for line in commands.splitlines():
        if not line.strip():
            continue
        try:
            out.extend(_command(engine, line))
        except WaplError as exc:
            out.append(str(exc))
            break
    return out


async def wapl(request: Request) -> Response:
    if request.scope.get(ENGINE_KEY) is None:  # the z/OS connector's route only
        return error(404, f"Resource not found: {request.url.path}", "NotFoundException")
    if not request.headers.get("content-type", "").lower().startswith("text/plain"):
        return error(415, "Send the WAPL commands as Content-Type: text/plain.")
    engine = state_of(request).engine
    engine.sync()
    text = (await request.body()).decode("utf-8", "replace")
    return PlainTextResponse("\n".join(run(engine, text)) + "\n")


def routes() -> list[Route]:
    return [Route("/wapl", wapl, methods=["POST"])]
