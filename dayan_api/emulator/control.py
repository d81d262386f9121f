"""The emulator's handle: start and stop it, its clock, its records, its faults.

:func:`serve` starts an :class:`Emulator` in a background thread; use it as a
context manager so that it stops (and frees its socket and threads) on exit.
"""

import selectors
import socket
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Deque, Dict, List, Mapping, Optional, Tuple, Union

from dayan_api import endpoints
from dayan_api.emulator.chaos import Chaos
from dayan_api.emulator.clock import SimClock
from dayan_api.emulator.faults import ANY_PATH, Fault, FaultBook
from dayan_api.emulator.server import HTTPServer, RequestRecord
from dayan_api.emulator.service import Service

if TYPE_CHECKING:
    # For the annotation only: the emulator itself runs on the standard library.
    from dayan_api.core import RayvisionAPI

DEFAULT_ACCESS_ID = "dayan-emulator-id"
DEFAULT_ACCESS_KEY = "dayan-emulator-key"
DEFAULT_MAX_RECORDS = 10000
DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_RETRY_AFTER = 86400  # seconds: the longest Retry-After inject() sends


def _check_limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("{} must be an int >= 1, not {!r}".format(name, value))
    return value


def _record_size(record: RequestRecord) -> int:
    """Roughly the bytes a record holds: its headers, and its body when kept."""
    size = sum(len(name) + len(value) for name, value in record.headers.items())
    if record.body is not None and record.body_size is not None:
        size += record.body_size
    return size


MAX_LATENCY = 60.0


def check_latency(latency: float) -> float:
    """``latency`` as a float, or ValueError unless it is 0 to MAX_LATENCY seconds."""
    if isinstance(latency, bool) or not isinstance(latency, (int, float)):
        raise ValueError("latency must be a number of seconds, not {!r}".format(latency))
    if not 0 <= latency <= MAX_LATENCY:
        raise ValueError(
            "latency must be from 0 to {:g} seconds, not {!r}".format(MAX_LATENCY, latency)
        )
    return float(latency)


def _check_accounts(accounts: Optional[Mapping[str, str]]) -> Dict[str, str]:
    if accounts is None:
        return {DEFAULT_ACCESS_ID: DEFAULT_ACCESS_KEY}
    if not isinstance(accounts, Mapping) or not accounts:
        raise ValueError("accounts must be a non-empty mapping of access id to access key")
    for access_id, access_key in accounts.items():
        if not isinstance(access_id, str) or not access_id.strip():
            raise ValueError("every access id must be a non-empty string")
        if not isinstance(access_key, str) or not access_key:
            raise ValueError("the key of {!r} must be a non-empty string".format(access_id))
    return dict(accounts)


def _check_chaos(chaos: Union[float, Chaos, None], seed: Optional[int]) -> Optional[Chaos]:
    if isinstance(chaos, Chaos):
        if seed is not None:
            raise ValueError("give the seed to Chaos(...), not beside it")
        return chaos
    if chaos is None:
        if seed is not None:
            raise ValueError("seed goes with chaos")
        return None
    return Chaos(chaos, seed)


class Emulator:
    """A running emulator: its address, its clock, its records and its faults.

    Made by :func:`serve`. Attributes: ``host``, ``port``, ``domain``
    (``"127.0.0.1:PORT"``, what the SDK takes as ``domain``), ``protocol``
    (``"http"``), ``url``, ``clock`` (:class:`SimClock`), ``service``,
    ``chaos`` (the :class:`~dayan_api.emulator.chaos.Chaos` in effect, or None).
    """

    protocol = "http"

    def __init__(
        self,
        accounts: Optional[Mapping[str, str]] = None,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 1.0,
        max_records: int = DEFAULT_MAX_RECORDS,
        max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
        chaos: Union[float, Chaos, None] = None,
        seed: Optional[int] = None,
        latency: float = 0.0,
    ) -> None:
        self._accounts = _check_accounts(accounts)
        self._max_records = _check_limit(max_records, "max_records")
        self._max_record_bytes = _check_limit(max_record_bytes, "max_record_bytes")
        self._latency = check_latency(latency)
        self.clock = SimClock(speed)
        self.service = Service(self._accounts, self.clock)
        self.faults = FaultBook()
        self.chaos = _check_chaos(chaos, seed)
        self._records: Deque[Tuple[RequestRecord, int]] = deque()
        self._record_bytes = 0
        self._records_lock = threading.Lock()
        self._closing = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._server = HTTPServer(host, port, self)
        self._server.socket.settimeout(1.0)  # an accept() never blocks for long
        self._wake_reader, self._wake_writer = socket.socketpair()
        self.host = host
        self.port: int = self._server.server_address[1]

    # -- address --------------------------------------------------------------

    @property
    def domain(self) -> str:
        """``host:port``, the ``domain`` to give the SDK."""
        host = "[{}]".format(self.host) if ":" in self.host else self.host
        return "{}:{}".format(host, self.port)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:8000``."""
        return "{}://{}".format(self.protocol, self.domain)

    @property
    def access_ids(self) -> List[str]:
        """The access ids the emulator knows, the first being the default one."""
        return list(self._accounts)

    def client(
        self, access_id: Optional[str] = None, access_key: Optional[str] = None, **kwargs: Any
    ) -> "RayvisionAPI":
        """A ``dayan_api.RayvisionAPI`` pointed at this emulator.

        Defaults to the first account; with only ``access_id`` given, uses
        that account's key. Other keyword arguments go to ``RayvisionAPI``.
        """
        from dayan_api.core import RayvisionAPI

        if access_id is None:
            access_id = self.access_ids[0]
        if access_key is None:
            access_key = self._accounts.get(access_id)
            if access_key is None:
                raise ValueError("unknown access id {!r}: give access_key too".format(access_id))
        return RayvisionAPI(
            access_id=access_id,
            access_key=access_key,
            domain=self.domain,
            platform="54",
            protocol=self.protocol,
            **kwargs,
        )

    # -- running ----------------------------------------------------------------

    def start(self) -> "Emulator":
        """Serve in a background thread (once); returns self."""
        if self._closing.is_set():
            raise RuntimeError("this emulator was closed; start a new one")
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="dayan-emulator", daemon=True)
            self._thread.start()
        return self

    def _serve(self) -> None:
        # Like serve_forever(), but close() wakes it at once instead of at the
        # next poll, so that stopping takes no time.
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._closing.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self._server and not self._closing.is_set():
                        self._server.handle_request()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving, close every connection and the socket, join the threads."""
        if self._closing.is_set():
            return
        self._closing.set()
        self._wake_writer.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout)
        self._server.server_close()
        self._server.close_connections(timeout)
        self._wake_reader.close()
        self._wake_writer.close()

    stop = close

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closing.is_set() else "running" if self.running else "not started"
        return "<Emulator {} {} accounts={}>".format(self.url, state, self.access_ids)

    # -- clock ----------------------------------------------------------------------

    @property
    def speed(self) -> float:
        """Simulated seconds per real second (0: the clock moves only by :meth:`advance`)."""
        return self.clock.speed

    @speed.setter
    def speed(self, speed: float) -> None:
        self.clock.speed = speed

    @property
    def latency(self) -> float:
        """Real seconds every reply waits before it is sent, as a network's round trip would."""
        return self._latency

    @latency.setter
    def latency(self, latency: float) -> None:
        self._latency = check_latency(latency)

    def advance(self, seconds: float) -> float:
        """Move the simulated clock ``seconds`` ahead; returns its new time (epoch seconds)."""
        return self.clock.advance(seconds)

    def now(self) -> float:
        """The simulated time, in epoch seconds."""
        return self.clock.now()

    # -- records ----------------------------------------------------------------------

    @property
    def requests(self) -> List[RequestRecord]:
        """A snapshot of the requests received, oldest first.

        The last ``max_records`` at most, and fewer when their headers and
        kept bodies pass ``max_record_bytes`` in all (the oldest go first).
        """
        with self._records_lock:
            return [record for record, _ in self._records]

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        with self._records_lock:
            self._records.clear()
            self._record_bytes = 0

    def _add_record(self, record: RequestRecord) -> None:
        size = _record_size(record)
        with self._records_lock:
            self._records.append((record, size))
            self._record_bytes += size
            while len(self._records) > self._max_records or (
                self._record_bytes > self._max_record_bytes and len(self._records) > 1
            ):
                self._record_bytes -= self._records.popleft()[1]

    def uploaded_config(self, task_id: int, file_name: str = "task.json") -> Optional[str]:
        """What was uploaded with taskJsonFile for ``task_id`` as ``file_name``, or None."""
        return self.service.uploaded_config(task_id, file_name)

    def at_report(self, task_id: int) -> Optional[Dict[str, Any]]:
        """The ``report.json`` a ContextCapture task lists under ``/{task_id}/at_result/``.

        A dict (tie points, figures per photo group and per photo), or None
        until the task's aerotriangulation is done and for other tasks.
        """
        return self.service.at_report(task_id)

    # -- faults ------------------------------------------------------------------------

    def inject(
        self,
        path: Union[str, endpoints.Endpoint, None] = None,
        delay: float = 0.0,
        status: Optional[int] = None,
        drop: bool = False,
        code: Optional[int] = None,
        message: Optional[str] = None,
        retry_after: Optional[float] = None,
        body: Optional[str] = None,
        times: Optional[int] = None,
    ) -> None:
        """Make requests to ``path`` (an endpoint or its path; None: every path) misbehave.

        - ``delay``: wait this many real seconds first (then go on as below,
          or serve the request normally).
        - ``drop=True``: close the connection without a reply.
        - ``status``: reply with this HTTP status and an HTML error page (or
          ``body``, as given), plus ``Retry-After: retry_after`` if given.
        - ``code``: reply HTTP 200 with a business error ``code`` / ``message``.
        - ``times``: affect only the next ``times`` requests, then behave
          normally (or apply the next fault injected for the path). Without
          it the fault lasts until :meth:`clear_faults`.
        """
        key = ANY_PATH if path is None else _path_of(path)
        if key != ANY_PATH and key not in endpoints.BY_PATH:
            raise ValueError("unknown path {!r}: use a path from dayan_api.endpoints".format(key))
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay <= 3600:
            raise ValueError("delay must be a number of seconds from 0 to 3600")
        if sum((drop, status is not None, code is not None)) > 1:
            raise ValueError("give at most one of drop, status and code")
        if status is not None and (
            isinstance(status, bool)
            or not isinstance(status, int)
            or not 200 <= status <= 599
            or status in (204, 304)
        ):
            raise ValueError("status must be an HTTP status from 200 to 599 that has a body")
        if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
            raise ValueError("code must be an int")
        if (retry_after is not None or body is not None) and status is None:
            raise ValueError("retry_after and body go with status")
        if retry_after is not None and (
            isinstance(retry_after, bool)
            or not isinstance(retry_after, (int, float))
            or not 0 <= retry_after <= MAX_RETRY_AFTER  # NaN compares false
        ):
            raise ValueError(
                "retry_after must be a number of seconds from 0 to {}, not {!r}".format(
                    MAX_RETRY_AFTER, retry_after
                )
            )
        if body is not None and not isinstance(body, str):
            raise ValueError("body must be a str, not {}".format(type(body).__name__))
        if message is not None and not isinstance(message, str):
            raise ValueError("message must be a str, not {}".format(type(message).__name__))
        if message is not None and code is None:
            raise ValueError("message goes with code")
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 1
        ):
            raise ValueError("times must be an int >= 1 (or None: until cleared)")
        fault = Fault(
            delay=float(delay),
            drop=bool(drop),
            status=status,
            code=code,
            message=message,
            retry_after=retry_after,
            body=body,
        )
        self.faults.add(key, fault, times)

    def clear_faults(self, path: Union[str, endpoints.Endpoint, None] = None) -> None:
        """Remove the faults injected for ``path``, or all of them."""
        self.faults.clear(None if path is None else _path_of(path))


def _path_of(path: Union[str, endpoints.Endpoint]) -> str:
    """The path of an endpoint, or ``path`` itself when given as a string."""
    return path.path if isinstance(path, endpoints.Endpoint) else path


def serve(
    accounts: Optional[Mapping[str, str]] = None,
    host: str = "127.0.0.1",
    port: int = 0,
    speed: float = 1.0,
    max_records: int = DEFAULT_MAX_RECORDS,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    chaos: Union[float, Chaos, None] = None,
    seed: Optional[int] = None,
    latency: float = 0.0,
) -> Emulator:
    """Start an emulator in a background thread and return its handle.

    ``accounts`` maps access ids to keys (default: one account,
    ``DEFAULT_ACCESS_ID`` / ``DEFAULT_ACCESS_KEY``); ``port`` 0 picks a free
    port; ``speed`` runs the render clock that many times faster than real
    time (0 stops it: only :meth:`Emulator.advance` moves it); the last
    ``max_records`` requests are recorded, up to ``max_record_bytes`` of
    headers and bodies in all (a body over 256 KiB is recorded by its length
    and digest alone). ``chaos`` makes that share of requests, on every path,
    fail as a network or gateway does, picked by a generator seeded with
    ``seed`` (a number from 0 to 1; or a
    :class:`~dayan_api.emulator.chaos.Chaos` for its delay and kinds too).
    ``latency`` delays every reply by that many real seconds (0 to 60), so
    that a client meets a real network's round trip. Use it as
    ``with serve() as emu:`` so that it stops on exit, or call ``close()``.
    """
    return Emulator(
        accounts,
        host,
        port,
        speed,
        max_records,
        max_record_bytes,
        chaos=chaos,
        seed=seed,
        latency=latency,
    ).start()
