"""Believable job logs (stdlist): the engine's header, the job's output, the exit trailer."""

from __future__ import annotations

import random
from datetime import datetime

from resync.tws.models import JobState
from resync.tws.simulator.model import SimJob

_RULE = "=" * 63

_STORIES: dict[str, list[str]] = {
    "db_connection_refused": [
        "{ts} INFO  payroll-calc 4.2.1 starting, competence {date}",
        "{ts} INFO  reading parameters from /opt/bank/payroll/etc/payroll.ini",
        "{ts} INFO  connecting to PAYROLLDB at db-payroll-01:50000 (attempt 1/3)",
        "{ts} WARN  connect failed: SQL30081N A communication error has been detected. "
        "Communication protocol being used: TCP/IP. Location where the error was detected: "
        '10.20.4.17. Communication function detecting the error: "connect". Protocol specific '
        'error code(s): "111", "*", "*". SQLSTATE=08001',
        "{ts} INFO  connecting to PAYROLLDB at db-payroll-01:50000 (attempt 3/3)",
        "{ts} ERROR AWSJDB802E Connection refused by the database server db-payroll-01:50000.",
        "{ts} ERROR payroll calculation aborted: 0 of 18.442 employees processed",
        "{ts} ERROR exiting with return code 12",
    ],
    "input_file_missing": [
        "{ts} INFO  load-files: expecting CNAB240 remittance files for {date}",
        "{ts} INFO  scanning /data/in/daily for CNAB240_*.REM",
        "ls: cannot access '/data/in/daily/CNAB240_*.REM': No such file or directory",
        "{ts} ERROR input file not received from the transmission (Connect:Direct node BCO_EXT)",
        "{ts} ERROR exiting with return code 2",
    ],
    "zos_protection": [
        "IEF403I {member} - STARTED - TIME={hhmmss}",
        "IEA995I SYMPTOM DUMP OUTPUT  SYSTEM COMPLETION CODE=0C4  REASON CODE=00000004",
        " TIME={hhmmss}  SEQ=04512  CPU=0000  ASID=0087",
        " PSW AT TIME OF ERROR  078D1000   8F2A61C6  ILC 4  INTC 04",
        "   ACTIVE LOAD MODULE           ADDRESS=0F2A0000  OFFSET=000061C6",
        "   NAME=CSTLCALC",
        "IEF450I {member} STEP020 - ABEND=S0C4 U0000 REASON=00000004",
        "IEF404I {member} - ENDED - TIME={hhmmss}",
    ],
    "zos_user_abend": [
        "IEF403I {member} - STARTED - TIME={hhmmss}",
        " MFFEED: VSAM FILE PRD.MFFEED.KSDS OPEN RC=08 FEEDBACK=0074",
        " MFFEED: PROGRAM TERMINATED BY USER ABEND 16",
        "IEF450I {member} STEP010 - ABEND=S000 U0016 REASON=00000000",
        "IEF404I {member} - ENDED - TIME={hhmmss}",
    ],
    "reconciliation_mismatch": [
        "{ts} INFO  pix-recon: loading SPI settlement file for {date}",
        "{ts} INFO  1.842.117 transactions in SPI, 1.840.913 in the ledger",
        "{ts} ERROR 1.204 PIX transactions without a match in the ledger (tolerance 0)",
        "{ts} ERROR report written to /data/out/pix/recon_{date}.csv",
        "{ts} ERROR exiting with return code 8",
    ],
    "generic_app_error": [
        "{ts} INFO  step 1/3 extract",
        "{ts} INFO  step 2/3 transform",
        "{ts} ERROR java.lang.NullPointerException",
        "    at br.bank.batch.Transform.apply(Transform.java:214)",
        "{ts} ERROR exiting with return code {rc}",
    ],
    "sql_deadlock": [
        "{ts} INFO  updating balances",
        "{ts} ERROR SQL0911N The current transaction has been rolled back because of a deadlock "
        'or timeout. Reason code "2". SQLSTATE=40001',
        "{ts} ERROR exiting with return code {rc}",
    ],
    "disk_full": [
        "{ts} INFO  writing /data/work/{area}/sort.tmp",
        "sort: write failed: /data/work/{area}/sort.tmp: No space left on device",
        "{ts} ERROR exiting with return code {rc}",
    ],
    "killed": ["{ts} INFO  processing", "Killed (signal 9) by the operator's kill request"],
}

_OK = [
    "{ts} INFO  {name} starting, competence {date}",
    "{ts} INFO  input records read: {count}",
    "{ts} INFO  output records written: {count}",
    "{ts} INFO  {name} finished successfully",
]


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _header(job: SimJob) -> list[str]:
    start = job.start or job.scheduled
    sched = job.scheduled.strftime("%H%M %m/%d/%y")
    internal = job.stream_id.split(";", 1)[1]
    return [
        _RULE,
        f"= JOB       : {job.stream_workstation}#{job.stream_name}[({sched}),({internal})]"
        f".{job.name}",
        f"= USER      : {job.user}",
        f"= JCLFILE   : {job.command}",
        f"= Job Number: {job.job_number}",
        f"= {start.strftime('%a %b %d %H:%M:%S UTC %Y')}",
        _RULE,
    ]


def render(job: SimJob, now: datetime) -> str | None:
    """The job's stdlist as the engine would return it; None when it has not started."""
    if job.start is None:
        return None
    if job.state is JobState.FAIL:
        return "\n".join(
            [
                f'AWSBHT001E The job "{job.stream_workstation}#{job.stream_name}.{job.name}" '
                f'in file "{job.command.split()[0]}" has failed with the error: '
                f'user "{job.user}" is not defined or its password is not valid '
                "on the workstation.",
                f"The job has been put in the FAIL state on {job.workstation}.",
            ]
        )
    rng = random.Random(f"{job.id}-{job.rerun}")
    start = job.start
    end = job.end or now
    values = {
        "ts": _ts(start),
        "date": start.strftime("%Y%m%d"),
        "name": job.name.lower(),
        "member": job.command.rsplit("(", 1)[-1].rstrip(")")[:8]
        if "(" in job.command
        else job.name,
        "hhmmss": start.strftime("%H.%M.%S"),
        "rc": job.return_code if job.return_code is not None else 0,
        "area": job.command.split("/")[3] if job.command.startswith("/opt/bank/") else "batch",
        "count": f"{rng.randint(1000, 2_000_000):,}".replace(",", "."),
    }
    ended = job.state in (JobState.SUCC, JobState.ABEND, JobState.CANCL) and job.end
    failed = job.state is JobState.ABEND and job.failure
    body = _STORIES.get(job.failure, _STORIES["generic_app_error"]) if failed else _OK
    if not ended:
        body = body[:2]
    lines = _header(job)
    step = (end - start) / max(1, len(body))
    for index, line in enumerate(body):
        moment = start + step * index
        values["ts"], values["hhmmss"] = _ts(moment), moment.strftime("%H.%M.%S")
        lines.append(line.format(**values))
    if ended:
        seconds = int((end - start).total_seconds())
        hours, rest = divmod(seconds, 3600)
        lines += [
            _RULE,
            f"= Exit Status           : {job.return_code if job.return_code is not None else 0}",
            f"= Elapsed Time (hh:mm:ss) : {hours:02d}:{rest // 60:02d}:{rest % 60:02d}",
            f"= Job CPU usage (user) : {rng.uniform(0.1, 90):.2f}s",
            f"= {end.strftime('%a %b %d %H:%M:%S UTC %Y')}",
            _RULE,
        ]
    return "\n".join(lines) + "\n"
