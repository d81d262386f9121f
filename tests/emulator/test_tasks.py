"""Tasks on the simulated clock: create, upload, submit, render, stop, restart, list, outputs."""

import datetime
import json

import pytest

from dayan_api import Code, endpoints
from dayan_api.constants import CONFIG_FILE_NAMES, FRAME_STATUS
from dayan_api.emulator import errors

FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "fixtures"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))

# Default timing: 5 s of analysis (the first second of it shown as submitting),
# then 6 s per frame, 2 frames at a time.
ANALYSE = 5
SUBMITTING = 1
FRAME = 6


def sample_item_keys():
    reply = json.loads((FIXTURES / "query_task_info.json").read_text(encoding="utf-8"))
    return set(reply["data"]["items"][0])


def statuses(client, task_id):
    return {number: frame["frameStatus"] for number, frame in client.frames(task_id).items()}


# -- createTask --------------------------------------------------------------------


def test_create_task(client, emu):
    data = client.data(endpoints.CREATE_TASK, {"count": 3, "taskUserLevel": 60, "labels": ["a"]})
    ids = data["taskIdList"]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert data["aliasTaskIdList"] == ["2W{}".format(task_id) for task_id in ids]
    assert data["userId"] == client.data(endpoints.QUERY_USER_PROFILE)["userId"]
    item = client.info(ids[0])
    assert item["taskUserLevel"] == 60
    labels = json.loads(item["labels"])  # a string holding {label id: name}
    assert isinstance(item["labels"], str) and list(labels.values()) == ["a"]
    assert json.loads(client.info(ids[1])["labels"]) == labels  # one label, one id
    assert item["taskStatus"] == 0 and item["totalFrames"] == 0 and item["submitDate"] is None


def test_create_task_options(client):
    body = {"artist": "Ann", "outUserId": 77, "cloneOriginalId": 5, "count": 1}
    task_id = client.data(endpoints.CREATE_TASK, body)["taskIdList"][0]
    item = client.info(task_id)
    assert item["producer"] == "Ann" and item["cloneOriginalId"] == 5


@pytest.mark.parametrize(
    "body",
    [
        {"count": 0},
        {"count": "many"},
        {"count": 101},
        {"taskUserLevel": 55},
        {"labels": "a"},
        {"labels": [1]},
        {"artist": 5},
        {"outUserId": 1.5},
    ],
)
def test_create_task_refuses_bad_parameters(client, body):
    assert client.error(endpoints.CREATE_TASK, body)["code"] == errors.INVALID_PARAMETER


def test_accounts_have_distinct_users_and_tasks(make_client):
    from .conftest import OTHER_ID, OTHER_KEY

    mine, theirs = make_client(), make_client(OTHER_ID, OTHER_KEY)
    profile = mine.data(endpoints.QUERY_USER_PROFILE)
    assert profile["userId"] != theirs.data(endpoints.QUERY_USER_PROFILE)["userId"]
    task_id = mine.submit()
    reply = theirs.error(endpoints.QUERY_TASK_INFO, {"taskIds": [task_id]})
    assert reply["code"] == errors.TASK_NOT_FOUND and "task not found" in reply["message"]
    assert (
        theirs.error(endpoints.STOP_TASK, {"taskIds": [task_id]})["code"] == errors.TASK_NOT_FOUND
    )
    assert theirs.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 10})["total"] == 0


# -- taskJsonFile and submit ---------------------------------------------------------


def test_submit_needs_task_json(client):
    task_id = client.create()
    reply = client.error(endpoints.SUBMIT_TASK, {"taskId": task_id})
    assert reply["code"] == errors.CONFIG_FILE_MISSING and "task.json" in reply["message"]
    assert client.upload(task_id, {"asset": []}, "upload.json")["code"] == 200
    reply = client.error(endpoints.SUBMIT_TASK, {"taskId": task_id})
    assert reply["code"] == errors.CONFIG_FILE_MISSING == Code.TASK_JSON_EMPTY


@pytest.mark.parametrize("file_name", CONFIG_FILE_NAMES)
def test_upload_each_config_file(client, emu, file_name):
    task_id = client.create()
    assert client.upload(task_id, {"task_info": {}}, file_name)["code"] == 200
    assert json.loads(emu.uploaded_config(task_id, file_name)) == {"task_info": {}}


@pytest.mark.parametrize(
    "file_name, content, code",
    [
        ("task.json", {"not": "a string"}, errors.INVALID_PARAMETER),
        ("task.json", None, errors.MISSING_PARAMETER),
        ("task.json", "{broken", errors.INVALID_CONFIG_FILE),
        ("task.json", "[1, 2]", errors.INVALID_CONFIG_FILE),
        ("task.json", "", errors.TASK_JSON_EMPTY),
        ("task.json", " \n", errors.TASK_JSON_EMPTY),
        # a lone surrogate escape (json.dumps of an os.fsdecode'd name): no Unicode
        # text, and every later reply showing the scene name could not be encoded
        (
            "task.json",
            '{"task_info": {"input_cg_file": "D:/shot_\\udce9.mb"}}',
            errors.INVALID_CONFIG_FILE,
        ),
        ("upload.json", "{broken", errors.INVALID_PARAMETER),
    ],
)
def test_upload_refuses_bad_content(client, file_name, content, code):
    task_id = client.create()
    body = {"taskId": task_id, "fileName": file_name, "content": content}
    assert client.error(endpoints.TASK_JSON_FILE, body)["code"] == code


def test_task_json_codes_are_the_documented_ones():
    assert errors.INVALID_CONFIG_FILE == Code.TASK_JSON_INVALID == 740
    assert errors.TASK_JSON_EMPTY == Code.TASK_JSON_EMPTY == 741


@pytest.mark.parametrize(
    "document",
    [
        {"task_info": {"frames": "10-1"}},
        {"task_info": {"frames": "1-100000"}},
        {"task_info": {"cg_id": 1234}},
        {"task_info": {"layers": "a"}},
        {"emulator": {"fail_frames": [1.5]}},
        {"task_info": {"cg_id": "2000"}, "scene_info_render": {}},
    ],
)
def test_a_task_json_the_analysis_refuses_fails_its_submit(client, emu, document):
    task_id = client.create()
    assert client.upload(task_id, document)["code"] == 200  # the upload only stores it
    assert client.data(endpoints.SUBMIT_TASK, {"taskId": task_id}) is None
    item = client.info(task_id)
    assert item["taskStatus"] == 60 and item["totalFrames"] == 0
    emu.advance(SUBMITTING)
    item = client.info(task_id)
    assert item["taskStatus"] == 65 and item["totalFrames"] == 0
    assert item["remark"] and item["completedDate"] == item["submitDate"] + SUBMITTING * 1000
    emu.advance(60)
    assert client.info(task_id)["taskStatus"] == 65
    listed = client.data(endpoints.GET_TASK_LIST, {"statusList": [65]})["items"]
    assert [entry["id"] for entry in listed] == [task_id]
    # Stopping it changes nothing; abandoning it still works.
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 65
    client.data(endpoints.ABANDON_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 35


def test_a_refused_task_stopped_while_submitting_still_fails(client, emu):
    task_id = client.create()
    client.upload(task_id, {"task_info": {"frames": "oops"}})
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    emu.advance(SUBMITTING)
    assert client.info(task_id)["taskStatus"] == 65


def test_upload_refuses_unknown_file_name(client):
    body = {"taskId": client.create(), "fileName": "other.json", "content": "{}"}
    assert client.error(endpoints.TASK_JSON_FILE, body)["code"] == errors.INVALID_PARAMETER


def test_submit_twice_is_refused(client):
    task_id = client.submit()
    reply = client.error(endpoints.SUBMIT_TASK, {"taskId": task_id})
    assert reply["code"] == errors.ALREADY_SUBMITTED == Code.ALREADY_SUBMITTING


def test_submit_of_a_deleted_or_abandoned_task_is_not_allowed(client):
    deleted, abandoned = client.create(), client.create()
    for task_id in (deleted, abandoned):
        client.upload(task_id, {"task_info": {"frames": "1"}})
    client.data(endpoints.DELETE_TASK, {"taskIds": [deleted]})
    client.data(endpoints.ABANDON_TASK, {"taskIds": [abandoned]})
    for task_id in (deleted, abandoned):
        reply = client.error(endpoints.SUBMIT_TASK, {"taskId": task_id})
        assert reply["code"] == errors.SUBMIT_NOT_ALLOWED == Code.SUBMIT_NOT_ALLOWED


def test_no_submitting_moment_without_analysis_time(client, emu):
    task_id = client.submit(frames="1-2", analyse_seconds=0)
    assert client.info(task_id)["taskStatus"] == 5


def test_a_task_stopped_while_submitting_analyses_again_when_started(client, emu):
    task_id = client.submit(frames="1")
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 15
    emu.advance(100)
    assert client.info(task_id)["taskStatus"] == 15
    client.data(endpoints.START_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 50
    emu.advance(ANALYSE + FRAME)
    assert client.info(task_id)["taskStatus"] == 25


def test_submit_with_producer_and_cc_parameters(client):
    task_id = client.create()
    client.upload(task_id, {"task_info": {"frames": "1"}})
    body = {"taskId": task_id, "producer": "Bo", "option": "cc", "param": {}}
    client.data(endpoints.SUBMIT_TASK, body)
    assert client.info(task_id)["producer"] == "Bo"


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


# -- layered tasks ---------------------------------------------------------------------------


def test_layered_task(client, emu):
    layers = ["beauty", {"name": "shadow", "frames": "1-2"}]
    task_id = client.submit(frames="1-3", scene="/p/city.ma", layers=layers)
    item = client.info(task_id)
    children = item["respRenderingTaskList"]
    assert [child["layerName"] for child in children] == ["beauty", "shadow"]
    assert all(child["layerParentId"] == task_id for child in children)
    assert all(child["respRenderingTaskList"] is None for child in children)
    assert len({child["id"] for child in children} | {task_id}) == 3
    assert [child["totalFrames"] for child in children] == [3, 2]
    assert item["totalFrames"] == 5 and item["taskStatus"] == 60
    assert {child["taskStatus"] for child in children} == {60}
    emu.advance(SUBMITTING)
    assert client.info(task_id)["taskStatus"] == 50

    beauty, shadow = (child["id"] for child in children)
    assert client.info(shadow)["framesRange"] == "1-2"
    assert sorted(client.frames(beauty)) == [1, 2, 3]

    emu.advance(ANALYSE + 2 * FRAME)
    item = client.info(task_id)
    assert item["taskStatus"] == 25 and item["doneFrames"] == 5
    assert client.info(shadow)["taskStatus"] == 25

    client.data(endpoints.RECOMMIT_TASK_FRAME, {"taskId": shadow, "selectAll": 1})
    assert client.info(task_id)["taskStatus"] == 5  # the parent shows its rendering layer
    assert client.info(beauty)["taskStatus"] == 25
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert client.info(shadow)["taskStatus"] == 15


def test_layered_task_in_the_task_list(client):
    task_id = client.submit(layers=["a", "b"])
    listing = client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 10})
    assert [item["id"] for item in listing["items"]] == [task_id]
    assert len(listing["items"][0]["respRenderingTaskList"]) == 2


# -- output files ------------------------------------------------------------------------------


def test_output_files(client, emu):
    task_id = client.submit(frames="1-2", scene="C:\\proj\\shot_020.mb")
    assert client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/"}) == []
    emu.advance(100)
    root = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/"})
    folder = "{}_shot_020".format(task_id)
    assert [entry["fileName"] for entry in root] == [folder]
    entry = root[0]
    assert entry["directory"] is True and entry["fileSize"] is None and entry["fileType"] is None
    assert entry["filePath"] == "/" + folder and entry["isArrears"] == 0
    datetime.datetime.strptime(entry["lastModify"], "%Y-%m-%d %H:%M:%S")

    files = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/" + folder})
    assert [f["filePath"] for f in files] == [
        "/{}/shot_020.0001.exr".format(folder),
        "/{}/shot_020.0002.exr".format(folder),
    ]
    assert files[0]["fileType"] == "exr" and files[0]["directory"] is False
    assert files[0]["fileSize"] > 0
    sample = json.loads((FIXTURES / "output_user_dir_file.json").read_text(encoding="utf-8"))
    assert set(files[0]) == set(sample["data"][0])

    by_task = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/", "taskId": task_id})
    assert by_task == root
    assert client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/nowhere"}) == []


def test_output_files_of_a_layer(client, emu):
    task_id = client.submit(frames="7", scene="city.ma", layers=["fg", "bg"])
    emu.advance(100)
    layer = client.info(task_id)["respRenderingTaskList"][1]["id"]
    folder = "/{}_city".format(task_id)
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": folder})
    assert [entry["fileName"] for entry in listing] == ["bg", "fg"]
    files = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": folder + "/bg/"})
    assert [entry["filePath"] for entry in files] == [folder + "/bg/bg.0007.exr"]
    body = {"treePath": folder, "taskId": layer}
    only_bg = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in only_bg] == ["bg"]


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


def test_a_maya_plugins_task_json_renders_its_layers_as_sub_tasks(client, emu):
    task_id = client.create()
    layer = {"renderable": "1", "common": {"frames": "1-4[1]", "renderer": "arnold"}}
    document = {
        "software_config": {"cg_name": "Maya", "cg_version": "2022", "plugins": {}},
        "task_info": {"cg_id": "2000", "input_cg_file": "D:/p/street.mb", "enable_layered": "1"},
        "scene_info_render": {
            "masterLayer": layer,
            "fog": {"renderable": "1", "common": {"frames": "1,3,5-9[2]"}},
        },
        "layers": ["masterLayer", "fog"],
    }
    client.upload(task_id, document)
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    children = client.info(task_id)["respRenderingTaskList"]
    assert [(child["layerName"], child["totalFrames"]) for child in children] == [
        ("masterLayer", 4),
        ("fog", 5),
    ]
    assert sorted(client.frames(children[1]["id"])) == [1, 3, 5, 7, 9]
    emu.advance(1000)
    item = client.info(task_id)
    assert (item["taskStatus"], item["doneFrames"], item["cgId"]) == (25, 9, 2000)


def test_a_houdini_plugins_rop_nodes_write_to_a_folder_each(client, emu):
    task_id = client.create()
    rops = [
        {"node": "/out/beauty", "frames": "1-2", "render": "1", "option": "-1"},
        {"node": "/out/mask", "frames": "1", "render": "1", "option": "-1"},
    ]
    document = {
        "task_info": {"cg_id": "2004", "input_cg_file": "D:/p/fx.hip"},
        "scene_info_render": {"rop_node": rops},
    }
    client.upload(task_id, document)
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    emu.advance(1000)
    children = client.info(task_id)["respRenderingTaskList"]
    assert [child["framesRange"] for child in children] == ["/out/beauty1-2", "/out/mask1"]
    root = "/{}_fx".format(task_id)
    body = {"taskId": task_id, "treePath": root}
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in listing] == ["out_beauty", "out_mask"]
    body["treePath"] = root + "/out_mask"
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in listing] == ["out_mask.0001.exr"]


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
    assert image["block"] == 2 and image["sceneName"] == "shot_010.mb"
    assert image["grabInfo"][0][0]["frameStatus"] == "4"
    frame_id = client.frames(task_id)[1]["id"]
    thumbnails = client.data(endpoints.LOADING_FRAME_THUMBNAIL, {"id": frame_id, "frameStatus": 4})
    assert len(thumbnails) == 1 and str(task_id) in thumbnails[0]
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
