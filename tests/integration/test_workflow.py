"""Every operator method over real loopback HTTP against the emulator."""

import datetime
import importlib.util
import json
import os

import pytest

from dayan_api import RayvisionAPIError, RayvisionArgumentError
from dayan_api.emulator import errors

from .conftest import info_of, submitted_task, task_json

HOUR = 3600


# -- user ---------------------------------------------------------------------


def test_user_profile_settings_bids_and_info(api, emu):
    profile = api.user.query_user_profile()
    assert isinstance(profile["userId"], int)
    assert api.user.query_user_setting()["taskOverTimeSec"] > 0
    bids = api.user.get_transfer_bid()
    assert {"config_bid", "input_bid", "output_bid"} <= set(bids)

    emu.clear_requests()
    info = api.user_info
    assert len(emu.requests) == 3
    assert info["user_id"] == profile["userId"] == api.get_user_id()
    assert info["config_bid"] == bids["config_bid"]
    assert (info["domain"], info["platform"]) == (emu.domain, "54")
    assert api.user_info is info and len(emu.requests) == 3  # kept, not fetched again


def test_update_user_settings_changes_what_settings_report(api):
    assert api.user.update_user_settings(7200) is None
    assert api.user.query_user_setting()["taskOverTimeSec"] == 7200


def test_hardware_config_for_the_account_and_for_tasks(api):
    task_id = api.task.create_task()["taskIdList"][0]
    assert api.user.get_hardware_config()
    assert api.user.get_hardware_config(task_ids=[task_id])


# -- task ---------------------------------------------------------------------


def test_create_task_hands_out_ids_and_aliases(api, emu):
    created = api.task.create_task(count=3, task_user_level=60, labels=["镜头A"], artist="ann")
    ids = created["taskIdList"]
    assert len(set(ids)) == 3
    assert created["aliasTaskIdList"] == ["2W{}".format(i) for i in ids]
    assert created["userId"] == api.get_user_id()


def test_submit_renders_to_done_on_the_simulated_clock(api, emu):
    task_id = submitted_task(api, frames="1-6[1]")
    assert info_of(api, task_id)["taskStatus"] == 60  # submitting, for a moment
    emu.advance(1)
    assert info_of(api, task_id)["taskStatus"] == 50  # analysing
    emu.advance(HOUR)
    info = info_of(api, task_id)
    assert (info["taskStatus"], info["doneFrames"], info["totalFrames"]) == (25, 6, 6)
    assert info["respRenderingTaskList"] is None
    assert info["renderConsume"] > 0


def test_submit_needs_the_task_json_first(api):
    task_id = api.task.create_task()["taskIdList"][0]
    with pytest.raises(RayvisionAPIError) as raised:
        api.task.submit_task(task_id)
    assert raised.value.code == errors.CONFIG_FILE_MISSING


def test_submit_task_to_cc_and_facade_submits(api, emu):
    for submit in (
        lambda task_id: api.task.submit_task_to_cc(task_id, option="render", param={"a": 1}),
        lambda task_id: api.submit(task_id, producer="ann") and None,
        lambda task_id: api.submit_cc(task_id) and None,
    ):
        task_id = api.task.create_task()["taskIdList"][0]
        api.transmit.upload_json_content(task_id, task_json(task_id))
        assert submit(task_id) is None
        assert info_of(api, task_id)["taskStatus"] == 60


def test_submit_by_data_creates_uploads_and_submits(api, emu):
    task_id = api.submit_by_data(task_json(frames="1-2[1]"), producer="ann")
    assert isinstance(task_id, int)
    uploaded = emu.uploaded_config(task_id)
    assert '"task_id": {}'.format(task_id) in uploaded
    assert info_of(api, task_id)["taskStatus"] == 60


def test_stop_start_abandon_delete(api, emu):
    stopped, abandoned, deleted = (submitted_task(api) for _ in range(3))
    emu.advance(10)
    assert api.task.stop_task([stopped]) is None
    assert info_of(api, stopped)["taskStatus"] == 15
    assert api.task.start_task([stopped]) is None
    assert info_of(api, stopped)["taskStatus"] in (0, 5)
    assert api.task.abort_task([abandoned]) is None
    assert info_of(api, abandoned)["taskStatus"] == 35
    assert api.task.delete_task([deleted]) is None
    listed = api.query.get_task_list(page_size=1000)["items"]
    assert deleted not in [task["id"] for task in listed]
    recycled = api.query.get_task_list(page_size=1000, recycle_flag=True)["items"]
    assert [task["id"] for task in recycled] == [deleted]
    assert recycled[0]["isDelete"] == 0


def test_priority_overtime_and_full_speed(api):
    task_id = submitted_task(api)
    assert api.task.update_priority(task_id, 60) is None
    assert info_of(api, task_id)["taskUserLevel"] == 60
    assert api.task.set_task_overtime_top([task_id], 7200) == "SUCCESS"  # as published
    assert info_of(api, task_id)["overTimeStop"] == 7200
    limit = info_of(api, task_id)["taskLimit"]
    assert api.task.full_speed([task_id]) == "成功"  # as published
    assert info_of(api, task_id)["taskLimit"] > limit


def test_a_task_json_the_analysis_refuses_settles_as_submit_failed(api, emu):
    task_id = api.task.create_task()["taskIdList"][0]
    maya = {"task_info": {"cg_id": "2000"}, "scene_info_render": {"layer": {"common": {}}}}
    api.transmit.upload_json_content(task_id, maya)  # stored: only the analysis reads it
    assert api.task.submit_task(task_id) is None
    assert info_of(api, task_id)["taskStatus"] == 60
    emu.advance(HOUR)
    item = info_of(api, task_id)
    assert item["taskStatus"] == 65 and "frames" in item["remark"]


def test_task_id_property_is_created_once_and_forgotten_after_submit(api):
    first = api.task.task_id
    assert api.task.task_id == first
    api.transmit.upload_json_content(first, task_json(first))
    api.submit(first)
    assert api.task.task_id != first


# -- query --------------------------------------------------------------------


def test_platforms_software_transfer_server_and_raysync(api):
    assert api.query.platforms()
    software = api.query.supported_software()
    assert software
    assert api.query.supported_plugin("maya")
    assert api.query.supported_plugin("3DS MAX")
    for os_name in ("windows", "linux"):
        detail = api.query.supported_plugin("houdini", os_name=os_name)
        assert {version["osName"] for version in detail["cgVersion"]} == {os_name}
    assert api.query.get_transfer_server_msg()
    assert api.query.get_raysync_user_key()


def test_error_detail_by_code_and_codes(api):
    assert api.query.error_detail(code="15000")
    assert api.query.error_detail(codes=["15000", "15002"], language=1)


def test_task_list_pages_and_filters(api, emu):
    ids = [submitted_task(api, input_cg_file="D:/shots/needle_haystack.mb") for _ in range(3)]
    emu.advance(HOUR)
    found = api.query.get_task_list(search_keyword="needle_haystack")
    assert sorted(task["id"] for task in found["items"]) == sorted(ids)
    first_page = api.query.get_task_list(page_num=1, page_size=2, search_keyword="needle_haystack")
    assert (len(first_page["items"]), first_page["total"]) == (2, 3)
    done = api.query.get_task_list(status_list=[25], page_size=1000)["items"]
    assert set(ids) <= {task["id"] for task in done}
    assert not api.query.get_task_list(status_list=[45], search_keyword="needle_haystack")["items"]
    later = datetime.datetime.now() + datetime.timedelta(days=2)
    assert not api.query.get_task_list(start_time=later, search_keyword="needle_haystack")["items"]
    earlier = datetime.datetime.now() - datetime.timedelta(days=2)
    window = api.query.get_task_list(
        start_time=earlier.strftime("%Y-%m-%d %H:%M:%S"), end_time=later, search_keyword="needle"
    )
    assert {task["id"] for task in window["items"]} >= set(ids)


def test_frames_pages_and_frame_totals(api, emu):
    task_id = submitted_task(api, frames="1-5[1]")
    emu.advance(HOUR)
    page = api.query.task_frames(task_id, page_num=1, page_size=2)
    assert (len(page["items"]), page["total"], page["pageCount"]) == (2, 5, 3)
    assert api.query.task_frames(task_id, search_keyword="3")["items"][0]["frameIndex"] == "3"
    frames = api.query.get_all_frames(task_id, page_size=2)
    assert list(frames) == ["1", "2", "3", "4", "5"]
    assert all(frame["frameStatus"] == 4 for frame in frames.values())
    assert api.query.all_frame_status()


def test_failed_frames_restart_and_render_again(api, emu):
    task_id = submitted_task(api, frames="1-4[1]", emulator={"fail_frames": [2, 3]})
    emu.advance(HOUR)
    info = info_of(api, task_id)
    assert (info["taskStatus"], info["failedFrames"]) == (30, 2)
    assert api.query.restart_failed_frames([task_id], status=[5]) is None
    emu.advance(HOUR)
    assert info_of(api, task_id)["taskStatus"] == 25


def test_restart_frame_and_stop_frame_by_ids_and_by_index(api, emu):
    task_id = submitted_task(api, frames="1-4[1]", emulator={"fail_frames": [4]})
    emu.advance(HOUR)
    frames = api.query.get_all_frames(task_id)
    assert api.query.restart_frame(task_id, select_all=0, ids_list=[frames["4"]["id"]]) is None
    assert api.query.get_all_frames(task_id)["4"]["frameStatus"] in (1, 2)
    assert api.query.stop_frame(task_id, select_all=0, ids_list=[frames["4"]["id"]]) is None
    assert api.query.get_all_frames(task_id)["4"]["frameStatus"] == 3
    assert api.query.get_custome_frames(task_id, ["4"]) is None
    assert api.query.get_all_frames(task_id)["4"]["frameStatus"] in (1, 2)
    assert api.query.frame_number_to_stop(task_id, ["4"]) is None
    assert api.query.get_all_frames(task_id)["4"]["frameStatus"] == 3
    assert api.query.restart_frame(task_id) is None  # select_all=1: every frame
    emu.advance(HOUR)
    assert info_of(api, task_id)["taskStatus"] == 25
    with pytest.raises(RayvisionArgumentError, match="no frame with index 99"):
        api.query.get_custom_frames(task_id, ["99"])


def test_frames_by_index_of_a_layered_task_act_on_every_layer(api, emu):
    # Two layers, each failing its frame 2: restarting "2" restarts both.
    task_id = submitted_task(
        api, frames="1-3[1]", layers=["beauty", "shadow"], emulator={"fail_frames": [2]}
    )
    emu.advance(HOUR)
    layers = api.query.get_small_task_id(task_id)
    assert [api.query.get_all_frames(layer)["2"]["frameStatus"] for layer in layers] == [5, 5]
    assert api.query.get_custome_frames(task_id, ["2"]) == [None, None]
    assert [api.query.get_all_frames(layer)["2"]["frameStatus"] for layer in layers] == [2, 2]
    assert api.query.frame_number_to_stop(task_id, ["2"]) == [None, None]
    assert [api.query.get_all_frames(layer)["2"]["frameStatus"] for layer in layers] == [3, 3]
    # By a layer's id (1.x's "small task id"), one layer only: one call, its data.
    assert api.query.get_custome_frames(layers[1], ["2"]) is None
    assert [api.query.get_all_frames(layer)["2"]["frameStatus"] for layer in layers] == [3, 2]


def test_small_task_ids_of_plain_and_layered_tasks(api, emu):
    plain = submitted_task(api)
    assert api.query.get_small_task_id(plain) == [plain]
    layered = submitted_task(api, layers=["beauty", {"name": "shadow", "frames": "1-2"}])
    emu.advance(HOUR)
    sub_ids = api.query.get_small_task_id(str(layered))
    assert len(sub_ids) == 2 and layered not in sub_ids
    listed = [sub["id"] for sub in info_of(api, layered)["respRenderingTaskList"]]
    assert listed == sub_ids
    assert api.transmit.get_output_files(task_id=sub_ids[0])


def test_processing_images_and_thumbnails(api, emu):
    task_id = submitted_task(api)
    emu.advance(HOUR)
    assert api.query.get_task_processing_img(task_id) is not None
    assert api.query.get_task_processing_img(task_id, frame_type=2) is not None
    frame = api.query.get_all_frames(task_id)["1"]
    assert api.query.get_frame_thumbnall(frame["id"]) is not None
    assert api.query.get_frame_thumbnail(frame["id"], frame_status=4) is not None


# -- transmit -----------------------------------------------------------------


def test_transfer_config(api):
    config = api.transmit.get_transfer_config()
    assert {"inputBid", "outputBid", "configBid", "resqEngines"} <= set(config)


def test_upload_json_content_each_file_name_and_as_text(api, emu):
    task_id = api.task.create_task()["taskIdList"][0]
    for name in ("task.json", "upload.json", "asset.json", "tips.json"):
        assert api.transmit.upload_json_content(task_id, {"name": name}, file_name=name) is None
        assert json.loads(emu.uploaded_config(task_id, name)) == {"name": name}
    api.transmit.upload_json_content(task_id, '{"text": "as given"}')
    assert emu.uploaded_config(task_id) == '{"text": "as given"}'


def test_output_files_by_task_and_by_tree_path(api, emu):
    task_id = submitted_task(api, input_cg_file="D:/shots/out_test.mb", frames="1-3[1]")
    emu.advance(HOUR)
    (folder,) = api.transmit.get_output_files(task_id=task_id)
    assert folder["directory"] is True
    files = api.transmit.get_output_files(tree_path=folder["filePath"])
    assert [entry["fileName"] for entry in files] == [
        "out_test.{:04d}.exr".format(frame) for frame in (1, 2, 3)
    ]
    root = api.transmit.get_output_files()
    assert folder["filePath"] in [entry["filePath"] for entry in root]


# -- the whole workflow, as the README's main job runs it ---------------------


def test_quickstart_runs_end_to_end(capsys, monkeypatch):
    monkeypatch.delenv("RAYVISION_API_ACCESS_ID", raising=False)
    monkeypatch.delenv("RAYVISION_API_KEY", raising=False)
    path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "quickstart.py")
    spec = importlib.util.spec_from_file_location("quickstart", path)
    quickstart = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quickstart)
    monkeypatch.setattr(quickstart, "EMULATOR_SPEED", 1000.0)
    assert quickstart.main(["--frames", "1-3[1]"]) == 0
    out = capsys.readouterr().out
    assert "built-in emulator" in out
    assert "ended: done" in out
    assert "sh010" not in out and "shot010.0003.exr" in out
