"""HCL Workload Automation: the REST client, Resync's plan types and an in-process engine."""
