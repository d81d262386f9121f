"""Watching tasks and reading big ones, over loopback against the emulator.

The emulator's clock is frozen; wait_for_task's sleep moves it instead of
waiting (the fixture ``sim``), so a render of hours is watched at once.
"""

import logging

import pytest

from dayan_api import RayvisionAPIError, RayvisionWaitTimeoutError, endpoints
from dayan_api.constants import SETTLED_TASK_STATUSES
from dayan_api.emulator import errors

from .conftest import info_of, submitted_task

DONE, DONE_WITH_FAILED, STOPPED_BY_USER = 25, 30, 15


def task_info_requests(emu):
    return [r for r in emu.requests if r.path == endpoints.QUERY_TASK_INFO.path]


def test_three_tasks_waited_for_one_with_failing_frames(api, emu, sim):
    clean = submitted_task(api, frames="1-4[1]")
    failing = submitted_task(api, frames="1-6[1]", emulator={"fail_frames": "2,5"})
    layered = submitted_task(api, frames="1-3[1]", layers=["beauty", "shadow"])
    ids = [failing, clean, layered]
    lines = []

    def progress(item):
        done = item["doneFrames"]
        if done is None:  # a task with layers: its layers hold the counts
            done = sum(layer["doneFrames"] for layer in item["respRenderingTaskList"])
        lines.append(
            "{id}: status {taskStatus}, {done}/{totalFrames} done, {failedFrames} failed".format(
                done=done, **item
            )
        )

    emu.clear_requests()
    items = api.query.wait_for_task(ids, interval=15, on_update=progress)

    assert [item["id"] for item in items] == ids
    assert [item["taskStatus"] for item in items] == [DONE_WITH_FAILED, DONE, DONE]
    assert (items[0]["doneFrames"], items[0]["failedFrames"]) == (4, 2)
    requests = task_info_requests(emu)
    assert len(requests) == len(sim.sleeps) + 1 > 2  # one request per poll
    assert all(record.body == {"taskIds": ids} for record in requests)
    assert lines[:3] == [  # first sight: submitting (60), which is not settled
        "{}: status 60, 0/6 done, 0 failed".format(failing),
        "{}: status 60, 0/4 done, 0 failed".format(clean),
        "{}: status 60, 0/6 done, 0 failed".format(layered),
    ]
    assert "{}: status 30, 4/6 done, 2 failed".format(failing) in lines
    assert "{}: status 25, 4/4 done, 0 failed".format(clean) in lines
    assert "{}: status 25, 6/6 done, 0 failed".format(layered) in lines
    assert len(lines) == len(set(lines))  # called on changes only
    assert info_of(api, failing)["taskStatus"] == DONE_WITH_FAILED


def test_a_stopped_task_settles(api, emu, sim):
    stopped = submitted_task(api, frames="1-50[1]")
    emu.advance(30)  # analysed, a few frames rendered
    api.task.stop_task([stopped])
    final = api.query.wait_for_task(stopped, interval=60, timeout=3600)
    assert final["taskStatus"] == STOPPED_BY_USER in SETTLED_TASK_STATUSES
    assert sim.sleeps == []  # settled at the first poll: stopped tasks do not move on


def test_a_task_never_submitted_times_out_with_its_last_item(api, emu, sim):
    waiting = api.task.create_task()["taskIdList"][0]
    done = submitted_task(api, frames="1")
    with pytest.raises(RayvisionWaitTimeoutError) as raised:
        api.query.wait_for_task([waiting, done], interval=600, timeout=3000)
    error = raised.value
    assert isinstance(error, TimeoutError)
    assert [item["taskStatus"] for item in error.items] == [0, DONE]
    assert sum(sim.sleeps) == 3000


def test_an_unknown_task_raises_at_once(api, emu, sim):
    with pytest.raises(RayvisionAPIError) as raised:
        api.query.wait_for_task([999999999], interval=5)
    assert raised.value.code == errors.TASK_NOT_FOUND
    assert sim.sleeps == []


def test_a_gateway_outage_during_the_wait_is_survived(api, emu, sim, caplog):
    task_id = submitted_task(api, frames="1-4[1]")
    emu.inject(endpoints.QUERY_TASK_INFO, status=502, times=3)  # the first poll and its retries
    with caplog.at_level(logging.WARNING, logger="dayan_api"):
        final = api.query.wait_for_task(task_id, interval=60)
    assert final["taskStatus"] == DONE
    assert any("wait_for_task" in record.getMessage() for record in caplog.records)


def test_a_big_task_paged_with_1_and_4_workers_is_the_same(api, emu):
    task_id = submitted_task(api, frames="1-3500[1]", emulator={"frame_seconds": 1})
    emu.advance(86400)
    sequential = api.query.get_all_frames(task_id, workers=1)
    concurrent = api.query.get_all_frames(task_id, workers=4)
    assert len(sequential) == 3500
    assert concurrent == sequential
    assert list(concurrent) == list(sequential) == [str(n) for n in range(1, 3501)]


def test_iter_frames_yields_every_frame_once(api, emu):
    task_id = submitted_task(api, frames="1-1234[1]")
    emu.clear_requests()
    frames = list(api.query.iter_frames(task_id, page_size=100))
    ids = [frame["id"] for frame in frames]
    assert len(ids) == len(set(ids)) == 1234
    assert [frame["frameIndex"] for frame in frames] == [str(n) for n in range(1, 1235)]
    assert frames == list(api.query.get_all_frames(task_id).values())
    pages = [r.body["pageNum"] for r in emu.requests if r.path == endpoints.QUERY_TASK_FRAMES.path]
    assert pages[:13] == list(range(1, 14))  # 13 pages, each asked for once


def test_iter_tasks_lists_every_task_once(api, emu):
    mine = {submitted_task(api, frames="1") for _ in range(5)}
    listed = [task["id"] for task in api.query.iter_tasks(page_size=2)]
    assert len(listed) == len(set(listed))
    assert mine <= set(listed)
