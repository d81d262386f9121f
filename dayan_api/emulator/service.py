"""The emulated service: accounts, tasks, and the lookups its handlers share.

:meth:`Service.call` runs one request that passed the protocol checks with the
handler that :mod:`dayan_api.emulator.handlers` routes its path to. All state
lives here, in memory, behind one lock, so concurrent requests are safe.
"""

import itertools
import json
import threading
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Optional

from dayan_api.emulator import samples, stages
from dayan_api.emulator.clock import SimClock
from dayan_api.emulator.errors import (
    FRAME_NOT_FOUND,
    INVALID_TASK_STATE,
    TASK_NOT_FOUND,
    ApiError,
)
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.handlers import env as env_handlers
from dayan_api.emulator.handlers import query as query_handlers
from dayan_api.emulator.handlers import tag as tag_handlers
from dayan_api.emulator.handlers import task as task_handlers
from dayan_api.emulator.handlers import transmit as transmit_handlers
from dayan_api.emulator.handlers import user as user_handlers
from dayan_api.emulator.model import TASK_ABANDONED, Frame, Task

FIRST_TASK_ID = 1000001
FIRST_FRAME_ID = 50000001
FIRST_LABEL_ID = 3001


class Account:
    """One access id, its key and its user. The key never shows in a repr."""

    def __init__(self, access_id: str, access_key: str, number: int) -> None:
        self.access_id = access_id
        self.access_key = access_key
        self.user_id = samples.FIRST_USER_ID + number
        self.user_name = "emulator_user{}".format(number + 1)
        self.settings = samples.user_settings()
        self.tasks: List[Task] = []  # the tasks createTask handed out, oldest first
        self.project_labels: Dict[str, int] = {}  # project label name -> projectId
        self.label_status: Dict[str, int] = {}  # project label name -> status (0 or 1)
        self.task_labels: Dict[int, str] = {}  # task label id -> name
        self.render_envs: Dict[str, Dict[str, Any]] = {}  # editName -> environment as shown

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
        self.tasks: Dict[int, Task] = {}
        self._task_ids = itertools.count(FIRST_TASK_ID)
        self._frame_ids = itertools.count(FIRST_FRAME_ID)
        self.frames: Dict[int, Frame] = {}
        self._label_ids = itertools.count(FIRST_LABEL_ID)
        self.handlers: Mapping[str, Handler] = MappingProxyType(
            {
                **user_handlers.ROUTES,
                **task_handlers.ROUTES,
                **query_handlers.ROUTES,
                **transmit_handlers.ROUTES,
                **tag_handlers.ROUTES,
                **env_handlers.ROUTES,
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
            return handler(self, account, body, now)

    # -- lookups ------------------------------------------------------------

    def task(self, account: Account, task_id: int) -> Task:
        task = self.tasks.get(task_id)
        if task is None or task.account is not account:
            raise ApiError(TASK_NOT_FOUND, "task not found: {}".format(task_id))
        return task

    def tasks_of(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        return [self.task(account, task_id) for task_id in task_ids]

    def changeable(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        """The tasks, refusing deleted ones."""
        tasks = self.tasks_of(account, task_ids)
        for task in tasks:
            if task.deleted:
                raise ApiError(INVALID_TASK_STATE, "task {} is deleted".format(task.id))
        return tasks

    def restartable(self, account: Account, task_ids: Iterable[int]) -> List[Task]:
        """The tasks, refusing deleted, abandoned and unsubmitted ones."""
        tasks = self.changeable(account, task_ids)
        for task in tasks:
            if not task.submitted:
                raise ApiError(INVALID_TASK_STATE, "task {} is not submitted".format(task.id))
            if task.reported_status() == TASK_ABANDONED:
                raise ApiError(INVALID_TASK_STATE, "task {} is abandoned".format(task.id))
        return tasks

    def new_task(self, account: Account, now: float, parent: Optional[Task] = None) -> Task:
        task = Task(next(self._task_ids), account, now, parent)
        self.tasks[task.id] = task
        return task

    def next_frame_id(self) -> int:
        return next(self._frame_ids)

    def next_label_id(self) -> int:
        """An id for a new project label or task label (one sequence for both)."""
        return next(self._label_ids)

    def task_label_id(self, account: Account, name: str) -> int:
        """The id of the account's task label ``name``, made on first use."""
        for label_id, label_name in account.task_labels.items():
            if label_name == name:
                return label_id
        label_id = self.next_label_id()
        account.task_labels[label_id] = name
        return label_id

    def frames_by_ids(self, task: Task, frame_ids: Iterable[int]) -> List[Frame]:
        frames = {frame.id: frame for frame in task.all_frames()}
        missing = [frame_id for frame_id in frame_ids if frame_id not in frames]
        if missing:
            raise ApiError(
                FRAME_NOT_FOUND, "frames not found in task {}: {}".format(task.id, missing)
            )
        return [frames[frame_id] for frame_id in frame_ids]

    # -- for the Python API ---------------------------------------------------

    def uploaded_config(self, task_id: int, file_name: str = "task.json") -> Optional[str]:
        """The content uploaded for ``task_id`` as ``file_name``, or None."""
        with self._lock:
            task = self.tasks.get(task_id)
            return task.configs.get(file_name) if task else None

    def at_report(self, task_id: int) -> Optional[Dict[str, Any]]:
        """The aerotriangulation report of a ContextCapture task (or of its stage), or None.

        None until its Triangulation stage is done, and for other tasks.
        """
        with self._lock:
            task = self.tasks.get(task_id)
            if task is None:
                return None
            (task.parent or task).sync(self.clock.now())
            pipeline = stages.pipeline_of(task)
            source = pipeline.at_report_source() if pipeline is not None else None
        # Built outside the lock: a big project's report holds a line per photo.
        return None if source is None else stages.aerotriangulation_report(*source)

    def report_file(self, path: str) -> Optional[bytes]:
        """The AT report that ``loadAtTaskReportDataUrl`` gave ``path`` for, as JSON bytes.

        None when ``path`` names no report that is ready (what the server
        answers with a 404).
        """
        parts = path.split("/")
        task_id = parts[3] if len(parts) == 6 else ""
        if not (task_id.isascii() and task_id.isdigit() and len(task_id) <= 18):
            return None
        with self._lock:
            task = self.tasks.get(int(task_id))
            if task is None or path != query_handlers.at_report_path(task.account.user_id, task.id):
                return None
        report = self.at_report(task.id)
        # Written as Pipeline.report_size counts it, so the listed fileSize holds.
        return None if report is None else json.dumps(report).encode("utf-8")
