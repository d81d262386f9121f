"""The task list, frame pages, frame stats and images; parameters of the wrong type or missing."""

import datetime

import pytest

from dayan_api import Code, endpoints
from dayan_api.constants import FRAME_STATUS
from dayan_api.emulator import errors

from .conftest import ANALYSE, FRAME, statuses

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


# -- lists and queries ------------------------------------------------------------------------


def test_task_list_pages_newest_first(client):
    ids = [client.submit(scene="s{}.mb".format(n)) for n in range(5)]
    client.create()  # not submitted: not listed
    first = client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 2})
    assert first["total"] == 5 and first["pageCount"] == 3 and first["size"] == 2
    assert [item["id"] for item in first["items"]] == ids[::-1][:2]
    last = client.data(endpoints.GET_TASK_LIST, {"pageNum": 3, "pageSize": 2})
    assert [item["id"] for item in last["items"]] == [ids[0]]
    beyond = client.data(endpoints.GET_TASK_LIST, {"pageNum": 9, "pageSize": 2})
    assert beyond["items"] == [] and beyond["total"] == 5


def test_task_list_filters(client, emu):
    done = client.submit(frames="1", scene="/p/forest_A.mb")
    emu.advance(100)
    later = client.submit(frames="1", scene="/p/desert_B.mb")

    def listed(**body):
        body.update(pageNum=1, pageSize=100)
        return [item["id"] for item in client.data(endpoints.GET_TASK_LIST, body)["items"]]

    assert listed(statusList=[25]) == [done]
    assert listed(statusList=[60, 50, 5]) == [later]
    assert listed(statusList=[50, 5]) == []
    assert listed(statusList=[]) == [later, done]
    assert listed(searchKeyword="FOREST") == [done]
    assert listed(searchKeyword="2W{}".format(later)) == [later]
    assert listed(searchKeyword=str(done)) == [done]

    submitted = client.info(later)["submitDate"] / 1000
    moment = datetime.datetime.fromtimestamp(submitted, BEIJING).replace(microsecond=0)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    assert listed(startTime=text) == [later]
    before = (moment - datetime.timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert listed(endTime=before) == [done]
    body = {"pageNum": 1, "pageSize": 10, "startTime": "yesterday"}
    assert client.error(endpoints.GET_TASK_LIST, body)["code"] == errors.INVALID_PARAMETER


def test_task_frames_pages(client, emu):
    task_id = client.submit(frames="1-10[1]")
    emu.advance(ANALYSE + FRAME)
    page = client.data(
        endpoints.QUERY_TASK_FRAMES, {"taskId": task_id, "pageNum": 2, "pageSize": 4}
    )
    assert page["total"] == 10 and page["pageCount"] == 3 and page["pageNum"] == 2
    assert [item["frameIndex"] for item in page["items"]] == ["5", "6", "7", "8"]
    item = page["items"][0]
    keys = {
        "id",
        "taskId",
        "frameIndex",
        "frameStatus",
        "feeAmount",
        "couponFee",
        "startTime",
        "endTime",
        "frameExecuteTime",
    }
    assert keys <= set(item) and item["taskId"] == task_id
    empty = client.data(
        endpoints.QUERY_TASK_FRAMES, {"taskId": task_id, "pageNum": 4, "pageSize": 4}
    )
    assert empty["items"] == []
    found = client.data(
        endpoints.QUERY_TASK_FRAMES,
        {"taskId": task_id, "pageNum": 1, "pageSize": 10, "searchKeyword": "10"},
    )
    assert [item["frameIndex"] for item in found["items"]] == ["10"]


def test_all_frame_stats(client, emu):
    client.submit(frames="1-4", fail_frames=[4])
    client.submit(frames="1-2")
    emu.advance(ANALYSE + FRAME)
    assert client.data(endpoints.QUERY_ALL_FRAME_STATS) == {
        "executingFramesTotal": 2,
        "doneFramesTotal": 4,
        "failedFramesTotal": 0,
        "waitingFramesTotal": 0,
        "abandonFramesTotal": 0,
        "totalFrames": 6,
    }
    emu.advance(100)
    stats = client.data(endpoints.QUERY_ALL_FRAME_STATS)
    assert stats["doneFramesTotal"] == 5 and stats["failedFramesTotal"] == 1


def test_frame_status_codes_are_the_protocols(client, emu):
    task_id = client.submit(frames="1-3", fail_frames=[3])
    emu.advance(100)
    assert set(statuses(client, task_id).values()) <= set(FRAME_STATUS)


def test_process_image_and_thumbnail(client, emu):
    task_id = client.submit(frames="1-2")
    emu.advance(100)
    image = client.data(endpoints.LOAD_TASK_PROCESS_IMG, {"taskId": task_id})
    # block: the tiles of one frame (one here); a list of grabInfo per frame.
    assert image["block"] == 1 and len(image["grabInfo"]) == 2
    assert image["sceneName"] == "shot_010.mb" and image["isRenderPhoton"] is False
    assert image["completedTime"]  # the task is done: when, in Beijing time
    grab = image["grabInfo"][0][0]
    assert grab["frameStatus"] == "4"
    assert grab["grabUrl"].startswith("/mnt/output/") and "\\" not in grab["grabUrl"]
    frame_id = client.frames(task_id)[1]["id"]
    thumbnails = client.data(endpoints.LOADING_FRAME_THUMBNAIL, {"id": frame_id, "frameStatus": 4})
    assert len(thumbnails) == 1 and str(task_id) in thumbnails[0]
    assert thumbnails[0].startswith("/mnt/output/")
    reply = client.error(endpoints.LOADING_FRAME_THUMBNAIL, {"id": 1, "frameStatus": 4})
    assert reply["code"] == errors.FRAME_NOT_FOUND


# -- parameter types -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, body",
    [
        (endpoints.STOP_TASK, {"taskIds": "1"}),
        (endpoints.STOP_TASK, {"taskIds": [1.5]}),
        (endpoints.STOP_TASK, {"taskIds": [True]}),
        (endpoints.STOP_TASK, {"taskIds": ["abc"]}),
        (endpoints.STOP_TASK, {"taskIds": []}),
        (endpoints.START_TASK, {"taskIds": {"a": 1}}),
        (endpoints.QUERY_TASK_INFO, {"taskIds": [[1]]}),
        (endpoints.SUBMIT_TASK, {"taskId": "x"}),
        (endpoints.QUERY_TASK_FRAMES, {"taskId": 1, "pageNum": 0}),
        (endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": "ten"}),
        (endpoints.GET_TASK_LIST, {"statusList": [None]}),
        (endpoints.GET_TASK_LIST, {"searchKeyword": 5}),
        (endpoints.GET_TASK_LIST, {"recycleFlag": True}),
        (endpoints.UPDATE_USER_SETTING, {"taskOverTimeSec": -1}),
        (endpoints.RECOMMIT_TASK_FRAME, {"taskId": 1, "selectAll": 2}),
        (endpoints.QUERY_SOFTWARE_DETAIL, {"cgId": 1, "osName": "windows"}),
        (endpoints.QUERY_SOFTWARE_DETAIL, {"cgId": 2000, "osName": "beos"}),
        (endpoints.QUERY_ANALYSE_ERROR_DETAIL, {"codes": "15000"}),
        (endpoints.SET_TASK_OVERTIME_STOP, {"taskIds": [1], "overTime": "long"}),
        (endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": 5}),
    ],
)
def test_parameter_type_errors_are_business_errors(client, path, body):
    reply = client.error(path, body)
    assert reply["code"] == errors.INVALID_PARAMETER == Code.PARAMETER_INVALID


@pytest.mark.parametrize(
    "path, body",
    [
        (endpoints.STOP_TASK, {}),
        (endpoints.QUERY_TASK_INFO, {"taskIds": None}),
        (endpoints.SUBMIT_TASK, {}),
        (endpoints.UPDATE_USER_SETTING, {}),
        (endpoints.QUERY_ANALYSE_ERROR_DETAIL, {"language": 0}),
        (endpoints.RECOMMIT_TASK_FRAME, {"selectAll": 1}),
    ],
)
def test_missing_parameters_are_told_apart(client, path, body):
    reply = client.error(path, body)
    assert reply["code"] == errors.MISSING_PARAMETER == Code.PARAMETER_MISSING
    assert "required" in reply["message"]


def test_numeric_strings_are_accepted_as_ids(client):
    task_id = client.create()
    assert client.data(endpoints.QUERY_TASK_INFO, {"taskIds": [str(task_id)]})["total"] == 1


def test_unknown_task(client):
    reply = client.error(endpoints.QUERY_TASK_INFO, {"taskIds": [424242]})
    assert reply["code"] == errors.TASK_NOT_FOUND and reply["message"] == "task not found: 424242"
