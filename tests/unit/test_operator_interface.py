"""The operators as a whole: every endpoint and public call is tested, the 1.x
signatures are kept, the additions are keyword-only, ``connect.post`` takes a
path or an endpoint.
"""

import inspect

import pytest
import responses

from dayan_api import endpoints
from dayan_api.core import RayvisionAPI
from dayan_api.operators import (
    QueryOperator,
    RenderEnvOperator,
    TagOperator,
    TaskOperator,
    TransmitOperator,
    UserOperator,
)

from . import (
    test_calls_beyond_reference,
    test_calls_query,
    test_calls_transmit_tag_env,
    test_calls_user_and_task,
)
from .support import (
    ALL_FRAME_STATS,
    TASK_INFO,
    check_request,
    envelope,
    url,
)

T = 14400249

# Every row of the operator tables.
CASES = (
    test_calls_user_and_task.CASES
    + test_calls_query.CASES
    + test_calls_transmit_tag_env.CASES
    + test_calls_beyond_reference.CASES
)


# Public calls that send several requests; each has its own tests
# (the file named for each) that check every request like the table.
COMPOSITE = {
    "api.user_info": "test_user_info.py",
    "api.get_user_id": "test_user_info.py",
    "api.submit_by_data": "test_task_id_and_submit_by_data.py",
    "user.info": "test_user_info.py",
    "user.user_id": "test_user_info.py",
    "user.refresh_info": "test_user_info.py",
    "task.task_id": "test_task_id_and_submit_by_data.py",
    "task.create_task_id": "test_reply_fields.py",
    "query.get_all_frames": "test_composite.py",
    "query.get_custome_frames": "test_composite.py",
    "query.get_custom_frames": "test_composite.py",
    "query.frame_number_to_stop": "test_composite.py",
    "query.get_small_task_id": "test_composite.py",
    "query.wait_for_task": "test_wait_for_task.py",
    "query.iter_tasks": "test_paging.py",
    "query.iter_frames": "test_paging.py",
    "tag.get_project_list": "test_tag_env.py",
    "api.check_and_add_project_name": "test_tag_env.py",
    **test_calls_beyond_reference.COMPOSITE,
}


def _table_names():
    return {param.values[0] for param in CASES}


def test_table_covers_every_endpoint():
    table_paths = {param.values[2] for param in CASES}
    # The calls that read the account's userId first are tested on their own.
    table_paths |= {
        endpoints.GET_TASK_STATUS_COUNT.path,
        endpoints.LOAD_AT_TASK_REPORT_DATA_URL.path,
    }
    assert table_paths == {endpoint.path for endpoint in endpoints.ALL}
    assert len(endpoints.ALL) == len(endpoints.BY_PATH) == 48


def test_table_covers_every_public_method():
    public = set()
    for prefix, cls in (
        ("user", UserOperator),
        ("task", TaskOperator),
        ("query", QueryOperator),
        ("transmit", TransmitOperator),
        ("tag", TagOperator),
        ("env", RenderEnvOperator),
        ("api", RayvisionAPI),
    ):
        for attr, value in vars(cls).items():
            if attr.startswith("_") or attr in ("close",):
                continue
            if callable(value) or isinstance(value, property):
                public.add(prefix + "." + attr)
    covered = _table_names() | set(COMPOSITE)
    assert public - covered == set(), "public calls with no test"
    assert covered - public == set(), "tests of calls that do not exist"


def test_every_interface_method_exists_with_its_1x_signature():
    # interface.md's parameter names and defaults, which 1.x scripts pass by keyword.
    expected = {
        UserOperator.update_user_settings: "(self, task_over_time)",
        UserOperator.get_hardware_config: "(self, task_ids=None)",
        TaskOperator.create_task: (
            "(self, count=1, task_user_level=50, out_user_id=None, labels=None, "
            "clone_original_id=None, artist=None)"
        ),
        TaskOperator.submit_task: "(self, task_id, producer=None)",
        TaskOperator.submit_task_to_cc: "(self, task_id, option=None, param=None)",
        TaskOperator.stop_task: "(self, task_param_list)",
        TaskOperator.start_task: "(self, task_param_list)",
        TaskOperator.abort_task: "(self, task_param_list)",
        TaskOperator.delete_task: "(self, task_param_list)",
        TaskOperator.update_priority: "(self, task_id, priority)",
        TaskOperator.set_task_overtime_top: "(self, task_id_list, overtime)",
        TaskOperator.full_speed: "(self, task_id_list)",
        QueryOperator.error_detail: "(self, code=None, codes=None, language=0)",
        QueryOperator.get_task_list: (
            "(self, page_num=1, page_size=100, status_list=None, search_keyword=None, "
            "start_time=None, end_time=None, *, recycle_flag=False)"
        ),
        QueryOperator.task_frames: (
            "(self, task_id, page_num=1, page_size=100, search_keyword=None)"
        ),
        QueryOperator.restart_failed_frames: "(self, task_param_list, status=None)",
        QueryOperator.restart_frame: "(self, task_id, select_all=1, ids_list=None, status=None)",
        QueryOperator.stop_frame: "(self, task_id, select_all=1, ids_list=None, status=None)",
        QueryOperator.task_info: "(self, task_ids_list)",
        QueryOperator.supported_plugin: "(self, name, *, os_name=None)",
        QueryOperator.get_task_processing_img: "(self, task_id, frame_type=None)",
        QueryOperator.get_frame_thumbnall: "(self, frame_id, frame_status=4)",
        QueryOperator.get_all_frames: (
            "(self, task_id, start_page=1, end_page=2000, page_size=100, workers=4, "
            "*, progress=False)"
        ),
        # Beyond 1.x (interface.md's last section).
        QueryOperator.wait_for_task: (
            "(self, task_ids, interval=10.0, timeout=None, on_update=None, *, progress=False, "
            "stop=None)"
        ),
        QueryOperator.iter_tasks: (
            "(self, status_list=None, search_keyword=None, start_time=None, end_time=None, "
            "page_size=100)"
        ),
        QueryOperator.iter_frames: "(self, task_id, page_size=100, *, progress=False)",
        QueryOperator.get_render_log: (
            "(self, frame_id, page_num=0, page_size=1, rendering_type='render')"
        ),
        QueryOperator.iter_render_log: "(self, frame_id, page_size=1)",
        QueryOperator.task_status_count: "(self)",
        QueryOperator.get_at_report_url: "(self, task_id)",
        QueryOperator.get_at_report: "(self, task_id)",
        TaskOperator.update_task_limit: "(self, task_id, limit)",
        TransmitOperator.get_output_size: "(self, task_ids)",
        QueryOperator.get_custome_frames: "(self, task_id, restartframes)",
        QueryOperator.frame_number_to_stop: "(self, task_id, stop_frame)",
        QueryOperator.get_small_task_id: "(self, task_id)",
        TransmitOperator.upload_json_content: "(self, task_id, content, file_name='task.json')",
        TransmitOperator.get_output_files: "(self, task_id=None, tree_path='/')",
        TagOperator.add_label: "(self, new_name, status=1)",
        TagOperator.delete_label: "(self, del_name)",
        TagOperator.get_label_list: "(self)",
        TagOperator.get_project_list: "(self)",
        TagOperator.add_task_tag: "(self, tag, task_ids)",
        TagOperator.delete_task_tag: "(self, tag_ids)",
        TagOperator.get_list: "(self, flag=0)",
        RenderEnvOperator.add_render_env: "(self, data)",
        RenderEnvOperator.update_render_env: "(self, data)",
        RenderEnvOperator.delete_render_env: "(self, edit_name)",
        RenderEnvOperator.set_default_render_env: "(self, edit_name)",
        RenderEnvOperator.get_render_env: "(self, name=None, cg_names=None, os_name=1)",
        RayvisionAPI.check_and_add_project_name: "(self, project_name)",
        RayvisionAPI.submit: "(self, task_id, producer=None)",
        RayvisionAPI.submit_cc: "(self, task_id, option=None, param=None)",
        RayvisionAPI.submit_by_data: "(self, task_info, file_name='task.json', producer=None)",
    }
    for function, text in expected.items():
        parameters = inspect.signature(function).parameters.values()
        bare = [p.replace(annotation=inspect.Parameter.empty) for p in parameters]
        shown = str(inspect.Signature(bare))
        assert shown == text, function.__qualname__
    assert QueryOperator.get_frame_thumbnail is QueryOperator.get_frame_thumbnall
    assert QueryOperator.get_custom_frames is QueryOperator.get_custome_frames


def test_connect_post_accepts_a_path_or_an_endpoint(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=envelope({"n": 1}))
    rsps.add(responses.POST, url(ALL_FRAME_STATS), json=envelope([3]))
    assert api.connect.post(TASK_INFO, {"taskIds": [T]}) == {"n": 1}
    assert api.connect.post(endpoints.QUERY_TASK_INFO, {"taskIds": [T]}) == {"n": 1}
    assert api.connect.post(ALL_FRAME_STATS) == [3]  # no data: the body is {}
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [T]})
    check_request(rsps.calls[1], TASK_INFO, {"taskIds": [T]})
    check_request(rsps.calls[2], ALL_FRAME_STATS, {})


def test_the_additions_beyond_1x_are_keyword_only(api, rsps):
    with pytest.raises(TypeError):
        api.query.get_task_list(1, 100, None, None, None, None, True)
    with pytest.raises(TypeError):
        api.query.supported_plugin("maya", "windows")
    assert len(rsps.calls) == 0
