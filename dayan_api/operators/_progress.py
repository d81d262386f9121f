"""What ``progress=True`` shows: tqdm bars when tqdm is installed, else plain lines.

``wait_for_task`` gets one bar per task (frames done of total, the status,
the time elapsed); ``iter_frames`` and ``get_all_frames`` one bar of frames
read. With ``tqdm`` (the extra ``dayan_api[progress]``) the bars come from
``tqdm.auto``: a widget in a notebook, a line redrawn in place in a terminal.
Without it, one plain line per change goes to stderr. Imported only when a
caller asks for progress; tqdm only then too.
"""

import importlib
import sys
import threading
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple

from dayan_api.constants import TASK_STATUS

# No rate: a task's frames are set from each poll, not counted as they come.
TASK_BAR_FORMAT = (
    "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} frames [{elapsed}{postfix}]"
)


def bar_class() -> Optional[Any]:
    """``tqdm.auto.tqdm``, or None when tqdm is not installed."""
    # Through importlib: tqdm is optional, and has no type stubs to check against.
    try:
        module = importlib.import_module("tqdm.auto")
    except ImportError:
        return None
    return module.tqdm


def status_text(code: Any) -> str:
    """A task status as its word and code, e.g. ``rendering (5)``."""
    word = TASK_STATUS.get(code) if isinstance(code, int) else None
    return "{} ({})".format(word, code) if word else "status {}".format(code)


def _count(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def frame_counts(item: Mapping[str, Any]) -> Tuple[int, int, int]:
    """A task's frames done, failed and in all; a task with sub-tasks, theirs added up.

    The service shows null counts for a task that has sub-tasks (layers,
    ROPs): its frames are its sub-tasks'.
    """
    children = item.get("respRenderingTaskList")
    if item.get("doneFrames") is None and isinstance(children, list) and children:
        each = [frame_counts(child) for child in children if isinstance(child, Mapping)]
        return sum(c[0] for c in each), sum(c[1] for c in each), sum(c[2] for c in each)
    return _count(item, "doneFrames"), _count(item, "failedFrames"), _count(item, "totalFrames")


def _elapsed(seconds: float) -> str:
    whole = max(0, int(seconds))
    return "{:d}:{:02d}:{:02d}".format(whole // 3600, whole // 60 % 60, whole % 60)


class TaskProgress:
    """``wait_for_task(..., progress=True)``: one bar (or line) per task.

    :meth:`update` takes every task's item after each poll; ``clock`` is the
    wait's (for the plain lines' elapsed time).
    """

    def __init__(self, task_ids: Sequence[int], clock: Callable[[], float]) -> None:
        self._ids = list(dict.fromkeys(task_ids))
        self._clock = clock
        self._started = clock()
        self._tqdm = bar_class()
        self._bars: Dict[int, Any] = {}
        self._shown: Dict[int, Tuple[Any, ...]] = {}

    def update(self, items: Mapping[int, Mapping[str, Any]]) -> None:
        for position, task_id in enumerate(self._ids):
            item = items.get(task_id)
            if item is not None:
                self._show(position, task_id, item)

    def _show(self, position: int, task_id: int, item: Mapping[str, Any]) -> None:
        status = status_text(item.get("taskStatus"))
        done, failed, total = frame_counts(item)
        if self._tqdm is None:
            state = (status, done, failed, total)
            if self._shown.get(task_id) != state:
                self._shown[task_id] = state
                elapsed = _elapsed(self._clock() - self._started)
                sys.stderr.write(
                    "task {}: {}, {}/{} frames done, {} failed, {} elapsed\n".format(
                        task_id, status, done, total, failed, elapsed
                    )
                )
                sys.stderr.flush()
            return
        bar = self._bars.get(task_id)
        if bar is None:
            bar = self._tqdm(
                total=total or None,
                desc="task {}".format(task_id),
                unit="frame",
                position=position,
                leave=True,
                bar_format=TASK_BAR_FORMAT,
            )
            self._bars[task_id] = bar
        elif total and bar.total != total:
            started = bar.start_t
            bar.reset(total=total)  # a widget takes a new total only this way
            bar.start_t = started  # keep the elapsed time
        bar.n = done
        bar.set_postfix_str(status if not failed else "{}, {} failed".format(status, failed))

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()


class FrameProgress:
    """``iter_frames`` / ``get_all_frames`` with ``progress=True``: frames read of total.

    :meth:`page` is called with each page as it arrives, from any thread.
    """

    def __init__(self, task_id: int) -> None:
        self._task_id = task_id
        self._tqdm = bar_class()
        self._bar: Any = None
        self._read = 0
        self._lock = threading.Lock()

    def page(self, page: Mapping[str, Any]) -> None:
        items = page.get("items")
        count = len(items) if isinstance(items, list) else 0
        total = _count(page, "total") or None
        with self._lock:
            self._read += count
            if self._tqdm is None:
                if count:
                    shown = "{} of {}".format(self._read, total) if total else str(self._read)
                    sys.stderr.write("task {}: {} frames read\n".format(self._task_id, shown))
                    sys.stderr.flush()
                return
            if self._bar is None:
                self._bar = self._tqdm(
                    total=total, desc="task {} frames".format(self._task_id), unit="frame"
                )
            self._bar.update(count)

    def close(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.close()
