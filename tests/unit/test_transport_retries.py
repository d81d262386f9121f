"""The transport's retries: what is retried for which call, how long it waits, signed afresh."""

import itertools

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError

from dayan_api import endpoints, signature
from dayan_api.exception import (
    RayvisionConnectionError,
    RayvisionHTTPError,
    RayvisionTimeoutError,
)

from .support import (
    ACCESS_KEY,
    ADD_ENV,
    ADD_LABEL,
    ADD_TASK_LABEL,
    CREATE_TASK,
    NOT_RETRY_SAFE,
    RECOMMIT_FAIL,
    RECOMMIT_FRAME,
    RETRY_SAFE,
    SIGNED_HEADERS,
    SUBMIT,
    TASK_INFO,
    USER_PROFILE,
    check_request,
    envelope,
    hmac_b64,
    request_body,
    string_to_sign,
    url,
)


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
    rsps.add(responses.POST, url(USER_PROFILE), body="busy", status=503)
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 4
    assert len(api.connect._sleep.delays) == 3


def test_default_is_two_retries(api, rsps):
    rsps.add(responses.POST, url(USER_PROFILE), body="busy", status=503)
    with pytest.raises(RayvisionHTTPError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 3


@pytest.mark.parametrize("status", [503, 429])
def test_max_retries_zero_disables_retries(make_api, rsps, status):
    api = make_api(max_retries=0)
    rsps.add(responses.POST, url(USER_PROFILE), status=status, headers={"Retry-After": "1"})
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
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
    rsps.add(
        responses.POST, url(USER_PROFILE), body=requests.exceptions.ReadTimeout("read timed out")
    )
    with pytest.raises(RayvisionTimeoutError) as caught:
        api.user.query_user_profile()
    assert len(rsps.calls) == 3
    assert url(USER_PROFILE) in str(caught.value)


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
    rsps.add(responses.POST, url(USER_PROFILE), status=status, headers={"Retry-After": "61"})
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert caught.value.status_code == status
    assert caught.value.retry_after == 61.0
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_retry_after_on_a_503_is_honoured_for_a_retry_safe_call(api, rsps):
    rsps.add(responses.POST, url(USER_PROFILE), status=503, headers={"Retry-After": "2.5"})
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
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
    rsps.add(responses.POST, url(USER_PROFILE), status=503)
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
    rsps.add(responses.POST, url(USER_PROFILE), status=502)
    rsps.add(responses.POST, url(USER_PROFILE), status=502)
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    api.user.query_user_profile()
    for call in rsps.calls:
        check_request(call, USER_PROFILE, {})


def test_a_request_exception_of_another_kind_is_a_connection_error(api, rsps):
    rsps.add(responses.POST, url(USER_PROFILE), body=requests.exceptions.TooManyRedirects("loop"))
    with pytest.raises(RayvisionConnectionError):
        api.user.query_user_profile()
    assert len(rsps.calls) == 1


def test_a_tls_failure_is_not_retried(api, rsps):
    # A certificate does not mend itself: raised at once, even for a read.
    rsps.add(
        responses.POST,
        url(USER_PROFILE),
        body=requests.exceptions.SSLError("certificate verify failed"),
    )
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    with pytest.raises(RayvisionConnectionError) as caught:
        api.user.query_user_profile()
    assert type(caught.value) is RayvisionConnectionError
    assert "TLS" in str(caught.value)
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []
