"""An HWA engine in-process: a seeded demo plan that moves with a clock, behind HWA's REST API."""
