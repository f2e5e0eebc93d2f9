from tests.fixtures.auth_clients import api, make_client

__all__ = ["api", "make_client"]
