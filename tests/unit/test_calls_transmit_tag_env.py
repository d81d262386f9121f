"""The transmit, tag and render-environment operators' calls, and the software
names that ``env.get_render_env`` takes.
"""

import pytest
import responses

from dayan_api import endpoints

from .support import (
    ADD_ENV,
    ADD_LABEL,
    ADD_TASK_LABEL,
    DEFAULT_ENV,
    DELETE_ENV,
    DELETE_LABEL,
    DELETE_TASK_LABEL,
    EDIT_ENV,
    GET_ENV,
    LABEL_LIST,
    OUTPUT_FILES,
    PROJECT_LIST,
    TASK_JSON_FILE,
    TRANSFER_CONFIG,
    case,
    check_operator_call,
    check_request,
    envelope,
    url,
)

T = 14400249

ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "testRenderEnv332",
    "renderSystem": 1,
    "pluginIds": [1166, 1167],
}
ENV_FULL = dict(ENV, renderLayerType=0, projectPath="D:/project/镜头")

CASES = [
    # transmit
    case(
        "transmit.get_transfer_config",
        lambda a: a.transmit.get_transfer_config(),
        TRANSFER_CONFIG,
        {},
    ),
    case(
        "transmit.upload_json_content",
        lambda a: a.transmit.upload_json_content(T, '{"task_info": {"task_id": "1"}}'),
        TASK_JSON_FILE,
        {"taskId": T, "fileName": "task.json", "content": '{"task_info": {"task_id": "1"}}'},
    ),
    case(
        "transmit.upload_json_content",
        lambda a: a.transmit.upload_json_content(T, {"镜头": [1]}, file_name="upload.json"),
        TASK_JSON_FILE,
        {"taskId": T, "fileName": "upload.json", "content": '{"镜头": [1]}'},
        variant="dict",
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(),
        OUTPUT_FILES,
        {"treePath": "/"},
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(task_id=1484861),
        OUTPUT_FILES,
        {"treePath": "/", "taskId": 1484861},
        variant="task_id",
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(tree_path="/1484861_muti_layer_test"),
        OUTPUT_FILES,
        {"treePath": "/1484861_muti_layer_test"},
        variant="tree_path",
    ),
    # tag
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("镜头A"),
        ADD_LABEL,
        {"newName": "镜头A", "status": 1},
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("p", 0),
        ADD_LABEL,
        {"newName": "p", "status": 0},
        variant="status-0",
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label(new_name="p", status="0"),
        ADD_LABEL,
        {"newName": "p", "status": 0},
        variant="status-str-0",
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("p", status="1"),
        ADD_LABEL,
        {"newName": "p", "status": 1},
        variant="status-str-1",
    ),
    case(
        "tag.delete_label",
        lambda a: a.tag.delete_label(del_name="镜头A"),
        DELETE_LABEL,
        {"delName": "镜头A"},
    ),
    case("tag.get_label_list", lambda a: a.tag.get_label_list(), LABEL_LIST, {}),
    case(
        "tag.add_task_tag",
        lambda a: a.tag.add_task_tag("shot", [T, 2]),
        ADD_TASK_LABEL,
        {"label": "shot", "taskIds": [T, 2]},
    ),
    case(
        "tag.add_task_tag",
        lambda a: a.tag.add_task_tag(tag="shot", task_ids=(T,)),
        ADD_TASK_LABEL,
        {"label": "shot", "taskIds": [T]},
        variant="tuple",
    ),
    case(
        "tag.delete_task_tag",
        lambda a: a.tag.delete_task_tag(tag_ids=[3001, 3002]),
        DELETE_TASK_LABEL,
        {"labelIds": [3001, 3002]},
    ),
    case("tag.get_list", lambda a: a.tag.get_list(), PROJECT_LIST, {"flag": 0}),
    case(
        "tag.get_list",
        lambda a: a.tag.get_list(flag=2),
        PROJECT_LIST,
        {"flag": 2},
        variant="flag-2",
    ),
    # env
    case("env.add_render_env", lambda a: a.env.add_render_env(ENV), ADD_ENV, ENV),
    case(
        "env.add_render_env",
        lambda a: a.env.add_render_env(data=ENV_FULL),
        ADD_ENV,
        ENV_FULL,
        variant="optional-keys",
    ),
    case(
        "env.add_render_env",
        lambda a: a.env.add_render_env(dict(ENV, note="kept", pluginIds=[])),
        ADD_ENV,
        dict(ENV, note="kept", pluginIds=[]),
        variant="extra-key-sent-as-given",
    ),
    case(
        "env.add_render_env",
        lambda a: a.env.add_render_env(dict(ENV, renderSystem="0")),
        ADD_ENV,
        dict(ENV, renderSystem="0"),
        variant="render-system-as-published-str",
    ),
    case(
        "env.update_render_env",
        lambda a: a.env.update_render_env(data=ENV_FULL),
        EDIT_ENV,
        ENV_FULL,
    ),
    case(
        "env.delete_render_env",
        lambda a: a.env.delete_render_env(edit_name="testRenderEnv332"),
        DELETE_ENV,
        {"editName": "testRenderEnv332"},
    ),
    case(
        "env.set_default_render_env",
        lambda a: a.env.set_default_render_env("testRenderEnv332"),
        DEFAULT_ENV,
        {"editName": "testRenderEnv332"},
    ),
    case("env.get_render_env", lambda a: a.env.get_render_env(), GET_ENV, {"osName": 1}),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env(name="maya", os_name=0),
        GET_ENV,
        {"cgId": 2000, "osName": 0},
        variant="name",
    ),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env(cg_names=["houdini", "3ds Max", "Katana"]),
        GET_ENV,
        {"cgIds": [2004, 2001, 2016], "osName": 1},
        variant="cg_names",
    ),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env("blender", ["maya"], 1),
        GET_ENV,
        {"cgId": 2007, "cgIds": [2000], "osName": 1},
        variant="both",
    ),
]


@pytest.mark.parametrize("name, call, path, body, returns", CASES)
def test_operator_call(api, rsps, linux, name, call, path, body, returns):
    check_operator_call(api, rsps, call, path, body, returns)


@pytest.mark.parametrize(
    "name, cg_id",
    [
        ("nuke", 2015),
        ("ContextCapture", 2017),
        (2017, 2017),
        ("unreal engine", 2020),
        ("Unreal Engine", 2020),
        ("katana", 2016),
    ],
)
def test_get_render_env_takes_the_new_software_names(api, rsps, name, cg_id):
    path = endpoints.GET_RENDER_ENV.path
    rsps.add(responses.POST, url(path), json=envelope([]))
    rsps.add(responses.POST, url(path), json=envelope([]))

    assert api.env.get_render_env(name=name) == []
    assert api.env.get_render_env(cg_names=[name, "maya"], os_name=0) == []

    check_request(rsps.calls[0], path, {"cgId": cg_id, "osName": 1})
    check_request(rsps.calls[1], path, {"cgIds": [cg_id, 2000], "osName": 0})
