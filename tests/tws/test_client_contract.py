"""The real client against the simulator over real HTTP: one test per client method."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from resync.tws.errors import TWSNotFound
from resync.tws.models import DependencyKind, JobState, JobStreamState, WorkstationType
from tests.tws.conftest import API_KEY, START, ClientFactory, SimServer


async def test_list_and_count_jobs_by_state(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    abended = await client.list_jobs(states=[JobState.ABEND])
    assert {"PAYROLL_01", "LOAD_FILES"} <= {job.name for job in abended}
    assert all(job.state is JobState.ABEND for job in abended)
    assert await client.count_jobs(states=[JobState.ABEND]) == len(abended)
    assert await client.count_jobs() >= 2000


async def test_list_jobs_by_stream_workstation_name_pattern_and_window(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    payroll = await client.list_jobs(stream="JS_PAYROLL", limit=5)
    assert len(payroll) == 5 and {job.job_stream for job in payroll} == {"JS_PAYROLL"}
    on_agent = await client.list_jobs(workstation="AGT01")
    assert on_agent and {job.workstation for job in on_agent} == {"AGT01"}
    by_pattern = await client.list_jobs(name="payroll_0*")
    assert {job.name for job in by_pattern} >= {"PAYROLL_01", "PAYROLL_09"}
    window = await client.list_jobs(since=START - timedelta(hours=2), until=START)
    assert window and all(
        job.start_time and START - timedelta(hours=2) <= job.start_time < START for job in window
    )


async def test_get_job_and_find_jobs(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url)
    found = await client.find_jobs("PAYROLL_01")
    assert len(found) == 1
    job = await client.get_job(found[0].id)
    assert job.name == "PAYROLL_01" and job.job_stream == "JS_PAYROLL"
    assert job.return_code == 12 and job.duration and job.duration > 0
    assert uuid.UUID(job.id) and uuid.UUID(job.job_stream_id)  # v2 ids, as the engine gave
    assert (job.workstation, job.job_stream_workstation) == ("FTA01", "MDM")
    with pytest.raises(TWSNotFound) as error:
        await client.get_job("MDM;0AAAAAAAAAAAZZZZ;NOPE")
    assert error.value.messages and "not found" in error.value.messages[0]


async def test_predecessors_and_successors(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    payroll = (await client.find_jobs("PAYROLL_01"))[0]
    second = (await client.find_jobs("PAYROLL_02"))[0]
    successors = await client.successors(payroll.id)
    assert second.id in {dep.job_id for dep in successors}
    predecessors = await client.predecessors(second.id)
    follows = [dep for dep in predecessors if dep.kind is DependencyKind.FOLLOWS]
    assert follows and follows[0].job_name == "PAYROLL_01" and not follows[0].satisfied


async def test_job_log_with_line_ranges(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url)
    payroll = (await client.find_jobs("PAYROLL_01"))[0]
    full = await client.job_log(payroll.id)
    assert "AWSJDB802E" in full.text and full.total_lines == len(full.lines)
    part = await client.job_log(payroll.id, from_line=2, to_line=4)
    assert part.lines == full.lines[1:4] and part.from_line == 2 and part.to_line == 4
    waiting = (await client.find_jobs("PAYROLL_02"))[0]
    with pytest.raises(TWSNotFound):
        await client.job_log(waiting.id)


async def test_job_streams_workstations_and_engine(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    streams = await client.list_job_streams()
    assert len(streams) >= 40 and "FINAL" in {s.name for s in streams}
    stuck = await client.list_job_streams(name="JS_PAYROLL")
    assert stuck[0].state in (JobStreamState.STUCK, JobStreamState.ABEND)
    workstations = {ws.name: ws for ws in await client.list_workstations()}
    assert workstations["MDM"].type is WorkstationType.MANAGER
    assert workstations["AGT01"].type is WorkstationType.AGENT
    assert workstations["POOL_LNX"].members and not workstations["AGT_LNX02"].linked
    info = await client.engine_info()
    assert info.simulated and info.master == "MDM" and info.host == sim_server.url


async def test_job_history_of_previous_days(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    runs = await client.job_history("PAYROLL_04", START - timedelta(days=8))
    archived = [run for run in runs if run.plan != "current"]
    assert len(archived) == 7 and len({run.plan for run in archived}) == 7
    durations = [run.duration or 0 for run in archived]
    assert durations[-1] > durations[0] * 1.3  # PAYROLL_04 gets slower every day
    recent = await client.job_history("PAYROLL_04", START - timedelta(days=2))
    assert 0 < len(recent) < len(runs)


async def test_actions(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url)
    payroll = (await client.find_jobs("PAYROLL_01"))[0]
    rerun = await client.rerun(payroll.id)
    [new_id] = rerun.new_ids
    instance = await client.get_job(new_id)  # the id the engine returned, used as it is
    assert instance.rerun_count == 1 and instance.chain_id == payroll.chain_id
    assert instance.id != payroll.id and not (await client.get_job(payroll.id)).is_last_in_chain
    later = (await client.find_jobs("COLLECT_01"))[0]
    assert (await client.hold(later.id)).accepted
    assert (await client.get_job(later.id)).held
    assert (await client.release(later.id)).accepted
    running = (await client.list_jobs(states=[JobState.EXEC]))[0]
    await client.kill(running.id)
    assert (await client.get_job(running.id)).state is JobState.ABEND
    load = (await client.find_jobs("LOAD_FILES"))[0]
    await client.confirm(load.id, "SUCC")
    assert (await client.get_job(load.id)).state is JobState.SUCC
    recon = (await client.find_jobs("PIX_RECON_04"))[0]
    await client.cancel(recon.id)
    assert (await client.get_job(recon.id)).state is JobState.CANCL
    submitted = await client.submit_job_stream("JS_DAILY", "MDM", alias="JS_DAILY_EXTRA")
    assert len(submitted.new_ids) == 1
    streams = await client.list_job_streams(name="JS_DAILY_EXTRA")
    assert streams and streams[0].id == submitted.new_ids[0]
    with pytest.raises(TWSNotFound):
        await client.rerun("MDM;0AAAAAAAAAAAZZZZ;NOPE")


async def test_reply_to_a_prompt(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url)
    [waiting] = await client.find_jobs("MONTH_END_02")
    assert any(d.kind.value == "prompt" for d in waiting.pending_dependencies)
    assert (await client.reply_prompt(waiting.id, yes=True)).accepted
    after = await client.get_job(waiting.id)
    assert not any(d.kind.value == "prompt" for d in after.pending_dependencies)
    with pytest.raises(TWSNotFound):  # answered: nothing waits for a reply any more
        await client.reply_prompt(waiting.id)


async def test_api_key_auth(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url, api_key=API_KEY, password="wrong")
    assert (await client.engine_info()).simulated


async def test_documented_v2_shapes_are_read_in_full(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    [payroll] = await client.list_job_streams(name="JS_PAYROLL")
    assert payroll.workstation == "MDM"  # from "workstation": "/MDM"
    first = (await client.find_jobs("EOD_BAL_01"))[0]
    [external] = [d for d in first.dependencies if d.job_stream == "JS_LEDGER_CLOSE"]
    assert external.kind is DependencyKind.FOLLOWS and external.job_id and external.workstation
    abended = await client.list_jobs(states=[JobState.ABEND, JobState.FAIL])
    assert {"PAYROLL_01", "CRM_SYNC_05"} <= {job.name for job in abended}
