"""Creating tasks, uploading their task.json and submitting them."""

import json

import pytest

from dayan_api import Code, endpoints
from dayan_api.constants import CONFIG_FILE_NAMES
from dayan_api.emulator import errors

from .conftest import ANALYSE, FRAME, SUBMITTING

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
