"""Project labels, task labels and render environments: state per account, error envelopes."""

import json

import pytest

from dayan_api import endpoints
from dayan_api.emulator import errors

from .conftest import OTHER_ID, OTHER_KEY

ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "maya_2020",
    "renderSystem": 1,
    "pluginIds": [20001, 1166],
}


def projects(client, flag=None):
    if flag is None:
        return client.data(endpoints.GET_PROJECT_LABELS)["projectNameList"]
    return client.data(endpoints.LIST_PROJECT_LABELS, {"flag": flag})["projectNameList"]


def task_labels(client, task_id):
    text = client.info(task_id)["labels"]
    assert isinstance(text, str)
    return {int(label_id): name for label_id, name in json.loads(text).items()}


def envs(client, **body):
    body.setdefault("osName", 1)
    return client.data(endpoints.GET_RENDER_ENV, body)


# -- project labels ------------------------------------------------------------------


def test_project_labels_are_added_listed_and_deleted(client):
    assert projects(client) == []
    assert client.data(endpoints.ADD_PROJECT_LABEL, {"newName": "镜头A", "status": 1}) is None
    client.data(endpoints.ADD_PROJECT_LABEL, {"newName": "shot_010", "status": 0})
    listed = projects(client)
    assert [p["projectName"] for p in listed] == ["镜头A", "shot_010"]
    assert all(set(p) == {"projectId", "projectName"} for p in listed)
    assert len({p["projectId"] for p in listed}) == 2
    for flag in (0, 1, 2):
        assert projects(client, flag) == listed

    client.data(endpoints.DELETE_PROJECT_LABEL, {"delName": "镜头A"})
    assert [p["projectName"] for p in projects(client)] == ["shot_010"]


def test_a_duplicate_project_label_is_refused(client):
    client.data(endpoints.ADD_PROJECT_LABEL, {"newName": "p", "status": 1})
    reply = client.error(endpoints.ADD_PROJECT_LABEL, {"newName": "p", "status": 0})
    assert reply["code"] == errors.LABEL_EXISTS and "p" in reply["message"]
    assert len(projects(client)) == 1


def test_deleting_an_unknown_project_label_is_not_found(client):
    reply = client.error(endpoints.DELETE_PROJECT_LABEL, {"delName": "nope"})
    assert reply["code"] == errors.RESOURCE_NOT_FOUND and "nope" in reply["message"]


def test_project_labels_belong_to_their_account(client, make_client):
    client.data(endpoints.ADD_PROJECT_LABEL, {"newName": "mine", "status": 1})
    other = make_client(OTHER_ID, OTHER_KEY)
    assert projects(other) == []
    reply = other.error(endpoints.DELETE_PROJECT_LABEL, {"delName": "mine"})
    assert reply["code"] == errors.RESOURCE_NOT_FOUND
    other.data(endpoints.ADD_PROJECT_LABEL, {"newName": "mine", "status": 1})  # no clash


@pytest.mark.parametrize(
    "path, body",
    [
        (endpoints.ADD_PROJECT_LABEL, {"newName": " ", "status": 1}),
        (endpoints.ADD_PROJECT_LABEL, {"newName": 5, "status": 1}),
        (endpoints.ADD_PROJECT_LABEL, {"newName": "p", "status": 2}),
        (endpoints.LIST_PROJECT_LABELS, {"flag": 3}),
        (endpoints.LIST_PROJECT_LABELS, {"flag": "x"}),
        (endpoints.ADD_TASK_LABEL, {"label": "", "taskIds": [1]}),
        (endpoints.ADD_TASK_LABEL, {"label": "t", "taskIds": []}),
        (endpoints.DELETE_TASK_LABEL, {"labelIds": "1"}),
    ],
)
def test_bad_label_parameters_are_invalid(client, path, body):
    assert client.error(path, body)["code"] == errors.INVALID_PARAMETER


# -- labels on tasks --------------------------------------------------------------------


def test_a_label_is_put_on_tasks_shown_and_taken_off(client):
    first, second = client.create(), client.create()
    assert task_labels(client, first) == {}
    assert client.info(first)["labels"] == "{}"  # the reference's sample: a string

    client.data(endpoints.ADD_TASK_LABEL, {"label": "镜头A", "taskIds": [first, second]})
    labels = task_labels(client, first)
    assert list(labels.values()) == ["镜头A"]
    assert task_labels(client, second) == labels  # one label, one id
    (label_id,) = labels

    client.data(endpoints.ADD_TASK_LABEL, {"label": "镜头A", "taskIds": [first]})  # again
    assert task_labels(client, first) == labels

    client.data(endpoints.DELETE_TASK_LABEL, {"labelIds": [label_id]})
    assert task_labels(client, first) == {} and task_labels(client, second) == {}
    reply = client.error(endpoints.DELETE_TASK_LABEL, {"labelIds": [label_id]})
    assert reply["code"] == errors.RESOURCE_NOT_FOUND


def test_labels_from_create_task_have_ids_too(client):
    task_id = client.create(labels=["a", "b"])
    labels = task_labels(client, task_id)
    assert sorted(labels.values()) == ["a", "b"]
    client.data(endpoints.DELETE_TASK_LABEL, {"labelIds": [min(labels)]})
    assert list(task_labels(client, task_id).values()) == [labels[max(labels)]]


def test_a_label_on_a_layered_task_reaches_its_layers(client):
    task_id = client.submit(layers=["beauty", "shadow"])
    client.data(endpoints.ADD_TASK_LABEL, {"label": "lit", "taskIds": [task_id]})
    item = client.info(task_id)
    layers = item["respRenderingTaskList"]
    assert [json.loads(layer["labels"]) for layer in layers] == [json.loads(item["labels"])] * 2


def test_labelling_an_unknown_task_is_task_not_found_and_changes_nothing(client, make_client):
    task_id = client.create()
    reply = client.error(endpoints.ADD_TASK_LABEL, {"label": "x", "taskIds": [task_id, 999]})
    assert reply["code"] == errors.TASK_NOT_FOUND
    assert task_labels(client, task_id) == {}
    other = make_client(OTHER_ID, OTHER_KEY)
    reply = other.error(endpoints.ADD_TASK_LABEL, {"label": "x", "taskIds": [task_id]})
    assert reply["code"] == errors.TASK_NOT_FOUND


def test_an_unknown_label_id_is_not_found_and_removes_nothing(client):
    task_id = client.create(labels=["keep"])
    (label_id,) = task_labels(client, task_id)
    reply = client.error(endpoints.DELETE_TASK_LABEL, {"labelIds": [label_id, 1]})
    assert reply["code"] == errors.RESOURCE_NOT_FOUND and "1" in reply["message"]
    assert task_labels(client, task_id) == {label_id: "keep"}


# -- render environments ------------------------------------------------------------------


def test_an_environment_is_stored_and_shown_in_the_reference_shape(client):
    assert client.data(endpoints.ADD_RENDER_ENV, ENV) == {"editName": "maya_2020"}
    stored = {
        "cgId": 2000,
        "editName": "maya_2020",
        "cgName": "Maya",
        "cgVersion": "2020",
        "osName": 1,
        "renderLayerType": 0,
        "isDefault": 0,
        "projectPath": "",
        "isMainUserId": 1,
        "respUserPluginInfoVos": [
            {
                "pluginId": 20001,
                "pluginName": "emulator_plugin",
                "pluginVersion": "emulator_plugin 1.0",
            },
            {"pluginId": 1166, "pluginName": "plugin_1166", "pluginVersion": "plugin_1166 1.0"},
        ],
    }
    assert envs(client) == [stored]
    with_path = dict(ENV, editName="p", projectPath="D:/proj", renderLayerType=1)
    client.data(endpoints.ADD_RENDER_ENV, with_path)
    assert [env["projectPath"] for env in envs(client)] == ["", "D:/proj"]


def test_render_system_may_come_as_a_decimal_string(client):
    # The service family's own example sends "renderSystem": "0".
    client.data(endpoints.ADD_RENDER_ENV, dict(ENV, renderSystem="0"))
    assert [env["osName"] for env in envs(client, osName=0)] == [0]


def test_environments_are_filtered_by_software_and_system(client):
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    client.data(endpoints.ADD_RENDER_ENV, dict(ENV, editName="maya_linux", renderSystem=0))
    client.data(
        endpoints.ADD_RENDER_ENV, dict(ENV, editName="houdini", cgId=2004, cgName="Houdini")
    )
    names = lambda found: [env["editName"] for env in found]  # noqa: E731
    assert names(envs(client)) == ["maya_2020", "houdini"]
    assert names(envs(client, osName=0)) == ["maya_linux"]
    assert names(envs(client, cgId=2004)) == ["houdini"]
    assert names(envs(client, cgIds=[2000, 2004])) == ["maya_2020", "houdini"]
    assert names(envs(client, cgIds=[2007])) == []
    assert names(client.data(endpoints.GET_RENDER_ENV, {})) == [
        "maya_2020",
        "maya_linux",
        "houdini",
    ]


def test_one_default_per_software_and_system(client):
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    client.data(endpoints.ADD_RENDER_ENV, dict(ENV, editName="maya_2022", cgVersion="2022"))
    client.data(endpoints.ADD_RENDER_ENV, dict(ENV, editName="houdini", cgId=2004))
    client.data(endpoints.SET_DEFAULT_RENDER_ENV, {"editName": "houdini"})
    client.data(endpoints.SET_DEFAULT_RENDER_ENV, {"editName": "maya_2020"})
    client.data(endpoints.SET_DEFAULT_RENDER_ENV, {"editName": "maya_2022"})
    defaults = {env["editName"]: env["isDefault"] for env in envs(client)}
    assert defaults == {"maya_2020": 0, "maya_2022": 1, "houdini": 1}


def test_an_environment_is_edited_and_deleted(client):
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    client.data(endpoints.SET_DEFAULT_RENDER_ENV, {"editName": "maya_2020"})
    assert client.data(endpoints.EDIT_RENDER_ENV, dict(ENV, cgVersion="2024")) is None
    (edited,) = envs(client)
    assert edited["cgVersion"] == "2024" and edited["isDefault"] == 1
    client.data(endpoints.DELETE_RENDER_ENV, {"editName": "maya_2020"})
    assert envs(client) == []


def test_a_duplicate_environment_name_is_refused(client):
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    reply = client.error(endpoints.ADD_RENDER_ENV, dict(ENV, cgVersion="2022"))
    assert reply["code"] == errors.LABEL_EXISTS and "maya_2020" in reply["message"]
    assert [env["cgVersion"] for env in envs(client)] == ["2020"]


@pytest.mark.parametrize(
    "path",
    [endpoints.EDIT_RENDER_ENV, endpoints.DELETE_RENDER_ENV, endpoints.SET_DEFAULT_RENDER_ENV],
)
def test_an_unknown_environment_is_not_found(client, make_client, path):
    reply = client.error(path, ENV)
    assert reply["code"] == errors.RESOURCE_NOT_FOUND and "maya_2020" in reply["message"]
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    other = make_client(OTHER_ID, OTHER_KEY)  # another account's environment
    assert other.error(path, ENV)["code"] == errors.RESOURCE_NOT_FOUND
    assert envs(other) == []


@pytest.mark.parametrize(
    "path, body",
    [
        (endpoints.ADD_PROJECT_LABEL, {"status": 1}),
        (endpoints.DELETE_PROJECT_LABEL, {}),
        (endpoints.ADD_TASK_LABEL, {"label": "t"}),
        (endpoints.DELETE_TASK_LABEL, {}),
        (endpoints.ADD_RENDER_ENV, {k: v for k, v in ENV.items() if k != "cgVersion"}),
        (endpoints.ADD_RENDER_ENV, {k: v for k, v in ENV.items() if k != "pluginIds"}),
    ],
)
def test_missing_label_and_environment_parameters(client, path, body):
    assert client.error(path, body)["code"] == errors.MISSING_PARAMETER
    assert envs(client) == [] and projects(client) == []


@pytest.mark.parametrize(
    "body",
    [
        dict(ENV, cgId="maya"),
        dict(ENV, editName=""),
        dict(ENV, renderSystem=2),
        dict(ENV, pluginIds=["x"]),
        dict(ENV, renderLayerType="deep"),
        dict(ENV, projectPath=7),
    ],
)
def test_bad_environment_parameters_are_invalid(client, body):
    assert client.error(endpoints.ADD_RENDER_ENV, body)["code"] == errors.INVALID_PARAMETER
    assert envs(client) == []


@pytest.mark.parametrize("body", [{"osName": 2}, {"cgIds": "2000"}, {"cgId": 1.5}])
def test_bad_environment_filters_are_invalid(client, body):
    assert client.error(endpoints.GET_RENDER_ENV, body)["code"] == errors.INVALID_PARAMETER
