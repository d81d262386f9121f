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


# -- task.json as each DCC's plugin writes it (the family's per-DCC pages) -----------


def task_info(cg_id, **extra):
    info = {
        "cg_id": str(cg_id),
        "input_cg_file": "D:/work/shot_020/scene_v003",
        "project_name": "north",
        "os_name": "1",
        "ram": "64",
        "job_stop_time": "28800",
        "task_stop_time": "0",
        "time_out": "43200",
        "pre_frames": "000",
        "frames_per_task": "1",
        "channel": "4",
    }
    info.update(extra)
    return info


def maya_layer(frames, renderable="1"):
    return {
        "renderable": renderable,
        "is_default_camera": "1",
        "option": "",
        "common": {
            "image_format": "exr",
            "start": "1",
            "end": "100",
            "by_frame": "1",
            "frames": frames,
            "renderer": "arnold",
            "width": "1920",
            "height": "1080",
            "render_camera": ["shotCamShape"],
            "all_camera": ["shotCamShape", "perspShape"],
        },
    }


MAYA = {
    "software_config": {"cg_name": "Maya", "cg_version": "2022", "plugins": {"mtoa": "5.1.0"}},
    "task_info": task_info(2000, is_layer_rendering="1", render_layer_type="0"),
    "scene_info_render": {
        "defaultRenderLayer": maya_layer("1-100[1]"),
        "fx_layer": maya_layer("1,3,5-9[2]"),
        "unused": maya_layer("1-10[1]", renderable="0"),
    },
    "layers": ["defaultRenderLayer", "fx_layer", "unused"],
}

HOUDINI = {
    "software_config": {"cg_name": "Houdini", "cg_version": "19.5.303", "plugins": {}},
    "task_info": task_info(2004, is_layer_rendering="1"),
    "scene_info_render": {
        "rop_node": [
            {"node": "/out/mantra_beauty", "frames": "1001-1024[1]", "option": "-1", "render": "1"},
            {"node": "/out/mantra_mask", "frames": "1001-1024[4]", "option": "-1", "render": "1"},
            {"node": "/out/old_rop", "frames": "1-500[1]", "option": "-1", "render": "0"},
        ],
        "geo_node": [],
    },
}

MAX = {
    "software_config": {"cg_name": "3ds Max", "cg_version": "2020", "plugins": {}},
    "task_info": task_info(2001, enable_layered="0"),
    "scene_info_render": {
        "common": {"frames": "0-30[3]", "animation_range": "0-100", "width": "640"},
        "renderer": {"name": "vray", "renderer": "V_Ray_5"},
    },
    "scene_info": {"common": {"frames": "0", "width": "640"}},
}

BLENDER = {
    "software_config": {"cg_name": "Blender", "cg_version": "3.6", "plugins": {}},
    "task_info": task_info(2007, enable_layered="0"),
    "scene_info": {
        "common": {"frames": "1-250[10]", "Render_Format": "OPEN_EXR", "scene_name": ["Scene"]}
    },
}

KATANA = {
    "software_config": {"cg_name": "Katana", "cg_version": "5.0v1", "plugins": {"KtoA": "4.0"}},
    "task_info": task_info(2016, enable_layered="0", is_layer_rendering="1"),
    "scene_info_render": {
        "rendernodes": {
            "Render_main": {"renderable": "1", "denoise": "0", "frames": "1-12[1]", "aov": {}},
            "Render_off": {"renderable": "0", "denoise": "0", "frames": "1-99[1]", "aov": {}},
        }
    },
}

NUKE = {
    "software_config": {"cg_name": "Nuke", "cg_version": "13.2", "plugins": {}},
    "task_info": task_info(2015, multi_node="0"),
    "scene_info": {
        "write_nodes": [
            {
                "node": "Write_comp",
                "frames": "1-48[1]",
                "renderable": "1",
                "option": "-1",
                "file_type": "exr",
                "render_mode": "0",
                "out_file": "D:/out/comp.####.exr",
            },
            {"node": "Write_proxy", "frames": "1-48[1]", "renderable": "0", "option": "-1"},
        ]
    },
}


def plan_of(document):
    return parse_task_json(json.dumps(document))


def test_maya_layers_each_a_sub_task():
    plan = plan_of(MAYA)
    assert plan.cg_id == 2000 and plan.scene_name == "scene_v003"
    assert [(layer.name, len(layer.frames)) for layer in plan.layers] == [
        ("defaultRenderLayer", 100),
        ("fx_layer", 5),
    ]
    assert plan.layers[1].frames == (1, 3, 5, 7, 9)
    assert plan.layers[1].frames_range == "1,3,5-9[2]"
    assert plan.frames_range == "1-100[1],1,3,5-9[2]"


def test_maya_without_a_layers_list_reads_every_layer_in_the_scene():
    document = dict(MAYA)
    del document["layers"]
    assert [layer.name for layer in plan_of(document).layers] == ["defaultRenderLayer", "fx_layer"]


def test_maya_one_layer_is_a_plain_task():
    document = dict(MAYA, layers=["fx_layer"])
    plan = plan_of(document)
    assert plan.layers == () and plan.frames == (1, 3, 5, 7, 9)


def test_layered_submit_off_renders_every_unit_in_one_task():
    document = dict(MAYA, task_info=task_info(2000, enable_layered="0"))
    plan = plan_of(document)
    assert plan.layers == () and len(plan.frames) == 100  # fx_layer's frames are among them


def test_houdini_rop_nodes_each_a_sub_task_shown_after_the_node_path():
    plan = plan_of(HOUDINI)
    assert [(layer.name, len(layer.frames)) for layer in plan.layers] == [
        ("/out/mantra_beauty", 24),
        ("/out/mantra_mask", 6),
    ]
    assert plan.layers[0].frames_range == "/out/mantra_beauty1001-1024[1]"


def test_houdini_one_rop_is_a_plain_task():
    document = json.loads(json.dumps(HOUDINI))
    del document["scene_info_render"]["rop_node"][1]
    plan = plan_of(document)
    assert plan.layers == () and len(plan.frames) == 24
    assert plan.frames_range == "/out/mantra_beauty1001-1024[1]"


@pytest.mark.parametrize(
    "document, frames",
    [
        (MAX, (0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30)),
        (BLENDER, tuple(range(1, 251, 10))),
        (KATANA, tuple(range(1, 13))),
        (NUKE, tuple(range(1, 49))),
    ],
    ids=["3ds Max", "Blender", "Katana", "Nuke"],
)
def test_single_range_dccs_read_where_their_plugin_writes(document, frames):
    plan = plan_of(document)
    assert plan.layers == () and plan.frames == frames


def test_the_other_scene_section_is_read_when_the_documented_one_is_absent():
    document = dict(MAX)
    del document["scene_info_render"]
    assert plan_of(document).frames == (0,)  # scene_info.common.frames
    katana = {"task_info": KATANA["task_info"], "scene_info": KATANA["scene_info_render"]}
    assert len(plan_of(katana).frames) == 12


def test_task_info_frames_is_the_emulators_shortcut_and_wins():
    document = dict(MAYA, task_info=task_info(2000, frames="1-3"))
    plan = plan_of(document)
    assert plan.layers == () and plan.frames == (1, 2, 3)


def test_a_software_without_a_reader_uses_the_default_frames():
    document = {"task_info": {"cg_id": "2005"}, "scene_info_render": {"common": {"frames": "1"}}}
    assert plan_of(document).frames == (1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    "document",
    [
        {"task_info": {"cg_id": "2000"}, "scene_info_render": {}},
        {"task_info": {"cg_id": "2000"}, "scene_info_render": {"a": maya_layer("1", "0")}},
        {"task_info": {"cg_id": "2000"}, "scene_info_render": {"a": {"common": {}}}},
        {"task_info": {"cg_id": "2000"}, "scene_info_render": {"a": maya_layer("x")}},
        {"task_info": {"cg_id": "2000"}, "scene_info_render": [], "scene_info": {}},
        {
            "task_info": {"cg_id": "2000"},
            "scene_info_render": {"a": maya_layer("1")},
            "layers": ["b"],
        },
        {
            "task_info": {"cg_id": "2000"},
            "scene_info_render": {"a": maya_layer("1")},
            "layers": "a",
        },
        {"task_info": {"cg_id": "2004"}, "scene_info_render": {"rop_node": {}}},
        {"task_info": {"cg_id": "2004"}, "scene_info_render": {"rop_node": [{"frames": "1"}]}},
        {"task_info": {"cg_id": "2004"}, "scene_info_render": {"rop_node": ["/out/a"]}},
        {"task_info": {"cg_id": "2001"}, "scene_info": {"common": {"frames": True}}},
        {"task_info": {"cg_id": "2007"}, "scene_info": {}},
        {"task_info": {"cg_id": "2016"}, "scene_info_render": {"rendernodes": []}},
        {"task_info": {"cg_id": "2015"}, "scene_info": {"write_nodes": [{"node": "W"}]}},
        {
            "task_info": {"cg_id": "2000"},
            # two layers of just over half the frame limit each
            "scene_info_render": {
                "a": maya_layer("1-{}".format(MAX_FRAMES // 2 + 1)),
                "b": maya_layer("1-{}".format(MAX_FRAMES // 2 + 1)),
            },
        },
    ],
)
def test_frames_not_where_the_dcc_puts_them_are_refused(document):
    with pytest.raises(ApiError):
        plan_of(document)


# -- digit strings that Python's int() cannot take: a refusal, never a crash ----------

_HUGE = "9" * 5000  # past the 4300 digits int() reads on Python 3.11+


@pytest.mark.parametrize(
    "document",
    [
        {"task_info": {"cg_id": "\u00b2"}},  # str.isdigit() takes it, int() does not
        {"task_info": {"cg_id": _HUGE}},
        {"task_info": {"cg_id": "2000", "frames": "1-" + _HUGE}},
        {"task_info": {"cg_id": "2000", "frames": _HUGE}},
        {"task_info": {"cg_id": "2000", "frames": "1-10[" + _HUGE + "]"}},
        {"task_info": {"cg_id": "2017"}, "scene_info": {"group": {"pic_count": _HUGE}}},
        {"task_info": {"cg_id": "2017"}, "scene_info": {"group": {"job_type": _HUGE}}},
    ],
    ids=[
        "superscript-cg_id",
        "huge-cg_id",
        "huge-last",
        "huge-first",
        "huge-step",
        "cc-count",
        "cc-job",
    ],
)
def test_huge_or_odd_digit_strings_are_refused_not_crashed(document):
    with pytest.raises(ApiError):
        parse_task_json(json.dumps(document))
