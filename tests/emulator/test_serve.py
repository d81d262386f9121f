"""serve(): starting, stopping without leaks, the default account, client()."""

import http.client
import json
import socket
import sys
import threading
import types

import pytest

from dayan_api import endpoints
from dayan_api.emulator import (
    DEFAULT_ACCESS_ID,
    DEFAULT_ACCESS_KEY,
    Emulator,
    serve,
)

from .conftest import TIMEOUT, Client


def emulator_threads():
    return [thread for thread in threading.enumerate() if thread.name.startswith("dayan-emulator")]


def test_address_attributes():
    with serve(speed=0) as emu:
        assert emu.protocol == "http"
        assert emu.domain == "127.0.0.1:{}".format(emu.port) and emu.port > 0
        assert emu.url == "http://127.0.0.1:{}".format(emu.port)
        assert emu.access_ids == [DEFAULT_ACCESS_ID]


def test_default_account_needs_no_set_up():
    assert (DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY) == ("dayan-emulator-id", "dayan-emulator-key")
    with serve(speed=0) as emu:
        client = Client(emu, DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY)
        try:
            assert client.data(endpoints.QUERY_USER_PROFILE)["userId"]
        finally:
            client.close()


def test_close_frees_the_port_and_the_threads():
    before = len(emulator_threads())
    emu = serve(speed=0)
    client = Client(emu, DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY)
    client.data(endpoints.QUERY_USER_PROFILE)  # leaves a keep-alive connection open
    idle = http.client.HTTPConnection(emu.host, emu.port, timeout=TIMEOUT)
    idle.connect()  # a connection that never sends anything
    assert len(emulator_threads()) > before
    emu.close()
    assert len(emulator_threads()) == before
    assert not emu.running
    with pytest.raises(OSError):
        socket.create_connection((emu.host, emu.port), timeout=1).close()
    idle.close()
    client.close()
    emu.close()  # a second close is harmless
    with pytest.raises(RuntimeError):
        emu.start()


def test_exit_of_the_with_block_closes():
    with serve(speed=0) as emu:
        assert emu.running
    assert not emu.running


def test_not_started_emulator_closes_cleanly():
    emu = Emulator(speed=0)
    assert not emu.running and "not started" in repr(emu)
    emu.close()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"accounts": {}},
        {"accounts": {"": "key"}},
        {"accounts": {"id": ""}},
        {"accounts": [("id", "key")]},
        {"speed": -1},
        {"speed": float("nan")},
        {"speed": "fast"},
    ],
)
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        serve(**kwargs)


def test_client_builds_a_rayvision_api_for_the_emulator(monkeypatch):
    made = []

    class FakeAPI:
        def __init__(self, **kwargs):
            made.append(kwargs)

    fake_core = types.ModuleType("dayan_api.core")
    fake_core.RayvisionAPI = FakeAPI
    monkeypatch.setitem(sys.modules, "dayan_api.core", fake_core)
    with serve(accounts={"a": "ka", "b": "kb"}, speed=0) as emu:
        assert isinstance(emu.client(), FakeAPI)
        emu.client(access_id="b", log_level="INFO")
        emu.client(access_id="x", access_key="kx")
        with pytest.raises(ValueError):
            emu.client(access_id="unknown")
        common = {"domain": emu.domain, "platform": "54", "protocol": "http"}
    assert made == [
        dict(access_id="a", access_key="ka", **common),
        dict(access_id="b", access_key="kb", log_level="INFO", **common),
        dict(access_id="x", access_key="kx", **common),
    ]


def test_the_clock_is_shared_by_advance_and_tasks():
    with serve(speed=0) as emu:
        start = emu.now()
        assert emu.advance(90) == pytest.approx(start + 90)
        assert emu.speed == 0
        assert emu.clock.now() == pytest.approx(start + 90)


def test_uploaded_config_is_kept_per_task():
    with serve(speed=0) as emu:
        client = Client(emu, DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY)
        try:
            task_id = client.create()
            client.upload(task_id, {"task_info": {"frames": "3"}})
            assert json.loads(emu.uploaded_config(task_id)) == {"task_info": {"frames": "3"}}
            assert emu.uploaded_config(task_id, "asset.json") is None
            assert emu.uploaded_config(999) is None
        finally:
            client.close()
