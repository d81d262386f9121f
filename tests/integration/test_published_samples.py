"""The emulator's replies against the service family's published samples.

Each test drives the emulator, through the SDK, into the state a sample of
``tests/fixtures/published/`` shows (a parent with done sub-tasks, a frame
restarted and one never started, a stored environment...) and checks the
reply key by key: every key of the sample is there, holding a value of the
same JSON type, ``null`` exactly where the sample has ``null``. Code proven
against the emulator then meets no shape the service does not send.
"""

import json
import pathlib
from typing import Any, Collection, List

import pytest

from dayan_api import RayvisionAPI
from dayan_api.emulator import Emulator

from .conftest import info_of, submitted_task

PUBLISHED = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "published"

ANALYSE = 5  # the emulator's default analysis time, in simulated seconds
FRAME = 6  # and a frame's render time
DONE = 600  # long enough for any of the tasks below to end


def published(name: str) -> Any:
    """A sample's ``data`` (the whole file where the docs show the SDK's return value)."""
    sample = json.loads((PUBLISHED / name).read_text(encoding="utf-8"))
    is_envelope = isinstance(sample, dict) and "code" in sample and "data" in sample
    return sample["data"] if is_envelope else sample


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def differences(
    sample: Any, actual: Any, where: str = "data", allowed: Collection[str] = ()
) -> List[str]:
    """Where ``actual`` lacks a key of ``sample`` or holds another JSON type.

    Array items are compared with the sample's item at the same position (its
    last one past its end); ``where`` names a place without item numbers
    (``data.items[].id``), as ``allowed`` lists the places left out.
    """
    if where in allowed:
        return []
    expected, found = json_type(sample), json_type(actual)
    if expected != found:
        return ["{}: {} where the sample has {}".format(where, found, expected)]
    if expected == "object":
        return [
            difference
            for key, value in sample.items()
            for difference in (
                differences(value, actual[key], "{}.{}".format(where, key), allowed)
                if key in actual
                else ["{}: no key {!r}".format(where, key)]
            )
        ]
    if expected == "array" and sample:
        return [
            difference
            for index, item in enumerate(actual)
            for difference in differences(
                sample[min(index, len(sample) - 1)], item, where + "[]", allowed
            )
        ]
    return []


def test_the_comparison_catches_a_missing_key_a_value_for_null_and_a_null_for_a_value() -> None:
    sample = {"a": None, "b": 1, "c": [{"d": "x"}], "e": {"f": True}}
    actual = {"a": 0, "b": None, "c": [{"d": "y"}, {"d": 2}], "e": {}}
    assert differences(sample, actual) == [
        "data.a: number where the sample has null",
        "data.b: null where the sample has number",
        "data.c[].d: number where the sample has string",
        "data.e: no key 'f'",
    ]
    assert differences(sample, actual, allowed={"data.a", "data.b", "data.c[].d", "data.e"}) == []
    assert differences([], [1]) == [] and differences({"n": 1}, {"n": 1.5, "more": 0}) == []


def test_every_sample_is_used() -> None:
    # A sample added to the folder must be checked here too.
    used = {
        "query_platforms.json",
        "query_user_profile.json",
        "query_user_setting.json",
        "get_task_list.json",
        "query_task_info.json",
        "query_task_frames.json",
        "get_all_frames.json",
        "query_all_frame_stats.json",
        "query_software_list.json",
        "add_user_plugin_config.json",
        "get_user_plugin_config.json",
        "load_task_process_img.json",
        "loading_frame_thumbnail.json",
        "set_task_overtime_stop.json",
        "full_speed_rendering.json",
        "hardware_config_list.json",
    }
    assert {path.name for path in PUBLISHED.glob("*.json")} == used


# -- tasks ----------------------------------------------------------------------------------

# The sample's parent is a 3ds Max task with a pre-render step (preTaskStatus
# 25) and sub-tasks that are its photon and main passes (no layer name); the
# emulator has no pre-render step, and its sub-tasks are named layers.
PARENT_DIFFERENCES = (
    "data.items[].preTaskStatus",
    "data.items[].preStatusText",
    "data.items[].respRenderingTaskList[].layerName",
)


def test_a_task_with_sub_tasks_is_listed_as_the_sample_shows(
    api: RayvisionAPI, emu: Emulator
) -> None:
    task_id = submitted_task(api, frames="1-3[1]", layers=["photon", "beauty"])
    emu.advance(DONE)
    listing = api.query.get_task_list(page_size=1, search_keyword=str(task_id))
    assert listing["items"][0]["id"] == task_id
    sample = published("get_task_list.json")
    assert differences(sample, listing, allowed=PARENT_DIFFERENCES) == []
    parent = listing["items"][0]
    assert parent["isOpen"] == 1 and parent["doneFrames"] is None
    assert [child["doneFrames"] for child in parent["respRenderingTaskList"] or []] == [3, 3]


def test_a_plain_task_done_is_shown_as_the_sample_shows(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = api.task.create_task()["taskIdList"][0]
    api.transmit.upload_json_content(
        task_id, {"task_info": {"task_id": task_id, "input_cg_file": "D:/fx/sim.hip"}}
    )
    api.task.submit_task(task_id, producer="丁玉涛")
    emu.advance(DONE)
    assert differences(published("query_task_info.json"), api.query.task_info([task_id])) == []


def test_a_task_not_started_has_no_dates_yet(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = submitted_task(api)
    item = info_of(api, task_id)
    assert (item["startTime"], item["completedDate"], item["renderDuration"]) == (None,) * 3
    assert item["submitDate"] is not None
    emu.advance(ANALYSE + 1)
    item = info_of(api, task_id)
    assert item["startTime"] is not None and item["renderDuration"] is not None
    assert item["completedDate"] is None


# -- frames ---------------------------------------------------------------------------------

# The two frame samples disagree on frameRam (null in queryTaskFrames', 64 in
# get_all_frames'); the emulator sends null, as it sets no memory limit.
FRAME_DIFFERENCES = ("data.1.frameRam", "data.2-4[1].frameRam")


def test_done_frames_are_shown_as_the_sample_shows(api: RayvisionAPI, emu: Emulator) -> None:
    task_id = submitted_task(api, frames="1-2[1]")
    emu.advance(DONE)
    sample = published("query_task_frames.json")
    assert differences(sample, api.query.task_frames(task_id)) == []


def test_a_restarted_frame_and_a_frame_never_started_are_shown_as_the_sample_shows(
    api: RayvisionAPI, emu: Emulator
) -> None:
    task_id = submitted_task(api, frames="1-5[1]")
    emu.advance(ANALYSE + FRAME + 1)  # frames 1 and 2 done, 3 and 4 rendering, 5 waiting
    api.query.get_custome_frames(task_id, ["1"])
    frames = api.query.get_all_frames(task_id)
    assert (frames["1"]["frameStatus"], frames["5"]["frameStatus"]) == (1, 1)
    # The sample's frames "1" (restarted) and "2-4[1]" (never started), by our indexes.
    found = {"1": frames["1"], "2-4[1]": frames["5"]}
    sample = published("get_all_frames.json")
    assert differences(sample, found, allowed=FRAME_DIFFERENCES) == []
    assert frames["5"]["feeAmount"] is None and frames["1"]["feeAmount"] is not None


def test_the_frame_totals_have_the_samples_keys(api: RayvisionAPI) -> None:
    sample = published("query_all_frame_stats.json")
    assert differences(sample, api.query.all_frame_status()) == []


def test_progress_images_and_thumbnails_are_shown_as_the_samples_show(
    api: RayvisionAPI, emu: Emulator
) -> None:
    task_id = submitted_task(api, frames="1-1[1]")
    emu.advance(DONE)
    image = api.query.get_task_processing_img(task_id)
    assert differences(published("load_task_process_img.json"), image) == []
    frame_id = api.query.task_frames(task_id)["items"][0]["id"]
    thumbnails = api.query.get_frame_thumbnall(frame_id)
    assert differences(published("loading_frame_thumbnail.json"), thumbnails) == []


def test_overtime_and_full_speed_answer_the_samples_strings(api: RayvisionAPI) -> None:
    task_id = submitted_task(api)
    overtime = api.task.set_task_overtime_top([task_id], 60)
    assert overtime == published("set_task_overtime_stop.json")
    assert api.task.full_speed([task_id]) == published("full_speed_rendering.json")


# -- the account and the farm -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "call"),
    [
        ("query_user_profile.json", lambda api: api.user.query_user_profile()),
        ("query_user_setting.json", lambda api: api.user.query_user_setting()),
        ("query_platforms.json", lambda api: api.query.platforms()),
        ("query_software_list.json", lambda api: api.query.supported_software()),
    ],
)
def test_account_and_farm_replies_have_the_samples_shape(
    api: RayvisionAPI, sample: str, call: Any
) -> None:
    assert differences(published(sample), call(api)) == []


def test_hardware_configurations_for_a_task_have_the_samples_shape(api: RayvisionAPI) -> None:
    task_id = submitted_task(api)
    configs = api.user.get_hardware_config(task_ids=[task_id])
    assert differences(published("hardware_config_list.json"), configs) == []
    assert [config["current"] for config in configs].count(True) == 1
    assert not any(config["current"] for config in api.user.get_hardware_config())


def test_the_overtime_setting_shows_the_same_limit_in_hours_and_seconds(
    api: RayvisionAPI,
) -> None:
    api.user.update_user_settings(task_over_time=7200)
    settings = api.user.query_user_setting()
    assert (settings["taskOverTime"], settings["taskOverTimeSec"]) == (2, 7200)
    api.user.update_user_settings(task_over_time=43200)


def test_a_render_environment_is_added_and_listed_as_the_samples_show(
    api: RayvisionAPI,
) -> None:
    data = {
        "cgId": 2004,
        "cgName": "Houdini",
        "cgVersion": "17.5",
        "editName": "published-175",
        "renderSystem": "1",  # a decimal string, as the family's own example sends it
        "pluginIds": [20041],
    }
    added = api.env.add_render_env(data)
    assert differences(published("add_user_plugin_config.json"), added) == []
    listed = api.env.get_render_env(name="houdini")
    assert differences(published("get_user_plugin_config.json"), listed) == []
    assert [env["projectPath"] for env in listed] == [""]
    api.env.delete_render_env("published-175")
