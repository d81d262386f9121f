"""Layered tasks (as the Maya and Houdini plugins write them) and the output files."""

import datetime
import json

from dayan_api import endpoints

from .conftest import ANALYSE, FIXTURES, FRAME, SUBMITTING

# -- layered tasks ---------------------------------------------------------------------------


def test_layered_task(client, emu):
    layers = ["beauty", {"name": "shadow", "frames": "1-2"}]
    task_id = client.submit(frames="1-3", scene="/p/city.ma", layers=layers)
    item = client.info(task_id)
    children = item["respRenderingTaskList"]
    assert [child["layerName"] for child in children] == ["beauty", "shadow"]
    assert all(child["layerParentId"] == task_id for child in children)
    assert all(child["respRenderingTaskList"] is None for child in children)
    assert len({child["id"] for child in children} | {task_id}) == 3
    assert [child["totalFrames"] for child in children] == [3, 2]
    assert item["totalFrames"] == 5 and item["taskStatus"] == 60
    assert {child["taskStatus"] for child in children} == {60}
    emu.advance(SUBMITTING)
    assert client.info(task_id)["taskStatus"] == 50

    beauty, shadow = (child["id"] for child in children)
    assert client.info(shadow)["framesRange"] == "1-2"
    assert sorted(client.frames(beauty)) == [1, 2, 3]

    emu.advance(ANALYSE + 2 * FRAME)
    item = client.info(task_id)
    assert item["taskStatus"] == 25 and item["doneFrames"] is None  # a parent's counts: null
    assert [child["doneFrames"] for child in item["respRenderingTaskList"]] == [3, 2]
    assert client.info(shadow)["taskStatus"] == 25

    client.data(endpoints.RECOMMIT_TASK_FRAME, {"taskId": shadow, "selectAll": 1})
    assert client.info(task_id)["taskStatus"] == 5  # the parent shows its rendering layer
    assert client.info(beauty)["taskStatus"] == 25
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert client.info(shadow)["taskStatus"] == 15


def test_layered_task_in_the_task_list(client):
    task_id = client.submit(layers=["a", "b"])
    listing = client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 10})
    assert [item["id"] for item in listing["items"]] == [task_id]
    assert len(listing["items"][0]["respRenderingTaskList"]) == 2


# -- output files ------------------------------------------------------------------------------


def test_output_files(client, emu):
    task_id = client.submit(frames="1-2", scene="C:\\proj\\shot_020.mb")
    assert client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/"}) == []
    emu.advance(100)
    root = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/"})
    folder = "{}_shot_020".format(task_id)
    assert [entry["fileName"] for entry in root] == [folder]
    entry = root[0]
    assert entry["directory"] is True and entry["fileSize"] is None and entry["fileType"] is None
    assert entry["filePath"] == "/" + folder and entry["isArrears"] == 0
    datetime.datetime.strptime(entry["lastModify"], "%Y-%m-%d %H:%M:%S")

    files = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/" + folder})
    assert [f["filePath"] for f in files] == [
        "/{}/shot_020.0001.exr".format(folder),
        "/{}/shot_020.0002.exr".format(folder),
    ]
    assert files[0]["fileType"] == "exr" and files[0]["directory"] is False
    assert files[0]["fileSize"] > 0
    sample = json.loads((FIXTURES / "output_user_dir_file.json").read_text(encoding="utf-8"))
    assert set(files[0]) == set(sample["data"][0])

    by_task = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/", "taskId": task_id})
    assert by_task == root
    assert client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/nowhere"}) == []


def test_output_files_of_a_layer(client, emu):
    task_id = client.submit(frames="7", scene="city.ma", layers=["fg", "bg"])
    emu.advance(100)
    layer = client.info(task_id)["respRenderingTaskList"][1]["id"]
    folder = "/{}_city".format(task_id)
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": folder})
    assert [entry["fileName"] for entry in listing] == ["bg", "fg"]
    files = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": folder + "/bg/"})
    assert [entry["filePath"] for entry in files] == [folder + "/bg/bg.0007.exr"]
    body = {"treePath": folder, "taskId": layer}
    only_bg = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in only_bg] == ["bg"]


def test_a_maya_plugins_task_json_renders_its_layers_as_sub_tasks(client, emu):
    task_id = client.create()
    layer = {"renderable": "1", "common": {"frames": "1-4[1]", "renderer": "arnold"}}
    document = {
        "software_config": {"cg_name": "Maya", "cg_version": "2022", "plugins": {}},
        "task_info": {"cg_id": "2000", "input_cg_file": "D:/p/street.mb", "enable_layered": "1"},
        "scene_info_render": {
            "masterLayer": layer,
            "fog": {"renderable": "1", "common": {"frames": "1,3,5-9[2]"}},
        },
        "layers": ["masterLayer", "fog"],
    }
    client.upload(task_id, document)
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    children = client.info(task_id)["respRenderingTaskList"]
    assert [(child["layerName"], child["totalFrames"]) for child in children] == [
        ("masterLayer", 4),
        ("fog", 5),
    ]
    assert sorted(client.frames(children[1]["id"])) == [1, 3, 5, 7, 9]
    emu.advance(1000)
    item = client.info(task_id)
    assert (item["taskStatus"], item["totalFrames"], item["cgId"]) == (25, 9, 2000)
    assert sum(child["doneFrames"] for child in item["respRenderingTaskList"]) == 9


def test_a_houdini_plugins_rop_nodes_write_to_a_folder_each(client, emu):
    task_id = client.create()
    rops = [
        {"node": "/out/beauty", "frames": "1-2", "render": "1", "option": "-1"},
        {"node": "/out/mask", "frames": "1", "render": "1", "option": "-1"},
    ]
    document = {
        "task_info": {"cg_id": "2004", "input_cg_file": "D:/p/fx.hip"},
        "scene_info_render": {"rop_node": rops},
    }
    client.upload(task_id, document)
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    emu.advance(1000)
    children = client.info(task_id)["respRenderingTaskList"]
    assert [child["framesRange"] for child in children] == ["/out/beauty1-2", "/out/mask1"]
    root = "/{}_fx".format(task_id)
    body = {"taskId": task_id, "treePath": root}
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in listing] == ["out_beauty", "out_mask"]
    body["treePath"] = root + "/out_mask"
    listing = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    assert [entry["fileName"] for entry in listing] == ["out_mask.0001.exr"]
