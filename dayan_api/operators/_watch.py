"""Polling tasks until they settle: the loop behind ``query.wait_for_task``."""

import logging
import math
import sys
import threading
import time
import warnings
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generic,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from dayan_api import _validate, endpoints
from dayan_api._call_limits import CallStopped
from dayan_api.constants import MAX_INTERVAL, MAX_TASK_IDS_PER_REQUEST, SETTLED_TASK_STATUSES
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionPollWarning,
    RayvisionResponseError,
    RayvisionWaitStoppedError,
    RayvisionWaitTimeoutError,
)
from dayan_api.operators._paging import mapping
from dayan_api.operators._reply import field

if TYPE_CHECKING:
    from dayan_api.operators.query import QueryOperator
    from dayan_api.replies import TaskInfo

Item = TypeVar("Item", bound=Mapping[str, Any])  # a task's info item

# The fields of a task's info item whose change is reported to on_update.
PROGRESS_FIELDS = (
    "taskStatus",
    "totalFrames",
    "doneFrames",
    "failedFrames",
    "executingFrames",
    "abortFrames",
)


LAST_POLL_SECONDS = 0.5
"""The time a poll is given when the wait's ``timeout`` has (almost) run out."""

# A wait warns (RayvisionPollWarning) once this many polls in a row have
# failed, or once they have been failing for this many seconds.
WARN_AFTER_FAILURES = 3
WARN_AFTER_SECONDS = 60.0


def wait_for_task(
    query: "QueryOperator",
    task_ids: Union[int, Sequence[int]],
    interval: float,
    timeout: Optional[float],
    on_update: "Optional[Callable[[TaskInfo], Any]]",
    show_progress: bool = False,
    stop: "Optional[threading.Event]" = None,
) -> "Union[TaskInfo, List[TaskInfo]]":
    """``query.wait_for_task``: the arguments checked, then a :class:`Watch` run."""
    single = not isinstance(task_ids, (list, tuple))
    if single and (isinstance(task_ids, bool) or not isinstance(task_ids, int)):
        raise RayvisionArgumentTypeError(
            "task_ids",
            f"a task id (int) or a non-empty list of task ids, got {task_ids!r}",
        )
    if single:
        ids = [_validate.task_id(task_ids, "task_ids")]
    else:
        ids = _validate.task_ids(task_ids, "task_ids")
    wait_seconds = seconds(interval, "interval", MAX_INTERVAL)
    limit = None if timeout is None else seconds(timeout, "timeout")
    if on_update is not None and not callable(on_update):
        raise RayvisionArgumentTypeError(
            "on_update", f"a callable taking a task's info item, got {on_update!r}"
        )
    _validate.boolean(show_progress, "progress")
    if stop is not None and not isinstance(stop, threading.Event):
        raise RayvisionArgumentTypeError("stop", f"a threading.Event or None, got {stop!r}")
    url = query._connect.base_url + endpoints.QUERY_TASK_INFO.path

    def read_items(chunk_ids: List[int], seconds_left: Optional[float]) -> "Dict[int, TaskInfo]":
        """The info item of each task, by id: one ``task_info`` per 100 tasks.

        The requests end within ``seconds_left`` (``None``: no limit), and on ``stop``.
        """
        deadline = None if seconds_left is None else time.monotonic() + seconds_left
        found: Dict[int, TaskInfo] = {}
        with query._connect._limits.applied(deadline, stop):
            for start in range(0, len(chunk_ids), MAX_TASK_IDS_PER_REQUEST):
                chunk = chunk_ids[start : start + MAX_TASK_IDS_PER_REQUEST]
                for item in mapping(query.task_info(chunk), url).get("items") or []:
                    found[field(item, url, "id")] = item
        missing = [str(task_id) for task_id in chunk_ids if task_id not in found]
        if missing:
            raise RayvisionResponseError(
                "reply data has no item for task {}".format(", ".join(missing)), url
            )
        return found

    bars = None
    if show_progress:
        from dayan_api.operators._progress import TaskProgress

        bars = TaskProgress(ids, query._clock)
    # With a stop event, the real sleep is a wait on it (a set event ends it
    # at once); a test's stand-in sleep is kept, and the event read after it.
    sleep = stop.wait if stop is not None and query._sleep is time.sleep else query._sleep
    watch = Watch(
        read_items,
        lambda item: field(item, url, "taskStatus"),
        sleep,
        query._clock,
        query._connect.logger,
        on_poll=None if bars is None else bars.update,
        stop=stop,
    )
    try:
        items = watch.run(ids, wait_seconds, limit, on_update)
    finally:
        if bars is not None:
            bars.close()
    return items[0] if single else items


def seconds(value: Any, parameter: str, maximum: float = math.inf) -> float:
    """A positive, finite number of seconds up to ``maximum`` (an int or a float, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RayvisionArgumentTypeError(
            parameter, f"a number of seconds, got {value!r} ({type(value).__name__})"
        )
    try:
        number = float(value)
    except OverflowError:
        raise RayvisionArgumentError(
            parameter, "a number of seconds, got an int too large"
        ) from None
    if not (0 < number <= maximum and math.isfinite(number)):
        limit = "" if math.isinf(maximum) else f" up to {maximum:g}"
        raise RayvisionArgumentError(
            parameter, f"a positive, finite number of seconds{limit}, got {value!r}"
        )
    return value


def is_transient(error: RayvisionError) -> bool:
    """True for a poll failure that a later poll may not meet.

    The network (no connection, a broken one, a timeout), an HTTP 5xx, and a
    429 that outlasted the transport's retries. Everything else, a business
    error above all, would fail the same way again.
    """
    if isinstance(error, RayvisionConnectionError):
        return True
    return isinstance(error, RayvisionHTTPError) and (
        error.status_code >= 500 or error.status_code == 429
    )


def progress(item: Mapping[str, Any]) -> Tuple[Any, ...]:
    """What on_update watches in an item: its status and frame counts, and its sub-tasks'.

    A task with sub-tasks shows null frame counts of its own (the service's
    samples do): its progress is in its sub-tasks.
    """
    own = tuple(item.get(name) for name in PROGRESS_FIELDS)
    children = item.get("respRenderingTaskList")
    if not isinstance(children, list):
        return own
    return own + tuple(progress(child) for child in children if isinstance(child, Mapping))


class Watch(Generic[Item]):
    """One ``wait_for_task`` call.

    ``read_items(ids, seconds_left)`` does one poll: it returns every task's
    item by id or raises; its requests end within ``seconds_left`` (``None``
    when the wait has no timeout), and raise :class:`CallStopped` once
    ``stop`` is set. ``status(item)`` reads an item's ``taskStatus``.
    ``sleep`` and ``clock`` are the caller's (``time.sleep`` or
    ``stop.wait``, and ``time.monotonic``, or a test's stand-ins).
    ``on_poll(items)``, if given, gets every task's item by id after each
    successful poll (progress bars redraw from it).

    Polls that keep failing (:data:`WARN_AFTER_FAILURES` in a row, or for
    :data:`WARN_AFTER_SECONDS`) issue one :class:`RayvisionPollWarning` per
    run, pointing at the line outside dayan_api that started the wait.
    """

    def __init__(
        self,
        read_items: Callable[[List[int], Optional[float]], Mapping[int, Item]],
        status: Callable[[Item], Any],
        sleep: Callable[[float], Any],
        clock: Callable[[], float],
        logger: logging.Logger,
        on_poll: Optional[Callable[[Mapping[int, Item]], Any]] = None,
        stop: "Optional[threading.Event]" = None,
    ) -> None:
        self._read_items = read_items
        self._status = status
        self._sleep = sleep
        self._clock = clock
        self._logger = logger
        self._on_poll = on_poll
        self._stop = stop
        self._failures = 0  # polls failed in a row
        self._failing_since = 0.0  # when the first of them started
        self._warned = False
        self._failure: Optional[RayvisionError] = None  # of the last poll, when it failed

    def run(
        self,
        task_ids: List[int],
        interval: float,
        timeout: Optional[float],
        on_update: Optional[Callable[[Item], Any]],
    ) -> List[Item]:
        """The final items of ``task_ids``, in their order, once all have settled."""
        wanted = list(dict.fromkeys(task_ids))
        latest: Dict[int, Item] = {}
        deadline = None if timeout is None else self._clock() + timeout
        last_poll = False
        while True:
            seconds_left = None
            if deadline is not None:  # the poll at the deadline gets a moment to answer
                seconds_left = max(LAST_POLL_SECONDS, deadline - self._clock())
            try:
                if self._stop is not None and self._stop.is_set():
                    raise CallStopped()
                if self._poll(wanted, latest, on_update, seconds_left):
                    return [latest[task_id] for task_id in task_ids]
            except CallStopped:
                items = [latest.get(task_id) for task_id in task_ids]
                raise RayvisionWaitStoppedError(list(task_ids), items) from None
            failure, self._failure = self._failure, None
            delay = interval
            if deadline is not None and timeout is not None:
                remaining = deadline - self._clock()
                if last_poll or remaining <= 0:
                    if failure is not None:
                        self._logger.warning(
                            "wait_for_task: a poll failed at the end of the timeout (%g s): "
                            "no other poll follows: %s",
                            timeout,
                            failure,
                        )
                    items = [latest.get(task_id) for task_id in task_ids]
                    raise RayvisionWaitTimeoutError(list(task_ids), items, timeout)
                if remaining <= interval:
                    delay, last_poll = remaining, True  # one more poll, at the deadline
            if failure is not None:
                self._logger.warning(
                    "wait_for_task: a poll failed, the next one tries again: %s", failure
                )
            self._sleep(delay)

    def _poll(
        self,
        wanted: List[int],
        latest: Dict[int, Item],
        on_update: Optional[Callable[[Item], Any]],
        seconds_left: Optional[float],
    ) -> bool:
        """One poll; True when every task has settled."""
        started = self._clock()
        if not self._warned:
            # A poll's own retries can outlast the warning's bound (three read
            # timeouts of 60 s against a service that never answers): until it
            # has warned, a poll ends when failures would have lasted that long.
            since = self._failing_since if self._failures else started
            cap = max(LAST_POLL_SECONDS, WARN_AFTER_SECONDS - (started - since))
            seconds_left = cap if seconds_left is None else min(seconds_left, cap)
        try:
            items = self._read_items(wanted, seconds_left)
        except RayvisionError as error:
            if not is_transient(error):
                raise
            self._failure = error  # logged by run, which knows whether another poll follows
            self._failed(error, started)
            return False
        self._failures = 0
        if self._on_poll is not None:
            self._on_poll(items)
        settled = True
        for task_id in wanted:
            item = items[task_id]
            previous = latest.get(task_id)
            latest[task_id] = item
            settled = self._status(item) in SETTLED_TASK_STATUSES and settled
            if on_update is not None and (previous is None or progress(previous) != progress(item)):
                on_update(item)
        return settled

    def _failed(self, error: RayvisionError, started: float) -> None:
        """Count a failed poll; warn once per run when failures have lasted."""
        if self._failures == 0:
            self._failing_since = started
        self._failures += 1
        lasted = self._clock() - self._failing_since
        if self._warned or (self._failures < WARN_AFTER_FAILURES and lasted < WARN_AFTER_SECONDS):
            return
        self._warned = True
        message = (
            "wait_for_task: {} poll{} in a row failed, over {:.0f} s; the last: {}. "
            "Still polling.".format(
                self._failures, "" if self._failures == 1 else "s", lasted, error
            )
        )
        warnings.warn(message, RayvisionPollWarning, stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside dayan_api, for warnings.warn's caller."""
    level = 1
    frame: Any = sys._getframe(1)  # the function that calls warnings.warn: level 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "dayan_api":
        frame = frame.f_back
        level += 1
    return level
