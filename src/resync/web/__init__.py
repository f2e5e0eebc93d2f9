"""The browser pages: the operator chat at ``/`` and its static assets under ``/static``."""
