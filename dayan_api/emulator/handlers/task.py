"""Handlers of the task operator's endpoints: create, submit and change tasks."""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, Mapping

from dayan_api import endpoints
from dayan_api.constants import TASK_USER_LEVELS
from dayan_api.emulator import stages
from dayan_api.emulator.errors import (
    ALREADY_SUBMITTED,
    CONFIG_FILE_MISSING,
    SUBMIT_NOT_ALLOWED,
    ApiError,
)
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.model import TASK_ABANDONED, Task
from dayan_api.emulator.params import get_int, get_int_list, get_str, get_str_list, invalid
from dayan_api.emulator.taskjson import parse_task_json

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service

MAX_CREATE_COUNT = 100


def create_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    count = get_int(body, "count", default=1, minimum=1)
    if count > MAX_CREATE_COUNT:
        raise invalid("count must be <= {}, not {}".format(MAX_CREATE_COUNT, count))
    level = get_int(body, "taskUserLevel", default=TASK_USER_LEVELS[0])
    if level not in TASK_USER_LEVELS:
        raise invalid("taskUserLevel must be one of {}, not {}".format(TASK_USER_LEVELS, level))
    out_user_id = get_int(body, "outUserId", default=None)
    labels = get_str_list(body, "labels") or []
    clone_original_id = get_int(body, "cloneOriginalId", default=0)
    artist = get_str(body, "artist", default=None)
    tasks = []
    for _ in range(count):
        task = service.new_task(account, now)
        task.level = level
        task.out_user_id = out_user_id
        task.labels = {service.task_label_id(account, name): name for name in labels}
        task.clone_original_id = clone_original_id
        task.artist = artist
        account.tasks.append(task)
        tasks.append(task)
    return {
        "aliasTaskIdList": [task.alias for task in tasks],
        "taskIdList": [task.id for task in tasks],
        "userId": account.user_id,
    }


def submit_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    task_id = get_int(body, "taskId")
    producer = get_str(body, "producer", default=None)
    if body.get("param") is not None and not isinstance(body["param"], dict):
        raise invalid("param must be an object, not {!r}".format(body["param"]))
    task = service.task(account, task_id)
    if task.deleted:
        raise ApiError(SUBMIT_NOT_ALLOWED, "task {} is deleted".format(task.id))
    if task.parent is not None or task.submitted:
        raise ApiError(ALREADY_SUBMITTED, "task {} is already submitted".format(task.id))
    if task.reported_status() == TASK_ABANDONED:
        raise ApiError(SUBMIT_NOT_ALLOWED, "task {} is abandoned".format(task.id))
    content = task.configs.get("task.json")
    if content is None:
        raise ApiError(
            CONFIG_FILE_MISSING,
            "task {}: upload task.json (taskJsonFile) before submitting".format(task.id),
        )
    task.producer = producer
    task.task_overtime = account.settings["taskOverTimeSec"]
    try:
        plan = parse_task_json(content)
    except ApiError as refusal:
        task.refuse(now, refusal.message)
        return None
    task.plan = plan
    task.frames_range = plan.frames_range
    if plan.reality is not None:
        stage_count = len(stages.stages_of(plan.reality))
        children = [_sub_task(service, account, task, now) for _ in range(stage_count)]
        stages.begin(task, children, now, service.next_frame_id)
    elif not plan.layers:
        task.begin(now, plan, plan.frames, service.next_frame_id)
    else:
        task.submitted = True
        task.submit_date = now
        for layer in plan.layers:
            child = _sub_task(service, account, task, now)
            child.layer_name = layer.name
            child.frames_range = layer.frames_range
            child.begin(now, plan, layer.frames, service.next_frame_id)
            task.children.append(child)
    for frame in task.all_frames():
        service.frames[frame.id] = frame
    return None


def _sub_task(service: "Service", account: "Account", parent: Task, now: float) -> Task:
    """A new sub-task of ``parent`` (a layer or a stage) with the parent's settings."""
    child = service.new_task(account, now, parent=parent)
    child.labels = dict(parent.labels)
    for name in (
        "level",
        "artist",
        "producer",
        "out_user_id",
        "clone_original_id",
        "full_speed",
        "task_limit",
        "overtime_stop",
        "task_overtime",
    ):
        setattr(child, name, getattr(parent, name))
    return child


def stop_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    for task in service.changeable(account, get_int_list(body, "taskIds")):
        task.stop(now)
    return None


def start_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    for task in service.changeable(account, get_int_list(body, "taskIds")):
        task.resume(now)
    return None


def abandon_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    for task in service.changeable(account, get_int_list(body, "taskIds")):
        task.abandon(now)
    return None


def delete_task(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    for task in service.tasks_of(account, get_int_list(body, "taskIds")):
        task.stop(now)
        for member in [task] + task.children:
            member.deleted = True
    return None


def update_task_user_level(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    task_id = get_int(body, "taskId")
    level = get_int(body, "taskUserLevel")
    if level not in TASK_USER_LEVELS:
        raise invalid("taskUserLevel must be one of {}, not {}".format(TASK_USER_LEVELS, level))
    task = service.changeable(account, [task_id])[0]
    for member in [task] + task.children:
        member.level = level
    return None


def set_task_overtime_stop(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    task_ids = get_int_list(body, "taskIds")
    overtime = get_int(body, "overTime", minimum=0)
    for task in service.changeable(account, task_ids):
        for member in [task] + task.children:
            member.overtime_stop = overtime
    return OVERTIME_SET


def full_speed_rendering(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    for task in service.changeable(account, get_int_list(body, "taskIds")):
        task.set_full_speed(now)
    return FULL_SPEED_SET


# What these two calls answer in ``data``: each the published sample's string.
OVERTIME_SET = "SUCCESS"
FULL_SPEED_SET = "成功"


def update_task_limit(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    task_id = get_int(body, "taskId")
    limit = get_int(body, "taskLimit", minimum=1)
    task = service.changeable(account, [task_id])[0]
    task.set_limit(limit, now)
    return None


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.CREATE_TASK.path: create_task,
        endpoints.SUBMIT_TASK.path: submit_task,
        endpoints.STOP_TASK.path: stop_task,
        endpoints.START_TASK.path: start_task,
        endpoints.ABANDON_TASK.path: abandon_task,
        endpoints.DELETE_TASK.path: delete_task,
        endpoints.UPDATE_TASK_USER_LEVEL.path: update_task_user_level,
        endpoints.SET_TASK_OVERTIME_STOP.path: set_task_overtime_stop,
        endpoints.FULL_SPEED_RENDERING.path: full_speed_rendering,
        endpoints.UPDATE_TASK_LIMIT.path: update_task_limit,
    }
)
