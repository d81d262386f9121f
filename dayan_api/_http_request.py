"""Preparing a request: its endpoint, its JSON body, and the headers it will carry."""

import collections.abc
import json
import threading
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Tuple, Union
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from dayan_api import _validate, signature
from dayan_api._connect_args import check_header_field
from dayan_api._http_adapter import BoundedAdapter
from dayan_api._http_reply import (
    REDIRECT_HOOKS,
    RetryableFailure,
    case_insensitive_store,
    failure_reason,
    is_connect_failure,
    is_read_timeout,
)
from dayan_api.endpoints import BY_PATH, Endpoint
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
    RayvisionTimeoutError,
)


def endpoint_for(api_url: Union[str, Endpoint]) -> Endpoint:
    if isinstance(api_url, Endpoint):
        return api_url
    if not isinstance(api_url, str) or not api_url.startswith("/"):
        raise RayvisionArgumentError("api_url", f"a path starting with '/', got {api_url!r}")
    # The plain text of a str subclass: a str-based Enum member formats as
    # "Class.MEMBER" on Python 3.11+, the flaw that broke 1.x's URLs.
    path = str.__str__(api_url)
    # A path outside the table is never retried once it may have been sent.
    return BY_PATH.get(path) or Endpoint(path, False)


def check_body(data: Any) -> Mapping[str, Any]:
    if type(data) is dict:  # most are: no test against the Mapping ABC
        return data
    if data is None:
        return {}
    if not isinstance(data, collections.abc.Mapping):
        raise RayvisionArgumentTypeError(
            "data", f"a dict (the JSON body), got {type(data).__name__}"
        )
    return data


# Compact JSON, as any Unicode: made once (json.dumps with options makes an
# encoder per call); it keeps no state between calls.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
# And read back as json.loads reads it: the text is one compact value made
# above, so the scanner that json.loads runs reads it whole, without the
# layers around it (as json.loads, one shared scanner for every thread).
_JSON_DECODER: Any = json.JSONDecoder()


def encode_body(body: Mapping[str, Any]) -> Tuple[Any, bytes]:
    """The body as the receiver reads it, and the bytes sent.

    What is signed is the JSON sent, parsed back: no Python type (an Enum, a
    dict key True or None) can then make the signed text differ from the text
    sent.
    """
    # Control characters in strings go out escaped (\\n, \\u0000): json escapes
    # them even with ensure_ascii=False.
    try:
        text = _JSON_ENCODER.encode(body)
    except TypeError as error:
        raise RayvisionArgumentTypeError("data", f"must be JSON-serialisable: {error}") from None
    except ValueError as error:
        raise RayvisionArgumentError("data", f"must be valid JSON: {error}") from None
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RayvisionArgumentError("data", _validate.not_unicode_message(text, error)) from None
    return _JSON_DECODER.scan_once(text, 0)[0], payload


def sent_headers(session_headers: "Mapping[str, Any]", headers: Dict[str, str]) -> Dict[str, str]:
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
        check_header_field(name, value, parameter)
        sent[name] = value
    return sent


# What requests offers when nobody chose: "br" and "zstd" too where their
# packages are installed, encodings the SDK cannot decode with a bound.
_REQUESTS_DEFAULT_ENCODING = requests.utils.default_headers()["Accept-Encoding"]


def accept_encoding(
    session_headers: "Mapping[str, Any]", headers: Dict[str, str], offered: str
) -> Dict[str, str]:
    """``headers`` asking for the ``offered`` encodings, unless the caller chose some.

    A choice is an ``Accept-Encoding`` in ``headers`` or one set on the
    session other than requests' default; it is kept as it is.
    """
    if any(name.lower() == "accept-encoding" for name in headers):
        return headers
    chosen = CaseInsensitiveDict(session_headers).get("Accept-Encoding")
    if chosen is not None and chosen != _REQUESTS_DEFAULT_ENCODING:
        return headers
    return {**headers, "Accept-Encoding": offered}


def header_items(headers: "Mapping[str, Any]") -> List[Tuple[str, Any]]:
    """``list(headers.items())``: the names as spelt, and the values.

    A session's ``CaseInsensitiveDict`` keeps exactly these pairs, in this
    order, in its store; read there, they cost a tenth of going through its
    mapping methods, once per call. Any other mapping is read through them.
    """
    store = case_insensitive_store(headers)
    if store is not None:
        return list(store.values())
    return list(headers.items())


# The headers whose values change with every request; the others are the
# same for every request until someone changes the headers.
TIMESTAMP = "UTCTimestamp"
NONCE = "nonce"
SIGNATURE = "signature"


class HeaderPlan:
    """The headers of every request, checked once, for as long as they do not change.

    What a request carries depends on the client's ``headers`` and the
    session's, which the caller may change at any time (both are public,
    mutable mappings): whether they are still what the plan was made from
    is told by comparing them, names and values, with the copies it keeps
    (``headers_items``, ``session_items``). Only the timestamp, the nonce
    and the signature differ from one request to the next; their checks
    cannot fail (digits, Base64).
    """

    __slots__ = ("headers_items", "session_items", "request", "signed", "ask_encoding")

    def __init__(
        self,
        headers_items: List[Tuple[str, str]],
        session_items: List[Tuple[str, Any]],
        offered_encoding: str,
    ) -> None:
        self.headers_items = headers_items
        self.session_items = session_items
        # The request's own headers, with the per-request values to be filled
        # in (set in the same place that signing a request sets them).
        request = dict(headers_items)
        request[TIMESTAMP] = ""
        request[NONCE] = ""
        session_headers = CaseInsensitiveDict(session_items)
        sent = sent_headers(session_headers, request)
        self.request = request
        # What is signed of it, as "key=value" texts, the per-request values
        # still to be filled in.
        self.signed = signature._header_texts(signature.signed_header_subset(sent))
        self.ask_encoding = (
            accept_encoding(session_headers, request, offered_encoding) is not request
        )


class Nonces:
    """Random nonces, none repeated within one timestamp; safe to share between threads.

    Two requests with the same body, timestamp and nonce are the same
    request, which a receiver may refuse as a replay; a client polling one
    path hundreds of times a second would otherwise draw the same 6-digit
    nonce now and then.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: Tuple[str, Set[str]] = ("", set())  # (timestamp, nonces sent with it)

    def fresh(self, timestamp: str) -> str:
        """A random nonce not given out with ``timestamp`` yet.

        A few draws at most, so that a broken generator shows as repeated
        nonces rather than a hang.
        """
        with self._lock:
            second, used = self._sent
            if second != timestamp:
                used = set()
                self._sent = (timestamp, used)
            nonce = signature.generate_nonce()
            for _ in range(8):
                if nonce not in used:
                    break
                nonce = signature.generate_nonce()
            used.add(nonce)
            return nonce


def same_host_path(path: Any, base_url: str) -> str:
    """``path`` if it names a resource on the host of ``base_url``, else an error.

    A path starts with one ``/``; it holds no scheme, no host, no backslash
    (some servers read one as ``/``), no whitespace or control characters.
    """
    accepts = "a path on the configured host, starting with '/'"
    if not isinstance(path, str):
        raise RayvisionArgumentTypeError("path", f"{accepts}, got {type(path).__name__}")
    shown = path[:200]
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or any(char.isspace() or not char.isprintable() for char in path)
    ):
        raise RayvisionArgumentError("path", f"{accepts}, got {shown!r}")
    parts = urlsplit(base_url + path)
    if parts.netloc != urlsplit(base_url).netloc or urlsplit(path).netloc:
        raise RayvisionArgumentError("path", f"{accepts}, got {shown!r}")
    return path


def send_request(
    session: requests.Session,
    method: str,
    url: str,
    headers: Dict[str, str],
    payload: Optional[bytes],
    timeout: Any,
) -> requests.Response:
    """Send one request (``"POST"`` or ``"GET"``); the response's body is not read yet.

    A failure on the way is raised as the SDK's error, wrapped in a
    :class:`RetryableFailure` where another attempt may succeed.
    """
    # Not a conditional expression: the mypy that checks Python 3.7 joins its
    # two methods into an uncallable type.
    send: Callable[..., requests.Response]
    if method == "POST":
        send = session.post
    else:
        send = session.get
    try:
        # A redirect's body is read, bounded, by the client's own adapter as
        # it builds the response; through any other, by a response hook.
        hooks = None if isinstance(session.get_adapter(url), BoundedAdapter) else REDIRECT_HOOKS
        # Redirects are never followed, whatever the session says: a request
        # goes to the configured service and nowhere else. The body is
        # streamed so that its read can be bounded.
        return send(
            url,
            data=payload,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
            hooks=hooks,
        )
    except requests.exceptions.ConnectTimeout as error:
        raise RetryableFailure(
            RayvisionTimeoutError("timed out connecting", url), False, None
        ) from error
    except requests.exceptions.Timeout as error:
        raise RetryableFailure(
            RayvisionTimeoutError("timed out waiting for the reply", url), True, None
        ) from error
    except requests.exceptions.SSLError as error:
        # A certificate or TLS failure does not mend itself: never retried.
        raise RayvisionConnectionError(f"TLS failure: {failure_reason(error)}", url) from error
    except requests.exceptions.ConnectionError as error:
        if is_read_timeout(error):  # a read timeout, reported as a broken connection
            raise RetryableFailure(
                RayvisionTimeoutError("timed out waiting for the reply", url), True, None
            ) from error
        opened = not is_connect_failure(error)
        message = "connection broken" if opened else "could not connect"
        raise RetryableFailure(
            RayvisionConnectionError(f"{message}: {failure_reason(error)}", url), opened, None
        ) from error
    except requests.exceptions.RequestException as error:
        raise RayvisionConnectionError(f"request failed: {failure_reason(error)}", url) from error
