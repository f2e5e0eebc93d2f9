"""Build the demo bank's job stream definitions from a seed (a pure function of it)."""

from __future__ import annotations

import random

from resync.tws.simulator import catalog
from resync.tws.simulator.catalog import StreamTemplate
from resync.tws.simulator.model import JobSpec, JobStreamSpec, Join

_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def internal_id(rng: random.Random, taken: set[str]) -> str:
    """A job stream internal id shaped like the engine's (``0AAAAAAAAAAAAB2C``)."""
    while True:
        value = "0AAAAAAAAAAA" + "".join(rng.choice(_ID_ALPHABET) for _ in range(4))
        if value not in taken:
            taken.add(value)
            return value


def _command(name: str, area: str, workstation: str, rng: random.Random) -> tuple[str, str]:
    if workstation == "ZOS_RMT":
        member = (name.replace("_", "")[:6] + f"{rng.randint(0, 99):02d}")[:8]
        return f"JCL=PRD.{area.upper()}.JCLLIB({member})", "PRDBATCH"
    if workstation == "AGT_WIN01":
        return f"C:\\bank\\{area}\\{name.lower()}.cmd /date:%ODATE%", f"BANK\\svc_{area}"
    args = rng.choice(("-d ${ODATE}", "--date ${ODATE} --mode full", "-f /data/in/" + area, ""))
    return f"/opt/bank/{area}/bin/{name.lower()}.sh {args}".rstrip(), f"b{area[:7]}"


def _duration(name: str, rng: random.Random) -> float:
    if name in catalog.LONG_RUNNERS:
        return catalog.LONG_RUNNERS[name]
    return float(round(min(2400.0, max(8.0, rng.lognormvariate(4.4, 0.9)))))


def _jobs(template: StreamTemplate, rng: random.Random) -> list[JobSpec]:
    count = rng.randint(52, 70)
    names = list(template.leading)
    number = len(names) + 1
    while len(names) < count:
        names.append(f"{template.prefix}_{number:02d}")
        number += 1
    jobs: list[JobSpec] = []
    for index, name in enumerate(names):
        workstation = template.job_workstations[index % len(template.job_workstations)]
        command, user = _command(name, template.area, workstation, rng)
        follows: list[str] = []
        if index > 0:
            follows.append(names[index - 1] if rng.random() < 0.75 else rng.choice(names[:index]))
            if index > 2 and rng.random() < 0.15:
                extra = rng.choice(names[:index])
                if extra not in follows:
                    follows.append(extra)
        job = JobSpec(
            name=name,
            workstation=workstation,
            command=command,
            user=user,
            duration=_duration(name, rng),
            follows=follows,
            resources=list(catalog.RESOURCE_USERS.get(name, [])),
            prompt=catalog.PROMPTED.get(name),
            slowing=name in catalog.SLOWING or rng.random() < 0.01,
            priority=rng.choice((10, 10, 10, 20, 40)),
        )
        if index > 0 and name in catalog.LONG_RUNNERS:
            job.follows = []  # long runners start at the stream's `at` time
        known = catalog.KNOWN_FAILURES.get(name)
        if known is not None:
            job.outcome, job.return_code = known.outcome, known.return_code
            job.failure, job.abend_code = known.story, known.abend_code
        elif index >= 8 and rng.random() < 0.004:
            job.outcome, job.return_code = "ABEND", rng.choice((4, 8, 12, 16))
            job.failure = rng.choice(("generic_app_error", "sql_deadlock", "disk_full"))
        jobs.append(job)
    return jobs


def _final_stream(model_id: str) -> JobStreamSpec:
    jobs = []
    previous: list[str] = []
    for name in catalog.FINAL_JOBS:
        command = catalog.FINAL_COMMAND.format(name=name)
        jobs.append(JobSpec(name, catalog.MASTER, command, "wauser", 60.0, follows=previous))
        previous = [name]
    # A JOIN (`join NAME 1 OF … endjoin`) on jobs that precede it anyway: it is in the
    # plan without changing when anything runs.
    name, quantity, members = catalog.FINAL_JOIN
    jobs[-1].joins.append(Join(name, quantity, list(members)))
    return JobStreamSpec(
        model_id,
        "FINAL",
        catalog.MASTER,
        catalog.FINAL_AT_HOUR * 3600,
        jobs,
        100,
        "Extends the plan: JnextPlan (MAKEPLAN, SWITCHPLAN) and the post reports",
    )


def job_stream_definitions(seed: int) -> list[JobStreamSpec]:
    """Every job stream of the demo bank: ~40 streams and more than 2,000 jobs."""
    rng = random.Random(f"resync-hwa-model-{seed}")
    specs: list[JobStreamSpec] = []
    for number, template in enumerate(catalog.STREAMS, start=1):
        specs.append(
            JobStreamSpec(
                model_id=f"JS{number:04d}{rng.randint(1000, 9999)}",
                name=template.name,
                workstation=template.workstation,
                at_offset=template.at_hour * 3600 + rng.randint(0, 9) * 60,
                jobs=_jobs(template, rng),
                priority=rng.choice((10, 20, 30)),
                description=template.description or template.area,
            )
        )
    by_name = {spec.name: spec for spec in specs}
    for stream, (other, job) in catalog.CROSS_STREAM.items():
        target = by_name[other].jobs[-1].name if job == "LAST" else job
        by_name[stream].jobs[0].external.append((other, target))
    specs.append(_final_stream(f"JS{len(specs) + 1:04d}0000"))
    return specs
