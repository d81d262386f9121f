"""A signed request goes to the configured service and nowhere else; replies are read warily.

Redirects are refused, a reply's size is bounded, a reply that says it is not
JSON is not parsed, and control characters can neither inject headers nor
forge log lines.
"""

import io
import json
import socket

import pytest
import requests
import responses

from dayan_api import RayvisionAPI, connect
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionConnectionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
)

from .support import ACCESS_ID, ACCESS_KEY, SleepRecorder, check_request, envelope, url

PROFILE = "/api/render/setUp/queryUserProfile"
CREATE_TASK = "/api/render/task/createTask"
ELSEWHERE = "https://collector.example.net/api/render/setUp/queryUserProfile"

REDIRECTS = [301, 302, 303, 307, 308]


def add_elsewhere(rsps):
    """Replies for the host a redirect points at, so that following it would succeed."""
    for method in (responses.GET, responses.POST):
        rsps.add(method, ELSEWHERE, json=envelope({"userId": "from elsewhere"}))


# -- redirects ---------------------------------------------------------------------


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirect_is_refused_not_followed_nor_retried(api, rsps, status):
    rsps.add(responses.POST, url(PROFILE), status=status, headers={"Location": ELSEWHERE})
    add_elsewhere(rsps)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()  # retry-safe: still not retried
    error = caught.value
    assert error.status_code == error.error_code == status
    assert error.location == ELSEWHERE
    assert error.url == url(PROFILE)
    text = str(error)
    assert str(status) in text and ELSEWHERE in text and "not followed" in text
    assert [call.request.url for call in rsps.calls] == [url(PROFILE)]
    assert api.connect._sleep.delays == []


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirect_of_a_call_that_must_not_repeat_is_refused(api, rsps, status):
    target = "https://task.dayancloud.com/api/render/task/createTaskAgain"
    rsps.add(responses.POST, url(CREATE_TASK), status=status, headers={"Location": target})
    rsps.add(responses.POST, target, json=envelope({"taskIdList": [1]}))
    with pytest.raises(RayvisionHTTPError) as caught:
        api.task.create_task()
    assert caught.value.location == target  # same host, another path: refused too
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_user_session_does_not_make_redirects_followed(make_api, rsps, status):
    session = requests.Session()
    session.max_redirects = 50
    api = make_api(session=session)
    rsps.add(responses.POST, url(PROFILE), status=status, headers={"Location": ELSEWHERE})
    add_elsewhere(rsps)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.location == ELSEWHERE
    assert len(rsps.calls) == 1
    session.close()


def test_a_relative_redirect_is_refused(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=307, headers={"Location": "/login?next=/"})
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.location == "/login?next=/"
    assert len(rsps.calls) == 1


def test_a_redirect_without_location(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=302, body="moved")
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.location is None
    assert "no Location" in str(caught.value)


def test_a_long_location_is_cut_short_in_the_message(api, rsps):
    target = "https://collector.example.net/" + "a" * 5000
    rsps.add(responses.POST, url(PROFILE), status=307, headers={"Location": target})
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.location == target
    assert len(str(caught.value)) < 800


# -- a bounded read of the reply ------------------------------------------------------


class _Endless(io.RawIOBase):
    """A reply body that never ends (a broken gateway); counts what was read."""

    def __init__(self, fill=b"x"):
        self.fill = fill
        self.served = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        size = len(buffer)
        buffer[:size] = self.fill * size
        self.served += size
        return size


class _FailsAfter(io.RawIOBase):
    """A reply body whose connection fails after ``data`` was read."""

    def __init__(self, data, error):
        self.data = data
        self.error = error

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self.data:
            raise self.error
        size = min(len(buffer), len(self.data))
        buffer[:size] = self.data[:size]
        self.data = self.data[size:]
        return size


def test_an_endless_reply_is_cut_off_at_the_limit(api, rsps, monkeypatch):
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 100_000)
    raw = _Endless()
    rsps.add(
        responses.POST,
        url(PROFILE),
        body=io.BufferedReader(raw),
        content_type="application/json",
    )
    with pytest.raises(RayvisionResponseError) as caught:
        api.user.query_user_profile()
    assert "larger than 100000 bytes" in str(caught.value)
    assert raw.served < 100_000 + 64 * 1024  # stopped at the limit, not at the end
    assert len(rsps.calls) == 1  # not retried: the service may have acted


def test_a_declared_length_over_the_limit_is_not_read(api, rsps, monkeypatch):
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 1000)
    raw = _Endless()
    rsps.add(
        responses.POST,
        url(PROFILE),
        body=io.BufferedReader(raw),
        content_type="application/json",
        headers={"Content-Length": str(10 * 1024**3)},
    )
    with pytest.raises(RayvisionResponseError, match="larger than 1000 bytes"):
        api.user.query_user_profile()
    assert raw.served == 0


def test_a_reply_at_the_limit_is_read(api, rsps, monkeypatch):
    reply = json.dumps(envelope({"pad": "p" * 500})).encode()
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", len(reply))
    rsps.add(responses.POST, url(PROFILE), body=reply, content_type="application/json")
    assert api.user.query_user_profile() == {"pad": "p" * 500}


def test_a_huge_error_page_is_not_held_in_memory(make_api, rsps):
    api = make_api(max_retries=0)
    raw = _Endless(b"<")
    rsps.add(
        responses.POST,
        url(PROFILE),
        status=502,
        body=io.BufferedReader(raw),
    )
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == 502
    assert caught.value.body.endswith("...")
    assert raw.served < 256 * 1024


def test_a_read_timeout_while_the_body_arrives_is_a_timeout_error(api, rsps):
    body = io.BufferedReader(_FailsAfter(b'{"code": 200, "da', socket.timeout("timed out")))
    rsps.add(responses.POST, url(CREATE_TASK), body=body, content_type="application/json")
    with pytest.raises(RayvisionTimeoutError) as caught:
        api.task.create_task()
    assert "timed out waiting for the reply" in str(caught.value)
    assert len(rsps.calls) == 1  # may have acted: a create is not repeated


def test_a_read_timeout_while_the_body_arrives_is_retried_for_a_read(api, rsps):
    body = io.BufferedReader(_FailsAfter(b'{"code": 200, "da', socket.timeout("timed out")))
    rsps.add(responses.POST, url(PROFILE), body=body, content_type="application/json")
    rsps.add(responses.POST, url(PROFILE), json=envelope({"userId": 1}))
    assert api.user.query_user_profile() == {"userId": 1}
    assert len(rsps.calls) == 2


def test_a_connection_reset_while_the_body_arrives_is_a_connection_error(api, rsps):
    body = io.BufferedReader(_FailsAfter(b'{"code": 200', ConnectionResetError(104, "reset")))
    rsps.add(responses.POST, url(CREATE_TASK), body=body, content_type="application/json")
    with pytest.raises(RayvisionConnectionError) as caught:
        api.task.create_task()
    assert type(caught.value) is RayvisionConnectionError
    assert "while reading the reply" in str(caught.value)
    assert len(rsps.calls) == 1


# -- the reply's Content-Type -----------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/html", "text/plain", "application/xml"])
def test_a_reply_that_says_it_is_not_json_is_not_parsed(api, rsps, content_type):
    # Even a well-formed envelope: a captive portal's page is not the service.
    body = json.dumps(envelope({"userId": "portal"}))
    rsps.add(responses.POST, url(PROFILE), body=body, content_type=content_type)
    with pytest.raises(RayvisionResponseError) as caught:
        api.user.query_user_profile()
    assert "not JSON (Content-Type {})".format(content_type) in str(caught.value)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json;charset=UTF-8", "Application/JSON ; charset=utf-8"],
)
def test_json_content_types_are_read(api, rsps, content_type):
    body = json.dumps(envelope({"userId": 1}))
    rsps.add(responses.POST, url(PROFILE), body=body, content_type=content_type)
    assert api.user.query_user_profile() == {"userId": 1}


def test_a_reply_without_content_type_is_read_as_json(api, rsps):
    body = json.dumps(envelope({"userId": 1}))
    rsps.add(responses.POST, url(PROFILE), body=body, content_type=None)
    assert api.user.query_user_profile() == {"userId": 1}


def test_a_reply_nested_too_deep_to_parse_is_a_response_error(api, rsps):
    body = '{"code": 200, "data": ' + "[" * 200_000 + "]" * 200_000 + "}"
    rsps.add(responses.POST, url(PROFILE), body=body, content_type="application/json")
    with pytest.raises(RayvisionResponseError):
        api.user.query_user_profile()


# -- control characters ---------------------------------------------------------------


def test_control_characters_of_a_reply_are_escaped_in_error_texts(make_api, rsps):
    api = make_api(max_retries=0)
    page = "bad\r\n2026-01-01 INFO dayan_api: forged line\x1b[2J\u202e"
    rsps.add(responses.POST, url(PROFILE), status=502, body=page)
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    text = str(caught.value)
    assert "\n" not in text and "\r" not in text and "\x1b" not in text and "\u202e" not in text
    assert "\\r\\n2026-01-01 INFO" in text and "\\x1b[2J" in text


def test_control_characters_of_a_business_message_are_escaped(api, rsps):
    reply = envelope(None, code=10086, message="余额不足\nforged: line")
    rsps.add(responses.POST, url(PROFILE), json=reply)
    with pytest.raises(RayvisionAPIError) as caught:
        api.user.query_user_profile()
    assert caught.value.message == "余额不足\\nforged: line"


@pytest.mark.parametrize(
    "reply",
    [
        {"code": 10086, "message": "m", "requestId": "r1\n2026-01-01 INFO forged\x1b[2J"},
        {"code": "10086\nforged line\x1b[2J", "message": "m", "requestId": "r1"},
    ],
)
def test_control_characters_of_a_request_id_or_code_are_escaped(api, rsps, caplog, reply):
    # Both reach the error's text and the DEBUG log line of the reply.
    rsps.add(responses.POST, url(PROFILE), json=reply)
    with caplog.at_level("DEBUG", logger="dayan_api"):
        with pytest.raises(RayvisionAPIError) as caught:
            api.user.query_user_profile()
    for text in [str(caught.value)] + [record.getMessage() for record in caplog.records]:
        assert "\n" not in text and "\x1b" not in text, text
    assert "\\x1b[2J" in str(caught.value)


def test_control_characters_of_a_location_are_escaped(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=302, headers={"Location": "/x\x1b[31m"})
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert "\x1b" not in str(caught.value) and "\\x1b[31m" in str(caught.value)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Trace": "a\r\nX-Injected: 1"},
        {"X-Trace": "a\nb"},
        {"X-Trace": "nul\x00"},
        {"X-Trace": " padded"},
        {"X-Trace": "渲染"},
        {"X-Trace\r\nX-Injected": "1"},
        {"X Trace": "1"},
        {"X-Trace:": "1"},
        {"": "1"},
    ],
)
def test_a_header_that_could_inject_or_not_be_sent_is_refused(make_api, rsps, headers):
    with pytest.raises(RayvisionArgumentError) as caught:
        make_api(headers=headers)
    assert caught.value.parameter.startswith("headers")
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("parameter", ["access_id", "platform"])
@pytest.mark.parametrize("value", ["AKID\r\nX-Injected: 1", "AKID\x00", "编号"])
def test_header_parameters_with_control_characters_are_refused(make_api, rsps, parameter, value):
    with pytest.raises(RayvisionArgumentError) as caught:
        make_api(**{parameter: value})
    assert caught.value.parameter == parameter
    assert ACCESS_KEY not in str(caught.value)


def test_control_characters_in_a_body_are_sent_escaped_and_signed(api, rsps):
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    body = {"note": "line\r\nnext\x00\x1b\u2028", "名": "渲染"}
    api.connect.post(PROFILE, body)
    sent = rsps.calls[0].request.body
    assert not any(byte < 0x20 for byte in sent)
    assert b"\\r\\n" in sent and b"\\u0000" in sent and "渲染".encode() in sent
    check_request(rsps.calls[0], PROFILE, body)


def test_a_lone_surrogate_in_a_body_is_refused_before_sending(api, rsps):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.connect.post(PROFILE, {"note": "half \ud800 a pair"})
    assert caught.value.parameter == "data"
    assert len(rsps.calls) == 0


# -- where a request goes --------------------------------------------------------------


@pytest.mark.parametrize(
    "domain",
    [
        "task.dayancloud.com@collector.example.net",
        "user:pass@task.dayancloud.com",
        "task.dayancloud.com#",
        "task.dayancloud.com?x=1",
        "task.dayancloud.com\\evil",
        "task.dayancloud.com\r\nHost: evil",
        "task.dayancloud.com:99999",
        "task.dayancloud.com:",
        "任务.com",
    ],
)
def test_a_domain_that_could_send_the_request_elsewhere_is_refused(rsps, domain):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(ACCESS_ID, ACCESS_KEY, domain=domain)
    assert caught.value.parameter == "domain"


@pytest.mark.parametrize(
    "domain", ["task.dayancloud.com", "127.0.0.1:8000", "[::1]:8000", "render_01.studio.lan"]
)
def test_host_names_addresses_and_ports_are_accepted(rsps, domain):
    with RayvisionAPI(ACCESS_ID, ACCESS_KEY, domain=domain) as api:
        assert api.connect.base_url == "https://" + domain


def test_the_own_session_keeps_certificate_checks_on(api):
    assert api.connect.session.verify is True


def test_requests_are_sent_with_redirects_off_and_a_bounded_stream(api, monkeypatch):
    seen = {}

    def fake_post(url, **kwargs):
        seen.update(kwargs)
        raise requests.exceptions.ConnectionError("stop here")

    api.connect._sleep = SleepRecorder()
    monkeypatch.setattr(api.connect.session, "post", fake_post)
    with pytest.raises(RayvisionConnectionError):
        api.connect.post(CREATE_TASK, {})
    assert seen["allow_redirects"] is False
    assert seen["stream"] is True
    assert "verify" not in seen  # the session's own setting (True by default) applies
