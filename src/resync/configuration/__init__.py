"""Settings changed at run time (the settings manager), the effective configuration with
where each value came from, and the connection tests of the admin console."""
