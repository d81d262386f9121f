"""Reading a reply for :class:`~dayan_api.connect.Connect`, and telling its failures apart.

The body read up to a bound, its media type, a ``Retry-After`` in seconds,
whether a failure was a read timeout or a connection never opened, and the
excerpts and printable text that exception texts and logs show of a reply.
"""

import http.client
import json
import re
import socket
import time
import types
import zlib
from typing import Any, Dict, List, Optional, Tuple

import requests
import urllib3
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

from dayan_api.exception import (
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
    printable,
)

_BODY_EXCERPT = 300
# Not str.isdigit(): "²" passes it and then int() raises.
_ASCII_DIGITS = re.compile(r"[0-9]+\Z")
_READ_CHUNK = 8192  # small, so that one compressed chunk cannot inflate far


class RetryableFailure(Exception):
    """An attempt failed in a way that another attempt may fix."""

    def __init__(self, error: RayvisionError, may_have_acted: bool, wait: Optional[float]) -> None:
        super().__init__(error)
        self.error = error
        self.may_have_acted = may_have_acted
        self.wait = wait


# HTTP statuses that ask the caller to try again; for 429 the service has
# not acted on the request, so every call may be retried.
RETRY_STATUSES = (429, 500, 502, 503, 504)


def raise_for_status(response: requests.Response, content: bytes, complete: bool, url: str) -> None:
    """Raise the error for a reply whose HTTP status is not 200 (retryable where it may pass)."""
    status = response.status_code
    excerpt = body_excerpt(content, complete)
    if 300 <= status < 400:
        location = response.headers.get("Location")
        raise RayvisionHTTPError(
            status, url, excerpt, location=None if location is None else printable(location)
        )
    retry_after = retry_after_seconds(response.headers.get("Retry-After"))
    error = RayvisionHTTPError(status, url, excerpt, retry_after)
    if status in RETRY_STATUSES:
        raise RetryableFailure(error, status != 429, retry_after)
    raise error


MAX_ERROR_BODY = 64 * 1024
"""Of a reply other than HTTP 200 only an excerpt is shown: this much is read at most."""


def read_redirect_body(response: requests.Response, **_: Any) -> requests.Response:
    """A response hook: read a redirect's body now, bounded, and keep it on the response.

    With ``allow_redirects=False`` requests still prepares the next hop, and
    to free the connection reads the redirect's whole body itself, unbounded,
    before the SDK could. This hook runs first; the body is then found by
    :func:`body_read_by_hook`.
    """
    # The status first: is_redirect looks the Location header up, which for
    # every other reply costs a KeyError raised and caught inside requests.
    if 300 <= response.status_code < 400 and response.is_redirect:
        try:
            body = read_bounded_body(response, response.url, MAX_ERROR_BODY)
        except RetryableFailure:
            # The status and Location have come: a redirect's body that stalls
            # or breaks off changes nothing, and must not make it retried.
            body = (b"", False)
        finally:
            response.close()
        response._content = body[0]  # what requests then takes for the body it read
        response._content_consumed = True  # type: ignore[attr-defined]
        response.dayan_body = body  # type: ignore[attr-defined]
    return response


REDIRECT_HOOKS = types.MappingProxyType({"response": (read_redirect_body,)})
"""The ``hooks`` of every request the SDK sends."""


def body_read_by_hook(response: requests.Response) -> Optional[Tuple[bytes, bool]]:
    """The body :func:`read_redirect_body` read, and whether it is whole; else None."""
    body: Optional[Tuple[bytes, bool]] = getattr(response, "dayan_body", None)
    return body


def case_insensitive_store(headers: Any) -> Optional[Dict[str, Tuple[str, Any]]]:
    """The store of requests' ``CaseInsensitiveDict`` ``headers``, else None.

    It maps each name in lower case to the pair (name as spelt, value), in
    the order set; read there, a header costs a fraction of going through
    the mapping's methods. The one place that reaches into requests' store.
    """
    store = getattr(headers, "_store", None) if type(headers) is CaseInsensitiveDict else None
    return store if isinstance(store, dict) else None


def reply_header(response: requests.Response, lower_name: str) -> Optional[str]:
    """The reply's header ``lower_name`` (spelt in lower case), or None.

    Read from the store of requests' ``CaseInsensitiveDict``, where the
    mapping's ``get`` raises and catches a ``KeyError`` for a header that is
    absent (as ``Content-Encoding`` is from nearly every reply).
    """
    headers = response.headers
    store = case_insensitive_store(headers)
    if store is not None:
        item = store.get(lower_name)
        return None if item is None else item[1]
    return headers.get(lower_name)


def read_bounded_body(response: requests.Response, url: str, limit: int) -> Tuple[bytes, bool]:
    """The reply body, up to ``limit`` bytes; and whether that is all of it.

    A failure while the body arrives is raised as a retryable error (the
    request was sent and may have been acted on).
    """
    declared = (reply_header(response, "content-length") or "").strip()
    length = int(declared) if _ASCII_DIGITS.match(declared) else None
    if length is not None and length > limit:
        return b"", False
    decoder = _decoder_for(reply_header(response, "content-encoding"), url)
    chunks: List[bytes] = []
    size = 0
    received = 0  # bytes as they came over the wire, before decoding
    try:
        if decoder is None and length is not None:
            # Not encoded, and no longer than the limit: read in one call
            # (http.client reads the length announced, no more).
            chunks.append(response.raw.read(decode_content=False))
            received = len(chunks[0])
        else:
            # Undecoded from urllib3, decoded here at most up to the limit: an
            # older urllib3 inflates a whole chain of encodings ("gzip, gzip")
            # at once, gigabytes from a few kilobytes.
            for raw in response.raw.stream(_READ_CHUNK, decode_content=False):
                received += len(raw)
                chunk = raw if decoder is None else decoder.decompress(raw, limit - size + 1)
                size += len(chunk)
                if size > limit:
                    return b"".join(chunks), False
                chunks.append(chunk)
    except _BODY_READ_ERRORS as error:
        if is_read_timeout(error):
            failure: RayvisionError = RayvisionTimeoutError("timed out waiting for the reply", url)
        else:
            failure = RayvisionConnectionError(
                f"connection broken while reading the reply: {failure_reason(error)}", url
            )
        raise RetryableFailure(failure, True, None) from error
    # urllib3 1.x does not check the length itself: the connection closed
    # before the body it announced was whole.
    if length is not None and received < length:
        failure = RayvisionConnectionError(
            "connection broken while reading the reply: {} of {} bytes arrived".format(
                received, declared
            ),
            url,
        )
        raise RetryableFailure(failure, True, None)
    return b"".join(chunks), True


# What reading a reply's body can raise, across the requests and urllib3
# versions supported: requests' own errors, urllib3's or the socket's (a TLS
# error mid-body, say), and a compressed body that is corrupt.
_BODY_READ_ERRORS = (
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    zlib.error,
)

ACCEPT_ENCODING = "gzip, deflate"
"""The content codings the SDK decodes itself, with a bounded output."""


class _Inflater:
    """Decodes ``gzip`` or ``deflate`` (zlib, or raw as some servers send it)."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        self._zlib: Any = None

    def decompress(self, data: bytes, most: int) -> bytes:
        """Up to ``most`` bytes of output from ``data``; more output is not made."""
        if self._zlib is None:
            raw = not self._gzip and bool(data) and (data[0] & 0x0F != 8 or _not_zlib(data))
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS if raw else 32 + zlib.MAX_WBITS)
        return bytes(self._zlib.decompress(data, most))


def _not_zlib(data: bytes) -> bool:
    return len(data) >= 2 and ((data[0] << 8) | data[1]) % 31 != 0


def _decoder_for(content_encoding: Optional[str], url: str) -> Optional[_Inflater]:
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflater(encoding)
    raise RayvisionResponseError(
        "reply is encoded as {!r}, which the SDK does not decode (it asks for {})".format(
            printable(encoding), ACCEPT_ENCODING
        ),
        url,
    )


def media_type_of(content_type: Optional[str]) -> Optional[str]:
    """``"application/json"`` of ``"application/json;charset=UTF-8"``; None if absent."""
    if content_type is None or not content_type.strip():
        return None
    return content_type.split(";", 1)[0].strip().lower()


def is_json_media_type(media_type: str) -> bool:
    return media_type in ("application/json", "text/json") or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def is_read_timeout(error: BaseException) -> bool:
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


def is_connect_failure(error: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was never opened, so nothing reached the service."""
    reason = error.args[0] if error.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


def failure_reason(error: Exception) -> str:
    reason = error.args[0] if error.args else error
    reason = getattr(reason, "reason", reason)
    return str(reason)


_DELAY_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?\Z")


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
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


def body_excerpt(content: bytes, complete: bool = True) -> str:
    text = printable(content[:_BODY_EXCERPT].decode("utf-8", "replace").strip())
    return text + ("..." if len(content) > _BODY_EXCERPT or not complete else "")


def printable_if_text(value: Any) -> Any:
    """A str from a reply with its control characters escaped; anything else as it is.

    (Inside a list or a dict, ``str()`` shows strings by their ``repr``,
    which escapes them already.)
    """
    return printable(value) if isinstance(value, str) else value


def read_envelope(response: requests.Response, content: bytes, url: str) -> Dict[str, Any]:
    """The JSON envelope of a 200 reply read whole: an object with a ``code``, or an error."""
    media_type = media_type_of(reply_header(response, "content-type"))
    if media_type is not None and not is_json_media_type(media_type):
        raise RayvisionResponseError(
            "reply is not JSON (Content-Type {})".format(printable(media_type)),
            url,
            body_excerpt(content),
        )
    try:
        envelope = json.loads(content)
    except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
        envelope = None
    if not isinstance(envelope, dict) or "code" not in envelope:
        problem = "empty reply" if not content.strip() else "reply is not a JSON envelope"
        raise RayvisionResponseError(problem, url, body_excerpt(content))
    return envelope
