"""api.tag, api.env, check_and_add_project_name and the 1.x transport habits, over loopback."""

import json

import pytest

from dayan_api import RayvisionAPIError, RayvisionCompatibilityWarning
from dayan_api.emulator import errors

from .conftest import info_of, submitted_task

MAYA_ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2022",
    "editName": "maya_2022_arnold",
    "renderSystem": 1,
    "pluginIds": [20001],
}


def labels_of(api, task_id):
    return json.loads(info_of(api, task_id)["labels"])


def test_a_project_label_is_created_listed_and_deleted(api):
    assert api.tag.add_label("镜头A") is None
    assert api.tag.add_label("shot_010", status="0") is None  # 1.x's string status
    names = [project["projectName"] for project in api.tag.get_project_list()]
    assert names == ["镜头A", "shot_010"]
    assert api.tag.get_label_list()["projectNameList"] == api.tag.get_project_list()
    assert api.tag.get_list(flag=1)["projectNameList"] == api.tag.get_project_list()

    with pytest.raises(RayvisionAPIError) as caught:
        api.tag.add_label("镜头A")
    assert caught.value.code == errors.LABEL_EXISTS

    api.tag.delete_label("镜头A")
    api.tag.delete_label("shot_010")
    assert api.tag.get_project_list() == []
    with pytest.raises(RayvisionAPIError) as caught:
        api.tag.delete_label("镜头A")
    assert caught.value.code == errors.RESOURCE_NOT_FOUND


def test_a_label_is_put_on_a_task_listed_and_removed(api):
    task_id = submitted_task(api)
    other_id = api.task.create_task()["taskIdList"][0]
    assert labels_of(api, task_id) == {}

    api.tag.add_task_tag("review", [task_id, other_id])
    labels = labels_of(api, task_id)
    assert list(labels.values()) == ["review"]
    assert labels_of(api, other_id) == labels
    (label_id,) = (int(key) for key in labels)

    api.tag.delete_task_tag([label_id])
    assert labels_of(api, task_id) == {} and labels_of(api, other_id) == {}

    with pytest.raises(RayvisionAPIError) as caught:
        api.tag.add_task_tag("review", [task_id + 10**6])
    assert caught.value.code == errors.TASK_NOT_FOUND


def test_check_and_add_project_name_adds_an_absent_label_once(api, emu):
    emu.clear_requests()
    first = api.check_and_add_project_name("proj_absent")
    paths = [record.path.rsplit("/", 1)[-1] for record in emu.requests]
    assert paths == ["list", "add", "list"]
    assert first.isdigit()

    emu.clear_requests()
    assert api.check_and_add_project_name("proj_absent") == first
    assert [record.path.rsplit("/", 1)[-1] for record in emu.requests] == ["list"]
    listed = {p["projectName"]: p["projectId"] for p in api.tag.get_list(flag=2)["projectNameList"]}
    assert str(listed["proj_absent"]) == first


def test_project_labels_are_per_account(api, bob):
    api.tag.add_label("alice_only")
    assert "alice_only" not in [p["projectName"] for p in bob.tag.get_project_list()]
    assert bob.check_and_add_project_name("alice_only") != api.check_and_add_project_name(
        "alice_only"
    )


def test_an_environment_is_added_made_default_listed_and_deleted(api):
    assert api.env.add_render_env(MAYA_ENV) == {"editName": "maya_2022_arnold"}
    (stored,) = api.env.get_render_env(name="maya")
    assert stored["isDefault"] == 0 and stored["projectPath"] == ""
    assert [p["pluginId"] for p in stored["respUserPluginInfoVos"]] == [20001]

    api.env.set_default_render_env("maya_2022_arnold")
    (listed,) = api.env.get_render_env(name="maya")
    assert listed["isDefault"] == 1 and listed["cgVersion"] == "2022"
    assert api.env.get_render_env(cg_names=["maya", "houdini"]) == [listed]
    assert api.env.get_render_env(name="houdini") == []
    assert api.env.get_render_env(name="maya", os_name=0) == []

    api.env.update_render_env(dict(MAYA_ENV, cgVersion="2024"))
    assert api.env.get_render_env(name="maya")[0]["cgVersion"] == "2024"

    with pytest.raises(RayvisionAPIError) as caught:
        api.env.add_render_env(MAYA_ENV)
    assert caught.value.code == errors.LABEL_EXISTS

    api.env.delete_render_env("maya_2022_arnold")
    assert api.env.get_render_env() == []
    with pytest.raises(RayvisionAPIError) as caught:
        api.env.set_default_render_env("maya_2022_arnold")
    assert caught.value.code == errors.RESOURCE_NOT_FOUND


def test_post_without_validator_returns_the_data(api):
    task_id = api.task.create_task()["taskIdList"][0]
    path = "/api/rendering/task/renderingTask/queryTaskInfo"
    data = api.connect.post(path, {"taskIds": [task_id]}, validator=False)
    assert data["items"][0]["id"] == task_id
    envelope = api.connect.post_envelope(path, {"taskIds": [task_id]})
    assert envelope["code"] == 200 and envelope["data"]["items"][0]["id"] == task_id
    refused = api.connect.post_envelope(path, {"taskIds": [task_id + 10**6]})
    assert refused["code"] == errors.TASK_NOT_FOUND and refused["data"] is None


def test_get_output_files_with_a_task_id_lists_from_the_root(api, emu):
    task_id = submitted_task(api)
    emu.advance(120)
    expected = api.transmit.get_output_files(task_id=task_id)
    assert expected and expected[0]["directory"]
    with pytest.warns(RayvisionCompatibilityWarning):
        assert api.transmit.get_output_files(task_id=task_id, tree_path="/elsewhere") == expected
    assert emu.requests[-1].body == {"treePath": "/", "taskId": task_id}
