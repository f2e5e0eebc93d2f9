"""Forward ``/twsd`` on the Resync app to the embedded simulator the services built."""

from __future__ import annotations

from starlette.types import Receive, Scope, Send

from resync.tws.simulator.responses import JSONResponse


class EmbeddedSimulator:
    """An ASGI app that looks the simulator up on ``app.state.services`` per request.

    The simulator lives in :class:`resync.services.Services` (built by the lifespan), so
    the route can be mounted when the app is created, before the services exist.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        services = getattr(scope["app"].state, "services", None)
        simulator = getattr(services, "simulator", None)
        if simulator is None:
            response = JSONResponse(
                {
                    "messages": ["The HWA simulator is not running."],
                    "exceptionName": "NotFoundException",
                },
                404,
            )
            await response(scope, receive, send)
            return
        await simulator(scope, receive, send)
