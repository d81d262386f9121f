"""The HTTP side: a loopback server that reads requests, checks them as the
service does, and sends the service's replies (or the faults injected).

:class:`~dayan_api.emulator.control.Emulator` owns one :class:`HTTPServer`.
"""

import hashlib
import http
import json
import logging
import re
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    Union,
)
from urllib.parse import urlsplit

from dayan_api import __version__, endpoints
from dayan_api.emulator import chaos, errors
from dayan_api.emulator.auth import ReplayGuard, check_headers, header, signature_ok
from dayan_api.emulator.errors import ApiError
from dayan_api.emulator.faults import Fault
from dayan_api.emulator.params import is_unicode

if TYPE_CHECKING:
    from dayan_api.emulator.control import Emulator

logger = logging.getLogger("dayan_api.emulator")

MAX_BODY_BYTES = 10 * 1024 * 1024
# ASCII digits only (str.isdigit() takes "²", which int() refuses), and few
# enough for int() (it refuses over 4,300); 20 digits pass any length there is.
_CONTENT_LENGTH = re.compile(r"[0-9]{1,20}\Z")
MAX_BODY_DEPTH = 100  # deeper bodies are refused: signing them would overflow the stack
MAX_DRAIN_BYTES = 64 * 1024 * 1024  # beyond this a refused body is not read, just cut off
LISTEN_BACKLOG = 1024  # new connections the system holds until accepted (capped by somaxconn)
MAX_CONNECTIONS = 512  # served at once, one thread each; more wait in the backlog
MAX_RECORDED_BODY_BYTES = 256 * 1024
"""A body longer than this is recorded by its length and SHA-256 digest alone."""
ENVELOPE_VERSION = "1.0.0"


class RequestRecord(NamedTuple):
    """One request the emulator received, as :attr:`Emulator.requests` lists it."""

    method: str
    path: str
    headers: Dict[str, str]
    body: Any  # the parsed JSON body, or None if there was none or it was not JSON
    signature_ok: bool
    access_id: Optional[str]  # the accessId header, if any
    status: Optional[int]  # HTTP status of the reply; None when the connection was dropped
    code: Optional[int]  # the reply envelope's code; None without an envelope
    time: float  # wall-clock seconds when it arrived
    body_size: Optional[int] = None  # bytes of the body as received; None if it was not read
    body_sha256: Optional[str] = None  # hex SHA-256 of those bytes (bodies past the limit too)


def envelope(code: int, message: str, data: Any = None) -> Dict[str, Any]:
    """The service's reply envelope."""
    return {
        "version": ENVELOPE_VERSION,
        "result": code == errors.SUCCESS,
        "message": message,
        "code": code,
        "data": data,
        "serverTime": int(time.time() * 1000),
        "requestId": "emu-" + secrets.token_hex(10),
    }


class _BodyError(Exception):
    """The request's body cannot be read; the reply was sent."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DayanEmulator/" + __version__
    timeout = 60  # an idle keep-alive connection is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: "HTTPServer"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_POST(self) -> None:
        self._handle()

    def _refuse_method(self) -> None:
        self._handle()

    do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    # -- one request ---------------------------------------------------------

    def _handle(self) -> None:
        path = urlsplit(self.path).path
        headers = dict(self.headers.items())
        self._record: Dict[str, Any] = {
            "method": self.command,
            "path": path,
            "headers": headers,
            "body": None,
            "signature_ok": False,
            "access_id": header(headers, "accessId"),
            "status": None,
            "code": None,
            "time": time.time(),
            "body_size": None,
            "body_sha256": None,
        }
        self._recorded = False
        try:
            self._serve(path, headers)
        except _BodyError:
            pass
        except Exception as error:  # a bug in the emulator: say so, and go on serving
            logger.debug("internal error serving %s", path, exc_info=True)
            if self._record["status"] is None and not self._recorded:
                self.close_connection = True
                message = "internal emulator error: {}".format(type(error).__name__)
                self._reply_error(500, errors.HTTP_INTERNAL_ERROR, message)
        finally:
            self._save_record()

    def _save_record(self) -> None:
        # Saved before the reply goes out: a client that has its reply must
        # find its request in Emulator.requests, and a clear_requests() made
        # after that reply must not be followed by a late record.
        if not self._recorded:
            self._recorded = True
            size = self._record["body_size"]
            if size is not None and size > MAX_RECORDED_BODY_BYTES:
                self._record["body"] = None  # kept as its length and digest only
            self.server.emulator._add_record(RequestRecord(**self._record))

    def _serve(self, path: str, headers: Dict[str, str]) -> None:
        known = path in endpoints.BY_PATH
        if self.command in ("GET", "HEAD") and not known:
            # A file the service hands out by address (an AT report): unsigned.
            report = self.server.emulator.service.report_file(path)
            if report is not None:
                self._send(200, report, "application/json;charset=UTF-8")
                return
        if self.command != "POST":
            if header(headers, "Content-Length") not in (None, "0") or header(
                headers, "Transfer-Encoding"
            ):
                self.close_connection = True  # the body is not read
            if not known:
                self._reply_error(404, errors.HTTP_UNKNOWN_PATH, "unknown path: {}".format(path))
            else:
                self._reply_error(
                    405,
                    errors.HTTP_METHOD_NOT_ALLOWED,
                    "method {} not allowed: use POST".format(self.command),
                    extra_headers={"Allow": "POST"},
                )
            return
        raw = self._read_body(headers)
        self._record["body_size"] = len(raw)
        self._record["body_sha256"] = hashlib.sha256(raw).hexdigest()
        if not known:
            self._reply_error(404, errors.HTTP_UNKNOWN_PATH, "unknown path: {}".format(path))
            return

        emulator = self.server.emulator
        checked = self._check(path, headers, raw)
        fault = emulator.faults.take(path)
        if fault is not None and self._apply(fault):
            return
        # Chaos strikes where no fault was injected.
        mayhem = emulator.chaos if fault is None else None
        kind = mayhem.pick() if mayhem is not None else None
        if mayhem is not None and kind == chaos.BAD_GATEWAY:
            self._reply_page(Fault(status=502))
            return
        if mayhem is not None and kind == chaos.UNAVAILABLE:
            self._reply_page(Fault(status=503, retry_after=mayhem.retry_after))
            return
        if mayhem is not None and kind == chaos.LATE:
            emulator._closing.wait(mayhem.delay)
        reply = self._answer(path, checked)
        if kind == chaos.DROPPED:  # carried out, but the client never hears of it
            self.close_connection = True
            return
        self._reply(200, reply, cut_short=kind == chaos.CUT_SHORT)

    def _answer(self, path: str, checked: Any) -> Dict[str, Any]:
        """The reply envelope for a request that passed (or failed) the checks."""
        if isinstance(checked, ApiError):
            return envelope(checked.code, checked.message)
        access_id, body = checked
        try:
            data = self.server.emulator.service.call(access_id, path, body)
        except ApiError as error:
            return envelope(error.code, error.message)
        return envelope(errors.SUCCESS, "success", data)

    def _check(self, path: str, headers: Dict[str, str], raw: bytes) -> Any:
        """(access id, body) of a request that passes every check, or the ApiError."""
        try:
            access_id, access_key = check_headers(headers, self.server.emulator.service.access_key)
            body = _parse_body(raw)
            self._record["body"] = body
            if not isinstance(body, dict):
                raise ApiError(
                    errors.BODY_NOT_OBJECT,
                    "body must be a JSON object, not {}".format(type(body).__name__),
                )
            ok = signature_ok(headers, access_key, path, body)
            self._record["signature_ok"] = ok
            if not ok:
                raise ApiError(errors.SIGNATURE_MISMATCH, "signature mismatch")
            self.server.replays.check(access_id, headers)
        except ApiError as error:
            if self._record["body"] is None and error.code != errors.BODY_NOT_JSON:
                self._record["body"] = _parse_body_or_none(raw)
            return error
        return access_id, body

    def _read_body(self, headers: Dict[str, str]) -> bytes:
        if header(headers, "Transfer-Encoding"):
            self.close_connection = True
            self._reply_error(
                411,
                errors.HTTP_LENGTH_REQUIRED,
                "chunked bodies are not supported: send Content-Length",
            )
            raise _BodyError
        length_text = header(headers, "Content-Length")
        if length_text is None:
            self._reply_error(411, errors.HTTP_LENGTH_REQUIRED, "missing Content-Length")
            raise _BodyError
        if not _CONTENT_LENGTH.match(length_text.strip()):
            self.close_connection = True
            self._reply_error(
                400,
                errors.HTTP_BAD_CONTENT_LENGTH,
                "invalid Content-Length: {!r}".format(length_text[:40]),
            )
            raise _BodyError
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self._reply_error(
                413,
                errors.HTTP_BODY_TOO_LARGE,
                "body of {} bytes is over the {} byte limit".format(length, MAX_BODY_BYTES),
            )
            self._discard(length)
            raise _BodyError
        raw = self.rfile.read(length)
        if len(raw) < length:  # the client went away mid-body
            self.close_connection = True
            raise _BodyError
        return raw

    def _discard(self, length: int) -> None:
        """Read and drop a refused body, so the client can read the reply.

        A client that is still sending when the connection closes sees a
        reset instead of the reply. Bodies over MAX_DRAIN_BYTES are cut off.
        """
        if length > MAX_DRAIN_BYTES:
            return
        try:
            while length > 0:
                chunk = self.rfile.read(min(length, 65536))
                if not chunk:
                    return
                length -= len(chunk)
        except OSError:
            return

    def _apply(self, fault: Fault) -> bool:
        """Act out ``fault``; True when it answered (or dropped) the request."""
        if fault.delay > 0:
            self.server.emulator._closing.wait(fault.delay)
        if fault.drop:
            self.close_connection = True
            self._save_record()
            return True
        if fault.status is not None:
            self._reply_page(fault)
            return True
        if fault.code is not None:
            self._reply_error(200, fault.code, fault.message or "injected error")
            return True
        return False

    # -- replies ---------------------------------------------------------------

    def _reply_error(
        self,
        status: int,
        code: int,
        message: str,
        extra_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._reply(status, envelope(code, message), extra_headers)

    def _reply(
        self,
        status: int,
        reply: Dict[str, Any],
        extra_headers: Optional[Mapping[str, str]] = None,
        cut_short: bool = False,
    ) -> None:
        self._record["code"] = reply["code"]
        payload = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        self._send(status, payload, "application/json;charset=UTF-8", extra_headers, cut_short)

    def _reply_page(self, fault: Fault) -> None:
        status = fault.status or 500
        if fault.body is not None:
            payload = fault.body.encode("utf-8")
            stripped = fault.body.lstrip()
            content_type = "application/json" if stripped[:1] in ("{", "[") else "text/html"
        else:
            title = "{} {}".format(status, _phrase(status))
            payload = (
                "<html><head><title>{0}</title></head><body><center><h1>{0}</h1></center>"
                "<hr><center>dayan_api emulator</center></body></html>".format(title)
            ).encode("utf-8")
            content_type = "text/html"
        extra = {}
        if fault.retry_after is not None:
            seconds = fault.retry_after
            extra["Retry-After"] = str(int(seconds) if seconds == int(seconds) else seconds)
        self._send(status, payload, content_type + ";charset=UTF-8", extra)

    def _send(
        self,
        status: int,
        payload: bytes,
        content_type: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        cut_short: bool = False,
    ) -> None:
        """Send a reply; ``cut_short``: only the first half of ``payload``, then close."""
        latency = self.server.emulator.latency
        if latency > 0:
            self.server.emulator._closing.wait(latency)
        self._record["status"] = status
        self._save_record()
        self.send_response(status, _phrase(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if cut_short:
            # Content-Length promised the whole payload; the close comes first.
            payload = payload[: len(payload) // 2]
            self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.wfile.flush()


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _parse_body(raw: bytes) -> Any:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ApiError(
            errors.BODY_NOT_JSON, "body is not JSON (send {} when there are no parameters)"
        ) from None
    if _depth(body) > MAX_BODY_DEPTH:
        raise ApiError(
            errors.BODY_NOT_JSON, "body is nested deeper than {} levels".format(MAX_BODY_DEPTH)
        )
    if not is_unicode(body):
        raise ApiError(errors.BODY_NOT_JSON, "body holds a lone surrogate escape: not Unicode text")
    return body


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (without recursion)."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in item)
    return deepest


def _parse_body_or_none(raw: bytes) -> Any:
    try:
        return _parse_body(raw)
    except ApiError:
        return None


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's backlog of 5 overflows when a test's threads open many
    # connections at once: the extra ones are reset or stall for seconds.
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, host: str, port: int, emulator: "Emulator") -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.emulator = emulator
        self.replays = ReplayGuard()
        self._connections_lock = threading.Lock()
        self._connections: Dict[threading.Thread, socket.socket] = {}
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # On Windows, SO_REUSEADDR (which socketserver sets) lets a second
        # server bind a port that another one still listens on; exclusive use
        # makes that an error there, as it is on Linux. The option exists in
        # the socket module on Windows only.
        exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)
        if exclusive is not None:
            self.allow_reuse_address = False
            self.socket.setsockopt(socket.SOL_SOCKET, exclusive, 1)
        super().server_bind()

    def process_request(
        self, request: Union[socket.socket, Tuple[bytes, socket.socket]], client_address: Any
    ) -> None:
        # A TCP server's request is the socket accept() returned; the (bytes,
        # socket) form of the base signature belongs to UDP servers.
        if not isinstance(request, socket.socket):
            raise TypeError("expected a connected socket, not {!r}".format(request))
        # At MAX_CONNECTIONS, wait for a connection to end; the ones not yet
        # accepted wait meanwhile in the listen backlog.
        while not self._slots.acquire(timeout=0.1):
            if self.emulator._closing.is_set():
                self.shutdown_request(request)
                return
        thread = threading.Thread(
            target=self._run_connection,
            args=(request, client_address),
            name="dayan-emulator-connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections[thread] = request
        try:
            thread.start()
        except RuntimeError:  # no thread to be had: socketserver closes the request
            with self._connections_lock:
                self._connections.pop(thread, None)
            self._slots.release()
            raise

    def _run_connection(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.pop(threading.current_thread(), None)
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("error serving %s", client_address, exc_info=True)

    def close_connections(self, timeout: float) -> None:
        """Close every open connection and wait (up to ``timeout``) for its thread."""
        with self._connections_lock:
            connections = list(self._connections.items())
        for _, connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for thread, _ in connections:
            thread.join(max(0.0, deadline - time.monotonic()))
