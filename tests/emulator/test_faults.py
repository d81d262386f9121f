"""Faults injected per path: latency, 5xx pages, 429, dropped connections, business errors."""

import threading
import time

import pytest
import requests

from dayan_api import endpoints

PROFILE = endpoints.QUERY_USER_PROFILE
SETTING = endpoints.QUERY_USER_SETTING


def test_delay_then_normal_reply(emu, client):
    emu.inject(PROFILE, delay=0.3, times=1)
    started = time.monotonic()
    assert client.data(PROFILE)
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert client.data(PROFILE)
    assert time.monotonic() - started < 0.3


def test_delay_times_out_a_client(emu, client):
    emu.inject(PROFILE, delay=2, times=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.session.post(
            emu.url + PROFILE.path,
            data=b"{}",
            headers=client.headers(PROFILE.path, {}),
            timeout=0.2,
        )


def test_5xx_with_an_html_page(emu, client):
    emu.inject(PROFILE, status=502)
    response = client.post(PROFILE)
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>") and "502 Bad Gateway" in response.text
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert client.data(SETTING)  # other paths are untouched


def test_429_with_retry_after(emu, client):
    emu.inject(PROFILE, status=429, retry_after=3, times=1)
    response = client.post(PROFILE)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    assert client.data(PROFILE)


def test_custom_body_for_a_status(emu, client):
    emu.inject(PROFILE, status=200, body="", times=1)
    response = client.post(PROFILE)
    assert response.status_code == 200 and response.content == b""
    emu.inject(PROFILE, status=200, body='{"unexpected": true}', times=1)
    assert client.post(PROFILE).json() == {"unexpected": True}


def test_dropped_connection(emu, client):
    emu.inject(PROFILE, drop=True, times=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        client.post(PROFILE)
    assert client.data(PROFILE)
    dropped = [record for record in emu.requests if record.status is None]
    assert len(dropped) == 1 and dropped[0].signature_ok


def test_business_error(emu, client):
    emu.inject(PROFILE, code=10086, message="not enough balance", times=1)
    reply = client.error(PROFILE)
    assert reply["code"] == 10086 and reply["message"] == "not enough balance"
    assert set(reply) >= {"version", "result", "data", "serverTime", "requestId"}
    assert client.data(PROFILE)


def test_fail_first_n_then_normal(emu, client):
    emu.inject(PROFILE, status=503, times=2)
    assert [client.post(PROFILE).status_code for _ in range(4)] == [503, 503, 200, 200]


def test_faults_of_a_path_apply_in_order(emu, client):
    emu.inject(PROFILE, status=503, times=1)
    emu.inject(PROFILE, code=12345, times=1)
    assert client.post(PROFILE).status_code == 503
    assert client.call(PROFILE)["code"] == 12345
    assert client.call(PROFILE)["code"] == 200


def test_fault_without_times_lasts_until_cleared(emu, client):
    emu.inject(PROFILE.path, status=500)
    assert [client.post(PROFILE).status_code for _ in range(3)] == [500, 500, 500]
    emu.clear_faults(PROFILE)
    assert client.post(PROFILE).status_code == 200


def test_fault_for_every_path(emu, client):
    emu.inject(status=503)
    assert client.post(PROFILE).status_code == 503
    assert client.post(SETTING).status_code == 503
    emu.inject(SETTING, code=777)  # a path's own fault comes first
    assert client.call(SETTING)["code"] == 777
    emu.clear_faults()
    assert client.post(PROFILE).status_code == 200
    assert client.post(SETTING).status_code == 200


def test_the_faulted_request_does_not_reach_the_service(emu, client):
    emu.inject(endpoints.CREATE_TASK, status=503, times=1)
    assert client.post(endpoints.CREATE_TASK, {}).status_code == 503
    first = client.create()
    assert client.data(endpoints.CREATE_TASK, {})["taskIdList"] == [first + 1]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "/not/a/path", "status": 500},
        {"status": 500, "drop": True},
        {"status": 500, "code": 1},
        {"status": 100},
        {"status": 204},
        {"status": 700},
        {"delay": -1},
        {"times": 0},
        {"retry_after": 1},
        {"message": "x"},
        {"code": "1"},
    ],
)
def test_inject_refuses_bad_arguments(emu, kwargs):
    with pytest.raises(ValueError):
        emu.inject(**kwargs)


def test_close_does_not_wait_for_a_delay(client):
    emu = client.emu
    emu.inject(PROFILE, delay=30, times=1)

    errors = []

    def call():
        try:
            client.post(PROFILE)
        except requests.exceptions.RequestException as error:
            errors.append(error)

    thread = threading.Thread(target=call)
    thread.start()
    deadline = time.monotonic() + 5
    while emu.faults.pending() and time.monotonic() < deadline:
        time.sleep(0.01)  # bounded wait for the request to take the fault
    started = time.monotonic()
    emu.close()
    thread.join(5)
    assert time.monotonic() - started < 3 and not thread.is_alive()
