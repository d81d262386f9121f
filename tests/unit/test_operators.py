"""Every operator method: path, exact body, headers, signature, unwrapped return.

Paths and bodies are written out as interface.md gives them (not taken from
``dayan_api.endpoints``), so a wrong entry in the package's table fails here.
"""

import datetime
import inspect
import platform

import pytest
import responses

from dayan_api import RayvisionArgumentError, endpoints
from dayan_api.constants import SOFTWARE_IDS
from dayan_api.core import RayvisionAPI
from dayan_api.operators import (
    QueryOperator,
    RenderEnvOperator,
    TagOperator,
    TaskOperator,
    TransmitOperator,
    UserOperator,
)

from .support import check_request, envelope, load_fixture, url

T = 14400249

USER_PROFILE = "/api/render/setUp/queryUserProfile"
USER_SETTING = "/api/rendering/user/client/queryUserSetting"
UPDATE_SETTING = "/api/render/user/updateUserSetting"
TRANSFER_BID = "/api/rendering/task/plugin/getPluginTransferBid"
HARDWARE = "/api/render/hardwareConfig/list"
CREATE_TASK = "/api/render/task/createTask"
SUBMIT = "/api/rendering/task/plugin/pluginSubmitTask"
STOP_TASK = "/api/rendering/task/renderingTask/stopTask"
START_TASK = "/api/rendering/task/renderingTask/startTask"
ABANDON = "/api/render/handle/abandonTask"
DELETE = "/api/render/handle/deleteTask"
PRIORITY = "/api/rendering/task/renderingTask/updateTaskUserLevel"
OVERTIME = "/api/render/handle/setTaskOverTimeStop"
FULL_SPEED = "/api/render/handle/fullSpeedRendering"
PLATFORMS = "/api/render/common/queryPlatforms"
ERROR_DETAIL = "/api/render/submit/queryAnalyseErrorDetail"
TASK_LIST = "/api/render/handle/getTaskList"
TASK_FRAMES = "/api/render/handle/queryTaskFrames"
ALL_FRAME_STATS = "/api/render/handle/queryAllFrameStats"
RECOMMIT_FAIL = "/api/rendering/task/renderingTask/recommitFailFrame"
RECOMMIT_FRAME = "/api/rendering/task/renderingTask/recommitTaskFrame"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"
SOFTWARE_LIST = "/api/render/plugin/querySoftwareList"
SOFTWARE_DETAIL = "/api/render/plugin/querySoftwareDetail"
SERVER_INFO = "/api/render/transfer/getServerInfo"
RAYSYNC_KEY = "/api/render/transfer/getRaySyncUserKey"
PROCESS_IMG = "/api/render/handle/loadTaskProcessImg"
THUMBNAIL = "/api/render/handle/loadingFrameThumbnail"
STOP_FRAMES = "/api/render/handle/stopTaskFrames"
TRANSFER_CONFIG = "/api/render/transfer/getConfig"
TASK_JSON_FILE = "/api/render/submit/taskJsonFile"
OUTPUT_FILES = "/api/render/file/operate/getOutputUserDirFile"
ADD_LABEL = "/api/render/project/add"
DELETE_LABEL = "/api/render/project/delete"
LABEL_LIST = "/api/render/project/getList"
PROJECT_LIST = "/api/render/project/list"
ADD_TASK_LABEL = "/api/render/handle/addTaskLabel"
DELETE_TASK_LABEL = "/api/render/handle/deleteTaskLabel"
ADD_ENV = "/api/render/plugin/addUserPluginConfig"
EDIT_ENV = "/api/render/plugin/editUserPluginConfig"
DELETE_ENV = "/api/render/plugin/deleteUserPluginConfig"
DEFAULT_ENV = "/api/render/plugin/setDefaultUserPluginConfig"
GET_ENV = "/api/render/plugin/getUserPluginConfig"

ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "testRenderEnv332",
    "renderSystem": 1,
    "pluginIds": [1166, 1167],
}
ENV_FULL = dict(ENV, renderLayerType=0, projectPath="D:/project/镜头")

# Replies from the reference (tests/fixtures) where it gives one.
FIXTURE_FOR = {
    USER_PROFILE: "user_profile.json",
    USER_SETTING: "user_setting.json",
    TRANSFER_BID: "transfer_bid.json",
    CREATE_TASK: "create_task.json",
    SUBMIT: "submit_task.json",
    STOP_TASK: "stop_task.json",
    RECOMMIT_FAIL: "recommit_fail_frame.json",
    TASK_INFO: "query_task_info.json",
    TRANSFER_CONFIG: "transfer_config.json",
    TASK_JSON_FILE: "task_json_file.json",
    OUTPUT_FILES: "output_user_dir_file.json",
}

RETURNS_DATA = object()


def case(name, call, path, body, returns=RETURNS_DATA, variant=""):
    """One row: ``name`` is the public method, ``call(api)`` calls it."""
    return pytest.param(
        name, call, path, body, returns, id=name + (":" + variant if variant else "")
    )


CASES = [
    # user
    case("user.query_user_profile", lambda a: a.user.query_user_profile(), USER_PROFILE, {}),
    case("user.query_user_setting", lambda a: a.user.query_user_setting(), USER_SETTING, {}),
    case(
        "user.update_user_settings",
        lambda a: a.user.update_user_settings(3600),
        UPDATE_SETTING,
        {"taskOverTimeSec": 3600},
    ),
    case("user.get_transfer_bid", lambda a: a.user.get_transfer_bid(), TRANSFER_BID, {}),
    case(
        "user.get_hardware_config",
        lambda a: a.user.get_hardware_config(),
        HARDWARE,
        {"cloneTask": "false"},
    ),
    case(
        "user.get_hardware_config",
        lambda a: a.user.get_hardware_config(task_ids=[T, 2]),
        HARDWARE,
        {"cloneTask": "false", "taskIds": [T, 2]},
        variant="task_ids",
    ),
    # task
    case(
        "task.create_task",
        lambda a: a.task.create_task(),
        CREATE_TASK,
        {"count": 1, "taskUserLevel": 50},
    ),
    case(
        "task.create_task",
        lambda a: a.task.create_task(
            count=2,
            task_user_level=60,
            out_user_id=77,
            labels=["label_test1", "镜头A"],
            clone_original_id=T,
            artist="丁玉涛",
        ),
        CREATE_TASK,
        {
            "count": 2,
            "taskUserLevel": 60,
            "outUserId": 77,
            "labels": ["label_test1", "镜头A"],
            "cloneOriginalId": T,
            "artist": "丁玉涛",
        },
        variant="all",
    ),
    case(
        "task.create_task",
        lambda a: a.task.create_task(labels=[]),
        CREATE_TASK,
        {"count": 1, "taskUserLevel": 50, "labels": []},
        variant="empty-labels",
    ),
    case(
        "task.create_task_id",
        lambda a: a.task.create_task_id(),
        CREATE_TASK,
        {"count": 1, "taskUserLevel": 50},
        returns=19097,  # taskIdList[0] of the reference's sample
    ),
    case(
        "task.create_task_id",
        lambda a: a.task.create_task_id(task_user_level=60, labels=["a"], artist="me"),
        CREATE_TASK,
        {"count": 1, "taskUserLevel": 60, "labels": ["a"], "artist": "me"},
        returns=19097,
        variant="args",
    ),
    case("task.submit_task", lambda a: a.task.submit_task(T), SUBMIT, {"taskId": T}),
    case(
        "task.submit_task",
        lambda a: a.task.submit_task(T, producer="丁玉涛"),
        SUBMIT,
        {"taskId": T, "producer": "丁玉涛"},
        variant="producer",
    ),
    case(
        "task.submit_task_to_cc",
        lambda a: a.task.submit_task_to_cc(T),
        SUBMIT,
        {"taskId": T, "param": {}},
    ),
    case(
        "task.submit_task_to_cc",
        lambda a: a.task.submit_task_to_cc(T, option="fast", param={"a": {"b": [1, 2]}}),
        SUBMIT,
        {"taskId": T, "option": "fast", "param": {"a": {"b": [1, 2]}}},
        variant="option-param",
    ),
    case(
        "task.stop_task", lambda a: a.task.stop_task([13798105]), STOP_TASK, {"taskIds": [13798105]}
    ),
    case("task.start_task", lambda a: a.task.start_task([T, 2]), START_TASK, {"taskIds": [T, 2]}),
    case("task.abort_task", lambda a: a.task.abort_task([T]), ABANDON, {"taskIds": [T]}),
    case("task.delete_task", lambda a: a.task.delete_task((T, 3)), DELETE, {"taskIds": [T, 3]}),
    case(
        "task.update_priority",
        lambda a: a.task.update_priority(T, 60),
        PRIORITY,
        {"taskId": T, "taskUserLevel": 60},
    ),
    case(
        "task.set_task_overtime_top",
        lambda a: a.task.set_task_overtime_top([T], 7200),
        OVERTIME,
        {"taskIds": [T], "overTime": 7200},
    ),
    case("task.full_speed", lambda a: a.task.full_speed([T]), FULL_SPEED, {"taskIds": [T]}),
    # query
    case("query.platforms", lambda a: a.query.platforms(), PLATFORMS, {"zone": 2}),
    case(
        "query.error_detail",
        lambda a: a.query.error_detail(code="15000"),
        ERROR_DETAIL,
        {"language": 0, "code": "15000"},
    ),
    case(
        "query.error_detail",
        lambda a: a.query.error_detail(codes=["15000", 10010], language=1),
        ERROR_DETAIL,
        {"language": 1, "codes": ["15000", 10010]},
        variant="codes",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(),
        TASK_LIST,
        {"pageNum": 1, "pageSize": 100},
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(
            page_num=2,
            page_size=10,
            status_list=[0, 25],
            search_keyword="shot",
            start_time="2024-01-31 18:30:00",
            end_time=datetime.datetime(2024, 2, 1, 8, 5, 9),
        ),
        TASK_LIST,
        {
            "pageNum": 2,
            "pageSize": 10,
            "statusList": [0, 25],
            "searchKeyword": "shot",
            "startTime": "2024-01-31 18:30:00",
            "endTime": "2024-02-01 08:05:09",
        },
        variant="filters",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(
            start_time=datetime.datetime(2024, 1, 31, 23, 30, tzinfo=datetime.timezone.utc),
            end_time=datetime.datetime(
                2024, 2, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
            ),
        ),
        TASK_LIST,
        {
            "pageNum": 1,
            "pageSize": 100,
            "startTime": "2024-02-01 07:30:00",
            "endTime": "2024-02-01 08:00:00",
        },
        variant="aware-times-in-beijing-time",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(2, recycle_flag=True),
        TASK_LIST,
        {"pageNum": 2, "pageSize": 100, "recycleFlag": 1},
        variant="recycle-flag",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(recycle_flag=False),
        TASK_LIST,
        {"pageNum": 1, "pageSize": 100},
        variant="recycle-flag-false-sends-nothing",
    ),
    case(
        "query.task_frames",
        lambda a: a.query.task_frames(T),
        TASK_FRAMES,
        {"taskId": T, "pageNum": 1, "pageSize": 100},
    ),
    case(
        "query.task_frames",
        lambda a: a.query.task_frames(T, page_num=3, page_size=20, search_keyword="10"),
        TASK_FRAMES,
        {"taskId": T, "pageNum": 3, "pageSize": 20, "searchKeyword": "10"},
        variant="keyword",
    ),
    case("query.all_frame_status", lambda a: a.query.all_frame_status(), ALL_FRAME_STATS, {}),
    case(
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981]},
    ),
    case(
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981], status=[1, 2, 3, 4, 5, 11]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981], "status": [1, 2, 3, 4, 5, 11]},
        variant="status",
    ),
    case(  # the waiting states the service family documents (protocol.md)
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981], status=[6, 7, 8, 9, 10, 12]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981], "status": [6, 7, 8, 9, 10, 12]},
        variant="waiting statuses",
    ),
    case(
        "query.restart_frame",
        lambda a: a.query.restart_frame(T),
        RECOMMIT_FRAME,
        {"taskId": T, "selectAll": 1},
    ),
    case(
        "query.restart_frame",
        lambda a: a.query.restart_frame(T, select_all=0, ids_list=[501, 502], status=[5]),
        RECOMMIT_FRAME,
        {"taskId": T, "selectAll": 0, "ids": [501, 502], "status": [5]},
        variant="ids",
    ),
    case("query.task_info", lambda a: a.query.task_info([T]), TASK_INFO, {"taskIds": [T]}),
    case("query.supported_software", lambda a: a.query.supported_software(), SOFTWARE_LIST, {}),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin("maya"),
        SOFTWARE_DETAIL,
        {"cgId": 2000, "osName": "linux"},
    ),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin("houdini", os_name="windows"),
        SOFTWARE_DETAIL,
        {"cgId": 2004, "osName": "windows"},
        variant="os-name",
    ),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin(2000, os_name="linux"),
        SOFTWARE_DETAIL,
        {"cgId": 2000, "osName": "linux"},
        variant="os-name-linux",
    ),
    case(
        "query.get_transfer_server_msg",
        lambda a: a.query.get_transfer_server_msg(),
        SERVER_INFO,
        {"zone": 1},
    ),
    case("query.get_raysync_user_key", lambda a: a.query.get_raysync_user_key(), RAYSYNC_KEY, {}),
    case(
        "query.get_task_processing_img",
        lambda a: a.query.get_task_processing_img(T),
        PROCESS_IMG,
        {"taskId": T},
    ),
    case(
        "query.get_task_processing_img",
        lambda a: a.query.get_task_processing_img(T, frame_type=2),
        PROCESS_IMG,
        {"taskId": T, "frameType": 2},
        variant="frame_type",
    ),
    case(
        "query.get_frame_thumbnall",
        lambda a: a.query.get_frame_thumbnall(501),
        THUMBNAIL,
        {"id": 501, "frameStatus": 4},
    ),
    case(
        "query.get_frame_thumbnail",
        lambda a: a.query.get_frame_thumbnail(501, frame_status=5),
        THUMBNAIL,
        {"id": 501, "frameStatus": 5},
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 1},
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T, select_all=1, status=[1, 2]),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 1, "status": [1, 2]},
        variant="status",
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T, select_all=0, ids_list=[501]),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 0, "ids": [501]},
        variant="ids",
    ),
    # transmit
    case(
        "transmit.get_transfer_config",
        lambda a: a.transmit.get_transfer_config(),
        TRANSFER_CONFIG,
        {},
    ),
    case(
        "transmit.upload_json_content",
        lambda a: a.transmit.upload_json_content(T, '{"task_info": {"task_id": "1"}}'),
        TASK_JSON_FILE,
        {"taskId": T, "fileName": "task.json", "content": '{"task_info": {"task_id": "1"}}'},
    ),
    case(
        "transmit.upload_json_content",
        lambda a: a.transmit.upload_json_content(T, {"镜头": [1]}, file_name="upload.json"),
        TASK_JSON_FILE,
        {"taskId": T, "fileName": "upload.json", "content": '{"镜头": [1]}'},
        variant="dict",
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(),
        OUTPUT_FILES,
        {"treePath": "/"},
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(task_id=1484861),
        OUTPUT_FILES,
        {"treePath": "/", "taskId": 1484861},
        variant="task_id",
    ),
    case(
        "transmit.get_output_files",
        lambda a: a.transmit.get_output_files(tree_path="/1484861_muti_layer_test"),
        OUTPUT_FILES,
        {"treePath": "/1484861_muti_layer_test"},
        variant="tree_path",
    ),
    # tag
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("镜头A"),
        ADD_LABEL,
        {"newName": "镜头A", "status": 1},
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("p", 0),
        ADD_LABEL,
        {"newName": "p", "status": 0},
        variant="status-0",
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label(new_name="p", status="0"),
        ADD_LABEL,
        {"newName": "p", "status": 0},
        variant="status-str-0",
    ),
    case(
        "tag.add_label",
        lambda a: a.tag.add_label("p", status="1"),
        ADD_LABEL,
        {"newName": "p", "status": 1},
        variant="status-str-1",
    ),
    case(
        "tag.delete_label",
        lambda a: a.tag.delete_label(del_name="镜头A"),
        DELETE_LABEL,
        {"delName": "镜头A"},
    ),
    case("tag.get_label_list", lambda a: a.tag.get_label_list(), LABEL_LIST, {}),
    case(
        "tag.add_task_tag",
        lambda a: a.tag.add_task_tag("shot", [T, 2]),
        ADD_TASK_LABEL,
        {"label": "shot", "taskIds": [T, 2]},
    ),
    case(
        "tag.add_task_tag",
        lambda a: a.tag.add_task_tag(tag="shot", task_ids=(T,)),
        ADD_TASK_LABEL,
        {"label": "shot", "taskIds": [T]},
        variant="tuple",
    ),
    case(
        "tag.delete_task_tag",
        lambda a: a.tag.delete_task_tag(tag_ids=[3001, 3002]),
        DELETE_TASK_LABEL,
        {"labelIds": [3001, 3002]},
    ),
    case("tag.get_list", lambda a: a.tag.get_list(), PROJECT_LIST, {"flag": 0}),
    case(
        "tag.get_list",
        lambda a: a.tag.get_list(flag=2),
        PROJECT_LIST,
        {"flag": 2},
        variant="flag-2",
    ),
    # env
    case("env.add_render_env", lambda a: a.env.add_render_env(ENV), ADD_ENV, ENV),
    case(
        "env.add_render_env",
        lambda a: a.env.add_render_env(data=ENV_FULL),
        ADD_ENV,
        ENV_FULL,
        variant="optional-keys",
    ),
    case(
        "env.add_render_env",
        lambda a: a.env.add_render_env(dict(ENV, note="kept", pluginIds=[])),
        ADD_ENV,
        dict(ENV, note="kept", pluginIds=[]),
        variant="extra-key-sent-as-given",
    ),
    case(
        "env.update_render_env",
        lambda a: a.env.update_render_env(data=ENV_FULL),
        EDIT_ENV,
        ENV_FULL,
    ),
    case(
        "env.delete_render_env",
        lambda a: a.env.delete_render_env(edit_name="testRenderEnv332"),
        DELETE_ENV,
        {"editName": "testRenderEnv332"},
    ),
    case(
        "env.set_default_render_env",
        lambda a: a.env.set_default_render_env("testRenderEnv332"),
        DEFAULT_ENV,
        {"editName": "testRenderEnv332"},
    ),
    case("env.get_render_env", lambda a: a.env.get_render_env(), GET_ENV, {"osName": 1}),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env(name="maya", os_name=0),
        GET_ENV,
        {"cgId": 2000, "osName": 0},
        variant="name",
    ),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env(cg_names=["houdini", "3ds Max", "Katana"]),
        GET_ENV,
        {"cgIds": [2004, 2001, 2016], "osName": 1},
        variant="cg_names",
    ),
    case(
        "env.get_render_env",
        lambda a: a.env.get_render_env("blender", ["maya"], 1),
        GET_ENV,
        {"cgId": 2007, "cgIds": [2000], "osName": 1},
        variant="both",
    ),
    # the facade's one-request calls
    case("api.submit", lambda a: a.submit(T), SUBMIT, {"taskId": T}, returns=True),
    case(
        "api.submit",
        lambda a: a.submit(T, producer="me"),
        SUBMIT,
        {"taskId": T, "producer": "me"},
        returns=True,
        variant="producer",
    ),
    case(
        "api.submit_cc", lambda a: a.submit_cc(T), SUBMIT, {"taskId": T, "param": {}}, returns=True
    ),
    case(
        "api.submit_cc",
        lambda a: a.submit_cc(T, option=1, param={"k": "v"}),
        SUBMIT,
        {"taskId": T, "option": 1, "param": {"k": "v"}},
        returns=True,
        variant="option-param",
    ),
]

# Public calls that send several requests; each has its own tests
# (test_facade.py, test_composite.py) that check every request like the table.
COMPOSITE = {
    "api.user_info": "test_facade.py",
    "api.get_user_id": "test_facade.py",
    "api.submit_by_data": "test_facade.py",
    "user.info": "test_facade.py",
    "user.user_id": "test_facade.py",
    "user.refresh_info": "test_facade.py",
    "task.task_id": "test_facade.py",
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
}


@pytest.fixture
def linux(monkeypatch):
    monkeypatch.setattr(platform, "system", lambda: "Linux")


@pytest.mark.parametrize("name, call, path, body, returns", CASES)
def test_operator_call(api, rsps, linux, name, call, path, body, returns):
    if path in FIXTURE_FOR:
        reply = load_fixture(FIXTURE_FOR[path])
    else:
        reply = envelope({"from": path, "items": [1, "二"]})
    rsps.add(responses.POST, url(path), json=reply)

    result = call(api)

    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], path, body)
    if returns is RETURNS_DATA:
        assert result == reply["data"]
    else:
        assert result == returns and type(result) is type(returns)


def _table_names():
    return {param.values[0] for param in CASES}


def test_table_covers_every_endpoint():
    table_paths = {param.values[2] for param in CASES}
    assert table_paths == {endpoint.path for endpoint in endpoints.ALL}
    assert len(endpoints.ALL) == len(endpoints.BY_PATH) == 43


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
            "(self, task_id, start_page=1, end_page=2000, page_size=100, workers=4)"
        ),
        # Beyond 1.x (interface.md's last section).
        QueryOperator.wait_for_task: (
            "(self, task_ids, interval=10.0, timeout=None, on_update=None)"
        ),
        QueryOperator.iter_tasks: (
            "(self, status_list=None, search_keyword=None, start_time=None, end_time=None, "
            "page_size=100)"
        ),
        QueryOperator.iter_frames: "(self, task_id, page_size=100)",
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


@pytest.mark.parametrize(
    "domain, platforms_zone, server_zone",
    [
        ("task.dayancloud.com", 2, 1),
        ("task.renderbus.com", 1, 2),
        ("test.renderbus.example", 1, 2),
        ("127.0.0.1:8000", 2, 1),
    ],
)
def test_zones_follow_the_domain(make_api, rsps, domain, platforms_zone, server_zone):
    api = make_api(domain=domain)
    base = "https://" + domain
    rsps.add(responses.POST, base + PLATFORMS, json=envelope([{"zone": platforms_zone}]))
    rsps.add(responses.POST, base + SERVER_INFO, json=envelope({"server": "x"}))

    assert api.query.platforms() == [{"zone": platforms_zone}]
    assert api.query.get_transfer_server_msg() == {"server": "x"}

    check_request(rsps.calls[0], PLATFORMS, {"zone": platforms_zone}, domain=domain)
    check_request(rsps.calls[1], SERVER_INFO, {"zone": server_zone}, domain=domain)


@pytest.mark.parametrize(
    "system, os_name", [("Windows", "windows"), ("Linux", "linux"), ("Darwin", "linux")]
)
@pytest.mark.parametrize(
    "name, cg_id",
    [
        ("maya", 2000),
        ("3ds Max", 2001),
        ("houdini", 2004),
        ("Katana", 2016),
        (2007, 2007),
        ("nuke", 2015),
        ("Nuke", 2015),
        ("contextcapture", 2017),
        ("ContextCapture", 2017),
        (2017, 2017),
        ("unreal engine", 2020),
        ("Unreal Engine", 2020),
    ],
)
def test_supported_plugin_sends_cg_id_and_local_os(
    api, rsps, monkeypatch, system, os_name, name, cg_id
):
    monkeypatch.setattr(platform, "system", lambda: system)
    rsps.add(responses.POST, url(SOFTWARE_DETAIL), json=envelope({"cgId": cg_id}))

    assert api.query.supported_plugin(name) == {"cgId": cg_id}

    check_request(rsps.calls[0], SOFTWARE_DETAIL, {"cgId": cg_id, "osName": os_name})


def test_connect_post_accepts_a_path_or_an_endpoint(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=envelope({"n": 1}))
    rsps.add(responses.POST, url(ALL_FRAME_STATS), json=envelope([3]))
    assert api.connect.post(TASK_INFO, {"taskIds": [T]}) == {"n": 1}
    assert api.connect.post(endpoints.QUERY_TASK_INFO, {"taskIds": [T]}) == {"n": 1}
    assert api.connect.post(ALL_FRAME_STATS) == [3]  # no data: the body is {}
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [T]})
    check_request(rsps.calls[1], TASK_INFO, {"taskIds": [T]})
    check_request(rsps.calls[2], ALL_FRAME_STATS, {})


def test_software_table_keeps_1x_names_and_adds_the_service_ids():
    one_x = {
        "maya": 2000,
        "3ds Max": 2001,
        "lightwave": 2002,
        "arnold": 2003,
        "houdini": 2004,
        "cinema4d": 2005,
        "softimage": 2006,
        "blender": 2007,
        "vr_standalone": 2008,
        "mr_standalone": 2009,
        "sketchup": 2010,
        "vue": 2011,
        "keyshot": 2012,
        "clarisse": 2013,
        "octane_render": 2014,
        "katana": 2016,
    }
    added = {"nuke": 2015, "contextcapture": 2017, "unreal engine": 2020}
    assert dict(SOFTWARE_IDS) == {**one_x, **added}


@pytest.mark.parametrize("name", ["unreal", "unreal_engine", "context capture", 2018, 2019])
def test_supported_plugin_refuses_names_and_ids_not_in_the_table(api, rsps, name):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.query.supported_plugin(name)
    assert "contextcapture" in str(caught.value) and "unreal engine" in str(caught.value)
    assert not rsps.calls


@pytest.mark.parametrize(
    "name, cg_id",
    [
        ("nuke", 2015),
        ("ContextCapture", 2017),
        (2017, 2017),
        ("unreal engine", 2020),
        ("Unreal Engine", 2020),
        ("katana", 2016),
    ],
)
def test_get_render_env_takes_the_new_software_names(api, rsps, name, cg_id):
    path = endpoints.GET_RENDER_ENV.path
    rsps.add(responses.POST, url(path), json=envelope([]))
    rsps.add(responses.POST, url(path), json=envelope([]))

    assert api.env.get_render_env(name=name) == []
    assert api.env.get_render_env(cg_names=[name, "maya"], os_name=0) == []

    check_request(rsps.calls[0], path, {"cgId": cg_id, "osName": 1})
    check_request(rsps.calls[1], path, {"cgIds": [cg_id, 2000], "osName": 0})


def test_the_additions_beyond_1x_are_keyword_only(api, rsps):
    with pytest.raises(TypeError):
        api.query.get_task_list(1, 100, None, None, None, None, True)
    with pytest.raises(TypeError):
        api.query.supported_plugin("maya", "windows")
    assert len(rsps.calls) == 0
