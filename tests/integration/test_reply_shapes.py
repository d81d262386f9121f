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
        # __required_keys__ is Python 3.9+; on 3.8 a total class requires all.
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
