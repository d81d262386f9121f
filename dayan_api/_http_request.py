"""Preparing a request: its endpoint, its JSON body, and the headers it will carry."""

import collections.abc
import json
from typing import Any, Callable, Dict, Mapping, Optional, Union
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from dayan_api import _validate
from dayan_api._connect_args import check_header_field
from dayan_api._http_reply import (
    RetryableFailure,
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
    if data is None:
        return {}
    if not isinstance(data, collections.abc.Mapping):
        raise RayvisionArgumentTypeError(
            "data", f"a dict (the JSON body), got {type(data).__name__}"
        )
    return data


def encode_body(body: Mapping[str, Any]) -> bytes:
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
