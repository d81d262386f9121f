"""The SDK and the emulator agree on what is signed, over real HTTP (issue 13).

Each test sends what the review found broken: values whose Python text is not
their JSON, header overrides in another case, transport headers, a session's
own headers, a domain in capitals; and the failures that must keep their
cause: a body that stalls, an upload refused after a task id was created.
"""

import enum
import socket
import threading
from typing import Iterator, List

import pytest
import requests

from dayan_api import RayvisionAPI, endpoints, signature
from dayan_api.emulator import Emulator, errors
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionError,
    RayvisionTimeoutError,
)

from .conftest import ACCOUNTS, read_request_head, task_json


class Status(enum.IntEnum):
    DONE = 25


class Keyword(str, enum.Enum):
    SHOT = "sh010"


class Odd(int):
    def __str__(self) -> str:
        return "odd"


def paths(emu: Emulator) -> List[str]:
    return [record.path for record in emu.requests]


# -- what is signed is what is sent -----------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status_list": [Status.DONE]},
        {"status_list": [Odd(25)]},
        {"search_keyword": Keyword.SHOT},
    ],
    ids=["IntEnum", "int-subclass", "str-Enum"],
)
def test_values_whose_text_is_not_their_json_are_accepted(api, kwargs):
    assert api.query.get_task_list(**kwargs)["items"] == []


def test_a_raw_body_with_dict_keys_true_and_none_is_accepted(api):
    assert api.connect.post(endpoints.QUERY_PLATFORMS, {"m": {True: 1, None: [2.0]}}) is not None


@pytest.mark.parametrize(
    "headers",
    [
        {"Version": "2.0.0"},
        {"Channel": "4"},
        {"Authorization": "Bearer t"},
        {"Accept-Language": "en"},
        {"X-Pipeline": "shot_010", "Cache-Control": "no-cache"},
    ],
)
def test_header_overrides_and_additions_are_accepted(emu, headers):
    with emu.client("AKID-ALICE", headers=headers) as api:
        assert api.get_user_id()
    record = emu.requests[-1]
    assert record.signature_ok and record.code == 200
    sent = {name.lower(): value for name, value in record.headers.items()}
    for name, value in headers.items():
        assert sent[name.lower()] == value


def test_a_sessions_own_headers_are_accepted(emu):
    session = requests.Session()
    session.headers.update({"X-Studio": "north", "Accept-Language": "fr", "X-Empty": ""})
    try:
        with emu.client("AKID-ALICE", session=session) as api:
            assert api.get_user_id()
    finally:
        session.close()
    record = emu.requests[-1]
    assert record.headers["X-Studio"] == "north" and record.signature_ok


def test_a_header_added_to_the_session_later_is_signed_too(emu):
    session = requests.Session()
    try:
        with emu.client("AKID-ALICE", session=session) as api:
            api.get_user_id()
            session.headers["X-Late"] = "1"
            api.query.platforms()
    finally:
        session.close()
    assert emu.requests[-1].headers["X-Late"] == "1" and emu.requests[-1].signature_ok


def test_a_domain_in_capitals_is_accepted(emu):
    key = ACCOUNTS["AKID-ALICE"]
    domain = "LocalHost:{}".format(emu.port)
    with RayvisionAPI("AKID-ALICE", key, domain=domain, protocol="http") as api:
        assert api.get_user_id()
    assert emu.requests[-1].signature_ok


# -- nonces: the emulator catches an SDK that stops making fresh ones ------------------------


def test_a_constant_nonce_is_caught_as_a_replay(api, monkeypatch):
    frozen = signature.generate_timestamp()  # both in the same second: the same request
    monkeypatch.setattr(signature, "generate_nonce", lambda: "123456")
    monkeypatch.setattr(signature, "generate_timestamp", lambda: frozen)
    api.query.platforms()
    with pytest.raises(RayvisionAPIError) as caught:
        api.query.platforms()
    assert caught.value.code == errors.NONCE_REUSED


def test_every_retry_is_signed_afresh(emu, api):
    emu.inject(endpoints.QUERY_PLATFORMS, status=503, times=2)
    api.query.platforms()
    nonces = [record.headers["nonce"] for record in emu.requests[-3:]]
    assert len(set(nonces)) == 3 and emu.requests[-1].code == 200


# -- errors keep their cause ---------------------------------------------------------------


@pytest.fixture
def stalling_server() -> Iterator[int]:
    """A loopback server that sends a reply's headers, then stalls mid-body."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    done = threading.Event()
    held: List[socket.socket] = []

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            held.append(connection)
            read_request_head(connection)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 200\r\n\r\n{"code": 200, "da'
            )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    thread.join(5)
    for connection in held:
        connection.close()
    listener.close()


@pytest.mark.parametrize("retries", [0, 1])
def test_a_body_that_stalls_past_the_read_timeout_is_a_timeout(stalling_server, retries):
    domain = "127.0.0.1:{}".format(stalling_server)
    with RayvisionAPI(
        "id",
        "key",
        domain=domain,
        protocol="http",
        timeout=(5, 0.3),
        max_retries=retries,
        backoff=0.01,
    ) as api:
        with pytest.raises(RayvisionTimeoutError, match="timed out waiting for the reply"):
            api.query.platforms()


def test_submit_by_data_resumes_with_the_task_id_on_its_error(emu, api):
    emu.clear_requests()
    emu.inject(endpoints.TASK_JSON_FILE, code=10086, message="upload refused", times=1)
    content = task_json()
    with pytest.raises(RayvisionAPIError) as caught:
        api.submit_by_data(content)
    task_id = caught.value.task_id
    assert isinstance(task_id, int)
    content["task_info"]["task_id"] = task_id
    assert api.submit_by_data(content) == task_id
    assert paths(emu).count(endpoints.CREATE_TASK.path) == 1  # no second task


def test_submit_by_data_with_an_undecodable_file_name_sends_nothing(emu, api):
    emu.clear_requests()
    with pytest.raises(RayvisionArgumentError):
        api.submit_by_data(task_json(input_cg_file="/proj/shot_\udce9.mb"))
    assert emu.requests == []


def test_a_client_closed_by_its_with_block_stays_closed(emu):
    with emu.client("AKID-ALICE") as api:
        api.query.platforms()
    emu.clear_requests()
    with pytest.raises(RayvisionError, match="closed"):
        api.query.platforms()
    assert emu.requests == []
