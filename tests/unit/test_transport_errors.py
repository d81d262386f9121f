"""The transport's typed errors: business errors, replies not the envelope, HTTP statuses."""

import json

import pytest
import responses

from dayan_api import Code
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
)

from .support import (
    NOT_RETRY_SAFE,
    RETRY_SAFE,
    TASK_INFO,
    USER_PROFILE,
    envelope,
    load_fixture,
    url,
)

# -- business errors ------------------------------------------------------------


@pytest.mark.parametrize("path, call, body", RETRY_SAFE + NOT_RETRY_SAFE)
def test_a_business_error_raises_after_one_request(api, rsps, path, call, body):
    rsps.add(
        responses.POST,
        url(path),
        json=envelope(None, code=100001, message="signature error", request_id="py6RCN-abc"),
    )
    with pytest.raises(RayvisionAPIError) as caught:
        call(api)
    error = caught.value
    assert len(rsps.calls) == 1  # never retried
    assert error.code == error.error_code == 100001
    assert error.message == error.error == "signature error"
    assert error.url == error.request == url(path)
    assert error.request_id == "py6RCN-abc"
    text = str(error)
    for part in ("100001", "signature error", url(path), "py6RCN-abc"):
        assert part in text
    assert isinstance(error, RayvisionError)
    assert api.connect._sleep.delays == []


def test_a_business_error_without_request_id(api, rsps):
    reply = {"code": 937, "message": "task not found"}
    rsps.add(responses.POST, url(TASK_INFO), json=reply)
    with pytest.raises(RayvisionAPIError) as caught:
        api.query.task_info([7])
    assert caught.value.request_id is None
    assert caught.value.code == 937 == Code.TASK_NOT_FOUND
    text = "[937 TASK_NOT_FOUND] task not found (url: {})".format(url(TASK_INFO))
    assert str(caught.value) == text


@pytest.mark.parametrize(
    "reply, data",
    [
        (load_fixture("submit_task.json"), None),
        ({"code": 200}, None),
        ({"code": 200, "data": 0}, 0),
        ({"code": 200, "data": [1, 2]}, [1, 2]),
        ({"code": 200, "data": "text"}, "text"),
    ],
)
def test_success_returns_data_alone(api, rsps, reply, data):
    rsps.add(responses.POST, url(USER_PROFILE), json=reply)
    assert api.user.query_user_profile() == data


# -- replies that are not the envelope ---------------------------------------------


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
        ("", "application/json"),
        ("   \n", "application/json"),
        ('{"data": {"userId": 1}, "message": "success"}', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('[{"code": 200}]', "application/json"),
        ('"success"', "application/json"),
        ("null", "application/json"),
        ("200", "application/json"),
        ('{"code": 200, "data": ', "application/json"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
    ],
    ids=[
        "html",
        "empty",
        "blank",
        "no-code",
        "list",
        "list-of-envelopes",
        "json-string",
        "json-null",
        "json-number",
        "truncated",
        "not-utf8",
    ],
)
def test_a_reply_that_is_not_the_envelope(api, rsps, body, content_type):
    rsps.add(responses.POST, url(USER_PROFILE), body=body, content_type=content_type)
    with pytest.raises(RayvisionError) as caught:
        api.user.query_user_profile()
    error = caught.value
    assert type(error) is RayvisionResponseError
    assert not isinstance(error, (json.JSONDecodeError, KeyError, ValueError, TypeError))
    assert error.url == url(USER_PROFILE)
    assert url(USER_PROFILE) in str(error)
    assert len(rsps.calls) == 1


# -- HTTP errors -----------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_status_raises_http_error(make_api, rsps, status):
    api = make_api(max_retries=0)
    rsps.add(responses.POST, url(USER_PROFILE), body="<html>gateway</html>", status=status)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == caught.value.error_code == status
    assert caught.value.url == url(USER_PROFILE)
    assert "gateway" in caught.value.body
    assert str(status) in str(caught.value)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 301])
def test_other_statuses_raise_at_once(api, rsps, status):
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({"a": 1}), status=status)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == status
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_an_http_error_body_is_cut_short(api, rsps):
    rsps.add(responses.POST, url(USER_PROFILE), body="x" * 5000, status=404)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert len(caught.value.body) < 400
    assert len(str(caught.value)) < 600
