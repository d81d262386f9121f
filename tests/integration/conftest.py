"""Fixtures for the SDK talking real HTTP over loopback to the emulator."""

import socket
from typing import Any, Dict, Iterator, List, Optional

import pytest

from dayan_api import RayvisionAPI
from dayan_api.emulator import Emulator, serve

ACCOUNTS = {"AKID-ALICE": "alice-secret-key", "AKID-BOB": "bob-secret-key"}

# The frozen clock only moves when a test advances it: every state a test
# checks is one it put there.
FROZEN = 0.0


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with serve(accounts=ACCOUNTS, speed=FROZEN) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _clean_faults(emu: Emulator) -> Iterator[None]:
    yield
    emu.clear_faults()


@pytest.fixture
def api(emu: Emulator) -> Iterator[RayvisionAPI]:
    with emu.client("AKID-ALICE", backoff=0.01) as client:
        yield client


@pytest.fixture
def bob(emu: Emulator) -> Iterator[RayvisionAPI]:
    with emu.client("AKID-BOB", backoff=0.01) as client:
        yield client


def read_request_head(connection: socket.socket) -> bytes:
    """A raw server's read of a request up to the blank line ending its head (less if it closes)."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def task_json(task_id: Optional[int] = None, **task_info: Any) -> Dict[str, Any]:
    info: Dict[str, Any] = {"input_cg_file": "D:/shots/sh010.mb", "frames": "1-4[1]"}
    if task_id is not None:
        info["task_id"] = task_id
    emulator_knobs = task_info.pop("emulator", None)
    info.update(task_info)
    content: Dict[str, Any] = {"task_info": info}
    if emulator_knobs:
        content["emulator"] = emulator_knobs
    return content


def submitted_task(api: RayvisionAPI, **task_info: Any) -> int:
    """A task created, configured and submitted through the SDK."""
    task_id = api.task.create_task()["taskIdList"][0]
    api.transmit.upload_json_content(task_id, task_json(task_id, **task_info))
    api.task.submit_task(task_id)
    return task_id


def info_of(api: RayvisionAPI, task_id: int) -> Dict[str, Any]:
    return api.query.task_info([task_id])["items"][0]


class SimulatedTime:
    """wait_for_task's clock and sleep: sleeping advances the emulator's clock."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.now = 0.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.emu.advance(seconds)


@pytest.fixture
def sim(api: RayvisionAPI, emu: Emulator) -> SimulatedTime:
    simulated = SimulatedTime(emu)
    api.query._sleep = simulated.sleep
    api.query._clock = simulated.clock
    return simulated
