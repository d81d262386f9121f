"""Bad arguments are refused before anything is sent, naming the parameter."""

import datetime
from decimal import Decimal

import pytest

from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionError,
    RayvisonTaskIdError,
)

VALUE = RayvisionArgumentError  # also a ValueError
TYPE = RayvisionArgumentTypeError  # also a TypeError
TASK_ID = RayvisonTaskIdError  # also a TypeError


ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "e",
    "renderSystem": 1,
    "pluginIds": [1166],
}


def bad(call, error, parameter, case_id):
    return pytest.param(call, error, parameter, id=case_id)


CASES = [
    # task ids that are not ints
    bad(lambda a: a.task.submit_task("123"), TASK_ID, "task_id", "submit_task-str"),
    bad(lambda a: a.task.submit_task(123.0), TASK_ID, "task_id", "submit_task-float"),
    bad(lambda a: a.task.submit_task(True), TASK_ID, "task_id", "submit_task-bool"),
    bad(lambda a: a.task.submit_task(None), TASK_ID, "task_id", "submit_task-none"),
    bad(lambda a: a.task.submit_task(0), VALUE, "task_id", "submit_task-zero"),
    bad(lambda a: a.task.submit_task(-5), VALUE, "task_id", "submit_task-negative"),
    bad(lambda a: a.task.submit_task_to_cc("1"), TASK_ID, "task_id", "submit_task_to_cc-str"),
    bad(lambda a: a.task.stop_task(["123"]), TASK_ID, "task_param_list[0]", "stop_task-str-item"),
    bad(lambda a: a.task.stop_task([1, 2.0]), TASK_ID, "task_param_list[1]", "stop_task-float"),
    bad(lambda a: a.task.start_task([False]), TASK_ID, "task_param_list[0]", "start_task-bool"),
    bad(lambda a: a.task.abort_task([None]), TASK_ID, "task_param_list[0]", "abort_task-none"),
    bad(lambda a: a.task.update_priority("7", 1), TASK_ID, "task_id", "update_priority-str"),
    bad(lambda a: a.query.task_frames(7.5), TASK_ID, "task_id", "task_frames-float"),
    bad(lambda a: a.query.task_info([True]), TASK_ID, "task_ids_list[0]", "task_info-bool"),
    bad(lambda a: a.query.restart_frame("7"), TASK_ID, "task_id", "restart_frame-str"),
    bad(lambda a: a.query.stop_frame(None), TASK_ID, "task_id", "stop_frame-none"),
    bad(lambda a: a.query.get_task_processing_img(1.0), TASK_ID, "task_id", "processing_img"),
    bad(lambda a: a.transmit.upload_json_content("7", "{}"), TASK_ID, "task_id", "upload-str"),
    bad(lambda a: a.transmit.get_output_files(task_id="7"), TASK_ID, "task_id", "output-str"),
    bad(lambda a: a.user.get_hardware_config(["1"]), TASK_ID, "task_ids[0]", "hardware-str"),
    bad(lambda a: a.query.get_all_frames("7"), TASK_ID, "task_id", "get_all_frames-str"),
    bad(lambda a: a.query.get_custome_frames(7.0, ["1"]), TASK_ID, "task_id", "custome-float"),
    bad(lambda a: a.query.frame_number_to_stop(None, ["1"]), TASK_ID, "task_id", "to_stop-none"),
    bad(lambda a: a.query.get_small_task_id("abc"), TASK_ID, "task_id", "small-letters"),
    bad(lambda a: a.query.get_small_task_id(1.0), TASK_ID, "task_id", "small-float"),
    bad(lambda a: a.query.get_small_task_id("²"), TASK_ID, "task_id", "small-superscript-two"),
    bad(
        lambda a: a.task.create_task(clone_original_id="9"),
        TASK_ID,
        "clone_original_id",
        "create-clone-str",
    ),
    # empty id lists
    bad(lambda a: a.task.stop_task([]), VALUE, "task_param_list", "stop_task-empty"),
    bad(lambda a: a.task.delete_task(()), VALUE, "task_param_list", "delete_task-empty"),
    bad(lambda a: a.task.full_speed([]), VALUE, "task_id_list", "full_speed-empty"),
    bad(lambda a: a.task.set_task_overtime_top([], 10), VALUE, "task_id_list", "overtime-empty"),
    bad(lambda a: a.query.task_info([]), VALUE, "task_ids_list", "task_info-empty"),
    bad(lambda a: a.query.restart_failed_frames([]), VALUE, "task_param_list", "recommit-empty"),
    bad(lambda a: a.user.get_hardware_config([]), VALUE, "task_ids", "hardware-empty"),
    # a str (or other non-list) where a list is wanted
    bad(lambda a: a.task.stop_task("13798105"), TYPE, "task_param_list", "stop_task-str"),
    bad(lambda a: a.task.start_task(13798105), TYPE, "task_param_list", "start_task-int"),
    bad(lambda a: a.query.task_info("14400249"), TYPE, "task_ids_list", "task_info-str"),
    bad(lambda a: a.query.restart_failed_frames({7}), TYPE, "task_param_list", "recommit-set"),
    bad(lambda a: a.task.create_task(labels="shot"), TYPE, "labels", "labels-str"),
    bad(lambda a: a.task.create_task(labels=[1]), TYPE, "labels[0]", "labels-int-item"),
    bad(lambda a: a.query.error_detail(codes="15000"), TYPE, "codes", "codes-str"),
    bad(
        lambda a: a.query.restart_frame(7, select_all=0, ids_list="501"),
        TYPE,
        "ids_list",
        "ids_list-str",
    ),
    bad(lambda a: a.query.restart_failed_frames([7], status="5"), TYPE, "status", "status-str"),
    bad(lambda a: a.query.get_task_list(status_list=25), TYPE, "status_list", "status_list-int"),
    bad(lambda a: a.query.get_task_list(recycle_flag=1), TYPE, "recycle_flag", "recycle-int"),
    bad(lambda a: a.query.get_task_list(recycle_flag="1"), TYPE, "recycle_flag", "recycle-str"),
    bad(lambda a: a.query.supported_plugin("maya", os_name=1), TYPE, "os_name", "os_name-int"),
    bad(lambda a: a.query.supported_plugin("maya", os_name="Windows"), VALUE, "os_name", "os-case"),
    bad(lambda a: a.query.supported_plugin("maya", os_name="darwin"), VALUE, "os_name", "os-mac"),
    bad(lambda a: a.query.supported_plugin("maya", os_name=""), VALUE, "os_name", "os-empty"),
    # task_user_level
    bad(lambda a: a.task.create_task(task_user_level=55), VALUE, "task_user_level", "level-55"),
    bad(lambda a: a.task.create_task(task_user_level="50"), VALUE, "task_user_level", "level-str"),
    bad(lambda a: a.task.create_task(task_user_level=True), VALUE, "task_user_level", "level-bool"),
    bad(lambda a: a.task.create_task(count=0), VALUE, "count", "count-zero"),
    bad(lambda a: a.task.create_task(count="1"), TYPE, "count", "count-str"),
    bad(lambda a: a.task.create_task(artist=5), TYPE, "artist", "artist-int"),
    bad(lambda a: a.task.update_priority(7, -1), VALUE, "priority", "priority-negative"),
    bad(lambda a: a.task.set_task_overtime_top([7], 0), VALUE, "overtime", "overtime-zero"),
    bad(lambda a: a.task.submit_task(7, producer=5), TYPE, "producer", "producer-int"),
    bad(lambda a: a.task.submit_task_to_cc(7, param=[1]), TYPE, "param", "cc-param-list"),
    bad(lambda a: a.user.update_user_settings(0), VALUE, "task_over_time", "settings-zero"),
    bad(lambda a: a.user.update_user_settings("3600"), TYPE, "task_over_time", "settings-str"),
    # file names
    bad(
        lambda a: a.transmit.upload_json_content(7, "{}", file_name="render.json"),
        VALUE,
        "file_name",
        "file_name-unknown",
    ),
    bad(
        lambda a: a.transmit.upload_json_content(7, "{}", file_name="TASK.JSON"),
        VALUE,
        "file_name",
        "file_name-case",
    ),
    bad(
        lambda a: a.transmit.upload_json_content(7, "not json"),
        VALUE,
        "content",
        "content-not-json",
    ),
    bad(lambda a: a.transmit.upload_json_content(7, ["a"]), TYPE, "content", "content-list"),
    bad(
        lambda a: a.transmit.upload_json_content(7, {"a": {1, 2}}),
        TYPE,
        "content",
        "content-dict-not-serialisable",
    ),
    bad(
        lambda a: a.transmit.upload_json_content(7, {"a": float("nan")}),
        VALUE,
        "content",
        "content-dict-nan",
    ),
    # frame statuses
    bad(lambda a: a.query.restart_failed_frames([7], status=[13]), VALUE, "status[0]", "status-13"),
    bad(
        lambda a: a.query.restart_failed_frames([7], status=[1, 0]), VALUE, "status[1]", "status-0"
    ),
    bad(
        lambda a: a.query.restart_failed_frames([7], status=[True]),
        VALUE,
        "status[0]",
        "status-bool",
    ),
    bad(lambda a: a.query.restart_failed_frames([7], status=[]), VALUE, "status", "status-empty"),
    bad(lambda a: a.query.restart_frame(7, status=[13]), VALUE, "status[0]", "restart-status-13"),
    bad(lambda a: a.query.stop_frame(7, status=["4"]), VALUE, "status[0]", "stop-status-str"),
    bad(
        lambda a: a.query.get_frame_thumbnall(501, frame_status=13),
        VALUE,
        "frame_status",
        "thumbnail-status",
    ),
    bad(lambda a: a.query.get_frame_thumbnall("501"), TYPE, "frame_id", "thumbnail-id-str"),
    bad(
        lambda a: a.query.get_task_list(status_list=[26]), VALUE, "status_list[0]", "task-status-26"
    ),
    # error_detail
    bad(lambda a: a.query.error_detail(), VALUE, "code", "error_detail-neither"),
    bad(lambda a: a.query.error_detail(language=0), VALUE, "code", "error_detail-language-only"),
    bad(lambda a: a.query.error_detail(code=1.5), TYPE, "code", "error_detail-float"),
    bad(
        lambda a: a.query.error_detail(code="1", language="en"),
        TYPE,
        "language",
        "error_detail-language-str",
    ),
    bad(lambda a: a.query.error_detail(codes=[]), VALUE, "codes", "error_detail-codes-empty"),
    # frame selection
    bad(lambda a: a.query.restart_frame(7, select_all=0), VALUE, "ids_list", "restart-no-ids"),
    bad(lambda a: a.query.stop_frame(7, select_all=0), VALUE, "ids_list", "stop-no-ids"),
    bad(
        lambda a: a.query.restart_frame(7, select_all=0, ids_list=[]),
        VALUE,
        "ids_list",
        "restart-empty-ids",
    ),
    bad(lambda a: a.query.restart_frame(7, select_all=2), VALUE, "select_all", "select_all-2"),
    bad(lambda a: a.query.stop_frame(7, select_all=True), VALUE, "select_all", "select_all-bool"),
    bad(lambda a: a.query.stop_frame(7, select_all="1"), VALUE, "select_all", "select_all-str"),
    bad(
        lambda a: a.query.restart_frame(7, select_all=0, ids_list=["501"]),
        TYPE,
        "ids_list[0]",
        "ids-str-item",
    ),
    # output files
    bad(
        lambda a: a.transmit.get_output_files(tree_path="out"),
        VALUE,
        "tree_path",
        "tree_path-relative",
    ),
    bad(lambda a: a.transmit.get_output_files(tree_path=None), TYPE, "tree_path", "tree_path-none"),
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
        lambda a: a.env.add_render_env(dict(ENV, renderSystem="1")),
        TYPE,
        "data['renderSystem']",
        "add_env-renderSystem-str",
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
    # task list
    bad(
        lambda a: a.query.get_task_list(start_time="2024-13-01 00:00:00"),
        VALUE,
        "start_time",
        "start-month-13",
    ),
    bad(
        lambda a: a.query.get_task_list(start_time="2024/01/01 00:00:00"),
        VALUE,
        "start_time",
        "start-slashes",
    ),
    bad(lambda a: a.query.get_task_list(end_time="2024-01-31"), VALUE, "end_time", "end-no-time"),
    bad(
        lambda a: a.query.get_task_list(end_time="2024-1-3 1:02:03"),
        VALUE,
        "end_time",
        "end-not-padded",
    ),
    bad(
        lambda a: a.query.get_task_list(start_time=1700000000),
        TYPE,
        "start_time",
        "start-epoch-int",
    ),
    bad(
        lambda a: a.query.get_task_list(end_time=datetime.date(2024, 1, 31)),
        TYPE,
        "end_time",
        "end-date",
    ),
    bad(lambda a: a.query.get_task_list(page_num=0), VALUE, "page_num", "page_num-zero"),
    bad(lambda a: a.query.get_task_list(page_size="100"), TYPE, "page_size", "page_size-str"),
    bad(lambda a: a.query.get_task_list(search_keyword=5), TYPE, "search_keyword", "keyword-int"),
    bad(lambda a: a.query.task_frames(7, page_num=0), VALUE, "page_num", "frames-page-zero"),
    # software
    bad(lambda a: a.query.supported_plugin("photoshop"), VALUE, "name", "software-unknown"),
    bad(lambda a: a.query.supported_plugin(1999), VALUE, "name", "software-bad-cgid"),
    bad(lambda a: a.query.supported_plugin(None), VALUE, "name", "software-none"),
    # composite calls
    bad(lambda a: a.query.get_custome_frames(7, []), VALUE, "restartframes", "custome-empty"),
    bad(lambda a: a.query.get_custome_frames(7, "10"), TYPE, "restartframes", "custome-str"),
    bad(lambda a: a.query.frame_number_to_stop(7, [None]), TYPE, "stop_frame[0]", "to_stop-none"),
    bad(lambda a: a.query.get_all_frames(7, start_page=0), VALUE, "start_page", "start_page-0"),
    bad(
        lambda a: a.query.get_all_frames(7, start_page=3, end_page=2),
        VALUE,
        "end_page",
        "end_before_start",
    ),
    # the facade
    bad(lambda a: a.submit("123"), TASK_ID, "task_id", "submit-str"),
    bad(lambda a: a.submit(123.0), TASK_ID, "task_id", "submit-float"),
    bad(lambda a: a.submit(True), TASK_ID, "task_id", "submit-bool"),
    bad(lambda a: a.submit(None), TASK_ID, "task_id", "submit-none"),
    bad(lambda a: a.submit(-1), VALUE, "task_id", "submit-negative"),
    bad(lambda a: a.submit(7, producer=1), TYPE, "producer", "submit-producer-int"),
    bad(lambda a: a.submit_cc("123"), TASK_ID, "task_id", "submit_cc-str"),
    bad(lambda a: a.submit_cc(7, param="x"), TYPE, "param", "submit_cc-param-str"),
    bad(lambda a: a.submit_by_data("not json"), VALUE, "task_info", "by_data-not-json"),
    bad(lambda a: a.submit_by_data("[1, 2]"), TYPE, "task_info", "by_data-json-list"),
    bad(lambda a: a.submit_by_data(42), TYPE, "task_info", "by_data-int"),
    bad(lambda a: a.submit_by_data(None), TYPE, "task_info", "by_data-none"),
    bad(lambda a: a.submit_by_data({"task_info": []}), TYPE, "task_info", "by_data-section-list"),
    bad(lambda a: a.submit_by_data('{"task_info": "x"}'), TYPE, "task_info", "by_data-section-str"),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "abc"}}),
        TASK_ID,
        "task_id",
        "by_data-id-letters",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 1.5}}),
        TASK_ID,
        "task_id",
        "by_data-id-float",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "0"}}),
        VALUE,
        "task_id",
        "by_data-id-zero",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "²"}}),
        TASK_ID,
        "task_id",
        "by_data-id-superscript",
    ),
    bad(lambda a: a.submit_by_data({"a": {1, 2}}), TYPE, "task_info", "by_data-not-serialisable"),
    # Checked before a task is created or a file uploaded, not half-way through.
    bad(
        lambda a: a.submit_by_data({"task_info": {}}, file_name="render.json"),
        VALUE,
        "file_name",
        "by_data-file_name-new-task",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 7}}, file_name="x.json"),
        VALUE,
        "file_name",
        "by_data-file_name",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 7}}, producer=5),
        TYPE,
        "producer",
        "by_data-producer-after-upload",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {}}, producer=5),
        TYPE,
        "producer",
        "by_data-producer-new-task",
    ),
    # a value equal to an accepted int, but not an int: sent as 2.0, or not
    # JSON at all (Decimal), it was taken as the int it equals
    bad(lambda a: a.tag.get_list(flag=2.0), VALUE, "flag", "get_list-flag-float"),
    bad(lambda a: a.tag.get_list(flag=Decimal(1)), VALUE, "flag", "get_list-flag-decimal"),
    bad(lambda a: a.task.create_task(task_user_level=50.0), VALUE, "task_user_level", "level-f"),
    bad(lambda a: a.query.restart_frame(7, select_all=1.0), VALUE, "select_all", "select_all-f"),
    bad(lambda a: a.query.get_frame_thumbnall(7, 4.0), VALUE, "frame_status", "thumb-float"),
    bad(lambda a: a.query.restart_failed_frames([7], [5.0]), VALUE, "status[0]", "status-f"),
    bad(lambda a: a.query.get_task_list(status_list=[25.0]), VALUE, "status_list[0]", "list-f"),
    bad(lambda a: a.env.get_render_env(os_name=1.0), VALUE, "os_name", "env-os_name-float"),
]


@pytest.mark.parametrize("call, error, parameter", CASES)
def test_bad_argument_is_refused_before_sending(api, rsps, call, error, parameter):
    with pytest.raises(RayvisionError) as caught:
        call(api)
    raised = caught.value
    assert isinstance(raised, error), repr(raised)
    assert parameter in str(raised), str(raised)
    assert len(rsps.calls) == 0
    if error is VALUE:
        assert isinstance(raised, ValueError) and not isinstance(raised, TypeError)
    else:
        assert isinstance(raised, TypeError) and not isinstance(raised, ValueError)
    if hasattr(raised, "parameter"):
        assert raised.parameter.split("[")[0] in parameter or parameter in raised.parameter


def test_task_id_error_classes():
    assert issubclass(RayvisonTaskIdError, TypeError)
    assert issubclass(RayvisonTaskIdError, RayvisionError)
    assert issubclass(RayvisionArgumentTypeError, TypeError)
    assert issubclass(RayvisionArgumentError, ValueError)
    assert issubclass(RayvisionArgumentError, RayvisionError)
    error = RayvisonTaskIdError()
    assert error.error_code is None and "task_id" in str(error)
    assert RayvisionError(5, "boom").error == "boom"
    assert str(RayvisionError(5, "boom")) == "[5] boom"
    assert str(RayvisionError(None, "boom")) == "boom"


def test_submit_of_a_str_id_raises_the_1x_error(api, rsps):
    with pytest.raises(RayvisonTaskIdError) as caught:
        api.submit("123")
    assert "'123'" in str(caught.value)
    assert len(rsps.calls) == 0


def test_caller_values_are_not_coerced(api, rsps):
    # "12" is not taken for 12, nor 12.0, nor True for 1.
    for value in ("12", 12.0, True):
        with pytest.raises(TypeError):
            api.task.full_speed([value])
    assert len(rsps.calls) == 0


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
