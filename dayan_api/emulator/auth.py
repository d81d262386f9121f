"""The protocol checks a request must pass before it is served.

The signature is recomputed with :mod:`dayan_api.signature` over the request's
headers and body, by the same two rules the SDK signs with: the headers are
:func:`dayan_api.signature.signed_header_subset` of every header received
(all but ``signature``, ``Content-Type`` and the transport headers), and the
domain is :func:`dayan_api.signature.signed_domain` of the ``Host`` header.

The emulator's own rule on nonces (the protocol only says what one looks
like): a nonce is a string of decimal digits, and a request that repeats one
its account has already used with the same ``UTCTimestamp`` and the same
signature, while that timestamp is still inside the window, is a replay and
is refused (:class:`ReplayGuard`).
"""

import heapq
import hmac
import threading
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Tuple

from dayan_api import signature
from dayan_api.emulator.errors import (
    BAD_NONCE,
    BAD_TIMESTAMP,
    MISSING_HEADER,
    NONCE_REUSED,
    SIGNATURE_MISMATCH,
    UNKNOWN_ACCESS_ID,
    ApiError,
)
from dayan_api.signature import TRANSPORT_HEADERS  # noqa: F401 (kept importable from here)

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
# Digits beyond which a timestamp is outside the window without reading it (and
# without int() of a huge string, which Python 3.11+ refuses past 4300 digits).
_LONGEST_STAMP = 12
_DIGITS = frozenset("0123456789")


def header(headers: Mapping[str, str], name: str) -> Optional[str]:
    """The value of header ``name``, matched without regard to case."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _decimal(text: str) -> bool:
    """Whether ``text`` is one or more ASCII decimal digits (``str.isdigit`` takes ``"²"``)."""
    return bool(text) and set(text) <= _DIGITS


def check_headers(
    headers: Mapping[str, str],
    access_key_of: Callable[[str], Optional[str]],
    now: Optional[float] = None,
) -> Tuple[str, str]:
    """The access id and key of a request whose protocol headers are all right.

    Checks, in order: every required header is present, the access id is
    known, ``UTCTimestamp`` is whole seconds within :data:`TIMESTAMP_WINDOW`
    seconds of ``now`` (default: the wall clock), and ``nonce`` is decimal digits.
    """
    for name in REQUIRED_HEADERS:
        if not header(headers, name):
            raise ApiError(MISSING_HEADER, "missing header: {}".format(name))
    access_id = header(headers, "accessId") or ""
    access_key = access_key_of(access_id)
    if access_key is None:
        raise ApiError(UNKNOWN_ACCESS_ID, "unknown accessId: {}".format(access_id))
    stamp = (header(headers, "UTCTimestamp") or "").strip()
    if not _decimal(stamp):
        raise ApiError(
            BAD_TIMESTAMP,
            "UTCTimestamp must be whole seconds since the epoch, not {!r}".format(stamp[:40]),
        )
    seconds = stamp.lstrip("0") or "0"
    if len(seconds) > _LONGEST_STAMP:
        raise ApiError(
            BAD_TIMESTAMP,
            "UTCTimestamp outside the {} s window ({} digits)".format(
                TIMESTAMP_WINDOW, len(seconds)
            ),
        )
    skew = int(seconds) - int(time.time() if now is None else now)
    if abs(skew) > TIMESTAMP_WINDOW:
        raise ApiError(
            BAD_TIMESTAMP,
            "UTCTimestamp outside the {} s window (off by {} s)".format(TIMESTAMP_WINDOW, skew),
        )
    nonce = (header(headers, "nonce") or "").strip()
    if not _decimal(nonce):
        raise ApiError(BAD_NONCE, "nonce must be decimal digits, not {!r}".format(nonce[:40]))
    return access_id, access_key


def signed_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """The headers that take part in the signature (the SDK's rule, shared)."""
    return signature.signed_header_subset(headers)


def signature_ok(
    headers: Mapping[str, str], access_key: str, path: str, body: Mapping[str, Any]
) -> bool:
    """Whether the request's ``signature`` header is right for its key, headers and body."""
    domain = signature.signed_domain(header(headers, "Host") or "", "http")
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


class ReplayGuard:
    """Remembers the signed requests accepted while their timestamps are in the window.

    A request is identified by its account, ``UTCTimestamp``, ``nonce`` and
    ``signature`` (which covers the rest: path, body, every signed header).
    Each is forgotten once its timestamp has left the window, when no replay
    of it could pass the timestamp check anyway.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: Set[Tuple[str, str, str, str]] = set()
        self._expiries: List[Tuple[int, Tuple[str, str, str, str]]] = []

    def check(
        self, access_id: str, headers: Mapping[str, str], now: Optional[float] = None
    ) -> None:
        """Remember this request, or raise ApiError(NONCE_REUSED) if it was seen already.

        Call it only for a request whose timestamp and signature passed.
        """
        stamp = (header(headers, "UTCTimestamp") or "").strip()
        nonce = (header(headers, "nonce") or "").strip()
        key = (access_id, stamp, nonce, header(headers, "signature") or "")
        current = int(time.time() if now is None else now)
        with self._lock:
            while self._expiries and self._expiries[0][0] < current:
                self._seen.discard(heapq.heappop(self._expiries)[1])
            if key in self._seen:
                raise ApiError(
                    NONCE_REUSED,
                    "nonce {} already used with UTCTimestamp {} by this request: a replay".format(
                        nonce[:40], stamp
                    ),
                )
            self._seen.add(key)
            heapq.heappush(self._expiries, (int(stamp) + TIMESTAMP_WINDOW, key))

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)
