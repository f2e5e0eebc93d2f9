"""The demo bank's topology and batch: workstations, job stream names, known failures.

Names follow what operators of a Brazilian bank would ask about ("JS_PAYROLL",
"PAYROLL_01", "LOAD_FILES"); the numbers are only plausible, never real.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resync.tws.models import WorkstationType
from resync.tws.simulator.model import SimWorkstation

MASTER = "MDM"
PLAN_HOURS_BEFORE_START = 14  # the simulated clock starts 14 h into the production day
QUIET_SECONDS = 15 * 60  # nothing changes during the first 15 simulated minutes


def workstations() -> list[SimWorkstation]:
    found = _workstations()
    for ws in found:
        if not ws.members:
            ws.node = ws.name.lower().replace("_", "-") + ".bank.example"
    return found


def _workstations() -> list[SimWorkstation]:
    return [
        SimWorkstation(MASTER, WorkstationType.MANAGER, "UNIX"),
        SimWorkstation("BKM", WorkstationType.FTA, "UNIX"),  # backup master
        SimWorkstation("FTA01", WorkstationType.FTA, "UNIX"),
        SimWorkstation("FTA02", WorkstationType.FTA, "UNIX"),
        SimWorkstation("BROKER", WorkstationType.BROKER, "UNIX"),
        SimWorkstation("AGT01", WorkstationType.AGENT, "UNIX"),
        SimWorkstation("AGT_LNX01", WorkstationType.AGENT, "UNIX"),
        SimWorkstation("AGT_LNX02", WorkstationType.AGENT, "UNIX", linked=False),
        SimWorkstation("AGT_WIN01", WorkstationType.AGENT, "WNT", limit=2),
        SimWorkstation("ZOS_RMT", WorkstationType.REM_ENG, "ZOS"),
        SimWorkstation("POOL_LNX", WorkstationType.POOL, "UNIX", members=["AGT_LNX01", "AGT01"]),
    ]


@dataclass(frozen=True)
class StreamTemplate:
    name: str
    prefix: str  # generated jobs are PREFIX_01, PREFIX_02 …
    workstation: str  # where the job stream is defined
    job_workstations: tuple[str, ...]
    at_hour: float  # hours after the plan start
    area: str  # directory / user of its scripts
    leading: tuple[str, ...] = ()  # named jobs before the numbered ones
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)


STREAMS: tuple[StreamTemplate, ...] = (
    StreamTemplate("JS_NIGHTLY", "NIGHTLY", MASTER, ("FTA01", "FTA02"), 0.25, "nightly"),
    StreamTemplate("JS_DAILY", "DAILY", MASTER, ("AGT01",), 1.0, "daily", ("LOAD_FILES",)),
    StreamTemplate("JS_PAYROLL", "PAYROLL", MASTER, ("FTA01",), 2.0, "payroll"),
    StreamTemplate("JS_ATM_FEED", "ATM_FEED", "FTA02", ("FTA02",), 0.5, "atm"),
    StreamTemplate("JS_FX_RATES", "FX_RATES", "AGT_LNX01", ("AGT_LNX01",), 1.5, "treasury"),
    StreamTemplate("JS_CARDS_SETTLE", "CARD_SETTLE", MASTER, ("ZOS_RMT",), 2.5, "cards"),
    StreamTemplate("JS_PIX_RECON", "PIX_RECON", MASTER, ("AGT_LNX01", "POOL_LNX"), 3.0, "pix"),
    StreamTemplate("JS_TED_DOC", "TED_DOC", MASTER, ("FTA02",), 3.5, "spb"),
    StreamTemplate("JS_BOLETO_RETURN", "BOLETO", MASTER, ("AGT01",), 4.0, "cobranca"),
    StreamTemplate("JS_CHEQUE_CLEAR", "CHEQUE", MASTER, ("FTA01",), 4.5, "compe"),
    StreamTemplate("JS_LOANS_ACCRUAL", "LOANS", MASTER, ("AGT_LNX01",), 5.0, "loans"),
    StreamTemplate("JS_MORTGAGE", "MORTGAGE", MASTER, ("AGT_LNX01",), 5.5, "mortgage"),
    StreamTemplate("JS_INVEST_NAV", "INVEST_NAV", MASTER, ("POOL_LNX",), 6.0, "funds"),
    StreamTemplate("JS_INSURANCE", "INSURANCE", MASTER, ("FTA02",), 6.5, "insurance"),
    StreamTemplate("JS_CRM_SYNC", "CRM_SYNC", MASTER, ("AGT01",), 7.0, "crm"),
    StreamTemplate("JS_CUSTOMER_MDM", "CUST_MDM", MASTER, ("AGT_LNX01",), 7.5, "mdm"),
    StreamTemplate("JS_FRAUD_SCORE", "FRAUD", MASTER, ("POOL_LNX",), 8.0, "fraud"),
    StreamTemplate("JS_AML_SCAN", "AML_SCAN", MASTER, ("AGT_LNX01",), 8.5, "compliance"),
    StreamTemplate("JS_CREDIT_BUREAU", "CREDIT_BUR", MASTER, ("AGT01",), 9.0, "credit"),
    StreamTemplate("JS_MAINFRAME_FEED", "MF_FEED", MASTER, ("ZOS_RMT",), 9.5, "mainframe"),
    StreamTemplate("JS_SWIFT_MT940", "SWIFT", MASTER, ("FTA02",), 10.0, "swift"),
    StreamTemplate("JS_LNX_BATCH", "LNX_BATCH", MASTER, ("AGT_LNX02",), 10.5, "batch"),
    StreamTemplate("JS_BACKUP_DB", "BACKUP", MASTER, ("FTA01",), 11.0, "dba", ("BACKUP_FULL",)),
    StreamTemplate("JS_WIN_REPORTS", "WIN_REP", MASTER, ("AGT_WIN01",), 12.0, "reports"),
    StreamTemplate("JS_DW_LOAD", "DW_LOAD", MASTER, ("AGT_LNX01",), 12.5, "dw", ("DW_FULL_LOAD",)),
    StreamTemplate("JS_MONTH_END", "MONTH_END", MASTER, ("FTA01",), 13.0, "closing"),
    StreamTemplate("JS_CASH_MGMT", "CASH_MGMT", MASTER, ("AGT01",), 13.25, "cash"),
    StreamTemplate("JS_COLLECTIONS", "COLLECT", MASTER, ("AGT_LNX01",), 14.5, "collections"),
    StreamTemplate("JS_RISK_VAR", "RISK_VAR", MASTER, ("POOL_LNX",), 15.0, "risk"),
    StreamTemplate("JS_OPEN_FINANCE", "OPEN_FIN", MASTER, ("AGT01",), 15.5, "openfinance"),
    StreamTemplate("JS_GL_INTERFACE", "GL_INTF", MASTER, ("FTA01",), 16.0, "ledger"),
    StreamTemplate("JS_SAP_FI", "SAP_FI", MASTER, ("AGT_WIN01",), 16.5, "sap"),
    StreamTemplate("JS_HR_SYNC", "HR_SYNC", MASTER, ("AGT01",), 17.0, "hr"),
    StreamTemplate("JS_TAX_IOF", "TAX_IOF", MASTER, ("FTA02",), 17.5, "tax"),
    StreamTemplate("JS_LEDGER_CLOSE", "LEDGER", MASTER, ("FTA01",), 18.0, "ledger"),
    StreamTemplate("JS_EOD_BALANCE", "EOD_BAL", MASTER, ("FTA01",), 19.0, "eod"),
    StreamTemplate("JS_BACEN_REPORTS", "BACEN_REP", MASTER, ("AGT_LNX01",), 20.0, "regulatory"),
    StreamTemplate("JS_STATEMENTS", "STATEMENT", MASTER, ("POOL_LNX",), 21.0, "statements"),
    StreamTemplate("JS_ARCHIVE", "ARCHIVE", MASTER, ("FTA02",), 22.0, "archive"),
)

# Cross-stream follows: (stream, its first job waits on) → (other stream, job).
CROSS_STREAM = {
    "JS_EOD_BALANCE": ("JS_LEDGER_CLOSE", "LAST"),
    "JS_STATEMENTS": ("JS_EOD_BALANCE", "LAST"),
    "JS_GL_INTERFACE": ("JS_LOANS_ACCRUAL", "LAST"),
    "JS_MONTH_END": ("JS_PAYROLL", "PAYROLL_03"),
}

# The FINAL job stream closes the production day (its jobs extend the plan).
FINAL_JOBS = ("STARTAPPSERVER", "MAKEPLAN", "SWITCHPLAN", "CREATEPOSTREPORTS", "UPDATESTATS")
FINAL_AT_HOUR = 23.9
FINAL_COMMAND = "^TWSHOME^/{name}"  # resolved from the default variable table
# The variable tables (``^NAME^`` in a job definition's command); MAIN_TABLE is the default.
VARIABLE_TABLES = {
    "MAIN_TABLE": {"TWSHOME": "/opt/hcl/TWA/TWS"},
    "DR_TABLE": {"TWSHOME": "/dr/hcl/TWA/TWS"},
}
DEFAULT_VARIABLE_TABLE = "MAIN_TABLE"
# UPDATESTATS joins the plan's switch: one of MAKEPLAN, SWITCHPLAN satisfied.
FINAL_JOIN = ("PLAN_SWITCHED", 1, ("MAKEPLAN", "SWITCHPLAN"))


@dataclass(frozen=True)
class KnownFailure:
    """A failure the demo plan always shows (operators' example questions rely on them)."""

    outcome: str  # ABEND or FAIL
    return_code: int
    story: str  # key into the job log stories
    abend_code: str | None = None


KNOWN_FAILURES: dict[str, KnownFailure] = {
    "PAYROLL_01": KnownFailure("ABEND", 12, "db_connection_refused"),
    "LOAD_FILES": KnownFailure("ABEND", 2, "input_file_missing"),
    "CARD_SETTLE_03": KnownFailure("ABEND", 12, "zos_protection", "S0C4"),
    "MF_FEED_02": KnownFailure("ABEND", 16, "zos_user_abend", "U0016"),
    "PIX_RECON_04": KnownFailure("ABEND", 8, "reconciliation_mismatch"),
    "CRM_SYNC_05": KnownFailure("FAIL", -1, "launch_failed_user"),
    # Abends later in the night (its stream starts an hour after the clock): a rerun succeeds.
    "RISK_VAR_03": KnownFailure("ABEND", 8, "generic_app_error"),
}

# Jobs that keep running for hours (so the plan at start always has something in EXEC).
LONG_RUNNERS = {
    "DW_FULL_LOAD": 3 * 3600.0,
    "BACKUP_FULL": 4.5 * 3600.0,
    "CASH_MGMT_01": 2 * 3600.0,
    "WIN_REP_01": 3 * 3600.0,
}

# A job waiting on an unanswered prompt and jobs sharing a single tape drive.
PROMPTED = {
    "MONTH_END_02": "Fita de fechamento montada no drive TAPE01? (y/n)",
    # Asked half an hour after the clock starts, and left unanswered.
    "COLLECT_02": "Arquivo de cobranca do parceiro conferido? (y/n)",
}
RESOURCES = {"TAPE_DRV": 1, "DB2_BATCH_SLOTS": 4}
RESOURCE_USERS = {
    "BACKUP_FULL": ["TAPE_DRV"],
    "BACKUP_02": ["TAPE_DRV"],
    "ARCHIVE_03": ["TAPE_DRV"],
}

# Jobs getting slower day after day in the run history (for "which jobs got slower").
SLOWING = {"DW_LOAD_05", "PAYROLL_04", "STATEMENT_07", "RISK_VAR_02", "PIX_RECON_02"}

# Today's run of these jobs takes this many times its usual duration (its history is normal):
# DW_FULL_LOAD holds up DW_LOAD_02 past its deadline, CASH_MGMT_01 just runs long.
RUNS_LONG = {"DW_FULL_LOAD": 1.5, "CASH_MGMT_01": 1.6}


@dataclass(frozen=True)
class TimeLimits:
    """A job's latest start (``until``) and deadline, in hours after its stream's time."""

    latest_start: float | None = None
    deadline: float | None = None


TIME_LIMITS: dict[str, TimeLimits] = {
    "DW_LOAD_02": TimeLimits(deadline=3.5),  # DW_FULL_LOAD (3 h as a rule) runs before it
    "MONTH_END_01": TimeLimits(latest_start=1.5, deadline=6.0),  # held up by JS_PAYROLL
    "COLLECT_01": TimeLimits(deadline=4.0),
    "EOD_BAL_01": TimeLimits(latest_start=1.0, deadline=3.0),
}
