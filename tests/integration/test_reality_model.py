"""A ContextCapture task through the SDK over loopback: three files, submit, settle, outputs."""

import copy
import importlib.util
import json
import os
from typing import Any, Dict

from .conftest import info_of

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples")
DATA = os.path.join(EXAMPLES, "reality_model_data")
WEEK = 7 * 86400


def load(name: str) -> Dict[str, Any]:
    with open(os.path.join(DATA, name), encoding="utf-8") as file:
        content: Dict[str, Any] = json.load(file)
    return content


def test_the_whole_flow_through_the_sdk(api, emu):
    task_json, upload_json, asset_json = load("task.json"), load("upload.json"), load("asset.json")
    assert task_json["task_info"]["task_id"] == ""

    task_id = api.task.create_task_id()
    api.transmit.upload_json_content(task_id, upload_json, file_name="upload.json")
    api.transmit.upload_json_content(task_id, asset_json, file_name="asset.json")
    submitted = copy.deepcopy(task_json)
    submitted["task_info"]["task_id"] = str(task_id)
    assert api.submit_by_data(submitted) == task_id

    assert json.loads(emu.uploaded_config(task_id, "upload.json")) == upload_json
    assert json.loads(emu.uploaded_config(task_id, "asset.json")) == asset_json
    assert json.loads(emu.uploaded_config(task_id)) == submitted

    stage_ids = api.query.get_small_task_id(task_id)
    task = info_of(api, task_id)
    assert [stage["id"] for stage in task["respRenderingTaskList"]] == stage_ids
    assert [stage["taskType"] for stage in task["respRenderingTaskList"]] == [
        "Triangulation",
        "Rebuild",
        "Render",
    ]
    assert task["isOpen"] == 1 and task["taskKeyValueVo"]["outputType"] == ["OSGB"]
    assert api.query.get_small_task_id(str(stage_ids[0])) == [stage_ids[0]]

    emu.advance(WEEK)
    task = info_of(api, task_id)
    assert task["taskStatus"] == 25 and task["renderConsume"] is None  # a parent's: null
    assert all(stage["renderConsume"] > 0 for stage in task["respRenderingTaskList"])
    assert {stage["taskStatus"] for stage in task["respRenderingTaskList"]} == {25}
    assert api.query.get_task_list(search_keyword=str(task_id))["items"][0]["id"] == task_id

    top = api.transmit.get_output_files(task_id=task_id)
    assert [entry["filePath"] for entry in top] == ["/{}".format(task_id)]
    folders = api.transmit.get_output_files(tree_path="/{}".format(task_id))
    assert [entry["fileName"] for entry in folders] == ["at_result", "render_result"]
    results = api.transmit.get_output_files(tree_path="/{}/render_result".format(task_id))
    assert [entry["fileName"] for entry in results] == ["OSGB.zip"]
    report = api.transmit.get_output_files(tree_path="/{}/at_result".format(task_id))
    assert [entry["fileName"] for entry in report] == ["report.json"]
    assert emu.at_report(task_id)["project"]["photo_num"] == 140
    assert api.query.get_at_report(task_id) == emu.at_report(task_id)


def test_submit_by_data_creates_the_id_of_an_empty_task_id(api, emu):
    task_json = load("task.json")
    original = copy.deepcopy(task_json)
    task_id = api.submit_by_data(task_json)
    assert isinstance(task_id, int) and task_id > 0
    assert task_json == original  # the caller's dict is left as it was

    uploaded = json.loads(emu.uploaded_config(task_id))
    assert uploaded["task_info"]["task_id"] == task_id
    uploaded["task_info"]["task_id"] = ""
    assert uploaded == original  # nothing else changed
    assert info_of(api, task_id)["cgId"] == 2017


def test_the_reality_model_example_runs(capsys):
    spec = importlib.util.spec_from_file_location(
        "reality_model", os.path.join(EXAMPLES, "reality_model.py")
    )
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    assert example.main([]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "Project 'campus': 140 photos in 3 groups, 4.09 gigapixels, outputs OSGB." in lines

    def first(prefix: str) -> int:
        return next(i for i, line in enumerate(lines) if line.strip().startswith(prefix))

    assert first("Triangulation") < first("Rebuild") < first("Render (OSGB)")
    percents = [
        int(line.split()[-1].rstrip("%")) for line in lines if line.startswith("  Triangulation")
    ]
    assert percents == sorted(percents) and percents[-1] == 100
    assert len([p for p in percents if 0 < p < 100]) >= 3  # printed while it runs
    assert "  Render (OSGB)            done                     3/3 tiles" in lines
    assert any(line.endswith("/render_result/OSGB.zip (64909456 bytes)") for line in lines)
    assert any("/at_result/report.json" in line for line in lines)
    assert "done after" in out
