"""The transport: typed errors for each way a reply can fail, and safe retries."""

import enum
import itertools
import json

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError

from dayan_api import Code, endpoints, signature
from dayan_api.connect import Connect
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
)

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    SIGNED_HEADERS,
    check_request,
    envelope,
    hmac_b64,
    load_fixture,
    request_body,
    string_to_sign,
    url,
)

PROFILE = "/api/render/setUp/queryUserProfile"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"
CREATE_TASK = "/api/render/task/createTask"
SUBMIT = "/api/rendering/task/plugin/pluginSubmitTask"
RECOMMIT_FAIL = "/api/rendering/task/renderingTask/recommitFailFrame"
RECOMMIT_FRAME = "/api/rendering/task/renderingTask/recommitTaskFrame"
ADD_LABEL = "/api/render/project/add"
ADD_TASK_LABEL = "/api/render/handle/addTaskLabel"
ADD_ENV = "/api/render/plugin/addUserPluginConfig"
DELETE_LABEL = "/api/render/project/delete"
SET_DEFAULT_ENV = "/api/render/plugin/setDefaultUserPluginConfig"
ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "e",
    "renderSystem": 1,
    "pluginIds": [],
}

# Calls that must never be sent twice once the service may have acted.
NOT_RETRY_SAFE = [
    pytest.param(
        CREATE_TASK,
        lambda a: a.task.create_task(),
        {"count": 1, "taskUserLevel": 50},
        id="createTask",
    ),
    pytest.param(SUBMIT, lambda a: a.task.submit_task(7), {"taskId": 7}, id="pluginSubmitTask"),
    pytest.param(
        RECOMMIT_FAIL,
        lambda a: a.query.restart_failed_frames([7]),
        {"taskIds": [7]},
        id="recommitFailFrame",
    ),
    pytest.param(
        RECOMMIT_FRAME,
        lambda a: a.query.restart_frame(7),
        {"taskId": 7, "selectAll": 1},
        id="recommitTaskFrame",
    ),
    pytest.param(
        ADD_LABEL,
        lambda a: a.tag.add_label("p"),
        {"newName": "p", "status": 1},
        id="project/add",
    ),
    pytest.param(
        ADD_TASK_LABEL,
        lambda a: a.tag.add_task_tag("t", [7]),
        {"label": "t", "taskIds": [7]},
        id="addTaskLabel",
    ),
    pytest.param(ADD_ENV, lambda a: a.env.add_render_env(ENV), ENV, id="addUserPluginConfig"),
]
RETRY_SAFE = [
    pytest.param(
        DELETE_LABEL, lambda a: a.tag.delete_label("p"), {"delName": "p"}, id="project/delete"
    ),
    pytest.param(
        SET_DEFAULT_ENV,
        lambda a: a.env.set_default_render_env("e"),
        {"editName": "e"},
        id="setDefaultUserPluginConfig",
    ),
    pytest.param(PROFILE, lambda a: a.user.query_user_profile(), {}, id="queryUserProfile"),
    pytest.param(TASK_INFO, lambda a: a.query.task_info([7]), {"taskIds": [7]}, id="queryTaskInfo"),
    pytest.param(
        "/api/rendering/task/renderingTask/stopTask",
        lambda a: a.task.stop_task([7]),
        {"taskIds": [7]},
        id="stopTask",
    ),
]


def refused():
    """What requests raises when the TCP connection cannot be opened."""
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/x", reason=reason))


def test_the_not_retry_safe_table_matches_the_endpoint_flags():
    unsafe = {endpoint.path for endpoint in endpoints.ALL if not endpoint.retry_safe}
    assert unsafe == {
        CREATE_TASK,
        SUBMIT,
        RECOMMIT_FAIL,
        RECOMMIT_FRAME,
        ADD_LABEL,
        ADD_TASK_LABEL,
        ADD_ENV,
    }


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
    rsps.add(responses.POST, url(PROFILE), json=reply)
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
    rsps.add(responses.POST, url(PROFILE), body=body, content_type=content_type)
    with pytest.raises(RayvisionError) as caught:
        api.user.query_user_profile()
    error = caught.value
    assert type(error) is RayvisionResponseError
    assert not isinstance(error, (json.JSONDecodeError, KeyError, ValueError, TypeError))
    assert error.url == url(PROFILE)
    assert url(PROFILE) in str(error)
    assert len(rsps.calls) == 1


# -- HTTP errors -----------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_status_raises_http_error(make_api, rsps, status):
    api = make_api(max_retries=0)
    rsps.add(responses.POST, url(PROFILE), body="<html>gateway</html>", status=status)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == caught.value.error_code == status
    assert caught.value.url == url(PROFILE)
    assert "gateway" in caught.value.body
    assert str(status) in str(caught.value)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 301])
def test_other_statuses_raise_at_once(api, rsps, status):
    rsps.add(responses.POST, url(PROFILE), json=envelope({"a": 1}), status=status)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == status
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_an_http_error_body_is_cut_short(api, rsps):
    rsps.add(responses.POST, url(PROFILE), body="x" * 5000, status=404)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert len(caught.value.body) < 400
    assert len(str(caught.value)) < 600


# -- retries ---------------------------------------------------------------------


@pytest.mark.parametrize("path, call, body", RETRY_SAFE)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_retry_safe_call_is_retried_on_5xx_then_succeeds(api, rsps, status, path, call, body):
    rsps.add(responses.POST, url(path), body="busy", status=status)
    rsps.add(responses.POST, url(path), json=envelope({"ok": 1}))

    assert call(api) == {"ok": 1}

    assert len(rsps.calls) == 2
    for sent in rsps.calls:
        check_request(sent, path, body)
    assert len(api.connect._sleep.delays) == 1


def test_retries_stop_after_max_retries(make_api, rsps):
    api = make_api(max_retries=3)
    rsps.add(responses.POST, url(PROFILE), body="busy", status=503)
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 4
    assert len(api.connect._sleep.delays) == 3


def test_default_is_two_retries(api, rsps):
    rsps.add(responses.POST, url(PROFILE), body="busy", status=503)
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 3


@pytest.mark.parametrize("status", [503, 429])
def test_max_retries_zero_disables_retries(make_api, rsps, status):
    api = make_api(max_retries=0)
    rsps.add(responses.POST, url(PROFILE), status=status, headers={"Retry-After": "1"})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


@pytest.mark.parametrize("path, call, body", NOT_RETRY_SAFE)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_call_that_must_not_repeat_is_not_retried_on_5xx(api, rsps, status, path, call, body):
    rsps.add(responses.POST, url(path), body="busy", status=status)
    rsps.add(responses.POST, url(path), json=envelope({"taskIdList": [1]}))
    with pytest.raises(RayvisionHTTPError) as caught:
        call(api)
    assert caught.value.status_code == status
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


@pytest.mark.parametrize("path, call, body", NOT_RETRY_SAFE)
def test_a_call_that_must_not_repeat_is_not_retried_on_a_read_timeout(api, rsps, path, call, body):
    rsps.add(responses.POST, url(path), body=requests.exceptions.ReadTimeout("read timed out"))
    rsps.add(responses.POST, url(path), json=envelope({"taskIdList": [1]}))
    with pytest.raises(RayvisionTimeoutError) as caught:
        call(api)
    assert isinstance(caught.value, RayvisionConnectionError)
    assert caught.value.url == url(path)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("path, call, body", NOT_RETRY_SAFE)
def test_a_call_that_must_not_repeat_is_not_retried_on_a_broken_connection(
    api, rsps, path, call, body
):
    # A ConnectionError that is not a refused connection: the request may have
    # reached the service (connection reset mid-reply, say).
    broken = requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected")
    rsps.add(responses.POST, url(path), body=broken)
    rsps.add(responses.POST, url(path), json=envelope({"taskIdList": [1]}))
    with pytest.raises(RayvisionConnectionError) as caught:
        call(api)
    assert type(caught.value) is RayvisionConnectionError
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("path, call, body", RETRY_SAFE)
def test_a_retry_safe_call_is_retried_on_a_read_timeout_and_a_broken_connection(
    api, rsps, path, call, body
):
    rsps.add(responses.POST, url(path), body=requests.exceptions.ReadTimeout("read timed out"))
    rsps.add(responses.POST, url(path), body=requests.exceptions.ConnectionError("reset"))
    rsps.add(responses.POST, url(path), json=envelope([1]))
    assert call(api) == [1]
    assert len(rsps.calls) == 3


def test_read_timeouts_raise_timeout_error_after_the_retries(api, rsps):
    rsps.add(responses.POST, url(PROFILE), body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(RayvisionTimeoutError) as caught:
        api.user.query_user_profile()
    assert len(rsps.calls) == 3
    assert url(PROFILE) in str(caught.value)


@pytest.mark.parametrize("path, call, body", RETRY_SAFE + NOT_RETRY_SAFE)
def test_a_connect_timeout_is_retried_for_every_call(api, rsps, path, call, body):
    # Nothing was sent: even a createTask may be tried again.
    rsps.add(
        responses.POST, url(path), body=requests.exceptions.ConnectTimeout("connect timed out")
    )
    rsps.add(responses.POST, url(path), json=envelope({"ok": True}))
    assert call(api) == {"ok": True}
    assert len(rsps.calls) == 2
    for sent in rsps.calls:
        check_request(sent, path, body)


def test_connect_timeouts_raise_timeout_error_after_the_retries(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), body=requests.exceptions.ConnectTimeout("slow"))
    with pytest.raises(RayvisionTimeoutError):
        api.task.create_task()
    assert len(rsps.calls) == 3


@pytest.mark.parametrize("path, call, body", RETRY_SAFE + NOT_RETRY_SAFE)
def test_a_refused_connection_is_retried_for_every_call(api, rsps, path, call, body):
    rsps.add(responses.POST, url(path), body=refused())
    rsps.add(responses.POST, url(path), body=refused())
    rsps.add(responses.POST, url(path), json=envelope({"ok": True}))
    assert call(api) == {"ok": True}
    assert len(rsps.calls) == 3
    for sent in rsps.calls:
        check_request(sent, path, body)


def test_a_refused_connection_raises_connection_error_after_the_retries(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), body=refused())
    with pytest.raises(RayvisionConnectionError) as caught:
        api.task.create_task()
    assert type(caught.value) is RayvisionConnectionError
    assert "could not connect" in str(caught.value)
    assert caught.value.url == url(CREATE_TASK)
    assert len(rsps.calls) == 3
    assert len(api.connect._sleep.delays) == 2


@pytest.mark.parametrize("path, call, body", RETRY_SAFE + NOT_RETRY_SAFE)
def test_429_is_retried_for_every_call_and_honours_retry_after(api, rsps, path, call, body):
    rsps.add(responses.POST, url(path), status=429, headers={"Retry-After": "7"})
    rsps.add(responses.POST, url(path), status=429, headers={"Retry-After": "0"})
    rsps.add(responses.POST, url(path), json=envelope({"ok": 1}))
    assert call(api) == {"ok": 1}
    assert len(rsps.calls) == 3
    assert api.connect._sleep.delays == [7.0, 0.0]


def test_retry_after_of_sixty_seconds_is_waited_for(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), status=429, headers={"Retry-After": "60"})
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [1]}))
    assert api.task.create_task() == {"taskIdList": [1]}
    assert api.connect._sleep.delays == [60.0]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_over_sixty_seconds_is_not_waited_for(api, rsps, status):
    rsps.add(responses.POST, url(PROFILE), status=status, headers={"Retry-After": "61"})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == status
    assert caught.value.retry_after == 61.0
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_retry_after_on_a_503_is_honoured_for_a_retry_safe_call(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=503, headers={"Retry-After": "2.5"})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    assert api.user.query_user_profile() == {}
    assert api.connect._sleep.delays == [2.5]


def test_a_429_without_retry_after_backs_off(make_api, rsps):
    api = make_api(backoff=1.0, max_retries=3)
    for _ in range(3):
        rsps.add(responses.POST, url(CREATE_TASK), status=429)
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [1]}))
    api.task.create_task()
    first, second, third = api.connect._sleep.delays
    # doubled each time, with jitter between half and all of it
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0
    assert 2.0 <= third <= 4.0


def test_backoff_is_capped(make_api, rsps):
    api = make_api(backoff=5.0, max_retries=4)
    rsps.add(responses.POST, url(PROFILE), status=503)
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(api.connect._sleep.delays) == 4
    assert all(delay <= 8.0 for delay in api.connect._sleep.delays)
    assert max(api.connect._sleep.delays) >= 4.0  # 5, 10 -> 8, 20 -> 8 ... with jitter


def test_every_attempt_is_signed_afresh(api, rsps, monkeypatch):
    nonces = iter(["111111", "222222", "333333"])
    timestamps = itertools.count(1700000000)
    monkeypatch.setattr(signature, "generate_nonce", lambda: next(nonces))
    monkeypatch.setattr(signature, "generate_timestamp", lambda: str(next(timestamps)))
    rsps.add(responses.POST, url(TASK_INFO), status=503)
    rsps.add(responses.POST, url(TASK_INFO), body=refused())
    rsps.add(responses.POST, url(TASK_INFO), json=envelope({"items": []}))

    assert api.query.task_info([7]) == {"items": []}

    sent = [call.request.headers for call in rsps.calls]
    assert [h["nonce"] for h in sent] == ["111111", "222222", "333333"]
    assert [h["UTCTimestamp"] for h in sent] == ["1700000000", "1700000001", "1700000002"]
    assert len({h["signature"] for h in sent}) == 3
    for call in rsps.calls:
        # (check_request wants a timestamp near now; these are made up.)
        assert call.request.headers["signature"] == _sign_as_sent(call)


def _sign_as_sent(call):
    signed = {name: call.request.headers[name] for name in SIGNED_HEADERS}
    return hmac_b64(
        ACCESS_KEY, string_to_sign("task.dayancloud.com", TASK_INFO, signed, request_body(call))
    )


def test_retried_attempts_carry_fresh_valid_nonces(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=502)
    rsps.add(responses.POST, url(PROFILE), status=502)
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    for call in rsps.calls:
        check_request(call, PROFILE, {})


def test_a_request_exception_of_another_kind_is_a_connection_error(api, rsps):
    rsps.add(responses.POST, url(PROFILE), body=requests.exceptions.TooManyRedirects("loop"))
    with pytest.raises(RayvisionConnectionError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 1


# -- Connect on its own --------------------------------------------------------------


def test_connect_can_be_used_alone(rsps):
    connect = Connect(ACCESS_ID, ACCESS_KEY, "http", "127.0.0.1:8000", "54")
    try:
        rsps.add(responses.POST, "http://127.0.0.1:8000" + PROFILE, json=envelope({"userId": 1}))
        assert connect.post(PROFILE) == {"userId": 1}
        assert connect.domain == "127.0.0.1:8000" and connect.platform == "54"
        call = rsps.calls[0]
        assert call.request.url == "http://127.0.0.1:8000" + PROFILE
        signed = {name: call.request.headers[name] for name in SIGNED_HEADERS}
        assert call.request.headers["signature"] == hmac_b64(
            ACCESS_KEY, string_to_sign("127.0.0.1:8000", PROFILE, signed, {})
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
        api.connect.post(PROFILE, data)
    assert "data" in str(caught.value)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("data", [{"a": {1, 2}}, {"a": float("nan")}, {"a": object()}])
def test_connect_post_refuses_a_body_that_is_not_json(api, rsps, data):
    with pytest.raises(RayvisionError) as caught:
        api.connect.post(PROFILE, data)
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


def test_a_tls_failure_is_not_retried(api, rsps):
    # A certificate does not mend itself: raised at once, even for a read.
    rsps.add(
        responses.POST,
        url(PROFILE),
        body=requests.exceptions.SSLError("certificate verify failed"),
    )
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    with pytest.raises(RayvisionConnectionError) as caught:
        api.user.query_user_profile()
    assert type(caught.value) is RayvisionConnectionError
    assert "TLS" in str(caught.value)
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


class Path(str, enum.Enum):
    PROFILE = PROFILE
    UNKNOWN = "/api/render/not/in/the/table"


def test_a_str_enum_path_is_sent_and_signed_as_its_value(api, rsps):
    # On Python 3.11+ format() of a str-based Enum gives "Path.PROFILE".
    rsps.add(responses.POST, url(PROFILE), status=503)
    rsps.add(responses.POST, url(PROFILE), json=envelope({"userId": 1}))
    assert api.connect.post(Path.PROFILE) == {"userId": 1}
    assert len(rsps.calls) == 2  # found in the table: retry-safe
    for call in rsps.calls:
        check_request(call, PROFILE, {})


def test_a_str_enum_path_outside_the_table(api, rsps):
    rsps.add(responses.POST, url(Path.UNKNOWN.value), status=503)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.connect.post(Path.UNKNOWN, {"a": 1})
    assert caught.value.url == url("/api/render/not/in/the/table")
    assert len(rsps.calls) == 1
