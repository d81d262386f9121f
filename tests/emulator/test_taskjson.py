"""Reading task.json: frames, layers and the emulator's test knobs."""

import json

import pytest

from dayan_api.emulator import ApiError
from dayan_api.emulator.taskjson import MAX_FRAMES, parse_frames, parse_task_json


@pytest.mark.parametrize(
    "spec, frames",
    [
        ("1-10[1]", tuple(range(1, 11))),
        ("1-5", (1, 2, 3, 4, 5)),
        ("7", (7,)),
        (7, (7,)),
        ("1-10[3]", (1, 4, 7, 10)),
        ("1-3,10, 20-30[5]", (1, 2, 3, 10, 20, 25, 30)),
        ("-2-1", (-2, -1, 0, 1)),
        ("1-3,2-4", (1, 2, 3, 4)),
    ],
)
def test_parse_frames(spec, frames):
    assert parse_frames(spec) == frames


@pytest.mark.parametrize(
    "spec", ["", "  ", "a-b", "5-1", "1-5[0]", "1-", "1-{}".format(MAX_FRAMES + 1), None, 1.5]
)
def test_parse_frames_refuses(spec):
    with pytest.raises(ApiError):
        parse_frames(spec)


def test_defaults():
    plan = parse_task_json("{}")
    assert plan.frames == (1, 2, 3, 4, 5) and plan.frames_range == "1-5[1]"
    assert plan.scene_name == "emulator_scene.mb" and plan.cg_id == 2000
    assert plan.layers == () and plan.fail_frames == frozenset()
    assert (plan.analyse_seconds, plan.frame_seconds, plan.fail_attempts) == (5.0, 6.0, 1)


def test_keys_read():
    plan = parse_task_json(
        json.dumps(
            {
                "task_info": {
                    "input_cg_file": "C:\\projects\\city\\street.ma",
                    "project_name": "city",
                    "cg_id": "2004",
                    "frames": "10-12",
                    "layers": ["beauty", {"name": "fog", "frames": "1"}],
                },
                "emulator": {
                    "analyse_seconds": 0,
                    "frame_seconds": 1.5,
                    "fail_frames": "11",
                    "fail_attempts": 3,
                },
            }
        )
    )
    assert plan.scene_name == "street.ma" and plan.project_name == "city" and plan.cg_id == 2004
    assert [(layer.name, layer.frames) for layer in plan.layers] == [
        ("beauty", (10, 11, 12)),
        ("fog", (1,)),
    ]
    assert plan.fail_frames == {11} and plan.fail_attempts == 3
    assert (plan.analyse_seconds, plan.frame_seconds) == (0.0, 1.5)


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        "nope",
        {"task_info": []},
        {"emulator": "fast"},
        {"task_info": {"input_cg_file": 5}},
        {"task_info": {"cg_id": True}},
        {"task_info": {"layers": [{"frames": "1"}]}},
        {"task_info": {"layers": [""]}},
        # two layers of just over half the limit each
        {"task_info": {"frames": "1-{}".format(MAX_FRAMES // 2 + 1), "layers": ["a", "b"]}},
        {"emulator": {"frame_seconds": -1}},
        {"emulator": {"fail_attempts": 0}},
        {"emulator": {"fail_frames": {"2": True}}},
    ],
)
def test_refused(document):
    content = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(ApiError):
        parse_task_json(content)
