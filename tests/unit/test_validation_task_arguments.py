"""Task, frame, list and file arguments out of range or of the wrong type are refused
before anything is sent, naming the parameter.
"""

import datetime
from decimal import Decimal

import pytest

from .support import TYPE, VALUE, bad, check_refused_before_sending

CASES = [
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
    check_refused_before_sending(api, rsps, call, error, parameter)
