"""Frames by index: the lookups behind ``get_custome_frames``, ``frame_number_to_stop``
and ``get_small_task_id``."""

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Tuple, Union

from dayan_api import _validate, endpoints
from dayan_api.exception import RayvisionArgumentError, RayvisionArgumentTypeError
from dayan_api.operators import _paging
from dayan_api.operators._paging import mapping
from dayan_api.operators._reply import field

if TYPE_CHECKING:
    from dayan_api.operators.query import QueryOperator


def frame_ids(
    query: "QueryOperator", task_id: int, indexes: Any, parameter: str
) -> List[Tuple[int, List[int]]]:
    """The frames whose ``frameIndex`` is in ``indexes``, as (their task id, their ids).

    Every matching frame counts: a task with sub-tasks (layers) may list one
    frame of each index per layer, each with its layer's ``taskId``. The
    groups come in the order of their first frame; ids in the order of
    ``indexes``, then of the listing.
    """
    _validate.task_id(task_id)
    wanted = frame_indexes(indexes, parameter)
    url = query._connect.base_url + endpoints.QUERY_TASK_FRAMES.path
    by_index: Dict[str, List[Tuple[int, Any]]] = {}
    for owner, frame in _frames_by_owner(query, task_id):
        by_index.setdefault(str(field(frame, url, "frameIndex")), []).append((owner, frame))
    missing = [index for index in wanted if index not in by_index]
    if missing:
        raise RayvisionArgumentError(
            parameter, "task {} has no frame with index {}".format(task_id, ", ".join(missing))
        )
    groups: Dict[int, List[int]] = {}
    for index in wanted:
        for listed_under, frame in by_index[index]:
            owner = frame.get("taskId")
            if isinstance(owner, bool) or not isinstance(owner, int):
                owner = listed_under
            groups.setdefault(owner, []).append(field(frame, url, "id"))
    return list(groups.items())


def _frames_by_owner(query: "QueryOperator", task_id: int) -> Iterator[Tuple[int, Any]]:
    """Each frame of the task, with the id of the task it was listed under.

    Frame calls take a sub-task's id (1.x: "small task id"); a parent whose
    own listing is empty has its frames read from each of its sub-tasks.
    """
    listed = False
    for frame in _paging.every_frame(query, task_id):
        listed = True
        yield task_id, frame
    if listed:
        return
    for sub_task_id in small_task_ids(query, task_id):
        if sub_task_id != task_id:
            for frame in _paging.every_frame(query, sub_task_id):
                yield sub_task_id, frame


def act_on_frames(
    query: "QueryOperator",
    task_id: int,
    indexes: Any,
    parameter: str,
    act: Callable[..., Any],
) -> Any:
    """``act(owner, select_all=0, ids_list=ids)`` once per task that owns frames at ``indexes``.

    Returns the one call's ``data``, as 1.x returned it, or every call's when
    the frames belong to several tasks (the layers of a task with layers).
    """
    groups = frame_ids(query, task_id, indexes, parameter)
    results = [act(owner, select_all=0, ids_list=ids) for owner, ids in groups]
    return results[0] if len(results) == 1 else results


def small_task_ids(query: "QueryOperator", task_id: Union[int, str]) -> List[int]:
    """``query.get_small_task_id``: a task's sub-task ids, or ``[task_id]``."""
    if isinstance(task_id, str) and task_id.isascii() and task_id.isdigit():
        task_id = int(task_id)
    task_id = _validate.task_id(task_id)
    url = query._connect.base_url + endpoints.QUERY_TASK_INFO.path
    items = mapping(query.task_info([task_id]), url).get("items") or []
    if not items:
        raise RayvisionArgumentError("task_id", f"no task {task_id} in this account")
    sub_tasks = mapping(items[0], url).get("respRenderingTaskList") or []
    return [field(sub_task, url, "id") for sub_task in sub_tasks] or [task_id]


def frame_indexes(indexes: Iterable[Any], parameter: str) -> List[str]:
    """``indexes`` as frame index strings; a non-empty list of str or int, or an argument error."""
    items = _validate.sequence(
        indexes, parameter, "a non-empty list of frame indexes", non_empty=True
    )
    for position, index in enumerate(items):
        if isinstance(index, bool) or not isinstance(index, (str, int)):
            raise RayvisionArgumentTypeError(
                f"{parameter}[{position}]",
                f"a frame index (str or int), got {index!r}",
            )
    return [str(index) for index in items]
