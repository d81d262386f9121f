"""Tasks on the simulated clock: render, fail, restart, stop, start, abandon, delete, speed up."""

import json

import pytest

from dayan_api import Code, endpoints
from dayan_api.emulator import errors

from .conftest import ANALYSE, FIXTURES, FRAME, SUBMITTING, statuses


def sample_item_keys():
    reply = json.loads((FIXTURES / "query_task_info.json").read_text(encoding="utf-8"))
    return set(reply["data"]["items"][0])


# -- the render clock ----------------------------------------------------------------------


def test_lifecycle_through_the_clock(client, emu):
    task_id = client.submit(frames="1-5[1]", scene="D:/proj/shot_010.mb")
    item = client.info(task_id)
    assert item["taskStatus"] == 60 and item["totalFrames"] == 5  # submitting, briefly
    assert item["sceneName"] == "shot_010.mb" and item["framesRange"] == "1-5[1]"
    assert item["submitDate"] is not None and item["startTime"] is None
    assert set(statuses(client, task_id).values()) == {1}

    emu.advance(SUBMITTING)
    assert client.info(task_id)["taskStatus"] == 50  # then analysing
    emu.advance(ANALYSE - SUBMITTING)
    item = client.info(task_id)
    assert item["taskStatus"] == 5 and item["executingFrames"] == 2
    assert item["startTime"] == item["submitDate"] + ANALYSE * 1000
    assert statuses(client, task_id) == {1: 2, 2: 2, 3: 1, 4: 1, 5: 1}

    emu.advance(FRAME)
    item = client.info(task_id)
    assert (item["doneFrames"], item["executingFrames"]) == (2, 2)
    assert item["renderConsume"] == pytest.approx(0.12) and item["renderDuration"] == 12

    emu.advance(3 * FRAME)
    item = client.info(task_id)
    assert item["taskStatus"] == 25 and item["doneFrames"] == 5
    assert item["completedDate"] == item["startTime"] + 3 * FRAME * 1000
    assert item["renderConsume"] == pytest.approx(0.3)
    assert item["couponConsume"] == pytest.approx(0.3)
    assert item["renderDuration"] == 5 * FRAME
    assert item["outputFileName"] == "{}_shot_010".format(task_id)
    frame = client.frames(task_id)[1]
    assert frame["frameStatus"] == 4 and frame["frameExecuteTime"] == FRAME
    assert frame["endTime"] - frame["startTime"] == FRAME * 1000
    assert frame["feeAmount"] == pytest.approx(0.06)


def test_a_small_task_finishes_within_a_minute_at_speed_1(client, emu):
    task_id = client.submit(frames="1-5")
    emu.advance(60)
    assert client.info(task_id)["taskStatus"] == 25


def test_speed_scales_the_clock(emu):
    before = emu.now()
    emu.speed = 1000
    import time

    time.sleep(0.05)
    assert emu.now() - before >= 40
    emu.speed = 0
    frozen = emu.now()
    assert emu.now() == frozen
    with pytest.raises(ValueError):
        emu.speed = -1
    with pytest.raises(ValueError):
        emu.advance(-5)


def test_query_task_info_has_every_sample_key(client, emu):
    task_id = client.submit()
    emu.advance(100)
    item = client.info(task_id)
    assert sample_item_keys() <= set(item)
    assert item["respRenderingTaskList"] is None
    reply = client.data(endpoints.QUERY_TASK_INFO, {"taskIds": [task_id]})
    assert {"pageCount": 1, "pageNum": 1, "total": 1, "size": 100}.items() <= reply.items()


def test_failed_frames_then_restart(client, emu):
    task_id = client.submit(frames="1-4", fail_frames=[2, 4])
    emu.advance(100)
    item = client.info(task_id)
    assert item["taskStatus"] == 30 and item["failedFrames"] == 2 and item["doneFrames"] == 2
    assert statuses(client, task_id) == {1: 4, 2: 5, 3: 4, 4: 5}

    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id], "status": [5]})
    item = client.info(task_id)
    assert item["taskStatus"] == 5 and item["completedDate"] is None
    assert statuses(client, task_id) == {1: 4, 2: 2, 3: 4, 4: 2}
    emu.advance(FRAME)
    item = client.info(task_id)
    assert item["taskStatus"] == 25 and item["failedFrames"] == 0 and item["doneFrames"] == 4
    assert client.frames(task_id)[2]["recommitFlag"] == 1


def test_frames_that_keep_failing(client, emu):
    task_id = client.submit(frames="1-2", fail_frames="2", fail_attempts=2)
    emu.advance(100)
    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})  # default: 5 and 11
    emu.advance(100)
    assert client.info(task_id)["taskStatus"] == 30
    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
    emu.advance(100)
    assert client.info(task_id)["taskStatus"] == 25


def test_restart_chosen_frames_by_id(client, emu):
    task_id = client.submit(frames="1-3")
    emu.advance(100)
    frames = client.frames(task_id)
    body = {"taskId": task_id, "selectAll": 0, "ids": [frames[3]["id"]]}
    client.data(endpoints.RECOMMIT_TASK_FRAME, body)
    assert statuses(client, task_id) == {1: 4, 2: 4, 3: 2}
    emu.advance(FRAME)
    assert client.info(task_id)["taskStatus"] == 25
    assert client.frames(task_id)[3]["feeAmount"] == pytest.approx(0.12)


@pytest.mark.parametrize("keys", [("taskIds",), ("taskId", "taskIds")])
def test_restart_frames_takes_the_task_as_task_ids_too(client, emu, keys):
    # The family's SDK and Dayan's client send "taskIds": one id, not a list.
    task_id = client.submit(frames="1-2")
    emu.advance(100)
    body = dict({key: task_id for key in keys}, selectAll=1)
    client.data(endpoints.RECOMMIT_TASK_FRAME, body)
    assert statuses(client, task_id) == {1: 2, 2: 2}


def test_restart_frames_refuses_two_different_tasks_or_none(client, emu):
    task_id = client.submit(frames="1-2")
    other = client.submit(frames="1-2")
    emu.advance(100)
    body = {"taskId": task_id, "taskIds": other, "selectAll": 1}
    assert client.error(endpoints.RECOMMIT_TASK_FRAME, body)["code"] == errors.INVALID_PARAMETER
    reply = client.error(endpoints.RECOMMIT_TASK_FRAME, {"selectAll": 1})
    assert reply["code"] == errors.MISSING_PARAMETER
    assert statuses(client, task_id) == statuses(client, other) == {1: 4, 2: 4}


def test_restart_all_frames_filtered_by_status(client, emu):
    task_id = client.submit(frames="1-3", fail_frames=[1])
    emu.advance(100)
    body = {"taskId": task_id, "selectAll": 1, "status": [5]}
    client.data(endpoints.RECOMMIT_TASK_FRAME, body)
    assert statuses(client, task_id) == {1: 2, 2: 4, 3: 4}
    client.data(endpoints.RECOMMIT_TASK_FRAME, {"taskId": task_id, "selectAll": 1})
    assert statuses(client, task_id) == {1: 2, 2: 2, 3: 1}


def test_restart_frames_needs_ids_without_select_all(client, emu):
    task_id = client.submit(frames="1-3")
    reply = client.error(endpoints.RECOMMIT_TASK_FRAME, {"taskId": task_id, "selectAll": 0})
    assert reply["code"] == errors.MISSING_PARAMETER == Code.PARAMETER_MISSING
    body = {"taskId": task_id, "selectAll": 0, "ids": [1]}
    assert client.error(endpoints.RECOMMIT_TASK_FRAME, body)["code"] == errors.FRAME_NOT_FOUND


def test_restart_of_an_unsubmitted_task_is_refused(client):
    task_id = client.create()
    reply = client.error(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
    assert reply["code"] == errors.INVALID_TASK_STATE


def test_stop_and_start(client, emu):
    task_id = client.submit(frames="1-4")
    emu.advance(ANALYSE + 1)
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    item = client.info(task_id)
    assert item["taskStatus"] == 15 and item["executingFrames"] == 0 and item["abortFrames"] == 2
    assert statuses(client, task_id) == {1: 3, 2: 3, 3: 1, 4: 1}
    emu.advance(1000)
    assert client.info(task_id)["taskStatus"] == 15  # nothing renders while stopped
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})  # stopping again changes nothing

    client.data(endpoints.START_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 5
    assert statuses(client, task_id) == {1: 2, 2: 2, 3: 1, 4: 1}
    emu.advance(2 * FRAME)
    assert client.info(task_id)["taskStatus"] == 25


def test_stop_while_analysing_then_start(client, emu):
    task_id = client.submit(frames="1")
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 15
    client.data(endpoints.START_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 50
    emu.advance(ANALYSE + FRAME)
    assert client.info(task_id)["taskStatus"] == 25


def test_stop_frames(client, emu):
    task_id = client.submit(frames="1-4")
    emu.advance(ANALYSE + 1)
    frames = client.frames(task_id)
    body = {"taskId": task_id, "selectAll": 0, "ids": [frames[1]["id"], frames[4]["id"]]}
    client.data(endpoints.STOP_TASK_FRAMES, body)
    assert statuses(client, task_id) == {1: 3, 2: 2, 3: 2, 4: 3}
    emu.advance(100)
    item = client.info(task_id)
    assert item["taskStatus"] == 30 and item["abortFrames"] == 2 and item["doneFrames"] == 2
    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id], "status": [3]})
    emu.advance(100)
    assert client.info(task_id)["taskStatus"] == 25


def test_stop_all_frames(client, emu):
    task_id = client.submit(frames="1-4")
    client.data(endpoints.STOP_TASK_FRAMES, {"taskId": task_id, "selectAll": 1})
    emu.advance(100)
    assert set(statuses(client, task_id).values()) == {3}


def test_abandon(client, emu):
    task_id = client.submit(frames="1-4")
    emu.advance(ANALYSE + 1)
    client.data(endpoints.ABANDON_TASK, {"taskIds": [task_id]})
    emu.advance(100)
    item = client.info(task_id)
    assert item["taskStatus"] == 35 and item["abortFrames"] == 4 and item["doneFrames"] == 0
    reply = client.error(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
    assert reply["code"] == errors.INVALID_TASK_STATE
    client.data(endpoints.START_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 35


def test_delete(client, emu):
    kept, deleted = client.submit(), client.submit()
    client.data(endpoints.DELETE_TASK, {"taskIds": [deleted]})
    assert client.info(deleted)["isDelete"] == 0 and client.info(kept)["isDelete"] == 1
    listing = client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 10})
    assert [item["id"] for item in listing["items"]] == [kept]
    emu.advance(100)
    assert client.info(deleted)["taskStatus"] == 15  # deleting stops it
    assert client.error(endpoints.START_TASK, {"taskIds": [deleted]})["code"] == 90005


def test_recycle_flag_lists_the_deleted_tasks(client, emu):
    kept, deleted, unsubmitted = client.submit(), client.submit(), client.create()
    client.data(endpoints.DELETE_TASK, {"taskIds": [deleted, unsubmitted]})

    def listed(**body):
        return [item["id"] for item in client.data(endpoints.GET_TASK_LIST, body)["items"]]

    assert listed() == listed(recycleFlag=0) == [kept]
    assert listed(recycleFlag=1) == [deleted]
    assert listed(recycleFlag="1", statusList=[15]) == [deleted]
    assert listed(recycleFlag=1, statusList=[25]) == []
    reply = client.error(endpoints.GET_TASK_LIST, {"recycleFlag": 2})
    assert reply["code"] == errors.INVALID_PARAMETER and "recycleFlag" in reply["message"]


def test_update_task_user_level(client):
    task_id = client.submit()
    client.data(endpoints.UPDATE_TASK_USER_LEVEL, {"taskId": task_id, "taskUserLevel": 60})
    assert client.info(task_id)["taskUserLevel"] == 60
    body = {"taskId": task_id, "taskUserLevel": 70}
    assert client.error(endpoints.UPDATE_TASK_USER_LEVEL, body)["code"] == errors.INVALID_PARAMETER


def test_overtime_stop_times_frames_out(client, emu):
    task_id = client.create()
    client.upload(task_id, {"task_info": {"frames": "1-2"}})
    client.data(endpoints.SET_TASK_OVERTIME_STOP, {"taskIds": [task_id], "overTime": 4})
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    emu.advance(100)
    item = client.info(task_id)
    assert item["overTimeStop"] == 4 and item["isOverTime"] == 1
    assert item["taskStatus"] == 30 and item["failedFrames"] == 2
    assert statuses(client, task_id) == {1: 11, 2: 11}
    assert client.frames(task_id)[1]["frameExecuteTime"] == 4
    client.data(endpoints.SET_TASK_OVERTIME_STOP, {"taskIds": [task_id], "overTime": 3600})
    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id], "status": [11]})
    emu.advance(100)
    assert client.info(task_id)["taskStatus"] == 25


def test_full_speed_renders_every_frame_at_once(client, emu):
    task_id = client.submit(frames="1-6")
    emu.advance(ANALYSE)
    assert client.info(task_id)["executingFrames"] == 2
    client.data(endpoints.FULL_SPEED_RENDERING, {"taskIds": [task_id]})
    item = client.info(task_id)
    assert item["executingFrames"] == 6 and item["taskLimit"] == 6
    emu.advance(FRAME)
    assert client.info(task_id)["taskStatus"] == 25


def test_task_over_time_comes_from_user_settings(client):
    client.data(endpoints.UPDATE_USER_SETTING, {"taskOverTimeSec": 7200})
    assert client.data(endpoints.QUERY_USER_SETTING)["taskOverTimeSec"] == 7200
    assert client.info(client.submit())["taskOverTime"] == 7200
