"""ContextCapture tasks: the task.json Dayan's submitter writes, the stages, the outputs."""

import copy
import json
import os
import threading
from typing import Any, Dict, List

import pytest

from dayan_api import endpoints
from dayan_api.emulator import ApiError, errors, stages
from dayan_api.emulator.taskjson import parse_task_json
from dayan_api.emulator.taskjson.contextcapture import BLOCK_PROJECT, MAX_PHOTOS, PHOTO_PROJECT

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "reality_model_data")
ALL_FORMATS = ["OSGB", "OBJ", "LAS", "3MX", "FBX", "S3C", "Editable OBJ", "Cesium 3D Tiles", "TIFF"]
ANALYSE = 5.0  # the first stage's analysis, as for render tasks

# The sample project: 140 photos, 4,087,096,320 pixels.
PHOTOS = 140
PIXELS = 4087096320
GIGAPIXELS = PIXELS / 1e9
TILES = 3  # ceil(4.09 / 2)
AT_SECONDS = 60 + 1 * PHOTOS + 2 * GIGAPIXELS
REBUILD_TILE_SECONDS = 120 + 60 * GIGAPIXELS / TILES
PRODUCTION_TILE_SECONDS = 20 + 10 * GIGAPIXELS / TILES


def load(name: str) -> Dict[str, Any]:
    with open(os.path.join(DATA, name), encoding="utf-8") as file:
        content: Dict[str, Any] = json.load(file)
    return content


def sample(**changes: Any) -> Dict[str, Any]:
    """The sample task.json, with ``outputType``, ``job_type`` or ``emulator`` changed."""
    document = copy.deepcopy(load("task.json"))
    if "outputType" in changes:
        document["scene_info"]["param"]["outputType"] = changes["outputType"]
    if "job_type" in changes:
        document["scene_info"]["group"]["job_type"] = changes["job_type"]
        document["scene_info"]["blocks_info"] = [{"file_path": "E:/survey/campus/block.xml"}]
    if "emulator" in changes:
        document["emulator"] = changes["emulator"]
    return document


def submit(client, document: Dict[str, Any]) -> int:
    task_id = client.create()
    assert client.upload(task_id, document)["code"] == 200
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    return task_id


def stages_of(client, task_id: int) -> List[Dict[str, Any]]:
    return client.info(task_id)["respRenderingTaskList"]


def stage_totals(client, task_id: int) -> Dict[str, Any]:
    """The parent's duration, cost and completion, from its stages (its own are null)."""
    stages = stages_of(client, task_id)
    return {
        "renderDuration": sum(stage["renderDuration"] or 0 for stage in stages),
        "renderConsume": sum(stage["renderConsume"] or 0 for stage in stages),
        "completedDate": max(stage["completedDate"] or 0 for stage in stages),
    }


def summary(client, task_id: int) -> List[Any]:
    return [(stage["taskType"], stage["taskStatus"]) for stage in stages_of(client, task_id)]


def listing(client, tree_path: str, task_id: Any = None) -> Dict[str, Any]:
    body: Dict[str, Any] = {"treePath": tree_path}
    if task_id is not None:
        body["taskId"] = task_id
    entries = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
    return {entry["fileName"]: entry for entry in entries}


# -- what is accepted -------------------------------------------------------------------


def test_the_submitters_task_json_is_accepted_unchanged(client, emu):
    content = json.dumps(load("task.json"))
    task_id = client.create()
    assert client.upload(task_id, content)["code"] == 200
    assert client.data(endpoints.SUBMIT_TASK, {"taskId": task_id}) is None
    assert emu.uploaded_config(task_id) == content
    item = client.info(task_id)
    assert item["cgId"] == 2017 and item["isOpen"] == 1
    assert item["sceneName"] == "campus" and item["projectName"] == "campus"


def test_upload_json_and_asset_json_of_the_submitter_are_kept(client, emu):
    task_id = client.create()
    for name in ("upload.json", "asset.json"):
        content = json.dumps(load(name))
        assert client.upload(task_id, content, file_name=name)["code"] == 200
        assert emu.uploaded_config(task_id, name) == content


def test_string_counts_as_in_dayans_own_sample_are_read():
    # Dayan's CC config-file document writes the pixel totals as strings.
    document = sample()
    group = document["scene_info"]["group"]
    group["total_pixel"] = str(group["total_pixel"])
    for entry in group["groups"]:
        entry["total_pixel"] = str(entry["total_pixel"])
        entry["pic_count"] = str(entry["pic_count"])
    document["task_info"]["cg_id"] = 2017
    reality = parse_task_json(json.dumps(document)).reality
    assert reality is not None
    assert (reality.pic_count, reality.total_pixel, reality.job_type) == (
        PHOTOS,
        PIXELS,
        PHOTO_PROJECT,
    )
    assert [group.pic_count for group in reality.groups] == [48, 52, 40]


def test_empty_totals_are_summed_from_the_groups():
    # The submitter starts with "" and pic_count 0 before it counts the photos.
    document = sample()
    group = document["scene_info"]["group"]
    group["total_pixel"] = ""
    del group["pic_count"]
    reality = parse_task_json(json.dumps(document)).reality
    assert reality is not None and (reality.pic_count, reality.total_pixel) == (PHOTOS, PIXELS)


def test_what_the_reader_reads():
    plan = parse_task_json(json.dumps(sample(outputType=["osgb", "Cesium 3D Tiles", "OSGB"])))
    assert plan.cg_id == 2017 and plan.scene_name == "campus" and plan.project_name == "campus"
    reality = plan.reality
    assert reality is not None
    assert reality.output_types == ("osgb", "Cesium 3D Tiles")  # as written, once each
    assert [group.name for group in reality.groups] == ["north", "south", "oblique"]
    assert reality.groups[2].total_pixel == 40 * 7952 * 5304
    assert reality.fail_stage == "Rebuild"
    block = parse_task_json(json.dumps(sample(job_type="1"))).reality
    assert block is not None and block.job_type == BLOCK_PROJECT


@pytest.mark.parametrize(
    "change, named",
    [
        ({"outputType": None}, "scene_info.param.outputType"),
        ({"outputType": []}, "scene_info.param.outputType"),
        ({"outputType": ["GLB"]}, "'GLB' is not an output format"),
        ({"outputType": "OSGB"}, "scene_info.param.outputType"),
        ({"job_type": 2}, "scene_info.group.job_type"),
        ({"job_type": "photos"}, "scene_info.group.job_type"),
        ({"emulator": {"fail_stage": "Triangulation"}, "job_type": 1}, "emulator.fail_stage"),
        ({"emulator": {"fail_stage": "OBJ"}}, "emulator.fail_stage"),
        ({"emulator": {"fail_frames": [1.5]}}, "emulator.fail_frames"),
    ],
)
def test_refusals_name_the_key(change, named):
    with pytest.raises(ApiError) as caught:
        parse_task_json(json.dumps(sample(**change)))
    assert caught.value.code == errors.INVALID_CONFIG_FILE
    assert named in caught.value.message


@pytest.mark.parametrize(
    "path, value, named",
    [
        (("group", "pic_count"), "many", "scene_info.group.pic_count"),
        (("group", "total_pixel"), -1, "scene_info.group.total_pixel"),
        (("group", "groups"), {"a": 1}, "scene_info.group.groups"),
        (("group",), [], "scene_info.group"),
        (("param",), "OSGB", "scene_info.param"),
    ],
)
def test_bad_counts_and_sections_name_the_key(path, value, named):
    document = sample()
    parent = document["scene_info"]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(ApiError) as caught:
        parse_task_json(json.dumps(document))
    assert caught.value.code == errors.INVALID_CONFIG_FILE and named in caught.value.message


def test_a_bad_photo_group_names_its_index():
    document = sample()
    document["scene_info"]["group"]["groups"][1]["pic_width"] = "wide"
    with pytest.raises(ApiError) as caught:
        parse_task_json(json.dumps(document))
    assert "scene_info.group.groups[1].pic_width" in caught.value.message


def test_every_listed_software_id_is_accepted_in_task_json(client):
    listed = client.data(endpoints.QUERY_SOFTWARE_LIST)["renderInfoList"]
    assert {2015, 2017, 2020} <= {entry["cgId"] for entry in listed}
    for entry in listed:
        for cg_id in (entry["cgId"], str(entry["cgId"])):
            document = sample() if entry["cgId"] == 2017 else {"task_info": {}}
            document["task_info"]["cg_id"] = cg_id
            assert parse_task_json(json.dumps(document)).cg_id == entry["cgId"]


def test_other_software_ids_stay_render_tasks():
    for cg_id in (2000, "2015", 2020):
        plan = parse_task_json(json.dumps({"task_info": {"cg_id": cg_id, "frames": "1-2"}}))
        assert plan.reality is None and plan.frames == (1, 2)


def test_an_unknown_cg_id_names_the_known_ones():
    with pytest.raises(ApiError) as caught:
        parse_task_json(json.dumps({"task_info": {"cg_id": "2018"}}))
    assert caught.value.code == errors.INVALID_CONFIG_FILE
    assert "2017" in caught.value.message and "2020" in caught.value.message


# -- stages ----------------------------------------------------------------------------


def test_a_photo_project_runs_triangulation_rebuild_then_production(client, emu):
    task_id = submit(client, sample())
    item = client.info(task_id)
    children = item["respRenderingTaskList"]
    assert [child["taskType"] for child in children] == ["Triangulation", "Rebuild", "Render"]
    assert [child["isOpen"] for child in children] == [0, 0, 0]
    assert {child["layerParentId"] for child in children} == {task_id}
    assert [child["totalFrames"] for child in children] == [1, TILES, TILES]
    assert item["totalFrames"] == 1 + 2 * TILES
    # Submitting (60) for the first second of the analysis, as every submitted task.
    assert summary(client, task_id) == [("Triangulation", 60), ("Rebuild", 0), ("Render", 0)]
    assert item["taskStatus"] == 60
    emu.advance(1)
    assert summary(client, task_id) == [("Triangulation", 50), ("Rebuild", 0), ("Render", 0)]
    assert client.info(task_id)["taskStatus"] == 50

    emu.advance(ANALYSE)
    assert summary(client, task_id) == [("Triangulation", 5), ("Rebuild", 0), ("Render", 0)]
    assert client.info(task_id)["taskStatus"] == 5

    emu.advance(AT_SECONDS)
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 5), ("Render", 0)]

    emu.advance(2 * REBUILD_TILE_SECONDS)  # two tiles at a time: 3 tiles take two rounds
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 25), ("Render", 5)]
    assert client.info(task_id)["taskStatus"] == 5

    emu.advance(2 * PRODUCTION_TILE_SECONDS)
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 25), ("Render", 25)]
    item = client.info(task_id)
    # A parent: its own frame counts, dates and fees are null, as the service shows them.
    assert item["taskStatus"] == 25 and item["isOpen"] == 1
    assert (item["doneFrames"], item["completedDate"], item["renderConsume"]) == (None,) * 3
    assert sum(stage["doneFrames"] for stage in stages_of(client, task_id)) == item["totalFrames"]


def test_a_block_project_starts_with_the_reconstruction(client, emu):
    task_id = submit(client, sample(job_type=1, outputType=["OSGB", "LAS"]))
    assert summary(client, task_id) == [("Rebuild", 60), ("Render", 0), ("Render", 0)]
    emu.advance(ANALYSE + 2 * REBUILD_TILE_SECONDS + 1)
    assert summary(client, task_id) == [("Rebuild", 25), ("Render", 5), ("Render", 0)]
    emu.advance(4 * PRODUCTION_TILE_SECONDS)
    assert summary(client, task_id) == [("Rebuild", 25), ("Render", 25), ("Render", 25)]
    assert client.info(task_id)["taskKeyValueVo"]["jobType"] == "1"


def test_one_production_stage_per_format(client, emu):
    task_id = submit(client, sample(outputType=ALL_FORMATS))
    children = stages_of(client, task_id)
    assert [child["taskType"] for child in children] == (
        ["Triangulation", "Rebuild"] + ["Render"] * 7 + ["3DTiles", "TIFF"]
    )
    produced = [child["taskKeyValueVo"]["outputType"] for child in children[2:]]
    assert produced == [[name] for name in ALL_FORMATS]
    assert client.info(task_id)["taskKeyValueVo"]["outputType"] == ALL_FORMATS


def test_key_values_are_strings_as_the_service_sends_them(client):
    task_id = submit(client, sample(outputType=["OSGB", "TIFF"]))
    for item in [client.info(task_id)] + stages_of(client, task_id)[:2]:
        values = item["taskKeyValueVo"]
        assert values["picCount"] == "140"
        assert values["totalPixel"] == "4087096320"
        assert values["jobType"] == "0"
        assert values["outputType"] == ["OSGB", "TIFF"]


def test_aerotriangulation_reports_a_percent_the_others_frames(client, emu):
    task_id = submit(client, sample())
    seen = []
    emu.advance(ANALYSE)
    for _ in range(4):
        triangulation, rebuild, _render = stages_of(client, task_id)
        seen.append(triangulation["taskKeyValueVo"]["progress"])
        assert "progress" not in rebuild["taskKeyValueVo"]
        emu.advance(AT_SECONDS / 4)
    assert seen == ["0", "25", "50", "75"] or seen == ["0", "24", "49", "74"]
    triangulation, rebuild, _render = stages_of(client, task_id)
    assert triangulation["taskKeyValueVo"]["progress"] == "100"
    assert (rebuild["doneFrames"], rebuild["totalFrames"]) == (0, TILES)
    emu.advance(REBUILD_TILE_SECONDS)
    rebuild = stages_of(client, task_id)[1]
    assert (rebuild["doneFrames"], rebuild["executingFrames"]) == (2, 1)


def test_the_parent_lists_its_stage_ids(client):
    task_id = submit(client, sample(outputType=["OSGB", "FBX"]))
    ids = [child["id"] for child in stages_of(client, task_id)]
    assert len(ids) == 4 and len(set(ids)) == 4 and task_id not in ids
    for stage_id in ids:
        assert client.info(stage_id)["layerParentId"] == task_id


# -- failures, stop and start --------------------------------------------------------------


def test_failed_frames_hold_the_next_stage_until_restarted(client, emu):
    task_id = submit(client, sample(emulator={"fail_frames": [2]}))
    emu.advance(86400)
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 30), ("Render", 0)]
    assert client.info(task_id)["taskStatus"] == 30
    assert "render_result" not in listing(client, "/{}".format(task_id))

    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 5), ("Render", 0)]
    emu.advance(86400)
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 25), ("Render", 25)]
    assert client.info(task_id)["taskStatus"] == 25


def test_a_failing_triangulation_stops_the_pipeline(client, emu):
    document = sample(emulator={"fail_stage": "Triangulation", "fail_frames": "1"})
    task_id = submit(client, document)
    emu.advance(86400)
    assert summary(client, task_id) == [("Triangulation", 30), ("Rebuild", 0), ("Render", 0)]
    assert client.info(task_id)["taskStatus"] == 30
    assert emu.at_report(task_id) is None


def test_a_failing_production_stage_fails_only_its_format(client, emu):
    task_id = submit(client, sample(outputType=["OSGB", "LAS"], emulator={"fail_stage": "OSGB"}))
    emu.advance(86400)
    assert client.info(task_id)["taskStatus"] == 25  # no fail_frames: nothing fails
    document = sample(outputType=["OSGB", "LAS"], emulator={"fail_stage": "OSGB", "fail_frames": 1})
    task_id = submit(client, document)
    emu.advance(86400)
    assert [s for _, s in summary(client, task_id)] == [25, 25, 30, 0]


def test_stop_and_start_the_parent(client, emu):
    task_id = submit(client, sample())
    emu.advance(ANALYSE + AT_SECONDS + 10)  # in the reconstruction
    client.data(endpoints.STOP_TASK, {"taskIds": [task_id]})
    assert summary(client, task_id) == [("Triangulation", 25), ("Rebuild", 15), ("Render", 0)]
    assert client.info(task_id)["taskStatus"] == 15
    emu.advance(86400)
    assert client.info(task_id)["taskStatus"] == 15  # nothing moves while stopped
    client.data(endpoints.START_TASK, {"taskIds": [task_id]})
    assert client.info(task_id)["taskStatus"] == 5
    emu.advance(86400)
    assert client.info(task_id)["taskStatus"] == 25


def test_abandon_the_parent(client, emu):
    task_id = submit(client, sample())
    emu.advance(ANALYSE + 10)
    client.data(endpoints.ABANDON_TASK, {"taskIds": [task_id]})
    emu.advance(86400)
    assert client.info(task_id)["taskStatus"] == 35
    assert {status for _, status in summary(client, task_id)} == {35}


def test_the_clock_stands_still_at_speed_zero(client, emu):
    task_id = submit(client, sample())
    first = client.info(task_id)
    assert client.info(task_id) == first


# -- outputs ------------------------------------------------------------------------------


def test_outputs_per_format_where_the_client_downloads_them(client, emu):
    formats = ["OSGB", "Cesium 3D Tiles", "TIFF", "Editable OBJ"]
    task_id = submit(client, sample(outputType=formats))
    assert listing(client, "/", task_id) == {}

    emu.advance(ANALYSE + AT_SECONDS + 1)  # aerotriangulation done
    assert list(listing(client, "/{}".format(task_id))) == ["at_result"]
    report = listing(client, "/{}/at_result".format(task_id))["report.json"]
    assert report["filePath"] == "/{}/at_result/report.json".format(task_id)
    assert report["fileSize"] == len(json.dumps(emu.at_report(task_id)).encode("utf-8"))

    emu.advance(86400)
    assert list(listing(client, "/{}".format(task_id))) == ["at_result", "render_result"]
    zips = listing(client, "/{}/render_result".format(task_id))
    assert sorted(zips) == sorted(name + ".zip" for name in formats)
    for name in formats:
        entry = zips[name + ".zip"]
        assert entry["filePath"] == "/{}/render_result/{}.zip".format(task_id, name)
        assert entry["fileType"] == "zip" and entry["fileSize"] > 1048576


def test_a_stage_lists_only_its_own_output(client, emu):
    task_id = submit(client, sample(outputType=["OSGB", "LAS"]))
    emu.advance(86400)
    triangulation, rebuild, osgb, las = (child["id"] for child in stages_of(client, task_id))
    root = "/{}".format(task_id)
    assert list(listing(client, root, triangulation)) == ["at_result"]
    assert listing(client, root, rebuild) == {}
    assert list(listing(client, root + "/render_result", osgb)) == ["OSGB.zip"]
    assert list(listing(client, root + "/render_result", las)) == ["LAS.zip"]


def test_a_block_project_has_no_aerotriangulation_report(client, emu):
    task_id = submit(client, sample(job_type=1))
    emu.advance(86400)
    assert list(listing(client, "/{}".format(task_id))) == ["render_result"]
    assert emu.at_report(task_id) is None


def test_the_aerotriangulation_report(client, emu):
    task_id = submit(client, sample())
    assert emu.at_report(task_id) is None
    emu.advance(86400)
    report = emu.at_report(task_id)
    # The parts Dayan's own client reads (LoadAtReportInfoThread).
    assert report is not None
    assert sorted(report) == ["control_Point", "photo", "photogroups", "project", "tie_point"]
    project = report["project"]
    assert project["name"] == "campus"
    assert project["photo_num"] == project["calibration_photoo_num"] == PHOTOS
    assert project["error_photo_num"] == 0 and project["photo_group_num"] == 3
    assert [group["photos_num"] for group in report["photogroups"]] == [48, 52, 40]
    assert [group["width"] for group in report["photogroups"]] == ["6000", "6000", "7952"]
    assert set(report["photogroups"][0]["camera"]) == {
        "K1",
        "K2",
        "K3",
        "P1",
        "P2",
        "x",
        "y",
        "focal_length",
    }
    assert len(report["photo"]) == PHOTOS
    points = [int(photo["NumberOfPoints"]) for photo in report["photo"]]
    assert sum(points) // 3 == int(report["tie_point"]["NumberOfPoints"])
    assert all(0 < float(photo["RMSOfReprojectionErrors"]) < 1 for photo in report["photo"])
    # Text where the client reads text (QJsonValue::toString), numbers where it reads numbers.
    assert all(isinstance(value, str) for value in report["tie_point"].values())
    assert isinstance(project["RMS"], str) and isinstance(project["photo_num"], int)
    stage_id = stages_of(client, task_id)[0]["id"]
    assert emu.at_report(stage_id) == report
    assert emu.at_report(999) is None


# -- timing and cost -------------------------------------------------------------------------


def test_cost_and_time_follow_the_documented_model(client, emu):
    task_id = submit(client, sample())
    emu.advance(86400)
    item = client.info(task_id)
    totals = stage_totals(client, task_id)
    work = AT_SECONDS + TILES * (REBUILD_TILE_SECONDS + PRODUCTION_TILE_SECONDS)
    assert totals["renderDuration"] == pytest.approx(work, abs=2)
    assert totals["renderConsume"] == pytest.approx(work * 0.01, abs=0.01)
    elapsed = (totals["completedDate"] - item["submitDate"]) / 1000
    rounds = (TILES + 1) // 2  # two tiles at a time
    expected = ANALYSE + AT_SECONDS + rounds * (REBUILD_TILE_SECONDS + PRODUCTION_TILE_SECONDS)
    assert elapsed == pytest.approx(expected, abs=1)


def test_more_photos_and_pixels_take_longer_and_cost_more(client, emu):
    small = submit(client, sample())
    document = sample()
    group = document["scene_info"]["group"]
    for entry in group["groups"]:
        entry["pic_count"] *= 4
        entry["total_pixel"] *= 4
    group["pic_count"] *= 4
    group["total_pixel"] *= 4
    large = submit(client, document)
    emu.advance(7 * 86400)
    small_item, large_item = client.info(small), client.info(large)
    small_totals, large_totals = stage_totals(client, small), stage_totals(client, large)
    assert large_totals["renderConsume"] > 3 * small_totals["renderConsume"]
    assert large_totals["renderDuration"] > 3 * small_totals["renderDuration"]
    assert (large_totals["completedDate"] - large_item["submitDate"]) > (
        small_totals["completedDate"] - small_item["submitDate"]
    )
    assert [child["totalFrames"] for child in stages_of(client, large)] == [1, 9, 9]


def test_tiles_are_bounded(client):
    document = sample(outputType=ALL_FORMATS)
    document["scene_info"]["group"]["total_pixel"] = 10**15
    plan = parse_task_json(json.dumps(document))
    assert plan.reality is not None and stages.tile_count(plan.reality) == stages.MAX_TILES
    task_id = submit(client, document)
    assert client.info(task_id)["totalFrames"] == 1 + 10 * stages.MAX_TILES


# -- software ---------------------------------------------------------------------------------


def test_software_list_and_detail_name_the_new_ids(client):
    listing_ = client.data(endpoints.QUERY_SOFTWARE_LIST)
    names = {entry["cgId"]: entry["cgName"] for entry in listing_["renderInfoList"]}
    assert (names[2015], names[2017], names[2020]) == ("Nuke", "ContextCapture", "Unreal Engine")
    for cg_id in (2015, 2017, 2020):
        detail = client.data(endpoints.QUERY_SOFTWARE_DETAIL, {"cgId": cg_id, "osName": "windows"})
        assert detail["cgVersion"] and {v["cgId"] for v in detail["cgVersion"]} == {cg_id}
    detail = client.data(endpoints.QUERY_SOFTWARE_DETAIL, {"cgId": 2017, "osName": "windows"})
    assert detail["cgPlugin"] == []
    assert {version["cgName"] for version in detail["cgVersion"]} == {"ContextCapture"}


# -- what a task.json may ask for ------------------------------------------------------------


@pytest.mark.parametrize(
    "where, claim, named",
    [
        ("group", 3000000, "scene_info.group.groups[0].pic_count"),
        ("project", 30000000, "scene_info.group.pic_count"),
        ("groups", 60000, "scene_info.group.groups[].pic_count"),  # 3 x 60,000 in all
    ],
)
def test_a_claim_of_millions_of_photos_is_refused_naming_the_field(where, claim, named):
    document = sample()
    group = document["scene_info"]["group"]
    if where == "project":
        group["pic_count"] = claim
    elif where == "group":
        group["groups"][0]["pic_count"] = claim
    else:
        for entry in group["groups"]:
            entry["pic_count"] = str(claim)
    with pytest.raises(ApiError) as caught:
        parse_task_json(json.dumps(document))
    assert caught.value.code == errors.INVALID_CONFIG_FILE == 740
    assert named in caught.value.message and str(MAX_PHOTOS) in caught.value.message


def test_the_report_is_built_outside_the_service_lock(client, emu, monkeypatch):
    # A line per photo: a big project's report must not hold up other clients.
    task_id = submit(client, sample())
    emu.advance(86400)
    lock_free = []
    build = stages.aerotriangulation_report

    def build_and_look_at_the_lock(*args):
        # Another thread can take the service's lock while the report is built.
        taker = threading.Thread(
            target=lambda: (
                lock_free.append(emu.service._lock.acquire(timeout=5))
                or emu.service._lock.release()
            )
        )
        taker.start()
        taker.join()
        return build(*args)

    monkeypatch.setattr(stages, "aerotriangulation_report", build_and_look_at_the_lock)
    report = emu.at_report(task_id)
    assert lock_free == [True]
    assert len(report["photo"]) == PHOTOS
    size = listing(client, "/{}/at_result".format(task_id))["report.json"]["fileSize"]
    assert size == len(json.dumps(report).encode("utf-8"))
