"""A ``Connect`` used on its own, and the paths and bodies ``Connect.post`` takes or refuses."""

import enum

import pytest
import responses

from dayan_api.connect import Connect
from dayan_api.exception import (
    RayvisionError,
    RayvisionHTTPError,
)

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    SIGNED_HEADERS,
    USER_PROFILE,
    check_request,
    envelope,
    hmac_b64,
    string_to_sign,
    url,
)

# -- Connect on its own --------------------------------------------------------------


def test_connect_can_be_used_alone(rsps):
    connect = Connect(ACCESS_ID, ACCESS_KEY, "http", "127.0.0.1:8000", "54")
    try:
        rsps.add(
            responses.POST, "http://127.0.0.1:8000" + USER_PROFILE, json=envelope({"userId": 1})
        )
        assert connect.post(USER_PROFILE) == {"userId": 1}
        assert connect.domain == "127.0.0.1:8000" and connect.platform == "54"
        call = rsps.calls[0]
        assert call.request.url == "http://127.0.0.1:8000" + USER_PROFILE
        signed = {name: call.request.headers[name] for name in SIGNED_HEADERS}
        assert call.request.headers["signature"] == hmac_b64(
            ACCESS_KEY, string_to_sign("127.0.0.1:8000", USER_PROFILE, signed, {})
        )
    finally:
        connect.close()


def test_connect_base_headers(rsps):
    connect = Connect(
        ACCESS_ID, ACCESS_KEY, "https", "task.dayancloud.com", "54", headers={"version": "2.1.0"}
    )
    try:
        assert connect.headers == {
            "accessId": ACCESS_ID,
            "channel": "4",
            "platform": "54",
            "UTCTimestamp": "",
            "nonce": "",
            "signature": "",
            "version": "2.1.0",
            "Content-Type": "application/json",
        }
    finally:
        connect.close()


@pytest.mark.parametrize("data", ["{}", [("a", 1)], 5])
def test_connect_post_refuses_a_body_that_is_not_a_dict(api, rsps, data):
    with pytest.raises(TypeError) as caught:
        api.connect.post(USER_PROFILE, data)
    assert "data" in str(caught.value)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("data", [{"a": {1, 2}}, {"a": float("nan")}, {"a": object()}])
def test_connect_post_refuses_a_body_that_is_not_json(api, rsps, data):
    with pytest.raises(RayvisionError) as caught:
        api.connect.post(USER_PROFILE, data)
    assert "data" in str(caught.value)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("path", ["api/render/x", "https://task.dayancloud.com/api", "", None])
def test_connect_post_refuses_a_bad_path(api, rsps, path):
    with pytest.raises(RayvisionError) as caught:
        api.connect.post(path, {})
    assert "api_url" in str(caught.value)
    assert len(rsps.calls) == 0


def test_a_path_outside_the_table_is_not_retried_once_sent(api, rsps):
    rsps.add(responses.POST, url("/api/new/thing"), status=503)
    with pytest.raises(RayvisionHTTPError):
        api.connect.post("/api/new/thing", {"a": 1})
    assert len(rsps.calls) == 1


class Path(str, enum.Enum):
    PROFILE = USER_PROFILE
    UNKNOWN = "/api/render/not/in/the/table"


def test_a_str_enum_path_is_sent_and_signed_as_its_value(api, rsps):
    # On Python 3.11+ format() of a str-based Enum gives "Path.PROFILE".
    rsps.add(responses.POST, url(USER_PROFILE), status=503)
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({"userId": 1}))
    assert api.connect.post(Path.PROFILE) == {"userId": 1}
    assert len(rsps.calls) == 2  # found in the table: retry-safe
    for call in rsps.calls:
        check_request(call, USER_PROFILE, {})


def test_a_str_enum_path_outside_the_table(api, rsps):
    rsps.add(responses.POST, url(Path.UNKNOWN.value), status=503)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.connect.post(Path.UNKNOWN, {"a": 1})
    assert caught.value.url == url("/api/render/not/in/the/table")
    assert len(rsps.calls) == 1
