"""Rejections, faults and concurrency over real loopback HTTP."""

import threading

import pytest

from dayan_api import (
    Code,
    RayvisionAPI,
    RayvisionAPIError,
    RayvisionConnectionError,
    RayvisionHTTPError,
    RayvisionTimeoutError,
    endpoints,
    signature,
)
from dayan_api.emulator import Chaos, chaos, errors

from .conftest import ACCOUNTS, submitted_task


def test_wrong_key_is_rejected_and_never_sent(emu):
    with emu.client("AKID-ALICE", access_key="not-alice-key") as api:
        with pytest.raises(RayvisionAPIError) as raised:
            api.user.query_user_profile()
    assert raised.value.code == errors.SIGNATURE_MISMATCH
    assert "not-alice-key" not in str(raised.value)
    record = emu.requests[-1]
    assert record.signature_ok is False
    assert "not-alice-key" not in repr(record)


def test_unknown_access_id_is_rejected(emu):
    with emu.client("AKID-NOBODY", access_key="whatever") as api:
        with pytest.raises(RayvisionAPIError) as raised:
            api.query.platforms()
    assert raised.value.code == errors.UNKNOWN_ACCESS_ID


def test_stale_timestamp_is_rejected(api, monkeypatch):
    stale = str(int(signature.generate_timestamp()) - 301)
    monkeypatch.setattr(signature, "generate_timestamp", lambda: stale)
    with pytest.raises(RayvisionAPIError) as raised:
        api.user.query_user_profile()
    assert raised.value.code == errors.BAD_TIMESTAMP == Code.SIGNATURE_EXPIRED
    assert "[610 SIGNATURE_EXPIRED]" in str(raised.value)


def test_business_error_is_raised_on_the_first_reply(api, emu):
    emu.clear_requests()
    with pytest.raises(RayvisionAPIError) as raised:
        api.query.task_info([987654321])
    assert raised.value.code == errors.TASK_NOT_FOUND == Code.TASK_NOT_FOUND
    assert raised.value.code_name == "TASK_NOT_FOUND"
    assert raised.value.request_id
    assert raised.value.url.endswith(endpoints.QUERY_TASK_INFO.path)
    assert len(emu.requests) == 1


def test_other_accounts_tasks_are_invisible(api, bob):
    task_id = submitted_task(api)
    with pytest.raises(RayvisionAPIError):
        bob.query.task_info([task_id])


def test_safe_call_is_retried_through_a_503(api, emu):
    emu.inject(endpoints.QUERY_USER_PROFILE, status=503, times=2)
    emu.clear_requests()
    assert api.user.query_user_profile()["userId"]
    assert len(emu.requests) == 3


def test_unsafe_call_is_not_retried_after_a_503(api, emu):
    emu.inject(endpoints.CREATE_TASK, status=503, times=1)
    emu.clear_requests()
    with pytest.raises(RayvisionHTTPError) as raised:
        api.task.create_task()
    assert raised.value.status_code == 503
    assert len(emu.requests) == 1


def test_dropped_connection_retried_only_where_safe(api, emu):
    emu.inject(endpoints.GET_TASK_LIST, drop=True, times=1)
    assert api.query.get_task_list()["pageNum"] == 1
    emu.inject(endpoints.SUBMIT_TASK, drop=True, times=1)
    with pytest.raises(RayvisionConnectionError):
        api.task.submit_task(api.task.create_task()["taskIdList"][0])


def test_a_body_cut_short_is_a_broken_connection_retried_only_where_safe(api, emu):
    # Every reply stops halfway through its body; whichever urllib3 reads it
    # (1.x does not check Content-Length), the SDK sees a broken connection.
    task_id = api.task.create_task()["taskIdList"][0]
    emu.chaos = Chaos(1.0, seed=1, kinds=(chaos.CUT_SHORT,))
    try:
        with pytest.raises(RayvisionConnectionError, match="connection broken"):
            api.query.get_task_list()
        retry_safe_tries = emu.chaos.counts()[chaos.CUT_SHORT]
        with pytest.raises(RayvisionConnectionError, match="connection broken"):
            api.task.submit_task(task_id)
        assert emu.chaos.counts()[chaos.CUT_SHORT] == retry_safe_tries + 1
    finally:
        emu.chaos = None
    assert retry_safe_tries == api.connect.max_retries + 1
    submits = [
        record.status
        for record in emu.requests
        if record.path == endpoints.SUBMIT_TASK.path and record.body["taskId"] == task_id
    ]
    assert submits == [200]  # sent once, and carried out


def test_429_is_retried_for_every_call_honouring_retry_after(api, emu):
    waits = []
    api.connect._sleep = waits.append
    emu.inject(endpoints.CREATE_TASK, status=429, retry_after=2, times=1)
    assert api.task.create_task()["taskIdList"]
    assert waits == [2.0]


def test_html_error_page_is_an_http_error_with_its_text(api, emu):
    emu.inject(endpoints.QUERY_PLATFORMS, status=502)
    with pytest.raises(RayvisionHTTPError) as raised:
        api.query.platforms()
    assert raised.value.status_code == 502
    assert "<" in raised.value.body


def test_slow_reply_times_out(emu):
    emu.inject(endpoints.QUERY_PLATFORMS, delay=1.0)
    with emu.client("AKID-ALICE", timeout=0.2, max_retries=0) as api:
        with pytest.raises(RayvisionTimeoutError):
            api.query.platforms()


def test_injected_business_error(api, emu):
    emu.inject(endpoints.QUERY_ALL_FRAME_STATS, code=40001, message="not enough balance", times=1)
    with pytest.raises(RayvisionAPIError, match="not enough balance"):
        api.query.all_frame_status()
    assert api.query.all_frame_status() is not None


def test_nothing_listening_is_a_connection_error():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = RayvisionAPI("id", "key", domain="127.0.0.1:{}".format(port), protocol="http", backoff=0)
    with pytest.raises(RayvisionConnectionError, match="could not connect"):
        api.query.platforms()


def test_concurrent_clients_each_sign_with_their_own_account(emu):
    clients = {access_id: emu.client(access_id) for access_id in ACCOUNTS}
    created = {access_id: [] for access_id in ACCOUNTS}
    failures = []

    def work(access_id):
        api = clients[access_id]
        try:
            for _ in range(5):
                created[access_id].extend(api.task.create_task()["taskIdList"])
                api.user.query_user_profile()
        except Exception as error:  # reported below, with the thread's account
            failures.append((access_id, error))

    threads = [threading.Thread(target=work, args=(a,)) for a in ACCOUNTS for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    everything = [task_id for ids in created.values() for task_id in ids]
    assert len(everything) == len(set(everything)) == 2 * 4 * 5
    alice, bob = clients["AKID-ALICE"], clients["AKID-BOB"]
    with pytest.raises(RayvisionAPIError):
        bob.query.task_info(created["AKID-ALICE"][:1])
    assert alice.query.task_info(created["AKID-ALICE"][:1])["items"]
    for api in clients.values():
        api.close()
