from tests.fixtures.routing_app import make_app

__all__ = ["make_app"]
