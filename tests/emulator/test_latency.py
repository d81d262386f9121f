"""serve(latency=...) and --latency MS: every reply waits, as over a real network.

Only lower bounds are timed (a wait is never shorter than asked); upper bounds
are generous, since the machine is shared.
"""

import threading
import time

import pytest

from dayan_api import endpoints
from dayan_api.emulator import serve
from dayan_api.emulator.__main__ import build_parser, main

from .conftest import ACCESS_ID, ACCESS_KEY, Client

LATENCY = 0.15


def timed(action):
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def test_every_reply_waits_the_latency():
    with serve(accounts={ACCESS_ID: ACCESS_KEY}, speed=0, latency=LATENCY) as emu:
        assert emu.latency == LATENCY
        client = Client(emu)
        try:
            data, elapsed = timed(lambda: client.data(endpoints.QUERY_USER_PROFILE))
            assert data["userId"] and elapsed >= LATENCY
            # A refused request (wrong key) and an unknown path wait too.
            reply, elapsed = timed(lambda: client.error(endpoints.QUERY_USER_PROFILE, key="wrong"))
            assert reply["code"] != 200 and elapsed >= LATENCY
            response, elapsed = timed(lambda: client.post("/api/no/such/path"))
            assert response.status_code == 404 and elapsed >= LATENCY
        finally:
            client.close()


def test_latency_can_be_changed_while_serving():
    with serve(accounts={ACCESS_ID: ACCESS_KEY}, speed=0) as emu:
        assert emu.latency == 0.0
        client = Client(emu)
        try:
            emu.latency = LATENCY
            _, elapsed = timed(lambda: client.data(endpoints.QUERY_USER_SETTING))
            assert elapsed >= LATENCY
        finally:
            client.close()


def test_close_does_not_wait_for_a_reply_held_back():
    emu = serve(accounts={ACCESS_ID: ACCESS_KEY}, speed=0, latency=60)
    client = Client(emu)
    sender = threading.Thread(target=lambda: _ignore_errors(client), daemon=True)
    sender.start()
    deadline = time.monotonic() + 20
    while not emu._server._connections and time.monotonic() < deadline:
        time.sleep(0.01)  # until the request's connection is being served
    time.sleep(0.2)
    assert emu._server._connections
    _, elapsed = timed(emu.close)
    assert elapsed < 30  # far below the 60 s the reply was to wait
    assert not emu._server._connections  # its thread ended: close() did not give up on it
    sender.join(20)
    client.close()


def _ignore_errors(client):
    try:
        client.post(endpoints.QUERY_USER_PROFILE)
    except Exception:  # the connection closes under it: that is the point
        pass


@pytest.mark.parametrize("latency", [-0.001, 60.5, float("nan"), float("inf"), "0.1", True, None])
def test_bad_latency_is_refused(latency):
    with pytest.raises(ValueError, match="latency"):
        serve(latency=latency)
    with serve(speed=0) as emu:
        with pytest.raises(ValueError, match="latency"):
            emu.latency = latency
        assert emu.latency == 0.0


def test_cli_latency_is_in_milliseconds():
    assert build_parser().parse_args(["--latency", "20"]).latency == pytest.approx(0.02)
    assert build_parser().parse_args(["--latency", "0"]).latency == 0.0
    assert build_parser().parse_args([]).latency == 0.0


@pytest.mark.parametrize("text", ["-1", "60001", "fast", "nan", ""])
def test_cli_bad_latency_is_an_argparse_error(text, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--latency", text])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--latency" in err and "milliseconds from 0 to 60000" in err
