"""Testing your own render-farm plugin offline, with pytest and the emulator.

Copy this pattern into your plugin's tests: the emulator is a real HTTP
server on loopback, so your code runs exactly as it does against the service,
without an account and without spending render time.

    pytest examples/test_plugin_with_emulator.py
"""

import json
from typing import Iterator, List

import pytest

from dayan_api import RayvisionAPI, RayvisionHTTPError, endpoints
from dayan_api.emulator import Emulator, serve

# --- the plugin code under test (yours would live in your package) ----------


def submit_shot(api: RayvisionAPI, scene: str, frames: str) -> int:
    """Create a task for one shot, upload its task.json and submit it."""
    task_info = {"task_info": {"input_cg_file": scene, "frames": frames, "cg_id": "2000"}}
    return api.submit_by_data(task_info)


def frames_to_redo(api: RayvisionAPI, task_id: int) -> List[str]:
    """The frame numbers of a task that failed or timed out."""
    frames = api.query.get_all_frames(task_id)
    return [index for index, frame in frames.items() if frame["frameStatus"] in (5, 11)]


# --- the tests -----------------------------------------------------------------


@pytest.fixture
def emu() -> Iterator[Emulator]:
    # speed=0: the render clock moves only when the test calls emu.advance().
    with serve(speed=0) as emulator:
        yield emulator


@pytest.fixture
def api(emu: Emulator) -> Iterator[RayvisionAPI]:
    with emu.client(backoff=0) as client:
        yield client


def test_submit_shot_sends_the_scene_and_renders(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = submit_shot(api, "D:/shots/sh010.mb", "1-3[1]")
    uploaded = json.loads(emu.uploaded_config(task_id))
    assert uploaded["task_info"]["input_cg_file"] == "D:/shots/sh010.mb"
    emu.advance(3600)
    assert api.query.task_info([task_id])["items"][0]["taskStatus"] == 25


def test_frames_to_redo_finds_the_failed_ones(api: RayvisionAPI, emu: Emulator) -> None:
    # The emulator fails the frames listed under "emulator" in task.json.
    content = {
        "task_info": {"input_cg_file": "D:/shots/sh020.mb", "frames": "1-5[1]"},
        "emulator": {"fail_frames": [2, 5]},
    }
    task_id = api.submit_by_data(content)
    emu.advance(3600)
    assert frames_to_redo(api, task_id) == ["2", "5"]


def test_plugin_survives_a_gateway_hiccup(api: RayvisionAPI, emu: Emulator) -> None:
    # A 502 on a read is retried; on a submit it is raised, never repeated.
    emu.inject(endpoints.QUERY_TASK_FRAMES, status=502, times=1)
    task_id = submit_shot(api, "D:/shots/sh030.mb", "1")
    assert frames_to_redo(api, task_id) == []
    emu.inject(endpoints.SUBMIT_TASK, status=502, times=1)
    with pytest.raises(RayvisionHTTPError):
        submit_shot(api, "D:/shots/sh040.mb", "1")
