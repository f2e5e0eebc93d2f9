"""Resync: an operations assistant for HCL Workload Automation (HWA / TWS)."""

__version__ = "0.1.0"
