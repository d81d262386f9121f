"""The task_id property, and submit_by_data (create if needed, upload, submit)."""

import copy
import json

import pytest
import responses

from dayan_api.exception import RayvisionError, RayvisionResponseError

from .support import (
    CREATE_TASK,
    SUBMIT,
    TASK_JSON_FILE,
    check_request,
    envelope,
    load_fixture,
    request_body,
    url,
)

# -- the task_id property ------------------------------------------------------------------


def test_task_id_is_created_on_first_use_and_kept(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=load_fixture("create_task.json"))
    assert len(rsps.calls) == 0
    assert api.task.task_id == 19097
    assert api.task.task_id == 19097
    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], CREATE_TASK, {"count": 1, "taskUserLevel": 50})


@pytest.mark.parametrize(
    "submit",
    [
        lambda api, task_id: api.task.submit_task(task_id),
        lambda api, task_id: api.task.submit_task_to_cc(task_id),
        lambda api, task_id: api.submit(task_id),
        lambda api, task_id: api.submit_cc(task_id),
    ],
    ids=["submit_task", "submit_task_to_cc", "api.submit", "api.submit_cc"],
)
def test_task_id_is_forgotten_after_its_submit(api, rsps, submit):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [101]}))
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [102]}))
    rsps.add(responses.POST, url(SUBMIT), json=load_fixture("submit_task.json"))
    first = api.task.task_id
    submit(api, 999)  # another task: the kept id stays
    assert api.task.task_id == first == 101
    submit(api, first)
    assert api.task.task_id == 102
    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(SUBMIT),
        url(SUBMIT),
        url(CREATE_TASK),
    ]


def test_task_id_is_kept_when_its_submit_fails(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [101]}))
    rsps.add(responses.POST, url(SUBMIT), json=envelope(None, code=500, message="no json"))
    task_id = api.task.task_id
    with pytest.raises(RayvisionError):
        api.task.submit_task(task_id)
    assert api.task.task_id == 101
    assert len(rsps.calls) == 2


@pytest.mark.parametrize(
    "data",
    [{}, {"taskIdList": []}, {"taskIdList": None}, None, [19097]],
    ids=["no-list", "empty-list", "null-list", "null-data", "data-list"],
)
def test_a_create_task_reply_without_an_id(api, rsps, data):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope(data))
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(None))
    with pytest.raises(RayvisionResponseError) as caught:
        api.task.task_id  # noqa: B018
    assert caught.value.url == url(CREATE_TASK)
    with pytest.raises(RayvisionResponseError):
        api.submit_by_data(task_json())
    # nothing uploaded for a task that has no id
    assert [call.request.url for call in rsps.calls] == [url(CREATE_TASK), url(CREATE_TASK)]


# -- submit_by_data --------------------------------------------------------------------------


def task_json(task_id=None):
    content = {
        "software_config": {"cg_name": "Houdini", "cg_version": "17.5", "plugins": {}},
        "task_info": {"input_cg_file": "D:/shots/镜头A.hip", "frames_per_task": "1"},
    }
    if task_id is not None:
        content["task_info"]["task_id"] = task_id
    return content


def register_submit(rsps, created=19097):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [created]}))
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=load_fixture("task_json_file.json"))
    rsps.add(responses.POST, url(SUBMIT), json=load_fixture("submit_task.json"))


def test_submit_by_data_with_an_int_task_id(api, rsps):
    register_submit(rsps)
    content = task_json(task_id=1234)
    before = copy.deepcopy(content)
    assert api.submit_by_data(content) == 1234
    assert [call.request.url for call in rsps.calls] == [url(TASK_JSON_FILE), url(SUBMIT)]
    upload = request_body(rsps.calls[0])
    check_request(rsps.calls[0], TASK_JSON_FILE, upload)
    assert upload["taskId"] == 1234 and upload["fileName"] == "task.json"
    assert json.loads(upload["content"]) == before
    check_request(rsps.calls[1], SUBMIT, {"taskId": 1234})
    assert content == before


def test_submit_by_data_with_a_numeric_string_task_id(api, rsps):
    register_submit(rsps)
    content = task_json(task_id="1234")
    result = api.submit_by_data(content, file_name="upload.json", producer="丁玉涛")
    assert result == 1234 and type(result) is int
    upload = request_body(rsps.calls[0])
    assert upload["taskId"] == 1234 and upload["fileName"] == "upload.json"
    assert json.loads(upload["content"]) == content
    check_request(rsps.calls[1], SUBMIT, {"taskId": 1234, "producer": "丁玉涛"})
    assert len(rsps.calls) == 2


@pytest.mark.parametrize("missing", [None, ""], ids=["absent", "empty-string"])
def test_submit_by_data_without_a_task_id_creates_one(api, rsps, missing):
    register_submit(rsps, created=19097)
    content = task_json()
    if missing == "":
        content["task_info"]["task_id"] = ""
    before = copy.deepcopy(content)

    assert api.submit_by_data(content) == 19097

    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(TASK_JSON_FILE),
        url(SUBMIT),
    ]
    check_request(rsps.calls[0], CREATE_TASK, {"count": 1, "taskUserLevel": 50})
    upload = request_body(rsps.calls[1])
    check_request(rsps.calls[1], TASK_JSON_FILE, upload)
    sent = json.loads(upload["content"])
    assert sent["task_info"]["task_id"] == 19097
    expected = copy.deepcopy(before)
    expected["task_info"]["task_id"] = 19097
    assert sent == expected
    assert upload["taskId"] == 19097
    check_request(rsps.calls[2], SUBMIT, {"taskId": 19097})
    assert content == before  # the caller's dict is not modified


def test_submit_by_data_without_a_task_info_section(api, rsps):
    register_submit(rsps, created=555)
    content = {"software_config": {"cg_name": "Maya"}}
    assert api.submit_by_data(content) == 555
    sent = json.loads(request_body(rsps.calls[1])["content"])
    assert sent == {"software_config": {"cg_name": "Maya"}, "task_info": {"task_id": 555}}
    assert content == {"software_config": {"cg_name": "Maya"}}


def test_submit_by_data_with_json_text(api, rsps):
    register_submit(rsps)
    text = json.dumps(task_json(task_id=4321), ensure_ascii=False, indent=2)
    assert api.submit_by_data(text) == 4321
    upload = request_body(rsps.calls[0])
    assert upload == {"taskId": 4321, "fileName": "task.json", "content": text}
    assert len(rsps.calls) == 2


def test_submit_by_data_with_json_text_without_a_task_id(api, rsps):
    register_submit(rsps, created=777)
    text = json.dumps(task_json())
    assert api.submit_by_data(text) == 777
    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(TASK_JSON_FILE),
        url(SUBMIT),
    ]
    assert json.loads(request_body(rsps.calls[1])["content"])["task_info"]["task_id"] == 777


def test_submit_by_data_stops_at_a_failed_upload(api, rsps):
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(None, code=600, message="full"))
    with pytest.raises(RayvisionError):
        api.submit_by_data(task_json(task_id=1))
    assert [call.request.url for call in rsps.calls] == [url(TASK_JSON_FILE)]
