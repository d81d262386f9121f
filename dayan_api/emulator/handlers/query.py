"""Handlers of the query operator's endpoints: lists, frames, restarts, software."""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

from dayan_api import endpoints
from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator import render_log, samples, stages, views
from dayan_api.emulator.errors import FRAME_NOT_FOUND, INVALID_PARAMETER, ApiError
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.model import (
    FRAME_DONE,
    FRAME_FAILED,
    FRAME_STARTED,
    FRAME_TIMED_OUT,
    Frame,
    Task,
)
from dayan_api.emulator.params import get_int, get_int_list, get_str, invalid, missing

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service

MAX_PAGE_SIZE = 1000
DEFAULT_RESTART_STATUSES = (FRAME_FAILED, FRAME_TIMED_OUT)
FRAME_TILES = 1  # loadTaskProcessImg's block: the emulator renders a frame in one tile


def query_platforms(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.platforms(get_int(body, "zone", default=1))


def query_analyse_error_detail(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    language = get_int(body, "language", default=0)
    if language not in (0, 1):
        raise invalid("language must be 0 (Chinese) or 1 (English), not {}".format(language))
    codes = []
    if body.get("code") is not None:
        codes.append(get_int(body, "code"))
    codes.extend(get_int_list(body, "codes", required=False) or [])
    if not codes:
        raise missing("code or codes is required")
    return [entry for code in codes for entry in samples.error_details(str(code), language)]


def get_task_list(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    page_num = get_int(body, "pageNum", default=1, minimum=1)
    page_size = get_int(body, "pageSize", default=100, minimum=1)
    if page_size > MAX_PAGE_SIZE:
        raise invalid("pageSize must be <= {}, not {}".format(MAX_PAGE_SIZE, page_size))
    statuses = get_int_list(body, "statusList", required=False, allow_empty=True)
    keyword = get_str(body, "searchKeyword", default="").strip().lower()
    start = beijing_time(body, "startTime")
    end = beijing_time(body, "endTime")
    recycled = get_int(body, "recycleFlag", default=0)
    if recycled not in (0, 1):
        raise invalid("recycleFlag must be 0 or 1, not {}".format(recycled))

    def wanted(task: Task) -> bool:
        if not task.submitted or task.deleted != bool(recycled):
            return False
        submit_date = task.submit_date
        assert submit_date is not None  # submit_task dates a task as it submits it
        # A task whose analysis refused it has no plan, so no scene name.
        scene_name = task.plan.scene_name if task.plan else ""
        if statuses and task.reported_status() not in statuses:
            return False
        if keyword and not any(
            keyword in text.lower() for text in (scene_name, task.alias, str(task.id))
        ):
            return False
        if start is not None and submit_date < start:
            return False
        return end is None or submit_date <= end

    tasks = [task for task in reversed(account.tasks) if wanted(task)]
    listing = views.page(tasks, page_num, page_size)
    listing["items"] = [views.task_item(task, now) for task in listing["items"]]
    return listing


def beijing_time(body: Dict[str, Any], key: str) -> Optional[float]:
    text = get_str(body, key, default=None)
    if not text:
        return None
    try:
        return views.parse_beijing_text(text)
    except ValueError:
        message = "{} must look like 2024-01-31 18:00:00, not {!r}".format(key, text)
        raise invalid(message) from None


def query_task_frames(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    task_id = get_int(body, "taskId")
    page_num = get_int(body, "pageNum", default=1, minimum=1)
    page_size = get_int(body, "pageSize", default=100, minimum=1)
    if page_size > MAX_PAGE_SIZE:
        raise invalid("pageSize must be <= {}, not {}".format(MAX_PAGE_SIZE, page_size))
    keyword = get_str(body, "searchKeyword", default="").strip()
    task = service.task(account, task_id)
    frames = [frame for frame in task.all_frames() if not keyword or keyword in str(frame.number)]
    listing = views.page(frames, page_num, page_size)
    listing["items"] = [views.frame_item(frame, now) for frame in listing["items"]]
    return listing


def query_all_frame_stats(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    frames = [frame for task in account.tasks if not task.deleted for frame in task.all_frames()]
    counts = views.frame_counts(frames)
    return {
        "executingFramesTotal": counts["executing"],
        "doneFramesTotal": counts["done"],
        "failedFramesTotal": counts["failed"],
        "waitingFramesTotal": counts["waiting"],
        "abandonFramesTotal": counts["abort"],
        "totalFrames": counts["total"],
    }


def recommit_fail_frame(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    tasks = service.restartable(account, get_int_list(body, "taskIds"))
    statuses = get_int_list(body, "status", required=False) or DEFAULT_RESTART_STATUSES
    for task in tasks:
        frames = [frame for frame in task.all_frames() if frame.status in statuses]
        task.requeue_frames(frames, now)
    return None


def recommit_task_frame(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    frame_selection(body)
    task = service.restartable(account, [restart_task_id(body)])[0]
    task.requeue_frames(select_frames(service, task, body), now)
    return None


def restart_task_id(body: Dict[str, Any]) -> int:
    """recommitTaskFrame's task: ``taskId`` (1.x) or ``taskIds`` (the family's SDK,
    Dayan's client: one id, not a list); both must agree when both are sent."""
    task_id = get_int(body, "taskId", default=None)
    task_ids = get_int(body, "taskIds", default=None)
    if task_ids is None:
        if task_id is None:
            raise missing("taskId or taskIds is required")
        return task_id
    if task_id is not None and task_id != task_ids:
        raise invalid("taskId {} and taskIds {} name different tasks".format(task_id, task_ids))
    return task_ids


def stop_task_frames(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    frame_selection(body)
    task = service.restartable(account, [get_int(body, "taskId")])[0]
    task.stop_frames(select_frames(service, task, body), now)
    return None


def query_task_info(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    tasks = service.tasks_of(account, get_int_list(body, "taskIds"))
    listing = views.page(tasks, 1, max(100, len(tasks)))
    listing["items"] = [views.task_item(task, now) for task in tasks]
    return listing


def query_software_list(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.software_list()


def query_software_detail(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    cg_id = get_int(body, "cgId")
    if cg_id not in SOFTWARE_IDS.values():
        raise invalid("cgId {} is not a known software id".format(cg_id))
    os_name = get_str(body, "osName", default="windows")
    if os_name not in ("windows", "linux"):
        raise invalid("osName must be 'windows' or 'linux', not {!r}".format(os_name))
    return samples.software_detail(cg_id, os_name)


def get_server_info(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    get_int(body, "zone", default=1)
    return samples.server_info()


def get_raysync_user_key(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.raysync_user_key(account.user_id, account.user_name)


def load_task_process_img(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    task = service.task(account, get_int(body, "taskId"))
    get_int(body, "frameType", default=None)
    grab_info = [
        [
            {
                "couponFee": "{:.2f}".format(frame.fee),
                "frameIndex": str(frame.number),
                "renderInfo": "",
                "frameBlock": None,  # as in the published sample
                "frameEst": "0",
                "grabUrl": thumbnail_path(frame) if frame.status == FRAME_DONE else "",
                "feeAmount": "{:.2f}".format(frame.fee),
                "frameUsed": str(frame.execute_seconds(now)),
                "frameStatus": str(frame.status),
                "framePercent": "100" if frame.status == FRAME_DONE else "0",
                "isMaxPrice": "0",
                "startTime": views.beijing_text(frame.start) if frame.start else "",
                "endTime": views.beijing_text(frame.end)
                if frame.end and frame.status != FRAME_STARTED
                else "",
            }
        ]
        for frame in task.all_frames()
    ]
    leaves = task.leaves()
    started = [leaf.start_time for leaf in leaves if leaf.start_time is not None]
    completed = [leaf.completed_date for leaf in leaves if leaf.completed_date is not None]
    return {
        "isRenderPhoton": False,
        "completedTime": (
            views.beijing_text(max(completed)) if len(completed) == len(leaves) else ""
        ),
        "block": FRAME_TILES,
        "currentTaskType": "Render",
        "grabInfo": grab_info,
        "height": 1080,
        "sceneName": task.plan.scene_name if task.plan else "",
        "startTime": views.beijing_text(min(started)) if started else "",
        "width": 1920,
    }


def loading_frame_thumbnail(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    frame_id = get_int(body, "id")
    get_int(body, "frameStatus", default=FRAME_DONE)
    frame = service.frames.get(frame_id)
    if frame is None or frame.task.account is not account:
        raise ApiError(FRAME_NOT_FOUND, "frame not found: {}".format(frame_id))
    return [thumbnail_path(frame)] if frame.status == FRAME_DONE else []


def thumbnail_path(frame: Frame) -> str:
    """Where the service keeps a frame's preview: an absolute path, forward slashes."""
    return "/mnt/output/d2_0/small_pic/{}/{}/Render_{}_{:04d}[-]exr.jpg".format(
        frame.task.account.user_id, frame.task.id, frame.task.id, frame.number
    )


def frame_selection(body: Dict[str, Any]) -> Tuple[bool, List[int], Optional[List[int]]]:
    """(select all, frame ids, statuses) from ``selectAll``, ``ids`` and ``status``."""
    select_all = get_int(body, "selectAll", default=1)
    if select_all not in (0, 1):
        raise invalid("selectAll must be 0 or 1, not {}".format(select_all))
    ids = get_int_list(body, "ids", required=select_all == 0) or []
    return select_all == 1, ids, get_int_list(body, "status", required=False)


def select_frames(service: "Service", task: Task, body: Dict[str, Any]) -> List[Frame]:
    """The frames chosen by ``selectAll`` / ``ids``, filtered by ``status``."""
    select_all, ids, statuses = frame_selection(body)
    frames = task.all_frames() if select_all else service.frames_by_ids(task, ids)
    if statuses is not None:
        frames = [frame for frame in frames if frame.status in statuses]
    return frames


# -- beyond the API reference -------------------------------------------------------


def show_log(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    frame_id = get_int(body, "id")
    page_num = get_int(body, "pageNum", default=0, minimum=0)
    page_size = get_int(body, "pageSize", default=1, minimum=1)
    if page_size > render_log.MAX_PAGE_SIZE:
        raise invalid("pageSize must be <= {}, not {}".format(render_log.MAX_PAGE_SIZE, page_size))
    rendering_type = get_str(body, "renderingType", default="render")
    if rendering_type != "render":
        raise invalid("renderingType must be 'render', not {!r}".format(rendering_type))
    frame = service.frames.get(frame_id)
    if frame is None or frame.task.account is not account:
        raise ApiError(INVALID_PARAMETER, "frame {} is not one of this account's".format(frame_id))
    return render_log.log_page(render_log.frame_log(frame, now), page_num, page_size)


# How getTaskStatusCount sorts the statuses of the account's tasks (the
# emulator's choice): stopped and abandoned tasks count in none of the four.
STATUS_COUNT_KEYS = (
    ("waitingTask", frozenset({0, 50, 60})),
    ("renderingTask", frozenset({5, 8})),
    ("doneTask", frozenset({25, 40, 70})),
    ("failureTask", frozenset({30, 45, 65})),
)


def get_task_status_count(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    _check_user_id(account, body)
    statuses = [
        task.reported_status()
        for task in account.tasks
        if task.submitted and not task.deleted and task.parent is None
    ]
    return {key: sum(status in among for status in statuses) for key, among in STATUS_COUNT_KEYS}


def load_at_task_report_data_url(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    _check_user_id(account, body)
    task = service.task(account, get_int(body, "taskId"))
    pipeline = stages.pipeline_of(task)
    if pipeline is None or pipeline.at_report_source() is None:
        return ""
    return at_report_path(account.user_id, pipeline.parent.id)


def at_report_path(user_id: int, task_id: int) -> str:
    """Where the emulator serves a task's AT report: a GET, unsigned, on its own host."""
    return "/report/{}/{}/{}/{}".format(user_id, task_id, stages.AT_RESULT, stages.REPORT_NAME)


def _check_user_id(account: "Account", body: Dict[str, Any]) -> None:
    user_id = get_int(body, "userId")
    if user_id != account.user_id:
        raise invalid("userId {} is not this account's".format(user_id))


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.QUERY_PLATFORMS.path: query_platforms,
        endpoints.QUERY_ANALYSE_ERROR_DETAIL.path: query_analyse_error_detail,
        endpoints.GET_TASK_LIST.path: get_task_list,
        endpoints.QUERY_TASK_FRAMES.path: query_task_frames,
        endpoints.QUERY_ALL_FRAME_STATS.path: query_all_frame_stats,
        endpoints.RECOMMIT_FAIL_FRAME.path: recommit_fail_frame,
        endpoints.RECOMMIT_TASK_FRAME.path: recommit_task_frame,
        endpoints.QUERY_TASK_INFO.path: query_task_info,
        endpoints.QUERY_SOFTWARE_LIST.path: query_software_list,
        endpoints.QUERY_SOFTWARE_DETAIL.path: query_software_detail,
        endpoints.GET_SERVER_INFO.path: get_server_info,
        endpoints.GET_RAYSYNC_USER_KEY.path: get_raysync_user_key,
        endpoints.LOAD_TASK_PROCESS_IMG.path: load_task_process_img,
        endpoints.LOADING_FRAME_THUMBNAIL.path: loading_frame_thumbnail,
        endpoints.STOP_TASK_FRAMES.path: stop_task_frames,
        endpoints.SHOW_LOG.path: show_log,
        endpoints.GET_TASK_STATUS_COUNT.path: get_task_status_count,
        endpoints.LOAD_AT_TASK_REPORT_DATA_URL.path: load_at_task_report_data_url,
    }
)
