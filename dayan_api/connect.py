"""The transport: the one place that knows HTTP.

A :class:`Connect` owns a ``requests.Session`` (so connections are kept
alive and pooled), signs each request with fresh ``UTCTimestamp`` and
``nonce``, posts it, reads the reply's envelope and returns its ``data`` or
raises. Every attempt is signed anew, so a retried request is never stale.
"""

import collections.abc
import http.client
import json
import logging
import math
import random
import re
import socket
import threading
import time
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple, Union

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

from dayan_api import __version__, _validate, signature
from dayan_api.constants import CHANNEL, PROTOCOL_VERSION
from dayan_api.endpoints import BY_PATH, Endpoint
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
)

Timeout = Union[None, float, Tuple[float, float]]

DEFAULT_TIMEOUT: Tuple[float, float] = (10.0, 60.0)
"""Seconds to connect, and to wait for each read of the reply."""

DEFAULT_MAX_RETRIES = 2
"""Retries after the first attempt, for failures where a retry is safe."""

DEFAULT_BACKOFF = 0.5
"""Seconds before the first retry; doubled for each further one."""

MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0
"""A ``Retry-After`` longer than this is not waited for: the error is raised."""

MAX_SECONDS = 86400.0
"""The longest ``timeout`` or ``backoff`` accepted (a day); ``None`` waits forever."""

# Header values that the SDK computes per request, or derives from the
# constructor's own parameters; overriding them through ``headers`` would
# break the signature or contradict the parameter. ``Host`` is the signed
# domain, set by ``domain``.
_RESERVED_HEADERS = frozenset(
    name.lower()
    for name in (
        "accessId",
        "platform",
        "UTCTimestamp",
        "nonce",
        "signature",
        "Content-Type",
        "Host",
    )
)

# The protocol's own spelling of the headers a user may override; an
# override spelt in another case is folded onto it (HTTP names ignore case,
# the signature does not).
_PROTOCOL_SPELLING = {name.lower(): name for name in ("channel", "version")}

# An HTTP field name (RFC 9110 "token"), and a value HTTP carries unchanged:
# visible ASCII, with single spaces or tabs inside, none at either end.
_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_FIELD_VALUE = re.compile(r"([!-~]([ \t]*[!-~])*)?\Z")

# HTTP statuses that ask the caller to try again; for 429 the service has
# not acted on the request, so every call may be retried.
_RETRY_STATUSES = (429, 500, 502, 503, 504)

_BODY_EXCERPT = 300

MAX_REPLY_BYTES = 32 * 1024 * 1024
"""The largest reply body read; a larger one is an error, never held in memory.

The biggest API reply (a page of 1,000 tasks or frames) is a few megabytes.
"""

_MAX_ERROR_BODY = 64 * 1024  # of a non-200 reply only an excerpt is shown
_READ_CHUNK = 8192  # small, so that one compressed chunk cannot inflate far

# A bare host name or IP address, or a bracketed IPv6 address, and a port:
# nothing that could send the request elsewhere ("user@host", "host#", "host?").
_DOMAIN = re.compile(r"(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?\Z")


class _Secret:
    """Holds the access key so that no repr, traceback or debugger shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<hidden>"


class _Retryable(Exception):
    """An attempt failed in a way that another attempt may fix."""

    def __init__(self, error: RayvisionError, may_have_acted: bool, wait: Optional[float]) -> None:
        super().__init__(error)
        self.error = error
        self.may_have_acted = may_have_acted
        self.wait = wait


class Connect:
    """Signs and sends requests to one service domain, for one account.

    Args:
        access_id: the account's access id, sent as the ``accessId`` header.
        access_key: the account's access key; it signs requests and is never
            sent, logged or shown.
        protocol: ``"https"`` or ``"http"``.
        domain: the bare host name (``"task.dayancloud.com"``, or
            ``"127.0.0.1:8000"`` with a port), without scheme or path.
        platform: the platform id, a string (Dayan: ``"54"``).
        headers: extra headers, or overrides of ``channel`` and ``version``.
            They are sent with every request and signed like the others.
        session: a ``requests.Session`` to use; by default one is made and
            :meth:`close` closes it.
        logger: where to log; default ``logging.getLogger("dayan_api")``.
        timeout: seconds, as a number or a ``(connect, read)`` pair; ``None``
            waits forever.
        max_retries: retries after a failed attempt, only where safe: a
            connection that could not be opened, an HTTP 429, and, for calls
            that are harmless to repeat (``dayan_api.endpoints``), a timeout,
            a broken connection or an HTTP 5xx. Business errors (a ``code``
            other than 200) are never retried.
        backoff: seconds before the first retry, doubled each time (with
            jitter, at most 8 s); a ``Retry-After`` header is honoured.

    Safe to share between threads.
    """

    def __init__(
        self,
        access_id: str,
        access_key: str,
        protocol: str,
        domain: str,
        platform: str,
        headers: Optional[Dict[str, str]] = None,
        session: Optional[requests.Session] = None,
        logger: Optional[logging.Logger] = None,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
    ) -> None:
        self.access_id = _check_header_value(_check_text(access_id, "access_id"), "access_id")
        self._access_key = _Secret(_check_key(access_key))
        self.protocol = _check_protocol(protocol)
        self.domain = _check_domain(domain)
        self.platform = _check_header_value(_check_text(platform, "platform"), "platform")
        self.timeout = _check_timeout(timeout)
        self.max_retries = _check_count(max_retries, "max_retries")
        self.backoff = _check_seconds(backoff, "backoff")
        self.logger = logger if logger is not None else logging.getLogger("dayan_api")
        self.headers = {
            "accessId": self.access_id,
            "channel": CHANNEL,
            "platform": self.platform,
            "UTCTimestamp": "",
            "nonce": "",
            "signature": "",
            "version": PROTOCOL_VERSION,
            "Content-Type": "application/json",
        }
        self.headers.update(_check_headers(headers))
        self.base_url = f"{self.protocol}://{self.domain}"
        self._signed_domain = signature.signed_domain(self.domain, self.protocol)
        self._closed = False
        self._nonce_lock = threading.Lock()
        self._nonces: Tuple[str, Set[str]] = ("", set())  # (timestamp, nonces sent with it)
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            # Retries are decided here, per endpoint, not inside urllib3; the
            # pool is sized for a plugin that polls from several threads.
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=32, max_retries=0)
            session.mount(f"{self.protocol}://", adapter)
            user_agent = f"dayan_api/{__version__} {requests.utils.default_user_agent()}"
            session.headers["User-Agent"] = user_agent
        self.session = session
        self._sleep = time.sleep

    def __repr__(self) -> str:
        return (
            f"Connect(access_id={self.access_id!r}, domain={self.domain!r}, "
            f"platform={self.platform!r}, protocol={self.protocol!r})"
        )

    def close(self) -> None:
        """Close the connections, if this ``Connect`` made its own session.

        The ``Connect`` is then closed for good: a later call raises
        :class:`RayvisionError` instead of reopening anything.
        """
        self._closed = True
        if self._owns_session:
            self.session.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def __enter__(self) -> "Connect":
        self._check_open()
        return self

    def _check_open(self) -> None:
        if self._closed:
            raise RayvisionError(
                None, "this client is closed (close() was called or its with block ended)"
            )

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def post(
        self,
        api_url: Union[str, Endpoint],
        data: Optional[Mapping[str, Any]] = None,
        validator: bool = True,
    ) -> Any:
        """Sign and POST ``data`` to the path ``api_url``; return the reply's ``data``.

        ``api_url`` is a path such as ``"/api/render/task/createTask"`` (or an
        entry of ``dayan_api.endpoints``). ``validator`` is kept for 1.x code:
        there it switched a schema check of the request body on or off and
        never changed the return; the operators check their arguments
        themselves, so here it changes nothing. For the whole reply envelope,
        call :meth:`post_envelope`.

        Raises :class:`RayvisionAPIError` for a ``code`` other than 200, and
        the other :mod:`dayan_api.exception` errors for failures on the way.
        """
        return self._send(api_url, data, whole_envelope=False)

    def post_envelope(
        self, api_url: Union[str, Endpoint], data: Optional[Mapping[str, Any]] = None
    ) -> Dict[str, Any]:
        """Like :meth:`post`, but return the whole reply envelope, whatever its ``code``.

        The envelope is the reply's JSON object: ``code``, ``message``,
        ``data``, and ``requestId`` and ``serverTime`` when present. A ``code``
        other than 200 is returned, not raised; every other failure (network,
        HTTP status, a reply that is not an envelope) raises as in :meth:`post`.
        """
        envelope: Dict[str, Any] = self._send(api_url, data, whole_envelope=True)
        return envelope

    def _send(self, api_url: Union[str, Endpoint], data: Any, whole_envelope: bool) -> Any:
        self._check_open()
        endpoint = _endpoint(api_url)
        payload = _encode(_check_body(data))
        # Signed as the receiver reads it: the JSON sent, parsed back. No
        # Python type (an Enum, a dict key True or None) can then make the
        # signed text differ from the text sent.
        body = json.loads(payload)
        url = self.base_url + endpoint.path
        attempt = 0
        while True:
            try:
                return self._attempt(endpoint.path, url, body, payload, whole_envelope)
            except _Retryable as failure:
                retry = attempt < self.max_retries and (
                    endpoint.retry_safe or not failure.may_have_acted
                )
                if not retry or (failure.wait is not None and failure.wait > MAX_RETRY_AFTER):
                    raise failure.error from failure.__cause__
                delay = failure.wait if failure.wait is not None else self._backoff(attempt)
                attempt += 1
                self.logger.warning(
                    "retrying %s in %.1f s (retry %d of %d) after: %s",
                    endpoint.path,
                    delay,
                    attempt,
                    self.max_retries,
                    failure.error,
                )
                self._sleep(delay)

    def _backoff(self, attempt: int) -> float:
        jitter = random.uniform(0.5, 1.0)  # noqa: S311 (spreads retries, not a secret)
        return min(MAX_BACKOFF, self.backoff * (2.0**attempt)) * jitter

    def signed_headers(self, path: str, body: Mapping[str, Any]) -> Dict[str, str]:
        """The headers for one request to ``path``: fresh timestamp, nonce, signature.

        ``body`` is the body as sent (JSON types only). The signature covers
        the headers :func:`dayan_api.signature.signed_header_subset` picks out
        of everything the request will carry: these headers over the
        session's own, merged as ``requests`` merges them.
        """
        headers = dict(self.headers)
        headers["UTCTimestamp"] = signature.generate_timestamp()
        headers["nonce"] = self._fresh_nonce(headers["UTCTimestamp"])
        sent = _sent_headers(self.session.headers, headers)
        headers["signature"] = signature.sign(
            self._access_key.reveal(),
            self._signed_domain,
            path,
            signature.signed_header_subset(sent),
            body,
        )
        return headers

    def _fresh_nonce(self, timestamp: str) -> str:
        """A random nonce this client has not sent with ``timestamp`` yet.

        Two requests with the same body, timestamp and nonce are the same
        request, which a receiver may refuse as a replay; a client polling one
        path hundreds of times a second would otherwise draw the same 6-digit
        nonce now and then. A few draws at most, so that a broken generator
        shows as repeated nonces rather than a hang.
        """
        with self._nonce_lock:
            second, used = self._nonces
            if second != timestamp:
                used = set()
                self._nonces = (timestamp, used)
            nonce = signature.generate_nonce()
            for _ in range(8):
                if nonce not in used:
                    break
                nonce = signature.generate_nonce()
            used.add(nonce)
            return nonce

    def _attempt(
        self, path: str, url: str, body: Mapping[str, Any], payload: bytes, whole_envelope: bool
    ) -> Any:
        headers = self.signed_headers(path, body)
        self.logger.debug("POST %s (%d bytes)", url, len(payload))
        started = time.monotonic()
        try:
            # Redirects are never followed, whatever the session says: a signed
            # request goes to the configured service and nowhere else. The body
            # is streamed so that its read can be bounded.
            response = self.session.post(
                url,
                data=payload,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.ConnectTimeout as error:
            raise _Retryable(
                RayvisionTimeoutError("timed out connecting", url), False, None
            ) from error
        except requests.exceptions.Timeout as error:
            raise _Retryable(
                RayvisionTimeoutError("timed out waiting for the reply", url), True, None
            ) from error
        except requests.exceptions.SSLError as error:
            # A certificate or TLS failure does not mend itself: never retried.
            raise RayvisionConnectionError(f"TLS failure: {_reason(error)}", url) from error
        except requests.exceptions.ConnectionError as error:
            if _is_read_timeout(error):  # a read timeout, reported as a broken connection
                raise _Retryable(
                    RayvisionTimeoutError("timed out waiting for the reply", url), True, None
                ) from error
            opened = not _is_connect_failure(error)
            message = "connection broken" if opened else "could not connect"
            raise _Retryable(
                RayvisionConnectionError(f"{message}: {_reason(error)}", url), opened, None
            ) from error
        except requests.exceptions.RequestException as error:
            raise RayvisionConnectionError(f"request failed: {_reason(error)}", url) from error
        try:
            limit = MAX_REPLY_BYTES if response.status_code == 200 else _MAX_ERROR_BODY
            content, complete = _read_content(response, url, limit)
        finally:
            response.close()  # back to the pool when read whole, else closed
        elapsed_ms = (time.monotonic() - started) * 1000
        return self._read_reply(response, content, complete, url, whole_envelope, elapsed_ms)

    def _read_reply(
        self,
        response: requests.Response,
        content: bytes,
        complete: bool,
        url: str,
        whole_envelope: bool,
        elapsed_ms: float,
    ) -> Any:
        status = response.status_code
        if status != 200:
            self.logger.debug("%s -> HTTP %d in %.0f ms", url, status, elapsed_ms)
            excerpt = _excerpt(content, complete)
            if 300 <= status < 400:
                location = response.headers.get("Location")
                raise RayvisionHTTPError(
                    status,
                    url,
                    excerpt,
                    location=None if location is None else _printable(location),
                )
            retry_after = _retry_after(response.headers.get("Retry-After"))
            error = RayvisionHTTPError(status, url, excerpt, retry_after)
            if status in _RETRY_STATUSES:
                raise _Retryable(error, status != 429, retry_after)
            raise error
        if not complete:
            raise RayvisionResponseError(
                "reply larger than {} bytes, the most an API reply may be; not read".format(
                    MAX_REPLY_BYTES
                ),
                url,
            )
        media_type = _media_type(response.headers.get("Content-Type"))
        if media_type is not None and not _is_json_type(media_type):
            raise RayvisionResponseError(
                "reply is not JSON (Content-Type {})".format(_printable(media_type)),
                url,
                _excerpt(content),
            )
        try:
            envelope = json.loads(content)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
            envelope = None
        if not isinstance(envelope, dict) or "code" not in envelope:
            problem = "empty reply" if not content.strip() else "reply is not a JSON envelope"
            raise RayvisionResponseError(problem, url, _excerpt(content))
        code = envelope["code"]
        request_id = envelope.get("requestId")
        self.logger.debug(
            "%s -> code %s, requestId %s, in %.0f ms", url, code, request_id, elapsed_ms
        )
        if whole_envelope:
            return envelope
        if code != 200:
            message = _printable(str(envelope.get("message") or ""))
            raise RayvisionAPIError(code, message, url, request_id)
        return envelope.get("data")


def _endpoint(api_url: Union[str, Endpoint]) -> Endpoint:
    if isinstance(api_url, Endpoint):
        return api_url
    if not isinstance(api_url, str) or not api_url.startswith("/"):
        raise RayvisionArgumentError("api_url", f"a path starting with '/', got {api_url!r}")
    # The plain text of a str subclass: a str-based Enum member formats as
    # "Class.MEMBER" on Python 3.11+, the flaw that broke 1.x's URLs.
    path = str.__str__(api_url)
    # A path outside the table is never retried once it may have been sent.
    return BY_PATH.get(path) or Endpoint(path, False)


def _check_body(data: Any) -> Mapping[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, collections.abc.Mapping):
        raise RayvisionArgumentTypeError(
            "data", f"a dict (the JSON body), got {type(data).__name__}"
        )
    return data


def _encode(body: Mapping[str, Any]) -> bytes:
    # Control characters in strings go out escaped (\\n, \\u0000): json.dumps
    # escapes them even with ensure_ascii=False.
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except TypeError as error:
        raise RayvisionArgumentTypeError("data", f"must be JSON-serialisable: {error}") from None
    except ValueError as error:
        raise RayvisionArgumentError("data", f"must be valid JSON: {error}") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RayvisionArgumentError("data", _validate.not_unicode_message(text, error)) from None


def _sent_headers(session_headers: "Mapping[str, Any]", headers: Dict[str, str]) -> Dict[str, str]:
    """What a request will carry of ``headers`` and the session's headers, checked.

    ``requests`` merges them this way: names ignore case, a request header
    replaces a session header of the same name (and keeps its own spelling),
    and a session header set to ``None`` is not sent.
    """
    merged: CaseInsensitiveDict[Any] = CaseInsensitiveDict(session_headers)
    merged.update(headers)
    sent: Dict[str, str] = {}
    for name, value in merged.items():
        if value is None:
            continue
        parameter = "headers" if name in headers else "session"
        if name.lower() == "host":
            raise RayvisionArgumentError(
                parameter, "sets Host, which the domain parameter decides (and which is signed)"
            )
        if not isinstance(name, str) or not isinstance(value, str):
            raise RayvisionArgumentTypeError(
                parameter, f"header names and values must be str, got {name!r}: {value!r}"
            )
        _check_header_field(name, value, parameter)
        sent[name] = value
    return sent


def _read_content(response: requests.Response, url: str, limit: int) -> Tuple[bytes, bool]:
    """The reply body, up to ``limit`` bytes; and whether that is all of it.

    A failure while the body arrives is raised as a retryable error (the
    request was sent and may have been acted on).
    """
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        return b"", False
    chunks: List[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                return b"".join(chunks), False
            chunks.append(chunk)
    except _BODY_READ_ERRORS as error:
        if _is_read_timeout(error):
            failure: RayvisionError = RayvisionTimeoutError("timed out waiting for the reply", url)
        else:
            failure = RayvisionConnectionError(
                f"connection broken while reading the reply: {_reason(error)}", url
            )
        raise _Retryable(failure, True, None) from error
    return b"".join(chunks), True


# What reading a reply's body can raise, across the requests and urllib3
# versions supported: requests' own errors, and urllib3's or the socket's
# when an older requests lets them through (a TLS error mid-body, say).
_BODY_READ_ERRORS = (
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)


def _media_type(content_type: Optional[str]) -> Optional[str]:
    """``"application/json"`` of ``"application/json;charset=UTF-8"``; None if absent."""
    if content_type is None or not content_type.strip():
        return None
    return content_type.split(";", 1)[0].strip().lower()


def _is_json_type(media_type: str) -> bool:
    return media_type in ("application/json", "text/json") or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _is_read_timeout(error: BaseException) -> bool:
    """True when ``error`` is a read timeout, however the versions of ``requests``
    and ``urllib3`` report it.

    Headers that arrived in time and a body that then stalls raise a
    ``ConnectionError`` wrapping urllib3's ``ReadTimeoutError``; an older
    ``requests`` may let urllib3's error, or the socket's, through as it is.
    """
    if isinstance(error, (requests.exceptions.Timeout, ReadTimeoutError, socket.timeout)):
        return True
    reason = error.args[0] if error.args else None
    return isinstance(reason, ReadTimeoutError) or isinstance(
        getattr(reason, "reason", None), ReadTimeoutError
    )


def _is_connect_failure(error: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was never opened, so nothing reached the service."""
    reason = error.args[0] if error.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


def _reason(error: Exception) -> str:
    reason = error.args[0] if error.args else error
    reason = getattr(reason, "reason", reason)
    return str(reason)


_DELAY_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?\Z")


def _retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` value: a number of seconds or an HTTP date.

    ``None`` when absent or unreadable. A date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    if _DELAY_SECONDS.match(text):
        return float(text)
    import email.utils  # here: rare, and costly at import time (about a tenth of ours)

    parsed = email.utils.parsedate_tz(text)
    if parsed is None or parsed[9] is None:  # an HTTP date always names its zone (GMT)
        return None
    try:
        when = email.utils.mktime_tz(parsed)
    except (OverflowError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _excerpt(content: bytes, complete: bool = True) -> str:
    text = _printable(content[:_BODY_EXCERPT].decode("utf-8", "replace").strip())
    return text + ("..." if len(content) > _BODY_EXCERPT or not complete else "")


def _printable(text: str) -> str:
    """``text`` with control and format characters escaped (``\\n``, ``\\x1b``).

    What a reply says ends up in exception texts and logs: a line break or a
    terminal escape sequence from a hostile or broken server must not forge a
    log line or rewrite the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def _check_text(value: Any, parameter: str) -> str:
    if not isinstance(value, str):
        raise RayvisionArgumentTypeError(parameter, f"a non-empty str, got {type(value).__name__}")
    if not value.strip():
        raise RayvisionArgumentError(parameter, "a non-empty str, got a blank one")
    return value


def _check_key(value: Any) -> str:
    # The value itself is a secret: the message names only its type.
    if not isinstance(value, str) or not value:
        raise RayvisionArgumentError("access_key", f"a non-empty str, got {type(value).__name__}")
    # A lone surrogate cannot be encoded to sign with. Not caught from
    # encode(): its UnicodeEncodeError holds the key and would stay reachable.
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise RayvisionArgumentError("access_key", "must be valid Unicode (holds a lone surrogate)")
    return value


def _check_protocol(value: Any) -> str:
    if not isinstance(value, str) or value not in ("https", "http"):
        raise RayvisionArgumentError("protocol", f"'https' or 'http', got {value!r}")
    return value


def _check_domain(value: Any) -> str:
    domain = _check_text(value, "domain")
    match = _DOMAIN.match(domain)
    if match is None or int(match.group("port") or 0) > 65535:
        raise RayvisionArgumentError(
            "domain",
            "a bare ASCII host name such as 'task.dayancloud.com', optionally with ':PORT' "
            "(no scheme, path, user name or spaces; an international name in its xn-- form), "
            f"got {domain!r}",
        )
    return domain


def _check_timeout(value: Any) -> Timeout:
    if value is None:
        return None
    if isinstance(value, tuple) and len(value) == 2:
        return (
            _check_seconds(value[0], "timeout", True),
            _check_seconds(value[1], "timeout", True),
        )
    return _check_seconds(value, "timeout", True)


def _check_seconds(value: Any, parameter: str, positive: bool = False) -> float:
    """A number of seconds up to :data:`MAX_SECONDS` (finite: NaN and infinity refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RayvisionArgumentTypeError(
            parameter, f"a number of seconds, got {type(value).__name__}"
        )
    lowest = "above 0" if positive else "from 0"
    accepts = f"a finite number of seconds {lowest} to {MAX_SECONDS:.0f}"
    try:
        seconds = float(value)
    except OverflowError:
        raise RayvisionArgumentError(parameter, f"{accepts}, got an int too large") from None
    if (
        not math.isfinite(seconds)
        or seconds < 0
        or (positive and seconds == 0)
        or seconds > MAX_SECONDS
    ):
        raise RayvisionArgumentError(parameter, f"{accepts}, got {value!r}")
    return value


def _check_count(value: Any, parameter: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RayvisionArgumentError(parameter, f"an int >= 0, got {value!r}")
    return value


def _check_header_value(value: str, parameter: str) -> str:
    """``value`` if HTTP carries it unchanged in a header, else an argument error."""
    if not _FIELD_VALUE.match(value):
        raise RayvisionArgumentError(
            parameter,
            "a header value must be printable ASCII, without control characters (CR, LF) "
            f"or spaces at either end, got {value!r}",
        )
    return value


def _check_header_field(name: str, value: str, parameter: str) -> None:
    if not _FIELD_NAME.match(name):
        raise RayvisionArgumentError(
            parameter,
            "a header name must be ASCII letters, digits or !#$%&'*+-.^_`|~ "
            f"(no spaces, no colon), got {name!r}",
        )
    _check_header_value(value, f"{parameter}[{name!r}]")


def _check_headers(headers: Any) -> Dict[str, str]:
    """The ``headers`` argument, checked, with protocol names in the protocol's spelling."""
    if headers is None:
        return {}
    if not isinstance(headers, collections.abc.Mapping):
        raise RayvisionArgumentTypeError(
            "headers", f"a dict of str to str, got {type(headers).__name__}"
        )
    checked: Dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise RayvisionArgumentTypeError(
                "headers", f"names and values must be str, got {name!r}: {value!r}"
            )
        if name.lower() in _RESERVED_HEADERS:  # HTTP header names ignore case
            raise RayvisionArgumentError(
                "headers",
                f"{name!r} is set by the SDK (use the access_id, platform and domain "
                "parameters); it cannot be overridden",
            )
        _check_header_field(name, value, "headers")
        spelling = _PROTOCOL_SPELLING.get(name.lower(), name)
        same = [given for given in checked if given.lower() == name.lower()]
        if same:
            raise RayvisionArgumentError(
                "headers",
                f"{same[0]!r} and {name!r} name the same HTTP header (names ignore case): "
                "give it once",
            )
        checked[spelling] = value
    return checked
