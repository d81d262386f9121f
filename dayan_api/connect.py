"""The transport: the one place that knows HTTP.

A :class:`Connect` owns a ``requests.Session`` (so connections are kept
alive and pooled), signs each request with fresh ``UTCTimestamp`` and
``nonce``, posts it, reads the reply's envelope and returns its ``data`` or
raises. Every attempt is signed anew, so a retried request is never stale.
"""

import binascii
import contextlib
import json
import logging
import random
import time
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple, Union

import requests

from dayan_api import __version__, signature
from dayan_api._call_limits import CallLimits, CallStopped, deadline_in, within
from dayan_api._connect_args import (
    MAX_SECONDS,
    Timeout,
    check_count,
    check_domain,
    check_header_value,
    check_headers,
    check_key,
    check_protocol,
    check_seconds,
    check_text,
    check_timeout,
)
from dayan_api._http_adapter import BoundedAdapter
from dayan_api._http_reply import (
    ACCEPT_ENCODING,
    MAX_ERROR_BODY,
    RetryableFailure,
    body_excerpt,
    body_read_by_hook,
    media_type_of,
    printable_if_text,
    raise_for_status,
    read_bounded_body,
    read_envelope,
)
from dayan_api._http_request import (
    NONCE,
    SIGNATURE,
    TIMESTAMP,
    HeaderPlan,
    Nonces,
    accept_encoding,
    check_body,
    encode_body,
    endpoint_for,
    header_items,
    same_host_path,
    send_request,
)
from dayan_api._secret import _Secret
from dayan_api.constants import CHANNEL, PROTOCOL_VERSION
from dayan_api.endpoints import Endpoint
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionError,
    RayvisionResponseError,
    printable,
)

# The public names. Timeout and MAX_SECONDS are defined with the argument
# checks that use them, and are importable from here as they always were.
__all__ = [
    "DEFAULT_BACKOFF",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_BACKOFF",
    "MAX_REPLY_BYTES",
    "MAX_RETRY_AFTER",
    "MAX_SECONDS",
    "Connect",
    "Timeout",
]

DEFAULT_TIMEOUT: Tuple[float, float] = (10.0, 60.0)
"""Seconds to connect, and to read the whole reply (status line, headers and body)."""

DEFAULT_MAX_RETRIES = 2
"""Retries after the first attempt, for failures where a retry is safe."""

DEFAULT_BACKOFF = 0.5
"""Seconds before the first retry; doubled for each further one."""

MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0
"""A ``Retry-After`` longer than this is not waited for: the error is raised."""

MAX_REPLY_BYTES = 32 * 1024 * 1024
"""The largest reply body read; a larger one is an error, never held in memory.

The biggest API reply (a page of 1,000 tasks or frames) is a few megabytes.
"""


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
            waits forever. The connect part bounds opening a connection; the
            read part bounds the whole reply of one attempt, from the request
            sent to the last byte of the body (with a ``session`` of your own,
            each read from the socket instead).
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
        # First, and out of this frame's locals: crash reporters and pytest
        # --showlocals record them when a later argument is refused.
        self._access_key = _Secret(access_key)
        del access_key
        check_key(self._access_key.reveal())
        self.access_id = check_header_value(check_text(access_id, "access_id"), "access_id")
        self.protocol = check_protocol(protocol)
        self.domain = check_domain(domain)
        self.platform = check_header_value(check_text(platform, "platform"), "platform")
        self.timeout = check_timeout(timeout)
        self.max_retries = check_count(max_retries, "max_retries")
        self.backoff = check_seconds(backoff, "backoff")
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
        self.headers.update(check_headers(headers))
        self.base_url = f"{self.protocol}://{self.domain}"
        self._signed_domain = signature.signed_domain(self.domain, self.protocol)
        self._closed = False
        self._limits = CallLimits()
        self._nonces = Nonces()
        self._plan: Optional[HeaderPlan] = None
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            # Retries are decided here, per endpoint, not inside urllib3; the
            # pool is sized for a plugin that polls from several threads.
            adapter = BoundedAdapter(
                self._limits, pool_connections=1, pool_maxsize=32, max_retries=0
            )
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

    @contextlib.contextmanager
    def deadline(self, seconds: Optional[float]) -> Iterator[None]:
        """Within the ``with`` block, this thread's requests end within ``seconds`` from now.

        No attempt or retry starts after the deadline, a retry's wait that
        would pass it is not begun, and each attempt's connect and read
        timeouts are cut to the time left; a request that runs out raises
        :class:`~dayan_api.exception.RayvisionTimeoutError`. ``seconds`` is a finite number from 0
        up, or ``None`` for no deadline. Only the calling thread's requests
        through this ``Connect`` are bounded; blocks nest, the earlier
        deadline holding.
        """
        with self._limits.applied(deadline_in(seconds)):
            yield

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
        endpoint = endpoint_for(api_url)
        body, payload = encode_body(check_body(data))
        url = self.base_url + endpoint.path
        return self._retrying(
            endpoint,
            url,
            lambda timeout: self._attempt(
                endpoint.path, url, body, payload, whole_envelope, timeout
            ),
        )

    def get_unsigned(self, path: str) -> Any:
        """GET ``path`` on the configured host, unsigned; return the reply's JSON.

        For the files the service hands out by address, such as a
        reality-modeling task's AT report (``query.get_at_report``): sent
        without the API's headers (no access id, no signature), as Dayan's own
        client fetches them. ``path`` must be a path on the configured host
        (``"/..."``): a URL with a scheme or another host is refused with
        :class:`~dayan_api.exception.RayvisionArgumentError`, so that nothing
        is ever fetched from anywhere else. Redirects are not followed, the
        reply is read up to :data:`MAX_REPLY_BYTES`, the client's timeouts
        and retries apply (a read is safe to repeat).

        Raises :class:`~dayan_api.exception.RayvisionHTTPError` for a status
        other than 200 and :class:`~dayan_api.exception.RayvisionResponseError`
        for a body that is not JSON.
        """
        self._check_open()
        url = self.base_url + same_host_path(path, self.base_url)
        return self._retrying(
            Endpoint(path, True), url, lambda timeout: self._attempt_get(url, timeout)
        )

    def _retrying(
        self, endpoint: Endpoint, url: str, attempt_once: Callable[[Timeout], Any]
    ) -> Any:
        """``attempt_once(timeout)``, retried where safe, within this thread's call limits."""
        deadline, stop = self._limits.current()
        attempt = 0
        while True:
            if stop is not None and stop.is_set():
                raise CallStopped()
            timeout = self.timeout if deadline is None else within(self.timeout, deadline, url)
            try:
                return attempt_once(timeout)
            except RetryableFailure as failure:
                retry = attempt < self.max_retries and (
                    endpoint.retry_safe or not failure.may_have_acted
                )
                if not retry or (failure.wait is not None and failure.wait > MAX_RETRY_AFTER):
                    raise failure.error from failure.__cause__
                delay = failure.wait if failure.wait is not None else self._backoff(attempt)
                if deadline is not None and time.monotonic() + delay >= deadline:
                    raise failure.error from failure.__cause__  # no retry past the deadline
                attempt += 1
                self.logger.warning(
                    "retrying %s in %.1f s (retry %d of %d) after: %s",
                    endpoint.path,
                    delay,
                    attempt,
                    self.max_retries,
                    failure.error,
                )
                if stop is None:
                    self._sleep(delay)
                elif stop.wait(delay):
                    raise CallStopped() from None

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
        return self._signed(self._header_plan(), path, body)

    def _header_plan(self) -> HeaderPlan:
        """The checked headers of every request, made again when they have changed.

        Both ``self.headers`` and the session's headers may be changed by the
        caller at any time; comparing them with the plan's copies costs a
        small part of checking them again.
        """
        plan = self._plan
        headers_items = list(self.headers.items())
        session_items = header_items(self.session.headers)
        if (
            plan is None
            or headers_items != plan.headers_items
            or session_items != plan.session_items
        ):
            plan = HeaderPlan(headers_items, session_items, ACCEPT_ENCODING)
            self._plan = plan  # one assignment: a thread sees the old plan or the new
        return plan

    def _signed(self, plan: HeaderPlan, path: str, body: Mapping[str, Any]) -> Dict[str, str]:
        timestamp = signature.generate_timestamp()
        nonce = self._nonces.fresh(timestamp)
        headers = dict(plan.request)
        headers[TIMESTAMP] = timestamp
        headers[NONCE] = nonce
        # The signed headers are the plan's, with this request's values where
        # they are sent (a header of the session, or a differently spelt one
        # of self.headers, may have taken their place).
        signed = dict(plan.signed)
        if TIMESTAMP in signed:
            signed[TIMESTAMP] = TIMESTAMP + "=" + timestamp
        if NONCE in signed:
            signed[NONCE] = NONCE + "=" + nonce
        # signature.sign's steps, with the headers' texts and the key's hash
        # states made once.
        message = signature._string_to_sign(self._signed_domain, path, signed, body)
        digest = self._access_key.mac(message.encode("utf-8"))
        headers[SIGNATURE] = binascii.b2a_base64(digest, newline=False).decode("ascii")
        return headers

    def _attempt(
        self,
        path: str,
        url: str,
        body: Mapping[str, Any],
        payload: bytes,
        whole_envelope: bool,
        timeout: Timeout,
    ) -> Any:
        plan = self._header_plan()
        headers = self._signed(plan, path, body)
        if plan.ask_encoding:
            # Asked for after signing: Accept-Encoding is a transport header, never signed.
            headers["Accept-Encoding"] = ACCEPT_ENCODING
        self.logger.debug("POST %s (%d bytes)", url, len(payload))
        started = time.monotonic()
        response = send_request(self.session, "POST", url, headers, payload, timeout)
        content, complete = self._read_body(response, url)
        elapsed_ms = (time.monotonic() - started) * 1000
        return self._read_reply(response, content, complete, url, whole_envelope, elapsed_ms)

    def _attempt_get(self, url: str, timeout: Timeout) -> Any:
        # Only the session's own headers go (User-Agent, and any the caller
        # set on a session of theirs), and the encodings the SDK decodes.
        headers = accept_encoding(self.session.headers, {}, ACCEPT_ENCODING)
        self.logger.debug("GET %s", url)
        started = time.monotonic()
        response = send_request(self.session, "GET", url, headers, None, timeout)
        content, complete = self._read_body(response, url)
        elapsed_ms = (time.monotonic() - started) * 1000
        self.logger.debug("%s -> HTTP %d in %.0f ms", url, response.status_code, elapsed_ms)
        _check_whole_ok_reply(response, content, complete, url)
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            media_type = media_type_of(response.headers.get("Content-Type"))
            raise RayvisionResponseError(
                "reply is not JSON (Content-Type {})".format(printable(str(media_type))),
                url,
                body_excerpt(content),
            ) from None

    @staticmethod
    def _read_body(response: requests.Response, url: str) -> Tuple[bytes, bool]:
        read_already = body_read_by_hook(response)  # a redirect's
        if read_already is not None:
            return read_already
        complete = False
        try:
            limit = MAX_REPLY_BYTES if response.status_code == 200 else MAX_ERROR_BODY
            content, complete = read_bounded_body(response, url, limit)
            return content, complete
        finally:
            # Read whole, the connection is back in the pool already (urllib3
            # returns it at the body's end, as for requests' own reads);
            # else it is closed, never reused with a reply half read.
            if not complete:
                response.close()

    def _read_reply(
        self,
        response: requests.Response,
        content: bytes,
        complete: bool,
        url: str,
        whole_envelope: bool,
        elapsed_ms: float,
    ) -> Any:
        if response.status_code != 200:
            self.logger.debug("%s -> HTTP %d in %.0f ms", url, response.status_code, elapsed_ms)
        _check_whole_ok_reply(response, content, complete, url)
        envelope = read_envelope(response, content, url)
        # Both end up in error texts and log lines, as the message does.
        code = printable_if_text(envelope["code"])
        if self.logger.isEnabledFor(logging.DEBUG):
            request_id = printable_if_text(envelope.get("requestId"))
            self.logger.debug(
                "%s -> code %s, requestId %s, in %.0f ms", url, code, request_id, elapsed_ms
            )
        if whole_envelope:
            return envelope
        if code != 200:
            message = printable(str(envelope.get("message") or ""))
            request_id = printable_if_text(envelope.get("requestId"))
            raise RayvisionAPIError(code, message, url, request_id)
        return envelope.get("data")


def _check_whole_ok_reply(
    response: requests.Response, content: bytes, complete: bool, url: str
) -> None:
    """Raise unless the reply is an HTTP 200 whose body was read whole."""
    if response.status_code != 200:
        raise_for_status(response, content, complete, url)
    if not complete:
        too_large = f"reply larger than {MAX_REPLY_BYTES} bytes, the most an API reply may be"
        raise RayvisionResponseError(too_large + "; not read", url)
