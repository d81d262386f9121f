"""The transport adapter of a client's own session: a read timeout that bounds the whole reply.

``requests`` and ``urllib3`` apply the read timeout to each read from the
socket, so a server that sends a byte every few seconds holds a call for
ever. Here the read timeout, as ``urllib3`` sets it on the socket just
before the reply is read, becomes a deadline for the whole reply, status
line, headers and body, counted from the first read: before each later
read from the socket, its timeout is set to the time left. No thread, no
timer and no wrapper: one clock reading per read, and a reply that comes in
one read costs one clock reading in all.

The same reads honour the stop signal of :mod:`dayan_api._call_limits`: when
one is set, a read waits a quarter of a second at most before looking at it.
"""

import functools
import http.client
import socket
import time
from typing import Any, Optional, cast

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from dayan_api._call_limits import CallLimits, CallStopped
from dayan_api._http_reply import read_redirect_body

STOP_CHECK_SECONDS = 0.25
"""How long a read waits at most before looking at its stop signal again."""


class _BoundedSocketFile(socket.SocketIO):
    """The socket's file that ``http.client`` reads a reply from, its reads bounded.

    The first read needs no work of its own: urllib3 has just set the
    socket's timeout to the read timeout, and the deadline starts with it.
    Only a later read (of a reply that did not come in one) sets the
    socket's timeout to the time left.
    """

    _sock: socket.socket  # SocketIO's own
    _read_timeout: Optional[float]
    _stop: Any
    _deadline: Optional[float]

    def readinto(self, buffer: Any) -> int:
        if self._stop is not None:
            return self._stoppable_readinto(buffer)
        deadline = self._deadline
        if deadline is None:
            self._deadline = time.monotonic() + self._read_timeout  # type: ignore[operator]
        else:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise socket.timeout("timed out: the reply took longer than the read timeout")
            self._sock.settimeout(wait)
        return self._sock.recv_into(buffer)

    def _stoppable_readinto(self, buffer: Any) -> int:
        if self._deadline is None and self._read_timeout is not None:
            self._deadline = time.monotonic() + self._read_timeout
        while True:
            wait = None if self._deadline is None else self._deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise socket.timeout("timed out: the reply took longer than the read timeout")
            if self._stop.is_set():
                raise CallStopped()
            wait_slice = STOP_CHECK_SECONDS if wait is None else min(wait, STOP_CHECK_SECONDS)
            self._sock.settimeout(wait_slice)
            try:
                return self._sock.recv_into(buffer)
            except socket.timeout:
                pass  # A slice of the wait has passed: look at the deadline and the stop again.


def _bounded_response(limits: CallLimits, sock: Any, *args: Any, **kwargs: Any) -> Any:
    """An ``http.client.HTTPResponse`` whose reads are bounded as this module says."""
    response = http.client.HTTPResponse(sock, *args, **kwargs)
    timeout = sock.gettimeout() if hasattr(sock, "gettimeout") else None
    stop = limits.current()[1]
    if timeout is not None or stop is not None:
        _bound_reads(response.fp.raw, timeout, stop)
    return response


def _bound_reads(socket_file: Any, timeout: Optional[float], stop: Any) -> None:
    """Make the file ``http.client`` has just made of the socket a :class:`_BoundedSocketFile`.

    In place, the same object with its class changed: no other file, buffer
    or wrapper is made per reply, and the socket counts its file as before.
    """
    if type(socket_file) is socket.SocketIO:
        socket_file.__class__ = _BoundedSocketFile
        bounded = cast(_BoundedSocketFile, socket_file)
        bounded._read_timeout = timeout
        bounded._stop = stop
        bounded._deadline = None


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
    """An ``HTTPAdapter`` whose replies are read within their read timeout, in all.

    It also reads a redirect's body, bounded, as it builds the response
    (:func:`~dayan_api._http_reply.read_redirect_body`): requests sent through
    it need no response hook, which requests would register and call per request.
    """

    def __init__(self, limits: CallLimits, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.poolmanager.pool_classes_by_scheme = _BoundedPools(limits)

    def build_response(self, req: Any, resp: Any) -> Any:
        response = super().build_response(req, resp)
        if 300 <= response.status_code < 400:
            read_redirect_body(response)
        return response

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        known = proxy in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not known and not proxy.lower().startswith("socks"):  # SOCKS has pools of its own
            manager.pool_classes_by_scheme = self.poolmanager.pool_classes_by_scheme
        return manager
