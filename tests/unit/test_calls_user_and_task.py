"""The user and task operators' calls, and the facade's one-request calls.

Each row: path, exact body, headers, signature, unwrapped return (see
``support.check_operator_call``). Paths and bodies are written out as
interface.md gives them, so a wrong entry in ``dayan_api.endpoints`` fails here.
"""

import pytest

from .support import (
    ABANDON,
    CREATE_TASK,
    DELETE,
    FULL_SPEED,
    HARDWARE,
    OVERTIME,
    PRIORITY,
    START_TASK,
    STOP_TASK,
    SUBMIT,
    TRANSFER_BID,
    UPDATE_SETTING,
    USER_PROFILE,
    USER_SETTING,
    case,
    check_operator_call,
)

T = 14400249

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
    case(
        "user.get_hardware_config",
        lambda a: a.user.get_hardware_config(task_ids=["6306543", T]),
        HARDWARE,
        {"cloneTask": "false", "taskIds": ["6306543", T]},
        variant="task_ids-as-published-strs",
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


@pytest.mark.parametrize("name, call, path, body, returns", CASES)
def test_operator_call(api, rsps, linux, name, call, path, body, returns):
    check_operator_call(api, rsps, call, path, body, returns)
