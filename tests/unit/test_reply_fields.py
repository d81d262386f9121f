"""Calls that go on with what a reply holds raise typed errors when it lacks it."""

import pytest

from dayan_api import RayvisionResponseError, endpoints

from .support import request_body, url

T = 13798105


def test_create_task_id_takes_create_task_arguments_but_count(api):
    with pytest.raises(TypeError, match="count"):
        api.task.create_task_id(count=2)


def test_create_task_id_creates_one_task_and_returns_its_id(api, reply, rsps):
    reply(endpoints.CREATE_TASK.path, {"taskIdList": [T], "aliasTaskIdList": ["2W1"]})
    assert api.task.create_task_id(labels=["x"], task_user_level=60) == T
    assert request_body(rsps.calls[0]) == {"count": 1, "taskUserLevel": 60, "labels": ["x"]}


@pytest.mark.parametrize("data", [{}, {"taskIdList": []}, None, ["not", "an", "object"]])
def test_create_task_id_without_ids_is_a_response_error(api, reply, data):
    reply(endpoints.CREATE_TASK.path, data)
    with pytest.raises(RayvisionResponseError, match="taskIdList") as raised:
        api.task.create_task_id()
    assert raised.value.url == url(endpoints.CREATE_TASK.path)


def test_task_id_property_and_submit_by_data_read_the_id_the_same_way(api, reply):
    reply(endpoints.CREATE_TASK.path, {"aliasTaskIdList": []})
    with pytest.raises(RayvisionResponseError):
        _ = api.task.task_id
    with pytest.raises(RayvisionResponseError):
        api.submit_by_data({"task_info": {}})


def test_frames_without_index_or_id_are_response_errors(api, reply):
    reply(endpoints.QUERY_TASK_FRAMES.path, {"items": [{"id": 1}], "pageCount": 1})
    with pytest.raises(RayvisionResponseError, match="frameIndex"):
        api.query.get_all_frames(T)


def test_frame_page_that_is_not_an_object_is_a_response_error(api, reply):
    reply(endpoints.QUERY_TASK_FRAMES.path, ["frame"])
    with pytest.raises(RayvisionResponseError, match="not an object"):
        api.query.get_all_frames(T)


def test_sub_task_without_id_is_a_response_error(api, reply):
    info = {"items": [{"id": T, "respRenderingTaskList": [{"taskAlias": "2W2"}]}]}
    reply(endpoints.QUERY_TASK_INFO.path, info)
    with pytest.raises(RayvisionResponseError, match="'id'"):
        api.query.get_small_task_id(T)


def test_task_info_without_the_sub_task_key_reads_as_a_plain_task(api, reply):
    reply(endpoints.QUERY_TASK_INFO.path, {"items": [{"id": T}]})
    assert api.query.get_small_task_id(T) == [T]


def test_user_id_missing_from_the_profile_is_a_response_error(api, reply):
    for endpoint in (endpoints.QUERY_USER_PROFILE, endpoints.QUERY_USER_SETTING):
        reply(endpoint.path, {"userName": "x"})
    reply(endpoints.GET_TRANSFER_BID.path, {})
    with pytest.raises(RayvisionResponseError, match="user_id"):
        api.get_user_id()
