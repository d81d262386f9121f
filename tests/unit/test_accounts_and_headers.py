"""Accounts side by side, each signing with its own key, and the headers a client adds."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import responses

from dayan_api import RayvisionAPI
from dayan_api.exception import RayvisionArgumentError

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    OTHER_ID,
    OTHER_KEY,
    SIGNED_HEADERS,
    STOP_TASK,
    USER_PROFILE,
    check_request,
    envelope,
    hmac_b64,
    request_body,
    string_to_sign,
    url,
)

# -- accounts side by side -------------------------------------------------------------


def two_clients(make_api):
    return make_api(), make_api(access_id=OTHER_ID, access_key=OTHER_KEY)


def _signed_by(call, key):
    request = call.request
    signed = {name: request.headers[name] for name in SIGNED_HEADERS}
    path = request.url[len("https://task.dayancloud.com") :]
    expected = hmac_b64(
        key, string_to_sign("task.dayancloud.com", path, signed, request_body(call))
    )
    return request.headers["signature"] == expected


def test_two_accounts_sign_with_their_own_id_and_key(make_api, rsps):
    first, second = two_clients(make_api)
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    first.task.stop_task([1])
    second.task.stop_task([2])
    first.task.stop_task([3])
    second.task.stop_task([4])
    check_request(rsps.calls[0], STOP_TASK, {"taskIds": [1]})
    check_request(rsps.calls[1], STOP_TASK, {"taskIds": [2]}, access_id=OTHER_ID, key=OTHER_KEY)
    check_request(rsps.calls[2], STOP_TASK, {"taskIds": [3]})
    check_request(rsps.calls[3], STOP_TASK, {"taskIds": [4]}, access_id=OTHER_ID, key=OTHER_KEY)
    assert not _signed_by(rsps.calls[0], OTHER_KEY)
    assert not _signed_by(rsps.calls[1], ACCESS_KEY)


def test_two_accounts_from_threads(make_api, rsps):
    first, second = two_clients(make_api)
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    barrier = threading.Barrier(8)

    def work(index):
        client = first if index % 2 == 0 else second
        barrier.wait(timeout=10)
        for round_number in range(5):
            client.task.stop_task([1000 * (index + 1) + round_number])

    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(work, index) for index in range(8)]:
            future.result()

    assert len(rsps.calls) == 40
    owners = {ACCESS_ID: ACCESS_KEY, OTHER_ID: OTHER_KEY}
    for call in rsps.calls:
        task = request_body(call)["taskIds"][0]
        worker = task // 1000 - 1
        access_id = ACCESS_ID if worker % 2 == 0 else OTHER_ID
        check_request(
            call, STOP_TASK, {"taskIds": [task]}, access_id=access_id, key=owners[access_id]
        )


def test_connect_headers_belong_to_one_client(make_api, rsps):
    first, second = two_clients(make_api)
    assert first.connect.headers is not second.connect.headers
    first.connect.headers["version"] = "9.9.9"
    first.connect.headers["X-Only-First"] = "1"
    assert second.connect.headers["version"] == "2.0.0"
    assert "X-Only-First" not in second.connect.headers
    assert second.connect.headers["accessId"] == OTHER_ID
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    second.user.query_user_profile()
    check_request(rsps.calls[0], USER_PROFILE, {}, access_id=OTHER_ID, key=OTHER_KEY)
    assert "X-Only-First" not in rsps.calls[0].request.headers
    # a third client made afterwards starts from the defaults too
    third = make_api()
    assert third.connect.headers["version"] == "2.0.0"


def test_extra_headers_are_sent_and_signed(make_api, rsps):
    api = make_api(headers={"X-Trace-Id": "trace-7", "version": "2.1.0", "channel": "4"})
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    api.task.stop_task([5])
    call = rsps.calls[0]
    check_request(
        call, STOP_TASK, {"taskIds": [5]}, extra_headers={"X-Trace-Id": "trace-7"}, version="2.1.0"
    )
    # the extra header really is part of the signature
    signed = {name: call.request.headers[name] for name in SIGNED_HEADERS}
    without = hmac_b64(
        ACCESS_KEY, string_to_sign("task.dayancloud.com", STOP_TASK, signed, {"taskIds": [5]})
    )
    assert call.request.headers["signature"] != without


def test_the_callers_headers_dict_is_not_kept(make_api, rsps):
    extra = {"X-Trace-Id": "a"}
    api = make_api(headers=extra)
    extra["X-Trace-Id"] = "changed"
    extra["X-New"] = "n"
    assert api.connect.headers["X-Trace-Id"] == "a" and "X-New" not in api.connect.headers


@pytest.mark.parametrize(
    "name",
    [
        "accessId",
        "platform",
        "UTCTimestamp",
        "nonce",
        "signature",
        "Content-Type",
        # HTTP header names ignore case: these would replace the SDK's own.
        "content-type",
        "Signature",
        "ACCESSID",
        "Nonce",
        "utctimestamp",
    ],
)
def test_reserved_header_overrides_are_refused(rsps, name):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY, headers={name: "x"})
    assert caught.value.parameter == "headers"
    assert name in str(caught.value)
    assert len(rsps.calls) == 0
