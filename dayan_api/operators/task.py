"""Task calls: create, submit, stop, start, abandon, delete, prioritise."""

import threading
from typing import TYPE_CHECKING, Any, Dict, List, Optional, cast

from dayan_api import _validate, endpoints
from dayan_api.connect import Connect
from dayan_api.constants import TASK_USER_LEVELS
from dayan_api.operators._reply import field

if TYPE_CHECKING:
    from dayan_api.replies import CreatedTasks


class TaskOperator:
    """``api.task``: the life of render tasks."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._task_id: Optional[int] = None
        self._task_id_lock = threading.Lock()

    @property
    def task_id(self) -> int:
        """A task id of this account: created on first use, kept until it is submitted."""
        with self._task_id_lock:
            if self._task_id is None:
                self._task_id = self.create_task_id()
            return self._task_id

    def create_task(
        self,
        count: int = 1,
        task_user_level: int = 50,
        out_user_id: Optional[int] = None,
        labels: Optional[List[str]] = None,
        clone_original_id: Optional[int] = None,
        artist: Optional[str] = None,
    ) -> "CreatedTasks":
        """Create ``count`` task ids; returns ``taskIdList``, ``aliasTaskIdList``, ``userId``.

        ``task_user_level`` is 50 or 60; ``labels`` a list of str;
        ``clone_original_id`` the task to clone; ``artist`` the producer's name.
        """
        body: Dict[str, Any] = {
            "count": _validate.integer(count, "count", minimum=1),
            "taskUserLevel": _validate.one_of(task_user_level, "task_user_level", TASK_USER_LEVELS),
        }
        if out_user_id is not None:
            body["outUserId"] = _validate.integer(out_user_id, "out_user_id", minimum=1)
        if labels is not None:
            body["labels"] = _validate.text_list(labels, "labels")
        if clone_original_id is not None:
            body["cloneOriginalId"] = _validate.task_id(clone_original_id, "clone_original_id")
        if artist is not None:
            body["artist"] = _validate.text(artist, "artist")
        return cast("CreatedTasks", self._connect.post(endpoints.CREATE_TASK, body))

    def create_task_id(
        self,
        task_user_level: int = 50,
        out_user_id: Optional[int] = None,
        labels: Optional[List[str]] = None,
        clone_original_id: Optional[int] = None,
        artist: Optional[str] = None,
    ) -> int:
        """Create one task (arguments as :meth:`create_task`) and return its id."""
        reply = self.create_task(1, task_user_level, out_user_id, labels, clone_original_id, artist)
        task_id: int = field(
            reply, self._connect.base_url + endpoints.CREATE_TASK.path, "taskIdList", 0
        )
        return task_id

    def submit_task(self, task_id: int, producer: Optional[str] = None) -> Any:
        """Submit a task whose ``task.json`` has been uploaded; ``producer`` is optional."""
        body: Dict[str, Any] = {"taskId": _validate.task_id(task_id)}
        if producer is not None:
            body["producer"] = _validate.text(producer, "producer")
        return self._submitted(task_id, self._connect.post(endpoints.SUBMIT_TASK, body))

    def submit_task_to_cc(
        self, task_id: int, option: Any = None, param: Optional[Dict[str, Any]] = None
    ) -> Any:
        """Submit a task with a submission ``option`` and ``param`` (a dict)."""
        body: Dict[str, Any] = {"taskId": _validate.task_id(task_id)}
        if option is not None:
            body["option"] = option
        body["param"] = {} if param is None else _validate.mapping(param, "param")
        return self._submitted(task_id, self._connect.post(endpoints.SUBMIT_TASK, body))

    def _submitted(self, task_id: int, result: Any) -> Any:
        with self._task_id_lock:
            if self._task_id == task_id:
                self._task_id = None
        return result

    def stop_task(self, task_param_list: List[int]) -> Any:
        """Stop the tasks (status 15, stopped by user)."""
        return self._tasks(endpoints.STOP_TASK, task_param_list)

    def start_task(self, task_param_list: List[int]) -> Any:
        """Start stopped tasks again."""
        return self._tasks(endpoints.START_TASK, task_param_list)

    def abort_task(self, task_param_list: List[int]) -> Any:
        """Abandon the tasks (status 35)."""
        return self._tasks(endpoints.ABANDON_TASK, task_param_list)

    def delete_task(self, task_param_list: List[int]) -> Any:
        """Delete the tasks."""
        return self._tasks(endpoints.DELETE_TASK, task_param_list)

    def full_speed(self, task_id_list: List[int]) -> Any:
        """Render the tasks at full speed (no machine limit)."""
        return self._tasks(endpoints.FULL_SPEED_RENDERING, task_id_list, "task_id_list")

    def update_priority(self, task_id: int, priority: int) -> Any:
        """Set a task's user-level priority (``taskUserLevel``, an int >= 0)."""
        body = {
            "taskId": _validate.task_id(task_id),
            "taskUserLevel": _validate.integer(priority, "priority", minimum=0),
        }
        return self._connect.post(endpoints.UPDATE_TASK_USER_LEVEL, body)

    def set_task_overtime_top(self, task_id_list: List[int], overtime: int) -> Any:
        """Stop the tasks once a frame has rendered ``overtime`` seconds (an int > 0)."""
        body = {
            "taskIds": _validate.task_ids(task_id_list, "task_id_list"),
            "overTime": _validate.integer(overtime, "overtime", minimum=1),
        }
        return self._connect.post(endpoints.SET_TASK_OVERTIME_STOP, body)

    def update_task_limit(self, task_id: int, limit: int) -> Any:
        """Render at most ``limit`` frames of the task at once (its ``taskLimit``, an int >= 1).

        The reply's data is returned as the service sends it.

        Source: the service family's published SDK (``update_task_limit``,
        ``/api/render/handle/updateTaskLimit``); not in the API reference: the signed
        gateway is expected to route it as the other ``/api/render`` paths; if it does
        not, the service's business error is raised as usual.
        """
        body = {
            "taskId": _validate.task_id(task_id),
            "taskLimit": _validate.integer(limit, "limit", minimum=1),
        }
        return self._connect.post(endpoints.UPDATE_TASK_LIMIT, body)

    def _tasks(
        self, endpoint: endpoints.Endpoint, ids: List[int], parameter: str = "task_param_list"
    ) -> Any:
        return self._connect.post(endpoint, {"taskIds": _validate.task_ids(ids, parameter)})
