"""Checks of :class:`~dayan_api.connect.Connect`'s constructor arguments and headers.

Each check returns the value it accepts, unchanged, or raises an argument
error naming the parameter and what it accepts, before anything is sent.
"""

import collections.abc
import math
import re
from typing import Any, Dict, Tuple, Union

from dayan_api.exception import RayvisionArgumentError, RayvisionArgumentTypeError

Timeout = Union[None, float, Tuple[float, float]]

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

# A bare host name or IP address, or a bracketed IPv6 address, and a port:
# nothing that could send the request elsewhere ("user@host", "host#", "host?").
_DOMAIN = re.compile(r"(?P<host>[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?\Z")


def check_text(value: Any, parameter: str) -> str:
    if not isinstance(value, str):
        raise RayvisionArgumentTypeError(parameter, f"a non-empty str, got {type(value).__name__}")
    if not value.strip():
        raise RayvisionArgumentError(parameter, "a non-empty str, got a blank one")
    return value


def check_key(value: Any) -> str:
    # The value itself is a secret: the message names only its type, and the
    # value leaves this frame's locals before raising (tracebacks record them).
    if not isinstance(value, str) or not value:
        problem = f"a non-empty str, got {type(value).__name__}"
    # A lone surrogate cannot be encoded to sign with. Not caught from
    # encode(): its UnicodeEncodeError holds the key and would stay reachable.
    elif any("\ud800" <= char <= "\udfff" for char in value):
        problem = "must be valid Unicode (holds a lone surrogate)"
    else:
        return value
    del value
    raise RayvisionArgumentError("access_key", problem)


def check_protocol(value: Any) -> str:
    if not isinstance(value, str) or value not in ("https", "http"):
        raise RayvisionArgumentError("protocol", f"'https' or 'http', got {value!r}")
    return value


def check_domain(value: Any) -> str:
    domain = check_text(value, "domain")
    match = _DOMAIN.match(domain)
    host = "" if match is None else match.group("host")
    if host and not host.startswith("["):
        labels = host.split(".")
        if "" in labels or max(len(label) for label in labels) > 63 or len(host) > 253:
            raise RayvisionArgumentError(
                "domain",
                "a host name's labels (between the dots) must each hold 1 to 63 characters, "
                f"and the name at most 253, got {domain!r}",
            )
    if match is None or int(match.group("port") or 0) > 65535:
        raise RayvisionArgumentError(
            "domain",
            "a bare ASCII host name such as 'task.dayancloud.com', optionally with ':PORT' "
            "(no scheme, path, user name or spaces; an international name in its xn-- form), "
            f"got {domain!r}",
        )
    return domain


def check_timeout(value: Any) -> Timeout:
    if value is None:
        return None
    if isinstance(value, tuple) and len(value) == 2:
        return (
            check_seconds(value[0], "timeout", True),
            check_seconds(value[1], "timeout", True),
        )
    return check_seconds(value, "timeout", True)


def check_seconds(value: Any, parameter: str, positive: bool = False) -> float:
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


def check_count(value: Any, parameter: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RayvisionArgumentError(parameter, f"an int >= 0, got {value!r}")
    return value


def check_header_value(value: str, parameter: str) -> str:
    """``value`` if HTTP carries it unchanged in a header, else an argument error."""
    if not _FIELD_VALUE.match(value):
        raise RayvisionArgumentError(
            parameter,
            "a header value must be printable ASCII, without control characters (CR, LF) "
            f"or spaces at either end, got {value!r}",
        )
    return value


def check_header_field(name: str, value: str, parameter: str) -> None:
    if not _FIELD_NAME.match(name):
        raise RayvisionArgumentError(
            parameter,
            "a header name must be ASCII letters, digits or !#$%&'*+-.^_`|~ "
            f"(no spaces, no colon), got {name!r}",
        )
    check_header_value(value, f"{parameter}[{name!r}]")


def check_headers(headers: Any) -> Dict[str, str]:
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
        check_header_field(name, value, "headers")
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
