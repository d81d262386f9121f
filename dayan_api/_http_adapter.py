"""The transport adapter of a client's own session: a read timeout that bounds the whole reply.

``requests`` and ``urllib3`` apply the read timeout to each read from the
socket, so a server that sends a byte every few seconds holds a call for
ever. Here the read timeout, as ``urllib3`` sets it on the socket just
before the reply is read, becomes a deadline for the whole reply, status
line, headers and body: before each read from the socket, its timeout is
set to the time left. No thread and no timer: one clock reading per read.

The same reads honour the stop signal of :mod:`dayan_api._call_limits`: when
one is set, a read waits a quarter of a second at most before looking at it.
"""

import functools
import http.client
import io
import socket
import time
from typing import Any, Optional

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from dayan_api._call_limits import CallLimits, CallStopped

STOP_CHECK_SECONDS = 0.25
"""How long a read waits at most before looking at its stop signal again."""


class _BoundedReads(io.RawIOBase):
    """Reads from ``sock`` that end by ``deadline`` (``time.monotonic()``) and on ``stop``."""

    def __init__(self, sock: socket.socket, unbounded: Any, deadline: Optional[float], stop: Any):
        super().__init__()
        self._sock = sock
        self._unbounded = unbounded  # http.client's own file: closed with this one
        self._deadline = deadline
        self._stop = stop

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            wait = None if self._deadline is None else self._deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise socket.timeout("timed out: the reply took longer than the read timeout")
            if self._stop is not None:
                if self._stop.is_set():
                    raise CallStopped()
                wait = STOP_CHECK_SECONDS if wait is None else min(wait, STOP_CHECK_SECONDS)
            self._sock.settimeout(wait)
            try:
                return self._sock.recv_into(buffer)
            except socket.timeout:
                if self._stop is None:
                    raise
                # A slice of the wait has passed: look at the deadline and the stop again.

    def close(self) -> None:
        if not self.closed:
            self._unbounded.close()
        super().close()


def _bounded_response(limits: CallLimits, sock: Any, *args: Any, **kwargs: Any) -> Any:
    """An ``http.client.HTTPResponse`` whose reads are bounded as this module says."""
    response = http.client.HTTPResponse(sock, *args, **kwargs)
    timeout = getattr(sock, "gettimeout", lambda: None)()
    _, stop = limits.current()
    if (timeout is not None or stop is not None) and hasattr(sock, "recv_into"):
        deadline = None if timeout is None else time.monotonic() + timeout
        response.fp = io.BufferedReader(_BoundedReads(sock, response.fp, deadline, stop))
    return response


class _BoundedReplies:
    """Of a connection pool: its connections read their replies as this module says."""

    def __init__(self, *args: Any, call_limits: CallLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._call_limits = call_limits

    def _new_conn(self) -> Any:
        connection: Any = super()._new_conn()  # type: ignore[misc]
        connection.response_class = functools.partial(_bounded_response, self._call_limits)
        return connection


class _BoundedHTTPPool(_BoundedReplies, HTTPConnectionPool):
    pass


class _BoundedHTTPSPool(_BoundedReplies, HTTPSConnectionPool):
    pass


class _BoundedPools:
    """A pool manager's ``pool_classes_by_scheme``: the bounded pools, for one client's limits.

    urllib3 looks a scheme up here and calls what it finds with the pool's
    arguments; a partial does. (An object, not a dict of partials: it is held
    by every client, and its memory counts.)
    """

    __slots__ = ("_limits",)

    def __init__(self, limits: CallLimits) -> None:
        self._limits = limits

    def __getitem__(self, scheme: str) -> Any:
        pool = {"http": _BoundedHTTPPool, "https": _BoundedHTTPSPool}[scheme]
        return functools.partial(pool, call_limits=self._limits)


class BoundedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose replies are read within their read timeout, in all."""

    def __init__(self, limits: CallLimits, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.poolmanager.pool_classes_by_scheme = _BoundedPools(limits)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        known = proxy in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not known and not proxy.lower().startswith("socks"):  # SOCKS has pools of its own
            manager.pool_classes_by_scheme = self.poolmanager.pool_classes_by_scheme
        return manager
