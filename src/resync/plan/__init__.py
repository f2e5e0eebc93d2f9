"""The plan: reading it through the HWA client, job identity and names, windows, times, logs."""
