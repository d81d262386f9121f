"""The emulated service: accounts, tasks and one handler per endpoint.

:meth:`Service.call` runs one request that passed the protocol checks. All
state lives here, in memory, behind one lock, so concurrent requests are safe.
"""

import itertools
import json
import threading
from types import MappingProxyType
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from dayan_api import endpoints
from dayan_api.constants import CONFIG_FILE_NAMES, SOFTWARE_IDS, TASK_USER_LEVELS
from dayan_api.emulator import samples, views
from dayan_api.emulator.clock import SimClock
from dayan_api.emulator.errors import (
    CONFIG_FILE_MISSING,
    FRAME_NOT_FOUND,
    INVALID_CONFIG_FILE,
    INVALID_TASK_STATE,
    TASK_NOT_FOUND,
    ApiError,
)
from dayan_api.emulator.model import (
    FRAME_DONE,
    FRAME_FAILED,
    FRAME_STARTED,
    FRAME_TIMED_OUT,
    TASK_ABANDONED,
    Frame,
    Task,
)
from dayan_api.emulator.params import (
    get_int,
    get_int_list,
    get_str,
    get_str_list,
    invalid,
)
from dayan_api.emulator.taskjson import parse_task_json

FIRST_TASK_ID = 1000001
FIRST_FRAME_ID = 50000001
MAX_CREATE_COUNT = 100
MAX_PAGE_SIZE = 1000
DEFAULT_RESTART_STATUSES = (FRAME_FAILED, FRAME_TIMED_OUT)

Handler = Callable[["Account", Dict[str, Any], float], Any]


class Account:
    """One access id, its key and its user. The key never shows in a repr."""

    def __init__(self, access_id: str, access_key: str, number: int) -> None:
        self.access_id = access_id
        self.access_key = access_key
        self.user_id = samples.FIRST_USER_ID + number
        self.user_name = "emulator_user{}".format(number + 1)
        self.settings = samples.user_settings()
        self.tasks: List[Task] = []  # the tasks createTask handed out, oldest first

    def __repr__(self) -> str:
        return "Account(access_id={!r}, user_id={})".format(self.access_id, self.user_id)


class Service:
    """The state of the emulated service and its endpoint handlers."""

    def __init__(self, accounts: Mapping[str, str], clock: SimClock) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._accounts = {
            access_id: Account(access_id, access_key, number)
            for number, (access_id, access_key) in enumerate(accounts.items())
        }
        self._tasks: Dict[int, Task] = {}
        self._task_ids = itertools.count(FIRST_TASK_ID)
        self._frame_ids = itertools.count(FIRST_FRAME_ID)
        self._frames: Dict[int, Frame] = {}
        self.handlers: Mapping[str, Handler] = MappingProxyType(
            {
                endpoints.QUERY_USER_PROFILE.path: self._query_user_profile,
                endpoints.QUERY_USER_SETTING.path: self._query_user_setting,
                endpoints.UPDATE_USER_SETTING.path: self._update_user_setting,
                endpoints.GET_TRANSFER_BID.path: self._get_transfer_bid,
                endpoints.HARDWARE_CONFIG_LIST.path: self._hardware_config_list,
                endpoints.CREATE_TASK.path: self._create_task,
                endpoints.SUBMIT_TASK.path: self._submit_task,
                endpoints.STOP_TASK.path: self._stop_task,
                endpoints.START_TASK.path: self._start_task,
                endpoints.ABANDON_TASK.path: self._abandon_task,
                endpoints.DELETE_TASK.path: self._delete_task,
                endpoints.UPDATE_TASK_USER_LEVEL.path: self._update_task_user_level,
                endpoints.SET_TASK_OVERTIME_STOP.path: self._set_task_overtime_stop,
                endpoints.FULL_SPEED_RENDERING.path: self._full_speed_rendering,
                endpoints.QUERY_PLATFORMS.path: self._query_platforms,
                endpoints.QUERY_ANALYSE_ERROR_DETAIL.path: self._query_analyse_error_detail,
                endpoints.GET_TASK_LIST.path: self._get_task_list,
                endpoints.QUERY_TASK_FRAMES.path: self._query_task_frames,
                endpoints.QUERY_ALL_FRAME_STATS.path: self._query_all_frame_stats,
                endpoints.RECOMMIT_FAIL_FRAME.path: self._recommit_fail_frame,
                endpoints.RECOMMIT_TASK_FRAME.path: self._recommit_task_frame,
                endpoints.QUERY_TASK_INFO.path: self._query_task_info,
                endpoints.QUERY_SOFTWARE_LIST.path: self._query_software_list,
                endpoints.QUERY_SOFTWARE_DETAIL.path: self._query_software_detail,
                endpoints.GET_SERVER_INFO.path: self._get_server_info,
                endpoints.GET_RAYSYNC_USER_KEY.path: self._get_raysync_user_key,
                endpoints.LOAD_TASK_PROCESS_IMG.path: self._load_task_process_img,
                endpoints.LOADING_FRAME_THUMBNAIL.path: self._loading_frame_thumbnail,
                endpoints.STOP_TASK_FRAMES.path: self._stop_task_frames,
                endpoints.GET_TRANSFER_CONFIG.path: self._get_transfer_config,
                endpoints.TASK_JSON_FILE.path: self._task_json_file,
                endpoints.GET_OUTPUT_USER_DIR_FILE.path: self._get_output_user_dir_file,
            }
        )

    @property
    def access_ids(self) -> List[str]:
        return list(self._accounts)

    def access_key(self, access_id: str) -> Optional[str]:
        """The key of ``access_id``, or None if no such account."""
        account = self._accounts.get(access_id)
        return account.access_key if account else None

    def call(self, access_id: str, path: str, body: Dict[str, Any]) -> Any:
        """Run one checked request; returns the reply's ``data`` or raises ApiError."""
        handler = self.handlers[path]
        with self._lock:
            account = self._accounts[access_id]
            now = self.clock.now()
            for task in account.tasks:
                task.sync(now)
            return handler(account, body, now)

    # -- lookups ------------------------------------------------------------

    def _task(self, account: Account, task_id: int) -> Task:
        task = self._tasks.get(task_id)
        if task is None or task.account is not account:
            raise ApiError(TASK_NOT_FOUND, "task not found: {}".format(task_id))
        return task

    def _tasks_of(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        return [self._task(account, task_id) for task_id in task_ids]

    def _changeable(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        """The tasks, refusing deleted ones."""
        tasks = self._tasks_of(account, task_ids)
        for task in tasks:
            if task.deleted:
                raise ApiError(INVALID_TASK_STATE, "task {} is deleted".format(task.id))
        return tasks

    def _restartable(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        """The tasks, refusing deleted, abandoned and unsubmitted ones."""
        tasks = self._changeable(account, task_ids)
        for task in tasks:
            if not task.submitted:
                raise ApiError(INVALID_TASK_STATE, "task {} is not submitted".format(task.id))
            if task.reported_status() == TASK_ABANDONED:
                raise ApiError(INVALID_TASK_STATE, "task {} is abandoned".format(task.id))
        return tasks

    def _new_task(self, account: Account, now: float, parent: Optional[Task] = None) -> Task:
        task = Task(next(self._task_ids), account, now, parent)
        self._tasks[task.id] = task
        return task

    def _next_frame_id(self) -> int:
        return next(self._frame_ids)

    def _frames_by_ids(self, task: Task, frame_ids: Iterable[int]) -> List[Frame]:
        frames = {frame.id: frame for frame in task.all_frames()}
        missing = [frame_id for frame_id in frame_ids if frame_id not in frames]
        if missing:
            raise ApiError(
                FRAME_NOT_FOUND, "frames not found in task {}: {}".format(task.id, missing)
            )
        return [frames[frame_id] for frame_id in frame_ids]

    @staticmethod
    def _frame_selection(body: Dict[str, Any]) -> Tuple[bool, List[int], Optional[List[int]]]:
        """(select all, frame ids, statuses) from ``selectAll``, ``ids`` and ``status``."""
        select_all = get_int(body, "selectAll", default=1)
        if select_all not in (0, 1):
            raise invalid("selectAll must be 0 or 1, not {}".format(select_all))
        ids = get_int_list(body, "ids", required=select_all == 0) or []
        return select_all == 1, ids, get_int_list(body, "status", required=False)

    def _select_frames(self, task: Task, body: Dict[str, Any]) -> List[Frame]:
        """The frames chosen by ``selectAll`` / ``ids``, filtered by ``status``."""
        select_all, ids, statuses = self._frame_selection(body)
        frames = task.all_frames() if select_all else self._frames_by_ids(task, ids)
        if statuses is not None:
            frames = [frame for frame in frames if frame.status in statuses]
        return frames

    # -- user ---------------------------------------------------------------

    def _query_user_profile(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.user_profile(account.user_id, account.user_name)

    def _query_user_setting(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return dict(account.settings)

    def _update_user_setting(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        account.settings["taskOverTimeSec"] = get_int(body, "taskOverTimeSec", minimum=0)
        return None

    def _get_transfer_bid(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.transfer_bid(account.user_id)

    def _hardware_config_list(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        if not isinstance(body.get("cloneTask", "false"), (str, bool)):
            raise invalid("cloneTask must be 'true' or 'false', not {!r}".format(body["cloneTask"]))
        self._tasks_of(account, get_int_list(body, "taskIds", required=False) or [])
        return samples.hardware_configs()

    # -- task ---------------------------------------------------------------

    def _create_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
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
            task = self._new_task(account, now)
            task.level = level
            task.out_user_id = out_user_id
            task.labels = list(labels)
            task.clone_original_id = clone_original_id
            task.artist = artist
            account.tasks.append(task)
            tasks.append(task)
        return {
            "aliasTaskIdList": [task.alias for task in tasks],
            "taskIdList": [task.id for task in tasks],
            "userId": account.user_id,
        }

    def _submit_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task_id = get_int(body, "taskId")
        producer = get_str(body, "producer", default=None)
        if body.get("param") is not None and not isinstance(body["param"], dict):
            raise invalid("param must be an object, not {!r}".format(body["param"]))
        task = self._changeable(account, [task_id])[0]
        if task.parent is not None or task.submitted:
            raise ApiError(INVALID_TASK_STATE, "task {} is already submitted".format(task.id))
        if task.reported_status() == TASK_ABANDONED:
            raise ApiError(INVALID_TASK_STATE, "task {} is abandoned".format(task.id))
        if task.plan is None:
            raise ApiError(
                CONFIG_FILE_MISSING,
                "task {}: upload task.json (taskJsonFile) before submitting".format(task.id),
            )
        plan = task.plan
        task.producer = producer
        task.task_overtime = account.settings["taskOverTimeSec"]
        if not plan.layers:
            task.begin(now, plan, plan.frames, self._next_frame_id)
        else:
            task.submitted = True
            task.submit_date = now
            for layer in plan.layers:
                child = self._new_task(account, now, parent=task)
                child.layer_name = layer.name
                child.frames_range = layer.frames_range
                for name in (
                    "level",
                    "labels",
                    "artist",
                    "producer",
                    "out_user_id",
                    "clone_original_id",
                    "full_speed",
                    "overtime_stop",
                    "task_overtime",
                ):
                    setattr(child, name, getattr(task, name))
                child.begin(now, plan, layer.frames, self._next_frame_id)
                task.children.append(child)
        for frame in task.all_frames():
            self._frames[frame.id] = frame
        return None

    def _stop_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        for task in self._changeable(account, get_int_list(body, "taskIds")):
            task.stop(now)
        return None

    def _start_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        for task in self._changeable(account, get_int_list(body, "taskIds")):
            task.resume(now)
        return None

    def _abandon_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        for task in self._changeable(account, get_int_list(body, "taskIds")):
            task.abandon(now)
        return None

    def _delete_task(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        for task in self._tasks_of(account, get_int_list(body, "taskIds")):
            task.stop(now)
            for member in [task] + task.children:
                member.deleted = True
        return None

    def _update_task_user_level(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task_id = get_int(body, "taskId")
        level = get_int(body, "taskUserLevel")
        if level not in TASK_USER_LEVELS:
            raise invalid("taskUserLevel must be one of {}, not {}".format(TASK_USER_LEVELS, level))
        task = self._changeable(account, [task_id])[0]
        for member in [task] + task.children:
            member.level = level
        return None

    def _set_task_overtime_stop(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task_ids = get_int_list(body, "taskIds")
        overtime = get_int(body, "overTime", minimum=0)
        for task in self._changeable(account, task_ids):
            for member in [task] + task.children:
                member.overtime_stop = overtime
        return None

    def _full_speed_rendering(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        for task in self._changeable(account, get_int_list(body, "taskIds")):
            task.set_full_speed(now)
        return None

    # -- query --------------------------------------------------------------

    def _query_platforms(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.platforms(get_int(body, "zone", default=1))

    def _query_analyse_error_detail(self, account: Account, body: Dict[str, Any], now: float):
        language = get_int(body, "language", default=0)
        if language not in (0, 1):
            raise invalid("language must be 0 (Chinese) or 1 (English), not {}".format(language))
        codes = []
        if body.get("code") is not None:
            codes.append(get_int(body, "code"))
        codes.extend(get_int_list(body, "codes", required=False) or [])
        if not codes:
            raise invalid("code or codes is required")
        return [entry for code in codes for entry in samples.error_details(str(code), language)]

    def _get_task_list(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        page_num = get_int(body, "pageNum", default=1, minimum=1)
        page_size = get_int(body, "pageSize", default=100, minimum=1)
        if page_size > MAX_PAGE_SIZE:
            raise invalid("pageSize must be <= {}, not {}".format(MAX_PAGE_SIZE, page_size))
        statuses = get_int_list(body, "statusList", required=False, allow_empty=True)
        keyword = get_str(body, "searchKeyword", default="").strip().lower()
        start = self._beijing_time(body, "startTime")
        end = self._beijing_time(body, "endTime")

        def wanted(task: Task) -> bool:
            if not task.submitted or task.deleted:
                return False
            plan, submit_date = task.plan, task.submit_date
            # _submit_task refuses a task without a plan and dates it as it submits it.
            assert plan is not None and submit_date is not None
            if statuses and task.reported_status() not in statuses:
                return False
            if keyword and not any(
                keyword in text.lower() for text in (plan.scene_name, task.alias, str(task.id))
            ):
                return False
            if start is not None and submit_date < start:
                return False
            return end is None or submit_date <= end

        tasks = [task for task in reversed(account.tasks) if wanted(task)]
        listing = views.page(tasks, page_num, page_size)
        listing["items"] = [views.task_item(task, now) for task in listing["items"]]
        return listing

    @staticmethod
    def _beijing_time(body: Dict[str, Any], key: str) -> Optional[float]:
        text = get_str(body, key, default=None)
        if not text:
            return None
        try:
            return views.parse_beijing_text(text)
        except ValueError:
            message = "{} must look like 2024-01-31 18:00:00, not {!r}".format(key, text)
            raise invalid(message) from None

    def _query_task_frames(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task_id = get_int(body, "taskId")
        page_num = get_int(body, "pageNum", default=1, minimum=1)
        page_size = get_int(body, "pageSize", default=100, minimum=1)
        if page_size > MAX_PAGE_SIZE:
            raise invalid("pageSize must be <= {}, not {}".format(MAX_PAGE_SIZE, page_size))
        keyword = get_str(body, "searchKeyword", default="").strip()
        task = self._task(account, task_id)
        frames = [
            frame for frame in task.all_frames() if not keyword or keyword in str(frame.number)
        ]
        listing = views.page(frames, page_num, page_size)
        listing["items"] = [views.frame_item(frame, now) for frame in listing["items"]]
        return listing

    def _query_all_frame_stats(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        frames = [
            frame for task in account.tasks if not task.deleted for frame in task.all_frames()
        ]
        counts = views.frame_counts(frames)
        return {
            "executingFramesTotal": counts["executing"],
            "doneFramesTotal": counts["done"],
            "failedFramesTotal": counts["failed"],
            "waitingFramesTotal": counts["waiting"],
            "totalFrames": counts["total"],
        }

    def _recommit_fail_frame(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        tasks = self._restartable(account, get_int_list(body, "taskIds"))
        statuses = get_int_list(body, "status", required=False) or DEFAULT_RESTART_STATUSES
        for task in tasks:
            frames = [frame for frame in task.all_frames() if frame.status in statuses]
            task.requeue_frames(frames, now)
        return None

    def _recommit_task_frame(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        self._frame_selection(body)
        task = self._restartable(account, [get_int(body, "taskId")])[0]
        task.requeue_frames(self._select_frames(task, body), now)
        return None

    def _stop_task_frames(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        self._frame_selection(body)
        task = self._restartable(account, [get_int(body, "taskId")])[0]
        task.stop_frames(self._select_frames(task, body), now)
        return None

    def _query_task_info(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        tasks = self._tasks_of(account, get_int_list(body, "taskIds"))
        listing = views.page(tasks, 1, max(100, len(tasks)))
        listing["items"] = [views.task_item(task, now) for task in tasks]
        return listing

    def _query_software_list(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.software_list()

    def _query_software_detail(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        cg_id = get_int(body, "cgId")
        if cg_id not in SOFTWARE_IDS.values():
            raise invalid("cgId {} is not a known software id".format(cg_id))
        os_name = get_str(body, "osName", default="windows")
        if os_name not in ("windows", "linux"):
            raise invalid("osName must be 'windows' or 'linux', not {!r}".format(os_name))
        return samples.software_detail(cg_id, os_name)

    def _get_server_info(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        get_int(body, "zone", default=1)
        return samples.server_info()

    def _get_raysync_user_key(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.raysync_user_key(account.user_id, account.user_name)

    def _load_task_process_img(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task = self._task(account, get_int(body, "taskId"))
        get_int(body, "frameType", default=None)
        grab_info = [
            [
                {
                    "couponFee": "{:.2f}".format(frame.fee),
                    "frameIndex": str(frame.number),
                    "renderInfo": "",
                    "frameBlock": "1",
                    "frameEst": "0",
                    "grabUrl": self._thumbnail_path(frame) if frame.status == FRAME_DONE else "",
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
        started = [leaf.start_time for leaf in task.leaves() if leaf.start_time is not None]
        return {
            "block": len(grab_info),
            "currentTaskType": "Render",
            "grabInfo": grab_info,
            "height": 1080,
            "sceneName": task.plan.scene_name if task.plan else "",
            "startTime": views.beijing_text(min(started)) if started else "",
            "width": 1920,
        }

    def _loading_frame_thumbnail(self, account: Account, body: Dict[str, Any], now: float):
        frame_id = get_int(body, "id")
        get_int(body, "frameStatus", default=FRAME_DONE)
        frame = self._frames.get(frame_id)
        if frame is None or frame.task.account is not account:
            raise ApiError(FRAME_NOT_FOUND, "frame not found: {}".format(frame_id))
        return [self._thumbnail_path(frame)] if frame.status == FRAME_DONE else []

    @staticmethod
    def _thumbnail_path(frame: Frame) -> str:
        return "small_pic\\{}\\{}\\Render_{}_{:04d}[-]exr.jpg".format(
            frame.task.account.user_id, frame.task.id, frame.task.id, frame.number
        )

    # -- transmit -----------------------------------------------------------

    def _get_transfer_config(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        return samples.transfer_config(account.user_id)

    def _task_json_file(self, account: Account, body: Dict[str, Any], now: float) -> Any:
        task_id = get_int(body, "taskId")
        file_name = get_str(body, "fileName", default="task.json")
        if file_name not in CONFIG_FILE_NAMES:
            message = "fileName must be one of {}, not {!r}".format(CONFIG_FILE_NAMES, file_name)
            raise invalid(message)
        content = body.get("content")
        if not isinstance(content, str):
            raise ApiError(
                INVALID_CONFIG_FILE,
                "content must be a string holding JSON, not {!r}".format(type(content).__name__),
            )
        task = self._changeable(account, [task_id])[0]
        if file_name == "task.json":
            plan = parse_task_json(content)
            if not task.submitted:
                task.plan = plan
                task.frames_range = plan.frames_range
        else:
            try:
                json.loads(content)
            except ValueError as error:
                raise ApiError(
                    INVALID_CONFIG_FILE, "{} is not JSON: {}".format(file_name, error)
                ) from None
        task.configs[file_name] = content
        return None

    def _get_output_user_dir_file(self, account: Account, body: Dict[str, Any], now: float):
        tree_path = get_str(body, "treePath", default="/")
        task_id = get_int(body, "taskId", default=None)
        if task_id is not None:
            tasks = [self._task(account, task_id)]
        else:
            tasks = [task for task in account.tasks if not task.deleted]
        files = [entry for task in tasks for entry in views.output_files(task)]
        return views.list_folder(files, tree_path)

    # -- for the Python API ---------------------------------------------------

    def uploaded_config(self, task_id: int, file_name: str = "task.json") -> Optional[str]:
        """The content uploaded for ``task_id`` as ``file_name``, or None."""
        with self._lock:
            task = self._tasks.get(task_id)
            return task.configs.get(file_name) if task else None
