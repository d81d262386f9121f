"""The TypedDicts of dayan_api.replies against real replies.

Each shape is checked against the reference's own sample replies (the
fixtures) and against the emulator's replies in the states a user meets
(before the submit, rendering, done, failed frames, layered), so the types an
IDE shows are the ones the service sends.
"""

import json
import pathlib
import typing
from typing import Any, Dict, List

import pytest

from dayan_api import RayvisionAPI, replies
from dayan_api.emulator import Emulator

from .conftest import info_of, submitted_task, task_json

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


def _is_typed_dict(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__total__")


def mismatches(value: Any, hint: Any, where: str = "reply") -> List[str]:
    """What in ``value`` does not fit the type ``hint`` (empty when it fits)."""
    if hint is Any:
        return []
    if _is_typed_dict(hint):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        hints = typing.get_type_hints(hint)
        # __required_keys__ is Python 3.9+ (and typing_extensions' on 3.7);
        # on 3.8 a total class requires all.
        required = getattr(hint, "__required_keys__", None)
        if required is None:
            required = set(hints) if hint.__total__ else set()
        found = [f"{where}: no key {key!r}" for key in sorted(required) if key not in value]
        for key, key_hint in hints.items():
            if key in value:
                found.extend(mismatches(value[key], key_hint, f"{where}[{key!r}]"))
        return found
    origin = getattr(hint, "__origin__", None)
    if origin is typing.Union:
        options = [mismatches(value, option, where) for option in hint.__args__]
        return [] if any(not found for found in options) else options[0]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        item_hint = hint.__args__[0]
        return [
            m for i, item in enumerate(value) for m in mismatches(item, item_hint, f"{where}[{i}]")
        ]
    if origin is dict:
        return [] if isinstance(value, dict) else [f"{where}: {type(value).__name__}, not a dict"]
    if hint is type(None):
        return [] if value is None else [f"{where}: {value!r}, not None"]
    if hint is float:
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
    else:
        fits = isinstance(value, hint)
    return [] if fits else [f"{where}: {value!r} is not a {hint.__name__}"]


def test_the_checker_catches_a_missing_key_and_a_wrong_type() -> None:
    entry = {"fileName": "a.exr", "fileSize": "12", "iconPath": None, "lastModify": "x"}
    found = mismatches(entry, replies.OutputFile)
    assert "reply: no key 'filePath'" in found
    assert "reply['fileSize']: '12' is not a int" in found


@pytest.mark.parametrize(
    ("fixture", "shape"),
    [
        ("user_profile.json", replies.UserProfile),
        ("user_setting.json", replies.UserSettings),
        ("transfer_bid.json", replies.TransferBid),
        ("create_task.json", replies.CreatedTasks),
        ("query_task_info.json", replies.TaskPage),
        ("output_user_dir_file.json", List[replies.OutputFile]),
    ],
)
def test_the_references_samples_fit_the_shapes(fixture: str, shape: Any) -> None:
    data = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))["data"]
    assert mismatches(data, shape) == []


# The service family's published samples (tests/fixtures/published/README.md)
# whose call has a shape in dayan_api.replies; the others (platforms, software,
# hardware, frame totals, progress images, confirmations) are typed Any, and
# test_published_samples.py checks the emulator against them.
PUBLISHED_SHAPES = {
    "query_user_profile.json": replies.UserProfile,
    "query_user_setting.json": replies.UserSettings,
    "get_task_list.json": replies.TaskPage,
    "query_task_info.json": replies.TaskPage,
    "query_task_frames.json": replies.FramePage,
    "get_all_frames.json": Dict[str, replies.FrameInfo],
    "add_user_plugin_config.json": replies.RenderEnvName,
    "get_user_plugin_config.json": List[replies.RenderEnv],
}
UNTYPED_SAMPLES = {
    "query_platforms.json",
    "query_software_list.json",
    "hardware_config_list.json",
    "query_all_frame_stats.json",
    "load_task_process_img.json",
    "loading_frame_thumbnail.json",
    "set_task_overtime_stop.json",
    "full_speed_rendering.json",
}


def test_every_published_sample_is_typed_or_known_untyped() -> None:
    names = {path.name for path in (FIXTURES / "published").glob("*.json")}
    assert names == set(PUBLISHED_SHAPES) | UNTYPED_SAMPLES


@pytest.mark.parametrize("fixture", sorted(PUBLISHED_SHAPES))
def test_the_published_samples_fit_the_shapes(fixture: str) -> None:
    sample = json.loads((FIXTURES / "published" / fixture).read_text(encoding="utf-8"))
    data = sample["data"] if "code" in sample and "data" in sample else sample
    assert mismatches(data, PUBLISHED_SHAPES[fixture]) == []


def test_a_parents_nulls_do_not_fit_the_shapes_without_optional() -> None:
    # The shapes must say Optional where the samples show null: a parent's counts.
    sample = json.loads((FIXTURES / "published" / "get_task_list.json").read_text("utf-8"))
    parent = sample["data"]["items"][0]
    assert parent["doneFrames"] is None
    assert mismatches(parent["doneFrames"], int) == ["reply: None is not a int"]
    assert (
        mismatches(parent["doneFrames"], typing.get_type_hints(replies.TaskInfo)["doneFrames"])
        == []
    )


# interface.md's samples (sections api.tag and api.env): the reference has none.
SPEC_PROJECT_LABELS = {"projectNameList": [{"projectId": 3671, "projectName": "myLabel"}]}
SPEC_RENDER_ENV = {
    "cgId": 2000,
    "editName": "testRenderEnv332",
    "cgName": "Maya",
    "cgVersion": "2020",
    "osName": 0,
    "renderLayerType": 0,
    "isDefault": 0,
    "respUserPluginInfoVos": [
        {"pluginId": 1166, "pluginName": "wobble", "pluginVersion": "wobble 0.9.5"}
    ],
}


def test_the_interfaces_samples_fit_the_label_and_environment_shapes() -> None:
    assert mismatches(SPEC_PROJECT_LABELS, replies.ProjectLabels) == []
    assert mismatches([SPEC_RENDER_ENV], List[replies.RenderEnv]) == []
    with_path = dict(SPEC_RENDER_ENV, projectPath="D:/projects/shot")
    assert mismatches(with_path, replies.RenderEnv) == []


def test_the_checker_catches_a_label_or_environment_that_does_not_fit() -> None:
    label = {"projectNameList": [{"projectId": "3671", "projectName": "myLabel"}]}
    assert mismatches(label, replies.ProjectLabels) == [
        "reply['projectNameList'][0]['projectId']: '3671' is not a int"
    ]
    plugin = {"pluginId": 1166, "pluginName": "wobble"}
    environment = dict(SPEC_RENDER_ENV, respUserPluginInfoVos=[plugin], projectPath=None)
    del environment["isDefault"]
    expected = {
        "reply['respUserPluginInfoVos'][0]: no key 'pluginVersion'",
        "reply['projectPath']: None is not a str",
    }
    # Python 3.8 cannot tell a total=False class's required keys (no __required_keys__);
    # 3.7's typing_extensions can.
    if hasattr(replies.RenderEnv, "__required_keys__"):
        expected.add("reply: no key 'isDefault'")
    found = mismatches(environment, replies.RenderEnv)
    assert sorted(found) == sorted(expected)


def test_labels_fit(api: RayvisionAPI) -> None:
    assert mismatches(api.tag.get_label_list(), replies.ProjectLabels) == []  # none yet
    api.tag.add_label("shape-shots")
    api.tag.add_label("shape-archive", status=0)
    for flag in (0, 1, 2):
        labels = api.tag.get_list(flag=flag)
        assert mismatches(labels, replies.ProjectLabels) == []
    labels = api.tag.get_label_list()
    assert mismatches(labels, replies.ProjectLabels) == []
    names = {label["projectName"] for label in labels["projectNameList"]}
    assert {"shape-shots", "shape-archive"} <= names
    assert mismatches(api.tag.get_project_list(), List[replies.ProjectLabel]) == []


def test_render_environments_fit(api: RayvisionAPI) -> None:
    plain = {
        "cgId": 2000,
        "cgName": "Maya",
        "cgVersion": "2020",
        "editName": "shape-maya",
        "renderSystem": 1,
        "pluginIds": [20001, 1166],
    }
    with_path = dict(plain, editName="shape-maya-project", projectPath="D:/projects/shot")
    bare = dict(plain, editName="shape-cc", cgId=2017, cgName="ContextCapture", pluginIds=[])
    for data in (plain, with_path, bare):
        added = api.env.add_render_env(data)
        assert mismatches(added, replies.RenderEnvName) == []
        assert added == {"editName": data["editName"]}
    api.env.set_default_render_env("shape-maya")
    api.env.update_render_env(dict(plain, renderLayerType=1))
    environments = api.env.get_render_env()
    assert mismatches(environments, List[replies.RenderEnv]) == []
    by_name = {environment["editName"]: environment for environment in environments}
    assert by_name["shape-maya-project"]["projectPath"] == "D:/projects/shot"
    assert by_name["shape-maya"]["isDefault"] == 1
    assert len(by_name["shape-maya"]["respUserPluginInfoVos"]) == 2
    assert by_name["shape-cc"]["respUserPluginInfoVos"] == []
    linux = api.env.get_render_env(name="maya", os_name=0)
    assert linux == [] and mismatches(linux, List[replies.RenderEnv]) == []


def test_user_info_fits(api: RayvisionAPI) -> None:
    assert mismatches(api.user.refresh_info(), replies.UserInfo) == []
    assert mismatches(api.user.query_user_profile(), replies.UserProfile) == []
    assert mismatches(api.user.query_user_setting(), replies.UserSettings) == []
    assert mismatches(api.user.get_transfer_bid(), replies.TransferBid) == []


def test_tasks_and_frames_fit_in_every_state(api: RayvisionAPI, emu: Emulator) -> None:
    created = api.task.create_task(count=1, labels=["shot"])
    assert mismatches(created, replies.CreatedTasks) == []
    unsubmitted = created["taskIdList"][0]
    plain = submitted_task(api, frames="1-3", emulator={"fail_frames": [2]})
    layered = submitted_task(api, layers=["fg", {"name": "bg", "frames": "1-2"}])
    pages: Dict[str, Any] = {}
    for moment in ("submitted", "rendering", "done"):
        pages[moment] = api.query.task_info([unsubmitted, plain, layered])
        pages[moment + " list"] = api.query.get_task_list()
        pages[moment + " frames"] = api.query.task_frames(plain)
        emu.advance(8 if moment == "submitted" else 600)
    for moment, page in pages.items():
        shape = replies.FramePage if moment.endswith("frames") else replies.TaskPage
        assert mismatches(page, shape, moment) == []
    assert info_of(api, layered)["respRenderingTaskList"]
    assert {frame["frameStatus"] for frame in api.query.task_frames(plain)["items"]} == {4, 5}
    assert mismatches(api.query.get_all_frames(plain), Dict[str, replies.FrameInfo]) == []


def test_output_files_fit(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = api.task.create_task_id()
    api.transmit.upload_json_content(task_id, task_json(task_id, layers=["fg"]))
    api.task.submit_task(task_id)
    emu.advance(600)
    folders = api.transmit.get_output_files()
    assert folders and mismatches(folders, List[replies.OutputFile]) == []
    files = api.transmit.get_output_files(
        task_id=info_of(api, task_id)["respRenderingTaskList"][0]["id"]
    )
    assert mismatches(files, List[replies.OutputFile]) == []
