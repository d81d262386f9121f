"""The protocol checks a request must pass before it is served.

The signature is recomputed with :mod:`dayan_api.signature` over the request's
headers and body, the way the SDK computed it: every header the client sent
takes part except ``signature``, ``Content-Type`` and the transport headers
that HTTP libraries add on their own (listed in :data:`TRANSPORT_HEADERS`), so
headers a user adds to the SDK's set are checked too. The domain signed is the
request's ``Host`` header as sent.
"""

import hmac
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from dayan_api import signature
from dayan_api.emulator.errors import (
    BAD_TIMESTAMP,
    MISSING_HEADER,
    SIGNATURE_MISMATCH,
    UNKNOWN_ACCESS_ID,
    ApiError,
)

REQUIRED_HEADERS = (
    "accessId",
    "channel",
    "platform",
    "UTCTimestamp",
    "nonce",
    "version",
    "signature",
)
TIMESTAMP_WINDOW = 300  # seconds either side of the emulator's wall clock

# Headers that HTTP clients, proxies and the transport add; never signed (lower case).
TRANSPORT_HEADERS = frozenset(
    {
        "host",
        "accept",
        "accept-encoding",
        "accept-language",
        "authorization",
        "cache-control",
        "connection",
        "content-length",
        "content-type",
        "cookie",
        "expect",
        "forwarded",
        "keep-alive",
        "pragma",
        "proxy-authorization",
        "proxy-connection",
        "signature",
        "te",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "via",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
    }
)


def header(headers: Mapping[str, str], name: str) -> Optional[str]:
    """The value of header ``name``, matched without regard to case."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def check_headers(
    headers: Mapping[str, str], access_key_of: Callable[[str], Optional[str]]
) -> Tuple[str, str]:
    """The access id and key of a request whose protocol headers are all right.

    Checks, in order: every required header is present, the access id is
    known, and ``UTCTimestamp`` is within :data:`TIMESTAMP_WINDOW` seconds of now.
    """
    for name in REQUIRED_HEADERS:
        if not header(headers, name):
            raise ApiError(MISSING_HEADER, "missing header: {}".format(name))
    access_id = header(headers, "accessId") or ""
    access_key = access_key_of(access_id)
    if access_key is None:
        raise ApiError(UNKNOWN_ACCESS_ID, "unknown accessId: {}".format(access_id))
    stamp = (header(headers, "UTCTimestamp") or "").strip()
    if not stamp.isdigit():
        raise ApiError(
            BAD_TIMESTAMP,
            "UTCTimestamp must be whole seconds since the epoch, not {!r}".format(stamp[:40]),
        )
    skew = int(stamp) - time.time()
    if abs(skew) > TIMESTAMP_WINDOW:
        raise ApiError(
            BAD_TIMESTAMP,
            "UTCTimestamp outside the {} s window (off by {:.0f} s)".format(TIMESTAMP_WINDOW, skew),
        )
    return access_id, access_key


def signed_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """The headers that take part in the signature."""
    return {key: value for key, value in headers.items() if key.lower() not in TRANSPORT_HEADERS}


def signature_ok(
    headers: Mapping[str, str], access_key: str, path: str, body: Mapping[str, Any]
) -> bool:
    """Whether the request's ``signature`` header is right for its key, headers and body."""
    domain = header(headers, "Host") or ""
    message = signature.generate_headers_body_str(domain, path, signed_headers(headers), body)
    expected = signature.generate_signature(access_key, message).decode("ascii")
    sent = header(headers, "signature") or ""
    return _same(expected, sent)


def _same(expected: str, sent: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), sent.encode("utf-8", "replace"))


def check_signature(
    headers: Mapping[str, str], access_key: str, path: str, body: Mapping[str, Any]
) -> None:
    if not signature_ok(headers, access_key, path, body):
        raise ApiError(SIGNATURE_MISMATCH, "signature mismatch")
