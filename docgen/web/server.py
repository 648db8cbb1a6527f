"""uvicorn, started the way a page with confidential data should be served.

uvicorn's HTTP/1.1 protocol (h11) waits forever for a request's headers: a client
that opens connections and sends half a request holds them, and 300 such clients
exhaust a 256-file limit. Here each connection must send a request's headers within
:data:`HEADER_SECONDS` (again after each response on a kept-alive connection), at
most :data:`MAX_CONNECTIONS` requests run at once (more get 503), and nothing is
logged: no access log, no tracebacks (the app answers every failure itself).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
MAX_CONNECTIONS = 100
KEEP_ALIVE_SECONDS = 5


def timed_protocol(header_seconds: float = HEADER_SECONDS) -> type[H11Protocol]:
    """h11's protocol with a deadline for each request's headers."""

    class TimedProtocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(header_seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()  # a whole request arrived: the app takes it from here

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request on this connection, in time too

        def _too_slow(self) -> None:
            self._deadline = None
            if self.cycle is None or self.cycle.response_complete:
                self.transport.close()

    return TimedProtocol


def config(app: Any, host: str, port: int, cert: Path | None = None, key: Path | None = None,
           header_seconds: float = HEADER_SECONDS) -> uvicorn.Config:
    return uvicorn.Config(
        app, host=host, port=port, http=timed_protocol(header_seconds),
        limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=KEEP_ALIVE_SECONDS,
        log_level="critical", access_log=False, ssl_certfile=str(cert) if cert else None,
        ssl_keyfile=str(key) if key else None)
