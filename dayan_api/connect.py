"""The transport: the one place that knows HTTP.

A :class:`Connect` owns a ``requests.Session`` (so connections are kept
alive and pooled), signs each request with fresh ``UTCTimestamp`` and
``nonce``, posts it, reads the reply's envelope and returns its ``data`` or
raises. Every attempt is signed anew, so a retried request is never stale.
"""

import json
import logging
import random
import time
from collections.abc import Mapping
from typing import Any, Dict, Optional, Tuple, Union

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError

from dayan_api import __version__, signature
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

# Header values that the SDK computes per request, or derives from the
# constructor's own parameters; overriding them through ``headers`` would
# break the signature or contradict the parameter.
_RESERVED_HEADERS = frozenset(
    name.lower()
    for name in ("accessId", "platform", "UTCTimestamp", "nonce", "signature", "Content-Type")
)

# HTTP statuses that ask the caller to try again; for 429 the service has
# not acted on the request, so every call may be retried.
_RETRY_STATUSES = (429, 500, 502, 503, 504)

_BODY_EXCERPT = 300


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
        self.access_id = _check_text(access_id, "access_id")
        self._access_key = _Secret(_check_key(access_key))
        self.protocol = _check_protocol(protocol)
        self.domain = _check_domain(domain)
        self.platform = _check_text(platform, "platform")
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
        """Close the connections, if this ``Connect`` made its own session."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> "Connect":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def post(
        self,
        api_url: Union[str, Endpoint],
        data: Optional[Mapping] = None,
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
        self, api_url: Union[str, Endpoint], data: Optional[Mapping] = None
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
        endpoint = _endpoint(api_url)
        body = _check_body(data)
        payload = _encode(body)
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
        return min(MAX_BACKOFF, self.backoff * (2**attempt)) * jitter

    def signed_headers(self, path: str, body: Mapping) -> Dict[str, str]:
        """The headers for one request to ``path``: fresh timestamp, nonce, signature."""
        headers = dict(self.headers)
        headers["UTCTimestamp"] = signature.generate_timestamp()
        headers["nonce"] = signature.generate_nonce()
        headers["signature"] = signature.sign(
            self._access_key.reveal(), self.domain, path, headers, body
        )
        return headers

    def _attempt(
        self, path: str, url: str, body: Mapping, payload: bytes, whole_envelope: bool
    ) -> Any:
        headers = self.signed_headers(path, body)
        self.logger.debug("POST %s (%d bytes)", url, len(payload))
        started = time.monotonic()
        try:
            response = self.session.post(url, data=payload, headers=headers, timeout=self.timeout)
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
            opened = not _is_connect_failure(error)
            message = "connection broken" if opened else "could not connect"
            raise _Retryable(
                RayvisionConnectionError(f"{message}: {_reason(error)}", url), opened, None
            ) from error
        except requests.exceptions.RequestException as error:
            raise RayvisionConnectionError(f"request failed: {_reason(error)}", url) from error
        elapsed_ms = (time.monotonic() - started) * 1000
        return self._read_reply(response, url, whole_envelope, elapsed_ms)

    def _read_reply(
        self, response: requests.Response, url: str, whole_envelope: bool, elapsed_ms: float
    ) -> Any:
        content = response.content
        status = response.status_code
        if status != 200:
            self.logger.debug("%s -> HTTP %d in %.0f ms", url, status, elapsed_ms)
            retry_after = _retry_after(response.headers.get("Retry-After"))
            error = RayvisionHTTPError(status, url, _excerpt(content), retry_after)
            if status in _RETRY_STATUSES:
                raise _Retryable(error, status != 429, retry_after)
            raise error
        try:
            envelope = json.loads(content)
        except ValueError:
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
            raise RayvisionAPIError(code, str(envelope.get("message") or ""), url, request_id)
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


def _check_body(data: Any) -> Mapping:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RayvisionArgumentTypeError(
            "data", f"a dict (the JSON body), got {type(data).__name__}"
        )
    return data


def _encode(body: Mapping) -> bytes:
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except TypeError as error:
        raise RayvisionArgumentTypeError("data", f"must be JSON-serialisable: {error}") from None
    except ValueError as error:
        raise RayvisionArgumentError("data", f"must be valid JSON: {error}") from None
    return text.encode("utf-8")


def _is_connect_failure(error: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was never opened, so nothing reached the service."""
    reason = error.args[0] if error.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


def _reason(error: Exception) -> str:
    reason = error.args[0] if error.args else error
    reason = getattr(reason, "reason", reason)
    return str(reason)


def _retry_after(value: Optional[str]) -> Optional[float]:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: rare for APIs; fall back to our own backoff
    return max(0.0, seconds)


def _excerpt(content: bytes) -> str:
    text = content[:_BODY_EXCERPT].decode("utf-8", "replace").strip()
    return text + ("..." if len(content) > _BODY_EXCERPT else "")


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
    return value


def _check_protocol(value: Any) -> str:
    if value not in ("https", "http"):
        raise RayvisionArgumentError("protocol", f"'https' or 'http', got {value!r}")
    return value


def _check_domain(value: Any) -> str:
    _check_text(value, "domain")
    if "://" in value or "/" in value or value != value.strip() or " " in value:
        raise RayvisionArgumentError(
            "domain",
            f"a bare host name such as 'task.dayancloud.com' (no scheme, no path), got {value!r}",
        )
    return value


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
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise RayvisionArgumentTypeError(
            parameter, f"a number of seconds, got {type(value).__name__}"
        )
    if value < 0 or (positive and value == 0):
        raise RayvisionArgumentError(
            parameter,
            "a {} number of seconds, got {}".format(
                "positive" if positive else "non-negative", value
            ),
        )
    return value


def _check_count(value: Any, parameter: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RayvisionArgumentError(parameter, f"an int >= 0, got {value!r}")
    return value


def _check_headers(headers: Any) -> Dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise RayvisionArgumentTypeError(
            "headers", f"a dict of str to str, got {type(headers).__name__}"
        )
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise RayvisionArgumentTypeError(
                "headers", f"names and values must be str, got {name!r}: {value!r}"
            )
        if name.lower() in _RESERVED_HEADERS:  # HTTP header names ignore case
            raise RayvisionArgumentError(
                "headers",
                f"{name!r} is set by the SDK (use the access_id and platform parameters); "
                "it cannot be overridden",
            )
    return dict(headers)
