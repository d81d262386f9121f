"""Tasks and frames, and how they render on the simulated clock.

Progress is computed lazily: before a task is read or changed, :meth:`Task.sync`
replays every event (analysis ending, frames starting and finishing) up to
the clock's current time. No thread runs in the background.

A task with layers is a parent with one sub-task per layer; only sub-tasks
("leaves") have frames. A plain task is its own single leaf. A ContextCapture
task is a parent whose sub-tasks are stages run one after the other: its
``pipeline`` (:mod:`dayan_api.emulator.stages`) syncs them and reports its status.
"""

import heapq
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Tuple

from dayan_api.emulator.taskjson import Plan

if TYPE_CHECKING:
    from dayan_api.emulator.stages import Pipeline

# Task statuses (protocol.md, "Status codes").
TASK_WAITING = 0
TASK_RENDERING = 5
TASK_STOPPED_BY_USER = 15
TASK_DONE = 25
TASK_DONE_WITH_FAILED = 30
TASK_ABANDONED = 35
TASK_ANALYSING = 50
TASK_SUBMITTING = 60
TASK_SUBMIT_FAILED = 65

# Frame statuses.
FRAME_WAITING = 1
FRAME_STARTED = 2
FRAME_STOPPED = 3
FRAME_DONE = 4
FRAME_FAILED = 5
FRAME_TIMED_OUT = 11

ACTIVE_STATUSES = frozenset({TASK_SUBMITTING, TASK_ANALYSING, TASK_RENDERING})
FINISHED_STATUSES = frozenset({TASK_DONE, TASK_DONE_WITH_FAILED})
# How a parent reports its sub-tasks' mixed statuses: the first one present wins.
_PARENT_STATUS_ORDER = (
    TASK_RENDERING,
    TASK_ANALYSING,
    TASK_SUBMITTING,
    TASK_WAITING,
    TASK_STOPPED_BY_USER,
    TASK_DONE_WITH_FAILED,
    TASK_DONE,
    TASK_ABANDONED,
)

DEFAULT_NODES = 2  # frames a task renders at once, unless at full speed
FEE_PER_SECOND = 0.01  # simulated cost of a frame-second of rendering
DEFAULT_OVERTIME_STOP = 86400
# How long a submitted task shows "submitting" (60) before its analysis (50)
# takes over; a task whose task.json the analysis refuses then fails (65).
SUBMITTING_SECONDS = 1.0


class Frame:
    """One frame of a leaf task."""

    def __init__(self, frame_id: int, task: "Task", number: int, fail_remaining: int) -> None:
        self.id = frame_id
        self.task = task
        self.number = number
        self.status = FRAME_WAITING
        self.start: Optional[float] = None
        self.end: Optional[float] = None
        self.times_out = False
        self.fail_remaining = fail_remaining  # renders left that fail on purpose
        self.fee = 0.0  # all renders so far
        self.used_seconds = 0.0  # all renders so far
        self.renders = 0
        self.ever_started = False  # a frame never started shows no fees (null)
        self.rendered_at: Optional[float] = None  # when its output file was last written

    def execute_seconds(self, now: float) -> int:
        """Seconds the current or last render took (so far)."""
        if self.start is None or self.end is None:
            return 0
        end = min(now, self.end) if self.status == FRAME_STARTED else self.end
        return int(max(0.0, end - self.start))

    def render_times(self) -> Tuple[float, float]:
        """(start, end) of the current or last render; :meth:`Task._start_frame` sets both."""
        if self.start is None or self.end is None:
            raise RuntimeError("frame {} never started".format(self.id))
        return self.start, self.end

    def requeue(self) -> None:
        self.status = FRAME_WAITING
        self.start = self.end = None
        self.times_out = False

    def halt(self, now: float) -> None:
        """Stop this frame if it waits or renders."""
        if self.status == FRAME_STARTED:
            start, _ = self.render_times()
            self.used_seconds += max(0.0, now - start)
            self.end = now
            self.status = FRAME_STOPPED
        elif self.status == FRAME_WAITING:
            self.status = FRAME_STOPPED


class Task:
    """A task id handed out by createTask, and everything it went through."""

    def __init__(
        self, task_id: int, account: Any, created_at: float, parent: "Optional[Task]" = None
    ) -> None:
        self.id = task_id
        self.alias = "2W{}".format(task_id)
        self.account = account
        self.created_at = created_at
        self.parent = parent
        self.children: List[Task] = []
        self.layer_name = ""
        self.level = 50
        self.labels: Dict[int, str] = {}  # task label id -> name
        self.artist: Optional[str] = None
        self.producer: Optional[str] = None
        self.out_user_id: Optional[int] = None
        self.clone_original_id = 0
        self.configs: Dict[str, str] = {}  # fileName -> uploaded content
        self.plan: Optional[Plan] = None
        self.submitted = False
        self.deleted = False
        self.status = TASK_WAITING
        self.frames: List[Frame] = []
        self.frames_range = ""
        self.full_speed = False
        self.task_limit: Optional[int] = None  # updateTaskLimit's frames at once, if set
        self.overtime_stop = DEFAULT_OVERTIME_STOP
        self.task_overtime: Optional[int] = None
        self.submit_date: Optional[float] = None
        self.start_time: Optional[float] = None
        self.completed_date: Optional[float] = None
        self.remark = ""  # why the analysis refused the task, if it did
        self._submitting_until = 0.0
        self._analyse_until = 0.0
        self._cursor = 0.0  # the simulated time up to which events were replayed
        self.pipeline: Optional[Pipeline] = None  # set on a ContextCapture parent

    # -- shape --------------------------------------------------------------

    def leaves(self) -> "List[Task]":
        """The tasks that hold frames: the sub-tasks, or this task itself."""
        return self.children or [self]

    def all_frames(self) -> List[Frame]:
        """The frames of every leaf, in order."""
        return [frame for leaf in self.leaves() for frame in leaf.frames]

    def reported_status(self) -> int:
        """The task's status; a parent's is the most telling of its layers' statuses."""
        if self.pipeline is not None:
            return self.pipeline.status()
        if not self.children:
            return self.status
        statuses = {child.status for child in self.children}
        for status in _PARENT_STATUS_ORDER:
            if status in statuses:
                return status
        return min(statuses)

    @property
    def nodes(self) -> int:
        """How many frames render at once: the task's limit, else all or the default."""
        if self.task_limit is not None:
            return self.task_limit
        return max(1, len(self.frames)) if self.full_speed else DEFAULT_NODES

    # -- lifecycle (leaves) -------------------------------------------------

    def begin(
        self, now: float, plan: Plan, frames: Iterable[int], next_frame_id: Callable[[], int]
    ) -> None:
        """Submit this leaf: analyse, then render ``frames``."""
        self.plan = plan
        self.submitted = True
        self.submit_date = now
        self.frames = [
            Frame(
                next_frame_id(),
                self,
                number,
                plan.fail_attempts if number in plan.fail_frames else 0,
            )
            for number in frames
        ]
        self._start_analysis(now)
        # The submitting moment is the start of the analysis time, not added to it.
        self.status = TASK_SUBMITTING
        self._submitting_until = now + min(SUBMITTING_SECONDS, self._plan().analyse_seconds)

    def refuse(self, now: float, reason: str) -> None:
        """Submit this task although its analysis refuses it: 60 for a moment, then 65."""
        self.submitted = True
        self.submit_date = now
        self.remark = reason
        self.status = TASK_SUBMITTING
        self._submitting_until = now + SUBMITTING_SECONDS

    def start_waiting(self, at: float) -> None:
        """Start a leaf that began and was then set waiting (a later stage: see stages.py)."""
        self._start_analysis(at)

    def _plan(self) -> Plan:
        """The plan of a leaf that began: :meth:`begin` sets it before any analysis or render."""
        if self.plan is None:
            raise RuntimeError("task {} never began".format(self.id))
        return self.plan

    def sync(self, now: float) -> None:
        """Replay every event up to ``now``."""
        if self.pipeline is not None:
            self.pipeline.sync(now)
            return
        for leaf in self.leaves():
            leaf._sync_leaf(now)

    def _start_analysis(self, now: float) -> None:
        self.status = TASK_ANALYSING
        self._analyse_until = now + self._plan().analyse_seconds

    def _start_rendering(self, at: float) -> None:
        self.status = TASK_RENDERING
        self.completed_date = None
        self._cursor = at
        if self.start_time is None:
            self.start_time = at

    def _sync_leaf(self, now: float) -> None:
        if self.status == TASK_SUBMITTING:
            if now < self._submitting_until:
                return
            if self.plan is None:  # refused
                self.status = TASK_SUBMIT_FAILED
                self.completed_date = self._submitting_until
                return
            self.status = TASK_ANALYSING
        if self.status == TASK_ANALYSING:
            if now < self._analyse_until:
                return
            self._start_rendering(self._analyse_until)
        if self.status != TASK_RENDERING:
            return
        waiting = [frame for frame in self.frames if frame.status == FRAME_WAITING]
        waiting.reverse()  # pop() takes the next frame in order
        running = [
            (frame.render_times()[1], frame.id, frame)
            for frame in self.frames
            if frame.status == FRAME_STARTED
        ]
        heapq.heapify(running)
        at = self._cursor
        while True:
            while waiting and len(running) < self.nodes:
                frame = waiting.pop()
                heapq.heappush(running, (self._start_frame(frame, at), frame.id, frame))
            if not running:
                self._finish(at)
                return
            if running[0][0] > now:
                self._cursor = at
                return
            at, _, frame = heapq.heappop(running)
            self._end_frame(frame)

    def _start_frame(self, frame: Frame, at: float) -> float:
        """Start rendering ``frame`` at ``at``; returns when the render ends."""
        duration = self._plan().frame_seconds
        frame.times_out = 0 < self.overtime_stop < duration
        if frame.times_out:
            duration = self.overtime_stop
        frame.status = FRAME_STARTED
        frame.ever_started = True
        frame.start = at
        frame.end = at + duration
        return frame.end

    def _end_frame(self, frame: Frame) -> None:
        start, end = frame.render_times()
        frame.renders += 1
        frame.used_seconds += end - start
        if frame.times_out:
            frame.status = FRAME_TIMED_OUT
        elif frame.fail_remaining > 0:
            frame.fail_remaining -= 1
            frame.status = FRAME_FAILED
        else:
            frame.status = FRAME_DONE
            frame.rendered_at = end
            frame.fee = round(frame.fee + (end - start) * FEE_PER_SECOND, 4)

    def _finish(self, at: float) -> None:
        all_done = all(frame.status == FRAME_DONE for frame in self.frames)
        self.status = TASK_DONE if all_done else TASK_DONE_WITH_FAILED
        self.completed_date = at
        self._cursor = at

    def stop(self, now: float) -> None:
        """Stop by user: running frames stop; call after :meth:`sync`."""
        for leaf in self.leaves():
            if leaf.status in ACTIVE_STATUSES and leaf.plan is not None:
                for frame in leaf.frames:
                    if frame.status == FRAME_STARTED:
                        frame.halt(now)
                leaf.status = TASK_STOPPED_BY_USER

    def resume(self, now: float) -> None:
        """Start a task stopped by user again: stopped frames render again."""
        for leaf in self.leaves():
            if leaf.status != TASK_STOPPED_BY_USER:
                continue
            if leaf.start_time is None:
                leaf._start_analysis(now)
                continue
            for frame in leaf.frames:
                if frame.status == FRAME_STOPPED:
                    frame.requeue()
            leaf._start_rendering(now)

    def abandon(self, now: float) -> None:
        """Abandon: no frame renders any more; call after :meth:`sync`."""
        for leaf in self.leaves():
            for frame in leaf.frames:
                frame.halt(now)
            leaf.status = TASK_ABANDONED

    def requeue_frames(self, frames: Iterable[Frame], now: float) -> None:
        """Render ``frames`` again (a restart); call after :meth:`sync`."""
        for frame in frames:
            frame.requeue()
        self.touch(now)
        for leaf in self.leaves():
            if leaf.status in FINISHED_STATUSES and any(
                frame.status == FRAME_WAITING for frame in leaf.frames
            ):
                leaf._start_rendering(now)
            # Analysing and stopped leaves render them once analysis ends or
            # once started again; rendering leaves pick them up from now on.

    def stop_frames(self, frames: Iterable[Frame], now: float) -> None:
        """Stop ``frames`` that wait or render; call after :meth:`sync`."""
        for frame in frames:
            frame.halt(now)
        self.touch(now)

    def set_full_speed(self, now: float) -> None:
        """Render every waiting frame at once from now on; call after :meth:`sync`."""
        for member in [self] + self.children:
            member.full_speed = True
            member.task_limit = None
        self.touch(now)

    def set_limit(self, limit: int, now: float) -> None:
        """Render at most ``limit`` frames of each leaf at once from now on; after :meth:`sync`.

        Frames rendering beyond the new limit finish; no new one starts until
        fewer than ``limit`` render.
        """
        for member in [self] + self.children:
            member.task_limit = limit
            member.full_speed = False
        self.touch(now)

    def touch(self, now: float) -> None:
        """Let rendering leaves take up a change made at ``now`` (after a :meth:`sync`).

        Their event replay starts again from ``now``, so that freed render
        slots and re-queued frames are used from now on, not from the past.
        """
        for leaf in self.leaves():
            if leaf.status == TASK_RENDERING:
                leaf._cursor = max(leaf._cursor, now)
