"""Bad project labels, task labels and render environments are refused before anything is sent."""

import pytest

from dayan_api.exception import (
    RayvisionArgumentError,
)

from .support import TASK_ID, TYPE, VALUE, bad, check_refused_before_sending

ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "e",
    "renderSystem": 1,
    "pluginIds": [1166],
}

CASES = [
    # project labels and task labels
    bad(lambda a: a.tag.add_label(""), VALUE, "new_name", "add_label-empty"),
    bad(lambda a: a.tag.add_label(None), TYPE, "new_name", "add_label-none"),
    bad(lambda a: a.tag.add_label(["p"]), TYPE, "new_name", "add_label-list"),
    bad(lambda a: a.tag.add_label("p", 2), VALUE, "status", "add_label-status-2"),
    bad(lambda a: a.tag.add_label("p", -1), VALUE, "status", "add_label-status-negative"),
    bad(lambda a: a.tag.add_label("p", "2"), VALUE, "status", "add_label-status-str-2"),
    bad(lambda a: a.tag.add_label("p", " 1"), VALUE, "status", "add_label-status-padded"),
    bad(lambda a: a.tag.add_label("p", True), VALUE, "status", "add_label-status-bool"),
    bad(lambda a: a.tag.add_label("p", 1.0), VALUE, "status", "add_label-status-float"),
    bad(lambda a: a.tag.add_label("p", None), VALUE, "status", "add_label-status-none"),
    bad(lambda a: a.tag.delete_label(""), VALUE, "del_name", "delete_label-empty"),
    bad(lambda a: a.tag.delete_label(3671), TYPE, "del_name", "delete_label-int"),
    bad(lambda a: a.tag.add_task_tag("", [7]), VALUE, "tag", "add_task_tag-empty"),
    bad(lambda a: a.tag.add_task_tag(None, [7]), TYPE, "tag", "add_task_tag-none"),
    bad(lambda a: a.tag.add_task_tag("t", []), VALUE, "task_ids", "add_task_tag-no-ids"),
    bad(lambda a: a.tag.add_task_tag("t", 7), TYPE, "task_ids", "add_task_tag-bare-id"),
    bad(lambda a: a.tag.add_task_tag("t", ["7"]), TASK_ID, "task_ids[0]", "add_task_tag-str-id"),
    bad(lambda a: a.tag.add_task_tag("t", [7, 0]), VALUE, "task_ids[1]", "add_task_tag-zero"),
    bad(lambda a: a.tag.delete_task_tag([]), VALUE, "tag_ids", "delete_task_tag-empty"),
    bad(lambda a: a.tag.delete_task_tag(3001), TYPE, "tag_ids", "delete_task_tag-bare-id"),
    bad(lambda a: a.tag.delete_task_tag(["3001"]), TYPE, "tag_ids[0]", "delete_task_tag-str"),
    bad(lambda a: a.tag.delete_task_tag([True]), TYPE, "tag_ids[0]", "delete_task_tag-bool"),
    bad(lambda a: a.tag.delete_task_tag([3001, 0]), VALUE, "tag_ids[1]", "delete_task_tag-0"),
    bad(lambda a: a.tag.delete_task_tag([-2]), VALUE, "tag_ids[0]", "delete_task_tag-negative"),
    bad(lambda a: a.tag.get_list(3), VALUE, "flag", "get_list-3"),
    bad(lambda a: a.tag.get_list(-1), VALUE, "flag", "get_list-negative"),
    bad(lambda a: a.tag.get_list("2"), VALUE, "flag", "get_list-str"),
    bad(lambda a: a.tag.get_list(True), VALUE, "flag", "get_list-bool"),
    bad(lambda a: a.check_and_add_project_name(""), VALUE, "project_name", "project-empty"),
    bad(lambda a: a.check_and_add_project_name(None), TYPE, "project_name", "project-none"),
    # render environments
    bad(lambda a: a.env.add_render_env(None), TYPE, "data", "add_env-none"),
    bad(lambda a: a.env.add_render_env([ENV]), TYPE, "data", "add_env-list"),
    bad(lambda a: a.env.update_render_env("e"), TYPE, "data", "update_env-str"),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, cgId="2000")),
        TYPE,
        "data['cgId']",
        "add_env-cgId-str",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, cgId=True)),
        TYPE,
        "data['cgId']",
        "add_env-cgId-bool",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, cgName=None)),
        TYPE,
        "data['cgName']",
        "add_env-cgName-none",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, cgVersion=2020)),
        TYPE,
        "data['cgVersion']",
        "add_env-cgVersion-int",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, editName="")),
        VALUE,
        "data['editName']",
        "add_env-editName-empty",
    ),
    bad(
        lambda a: a.env.update_render_env(dict(ENV, renderSystem=2)),
        VALUE,
        "data['renderSystem']",
        "update_env-renderSystem-2",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, renderSystem="2")),
        VALUE,
        "data['renderSystem']",
        "add_env-renderSystem-str-2",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, renderSystem=" 1")),
        VALUE,
        "data['renderSystem']",
        "add_env-renderSystem-str-space",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, renderSystem=1.0)),
        TYPE,
        "data['renderSystem']",
        "add_env-renderSystem-float",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, pluginIds=1166)),
        TYPE,
        "data['pluginIds']",
        "add_env-pluginIds-int",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, pluginIds=[1166, "1167"])),
        TYPE,
        "data['pluginIds'][1]",
        "add_env-pluginIds-str-item",
    ),
    bad(
        lambda a: a.env.add_render_env(dict(ENV, renderLayerType="0")),
        TYPE,
        "data['renderLayerType']",
        "add_env-renderLayerType-str",
    ),
    bad(
        lambda a: a.env.update_render_env(dict(ENV, projectPath=5)),
        TYPE,
        "data['projectPath']",
        "update_env-projectPath-int",
    ),
    bad(lambda a: a.env.delete_render_env(""), VALUE, "edit_name", "delete_env-empty"),
    bad(lambda a: a.env.delete_render_env(None), TYPE, "edit_name", "delete_env-none"),
    bad(lambda a: a.env.set_default_render_env(1), TYPE, "edit_name", "default_env-int"),
    bad(lambda a: a.env.get_render_env(name="mayaa"), VALUE, "name", "get_env-name-unknown"),
    bad(lambda a: a.env.get_render_env(name=1999), VALUE, "name", "get_env-id-unknown"),
    bad(lambda a: a.env.get_render_env(cg_names="maya"), TYPE, "cg_names", "get_env-names-str"),
    bad(lambda a: a.env.get_render_env(cg_names=[]), VALUE, "cg_names", "get_env-names-empty"),
    bad(
        lambda a: a.env.get_render_env(cg_names=["maya", "nope"]),
        VALUE,
        "cg_names[1]",
        "get_env-names-unknown",
    ),
    bad(lambda a: a.env.get_render_env(os_name=2), VALUE, "os_name", "get_env-os-2"),
    bad(lambda a: a.env.get_render_env(os_name="1"), VALUE, "os_name", "get_env-os-str"),
    bad(lambda a: a.env.get_render_env(os_name=True), VALUE, "os_name", "get_env-os-bool"),
]


@pytest.mark.parametrize("call, error, parameter", CASES)
def test_bad_argument_is_refused_before_sending(api, rsps, call, error, parameter):
    check_refused_before_sending(api, rsps, call, error, parameter)


@pytest.mark.parametrize(
    "key", ["cgId", "cgName", "cgVersion", "editName", "renderSystem", "pluginIds"]
)
def test_an_env_without_a_required_key_is_refused_naming_it(api, rsps, key):
    data = {k: v for k, v in ENV.items() if k != key}
    for call in (api.env.add_render_env, api.env.update_render_env):
        with pytest.raises(RayvisionArgumentError) as caught:
            call(data)
        assert caught.value.parameter == "data"
        assert repr(key) + " is missing" in str(caught.value)
    assert len(rsps.calls) == 0


def test_an_unknown_software_name_lists_the_known_ones(api, rsps):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.env.get_render_env(name="mayaa")
    for known in ("maya", "3ds Max", "houdini", "contextcapture"):
        assert known in str(caught.value)
    assert len(rsps.calls) == 0
