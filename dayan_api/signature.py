"""Request signing, as pure functions (see the protocol's "Signature" section).

The steps, each a function of its inputs alone:

1. :func:`headers_body_sort` merges the headers (less ``signature`` and
   ``Content-Type``) with the body's top-level keys, flattens nested values
   (:func:`formatted_headers`) and sorts the keys by code point.
2. :func:`generate_headers_body_str` builds the string to sign:
   ``"[POST]" + domain + ":" + path + "&" + "k=v&k=v..."``, adding the pairs
   that the service signs for a path but that are never sent
   (``bFilterOsgb=0`` on ``queryTaskInfo``).
3. :func:`generate_signature` is Base64(HMAC-SHA256(access key, string)).

:func:`sign` runs the three steps and returns the header value.

Two rules decide what the sender and the receiver feed those steps, and both
sides use the functions here so that they cannot disagree:
:func:`signed_header_subset` (which of a request's headers are signed) and
:func:`signed_domain` (the domain, as the request's ``Host`` carries it).
"""

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple, Union
from typing import Mapping as MappingType

from dayan_api.endpoints import SIGNED_ONLY_PAIRS

UNSIGNED_HEADERS = ("signature", "Content-Type")

# Headers that belong to HTTP itself: clients, proxies and the transport add,
# change or drop them on their own, so they never take part in a signature.
# Lower case; ``signature`` and ``Content-Type`` are left out as step 1 says.
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
        "trailer",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "via",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
    }
)

_DEFAULT_PORTS = {"http": "80", "https": "443"}

_HUMP_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")


def generate_nonce() -> str:
    """A fresh random 6-digit decimal string, ``"100000"`` to ``"999999"``."""
    return str(100000 + secrets.randbelow(900000))


def generate_timestamp() -> str:
    """Whole seconds since the Unix epoch, as a string."""
    return str(int(time.time()))


def formatted_headers(headers: MappingType[str, Any]) -> Dict[str, Any]:
    """Flatten nested values into single keys (the signature's step 3).

    A dict under ``k`` gives ``k.child``; a list gives ``k0``, ``k1``...;
    an empty list or dict gives nothing; other values are kept as they are.

    >>> formatted_headers({"taskIds": [7, 8], "param": {"a": {"b": True}}, "x": []})
    {'taskIds0': 7, 'taskIds1': 8, 'param.a.b': True}
    """
    flat: Dict[str, Any] = {}
    for key, value in headers.items():
        _flatten_into(flat, str(key), value)
    return flat


# The types that are never flattened: tested first, as most values are one of
# them, and a test of type is much cheaper than one against Mapping.
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _flatten_into(flat: Dict[str, Any], key: str, value: Any) -> None:
    if type(value) in _SCALARS:
        flat[key] = value
    elif isinstance(value, Mapping):
        for child_key, child in value.items():
            _flatten_into(flat, f"{key}.{child_key}", child)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _flatten_into(flat, f"{key}{index}", item)
    else:
        flat[key] = value


def signed_header_subset(headers: MappingType[str, str]) -> Dict[str, str]:
    """The headers of a request that take part in its signature.

    Every header the request carries, under the name it is sent with, except
    ``signature``, ``Content-Type`` and the transport headers
    (:data:`TRANSPORT_HEADERS`, matched without regard to case). The sender
    applies this to all it sends (its session's headers included), the
    receiver to all it receives.
    """
    return {name: value for name, value in headers.items() if name.lower() not in TRANSPORT_HEADERS}


def signed_domain(host: str, protocol: str) -> str:
    """The domain that is signed, as a request's ``Host`` header carries ``host``.

    HTTP clients send the host in lower case and leave out the protocol's
    default port (80 for ``http``, 443 for ``https``), so the signed domain is
    normalised the same way: ``"LocalHost:80"`` over ``http`` gives
    ``"localhost"``. Both sides sign this form, whichever the client sent.

    >>> signed_domain("Task.DayanCloud.com:443", "https")
    'task.dayancloud.com'
    """
    name, colon, port = host.rpartition(":")
    if colon and "]" not in port and port == _DEFAULT_PORTS.get(protocol):
        host = name
    return host.lower()


def headers_body_sort(
    header: MappingType[str, Any], body: Optional[MappingType[str, Any]]
) -> "OrderedDict[str, Any]":
    """The flattened header and body pairs that are signed, sorted by key.

    ``signature`` and ``Content-Type`` are left out; a body key replaces a
    header of the same name. The inputs are not modified.
    """
    return OrderedDict(_sorted_pairs(header, body))


def _sorted_pairs(
    header: MappingType[str, Any], body: Optional[MappingType[str, Any]]
) -> List[Tuple[str, Any]]:
    merged = {key: value for key, value in header.items() if key not in UNSIGNED_HEADERS}
    merged.update(body or {})
    # The keys are unique, so the pairs sort by key alone.
    return sorted(formatted_headers(merged).items())


def generate_headers_body_str(
    domain_name: str,
    api_url: str,
    header: MappingType[str, Any],
    body: Optional[MappingType[str, Any]],
) -> str:
    """The string to sign for a POST of ``body`` to ``domain_name`` + ``api_url``.

    ``domain_name`` is the bare host (``task.dayancloud.com``, or
    ``127.0.0.1:8000`` with a port), ``api_url`` the path.
    """
    extra = SIGNED_ONLY_PAIRS.get(api_url)
    if extra:
        body = {**extra, **(body or {})}
    # A value is written as str() writes it; a str as it is.
    joined = "&".join(
        [
            f"{key}={value}" if isinstance(value, str) else f"{key}={value!s}"
            for key, value in _sorted_pairs(header, body)
        ]
    )
    return f"[POST]{domain_name}:{api_url}&{joined}"


def generate_signature(key: Union[str, bytes], msg: Union[str, bytes]) -> bytes:
    """Base64 of HMAC-SHA256 over ``msg`` keyed with ``key`` (UTF-8 for str).

    Returns ``bytes``, as 1.x did; the ``signature`` header carries it decoded
    to ASCII.
    """
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    msg_bytes = msg.encode("utf-8") if isinstance(msg, str) else msg
    return base64.b64encode(hmac.digest(key_bytes, msg_bytes, hashlib.sha256))


def sign(
    access_key: Union[str, bytes],
    domain_name: str,
    api_url: str,
    header: MappingType[str, Any],
    body: Optional[MappingType[str, Any]],
) -> str:
    """The ``signature`` header value for one request."""
    message = generate_headers_body_str(domain_name, api_url, header, body)
    return generate_signature(access_key, message).decode("ascii")


def hump2underline(name: str) -> str:
    """camelCase to snake_case: ``"myKeyName"`` gives ``"my_key_name"``."""
    return _HUMP_BOUNDARY.sub(r"\1_\2", name).lower()
