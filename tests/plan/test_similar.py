"""Nearest names: typos, a missing suffix, a partial name, nothing near."""

from __future__ import annotations

from resync.plan.similar import nearest_names

NAMES = ["PAYROLL_01", "PAYROLL_02", "PAYROLL_10", "LOAD_FILES", "DB_BACKUP", "BILLING_CALC"]


def test_a_typo_gets_the_names_spelled_nearly_the_same() -> None:
    found = nearest_names("PAYROL_01", NAMES)
    assert not found.partial and found.names[0] == "PAYROLL_01"
    assert nearest_names("load_file", NAMES).names == ["LOAD_FILES"]
    assert nearest_names("LAOD_FILES", NAMES).names == ["LOAD_FILES"]


def test_a_name_without_its_suffix_or_in_part_lists_the_candidates() -> None:
    found = nearest_names("PAYROLL", NAMES)
    assert found.partial and found.names == ["PAYROLL_01", "PAYROLL_02", "PAYROLL_10"]
    assert found.total == 3
    assert nearest_names("BACKUP", NAMES).names == ["DB_BACKUP"]
    assert nearest_names("PAYROLL", NAMES, limit=2).names == ["PAYROLL_01", "PAYROLL_02"]


def test_nothing_near_is_nothing() -> None:
    assert nearest_names("XYZZY_99", NAMES).names == []
    assert nearest_names("", NAMES).names == []
    assert nearest_names("PA", NAMES).partial is False  # too short to be a partial name


def test_only_the_fewest_edits_away_are_suggested() -> None:
    assert nearest_names("PAYROL_01", NAMES).names == ["PAYROLL_01"]  # not PAYROLL_02
    assert nearest_names("PAYROLL_03", NAMES).names == ["PAYROLL_01", "PAYROLL_02"]
