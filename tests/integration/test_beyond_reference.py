"""The calls beyond the API reference end to end: the SDK over loopback to the emulator."""

import copy
import json
import os
from typing import Any, Dict, List

import pytest

from dayan_api import (
    Code,
    RayvisionAPI,
    RayvisionAPIError,
    RayvisionArgumentError,
    replies,
)
from dayan_api.emulator import Emulator

from .conftest import info_of, submitted_task
from .test_reply_shapes import mismatches

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
WEEK = 7 * 86400


def frame_ids(api: RayvisionAPI, task_id: int) -> Dict[str, int]:
    return {frame["frameIndex"]: frame["id"] for frame in api.query.iter_frames(task_id)}


def test_a_render_log_of_several_pages_reads_whole(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = submitted_task(api, frames="1-2", emulator={"log_lines": 1500, "fail_frames": [2]})
    emu.advance(3600)
    ids = frame_ids(api, task_id)
    first = api.query.get_render_log(ids["1"])
    assert mismatches(first, replies.RenderLogPage) == []
    assert first["pageNum"] == 0 and first["pageCount"] >= 2 and first["size"] == 16384

    emu.clear_requests()
    lines = list(api.query.iter_render_log(ids["1"]))
    pages = [
        api.query.get_render_log(ids["1"], page)["items"] for page in range(first["pageCount"])
    ]
    assert lines == [line for page in pages for line in page]
    assert sum(len(line) + 1 for line in lines) == first["total"]
    assert len(emu.requests) == 2 * first["pageCount"]  # one request a page, each time
    assert lines[-1].endswith("Frame 1 done in 6 s: output written")

    failed = list(api.query.iter_render_log(ids["2"], page_size=64))
    assert "ERROR: render of frame 2 failed" in failed[-2]


def test_the_log_of_a_frame_that_is_not_the_accounts_is_a_600(
    api: RayvisionAPI, bob: RayvisionAPI, emu: Emulator
) -> None:
    task_id = submitted_task(api, frames="1")
    emu.advance(100)
    (frame,) = frame_ids(api, task_id).values()
    with pytest.raises(RayvisionAPIError) as caught:
        list(bob.query.iter_render_log(frame))
    assert caught.value.error_code == Code.PARAMETER_INVALID


def test_status_counts(api: RayvisionAPI, bob: RayvisionAPI, emu: Emulator) -> None:
    before = bob.query.task_status_count()
    assert mismatches(before, replies.TaskStatusCount) == []
    submitted_task(bob, frames="1")
    submitted_task(bob, frames="1", emulator={"fail_frames": [1]})
    emu.advance(100)
    after = bob.query.task_status_count()
    assert after["doneTask"] == before["doneTask"] + 1
    assert after["failureTask"] == before["failureTask"] + 1
    assert bob.user_info["user_id"] != api.user_info["user_id"]


def test_output_size_and_the_listing_agree(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = submitted_task(api, frames="1-3")
    emu.advance(100)
    sizes = api.transmit.get_output_size([task_id])
    assert mismatches(sizes, replies.OutputSizePage) == []
    (folder,) = api.transmit.get_output_files(task_id=task_id)
    files = api.transmit.get_output_files(tree_path=folder["filePath"])
    assert sizes["items"] == [{"taskId": task_id, "size": sum(f["fileSize"] for f in files)}]
    with pytest.raises(RayvisionAPIError) as caught:
        api.transmit.get_output_size([task_id, 987654])
    assert caught.value.error_code == Code.TASK_NOT_FOUND


def test_a_task_limit_is_shown_and_renders_that_many_at_once(
    api: RayvisionAPI, emu: Emulator
) -> None:
    task_id = submitted_task(api, frames="1-8")
    assert api.task.update_task_limit(task_id, 3) is None
    emu.advance(10)
    item = info_of(api, task_id)
    assert item["taskLimit"] == 3 and item["executingFrames"] == 3
    with pytest.raises(RayvisionAPIError) as caught:
        api.task.update_task_limit(987654, 3)
    assert caught.value.error_code == Code.TASK_NOT_FOUND
    with pytest.raises(RayvisionArgumentError):
        api.task.update_task_limit(task_id, 0)


def reality_task(api: RayvisionAPI) -> int:
    with open(os.path.join(DATA, "reality_model_data", "task.json"), encoding="utf-8") as file:
        document: Dict[str, Any] = json.load(file)
    return api.submit_by_data(copy.deepcopy(document))


def test_the_at_report_of_a_reality_modeling_task(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = reality_task(api)
    assert api.query.get_at_report_url(task_id) == ""
    assert api.query.get_at_report(task_id) is None
    emu.advance(WEEK)
    path = api.query.get_at_report_url(task_id)
    assert path is not None and path.startswith("/") and path.endswith("/at_result/report.json")
    emu.clear_requests()
    report = api.query.get_at_report(task_id)
    assert report == emu.at_report(task_id)
    assert mismatches(report, replies.AtReport) == []
    fetch = emu.requests[-1]
    assert fetch.method == "GET" and fetch.path == path and fetch.status == 200
    names: List[str] = [name.lower() for name in fetch.headers]
    assert "accessid" not in names and "signature" not in names and "nonce" not in names
    with pytest.raises(RayvisionAPIError) as caught:
        api.query.get_at_report(987654)
    assert caught.value.error_code == Code.TASK_NOT_FOUND


def test_another_accounts_report_is_not_found(
    api: RayvisionAPI, bob: RayvisionAPI, emu: Emulator
) -> None:
    task_id = reality_task(api)
    emu.advance(WEEK)
    with pytest.raises(RayvisionAPIError) as caught:
        bob.query.get_at_report(task_id)
    assert caught.value.error_code == Code.TASK_NOT_FOUND
