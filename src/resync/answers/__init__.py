"""The deterministic answers, filed by topic, built from the plan, knowledge and approvals."""
