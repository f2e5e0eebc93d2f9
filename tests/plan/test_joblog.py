"""Reading a job log: return code, message ids, abend code and the decisive lines."""

from __future__ import annotations

from resync.plan.joblog import analyse_log

DISTRIBUTED = """\
===============================================================
= JOB       : MDM#JS_PAYROLL[(1824 11/27/26),(0AAAAAAAAAAAFLNH)].PAYROLL_01
= USER      : bpayroll
===============================================================
2026-11-27 18:24:58 INFO  payroll-calc 4.2.1 starting
2026-11-27 18:25:14 WARN  connect failed: SQL30081N A communication error has been detected.
2026-11-27 18:25:26 ERROR AWSJDB802E Connection refused by the database server db01:50000.
2026-11-27 18:25:37 ERROR exiting with return code 12
===============================================================
= Exit Status           : 12
===============================================================
"""

ZOS = """\
IEF403I MFFEED90 - STARTED - TIME=01.58.53
 MFFEED: VSAM FILE PRD.MFFEED.KSDS OPEN RC=08 FEEDBACK=0074
 MFFEED: PROGRAM TERMINATED BY USER ABEND 16
IEF450I MFFEED90 STEP010 - ABEND=S000 U0016 REASON=00000000
IEF404I MFFEED90 - ENDED - TIME=02.00.21
"""


def test_a_distributed_log_gives_rc_message_id_and_the_error_lines() -> None:
    findings = analyse_log(DISTRIBUTED)
    assert findings.return_code == 12
    assert findings.message_ids == ["AWSJDB802E"]
    assert findings.abend_code is None
    numbers = [line.number for line in findings.decisive_lines]
    assert numbers == [6, 7, 8]  # header and trailer are framing, not evidence
    assert findings.first_error is not None and "SQL30081N" in findings.first_error.text


def test_a_zos_log_gives_the_user_abend_not_s000_nor_the_file_status() -> None:
    findings = analyse_log(ZOS, first_line=101)
    assert findings.abend_code == "U0016"
    assert findings.return_code is None  # "OPEN RC=08" is a VSAM status, not the job's rc
    assert findings.decisive_lines[0].number == 103
    assert any("ABEND=S000 U0016" in line.text for line in findings.decisive_lines)


def test_a_system_completion_code_is_read_as_an_abend() -> None:
    text = "IEA995I SYMPTOM DUMP OUTPUT  SYSTEM COMPLETION CODE=0C4  REASON CODE=00000004\n"
    assert analyse_log(text).abend_code == "S0C4"


def test_a_clean_log_has_no_findings() -> None:
    findings = analyse_log("2026-01-01 INFO started\n2026-01-01 INFO finished successfully\n")
    assert findings.empty and findings.decisive_lines == []
