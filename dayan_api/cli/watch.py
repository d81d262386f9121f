"""Watching tasks until they settle: ``dayan task watch`` and ``task submit --watch``.

Three ways to show progress, picked by :func:`reporter_for`:

- ``--json``: one JSON object per line per change (the task's info item), on stdout;
- stdout and stderr both terminals: one live line per task on stderr, redrawn
  in place (status, a frames bar, done/failed/total, elapsed time);
- otherwise (a log file, a pipe, CI): one plain line per change on stdout,
  with no control characters.
"""

import argparse
import datetime
import os
import threading
import time
import warnings
from typing import Any, Dict, List, Mapping, Optional, Sequence, TextIO, Tuple

from dayan_api.cli import args as types
from dayan_api.cli import display
from dayan_api.cli.context import Context
from dayan_api.constants import MAX_TASK_IDS_PER_REQUEST, SETTLED_TASK_STATUSES, TIME_FORMAT
from dayan_api.exception import (
    RayvisionPollWarning,
    RayvisionTimeoutError,
    RayvisionWaitTimeoutError,
    printable,
)

DEFAULT_INTERVAL = 10.0
# A watched task that settles in one of these ends the watch well (status 0).
DONE_STATUSES = (25, 40)
REDRAW_SECONDS = 1.0
BAR_WIDTH = 20
SHORT_BAR_WIDTH = 10
MIN_BAR_WIDTH = 5
COUNTS_LABEL = " done/failed/total"


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--interval",
        type=types.poll_interval,
        metavar="SECONDS",
        help="seconds between polls (default {:g})".format(DEFAULT_INTERVAL),
    )
    parser.add_argument(
        "--timeout",
        type=types.seconds,
        metavar="SECONDS",
        help="give up after this many seconds in all (status 4)",
    )


class JsonLines:
    """One compact JSON object per line per change, on stdout."""

    def __init__(self, stdout: TextIO) -> None:
        self._stdout = stdout

    def update(self, item: Mapping[str, Any]) -> None:
        self._stdout.write(display.to_json_line(item) + "\n")
        self._stdout.flush()

    def close(self) -> None:
        pass


class PlainLines:
    """One plain line per change, on stdout: fit for a log file."""

    def __init__(self, stdout: TextIO) -> None:
        self._stdout = stdout

    def update(self, item: Mapping[str, Any]) -> None:
        now = datetime.datetime.now().strftime(TIME_FORMAT)
        line = "{}  task {}  {}  frames {} done/failed/total".format(
            now,
            printable(str(item.get("id"))),
            display.task_status(item.get("taskStatus")),
            display.counts(item),
        )
        self._stdout.write(line + "\n")
        self._stdout.flush()

    def close(self) -> None:
        pass


class LiveLines:
    """One line per task on a terminal (stderr), redrawn in place every second."""

    def __init__(self, stream: TextIO, task_ids: Sequence[int]) -> None:
        self._stream = stream
        self._ids = list(task_ids)
        self._items: Dict[int, Mapping[str, Any]] = {}
        self._started = time.monotonic()
        self._settled_after: Dict[int, float] = {}
        self._drawn = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="dayan-watch", daemon=True)
        self._ticker.start()

    def update(self, item: Mapping[str, Any]) -> None:
        with self._lock:
            task_id = item.get("id")
            if isinstance(task_id, int):
                self._items[task_id] = item
                if (
                    item.get("taskStatus") in SETTLED_TASK_STATUSES
                    and task_id not in self._settled_after
                ):
                    self._settled_after[task_id] = time.monotonic() - self._started
            self._draw()

    def close(self) -> None:
        self._stop.set()
        self._ticker.join()
        with self._lock:
            self._draw()

    def note(self, text: str) -> None:
        """A message above the live lines, which are then drawn again below it."""
        with self._lock:
            up = "\x1b[{}A".format(self._drawn) if self._drawn else ""
            self._stream.write(up + "\r\x1b[2K" + text + "\n")
            self._drawn = 0
            self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            with self._lock:
                self._draw()

    def _draw(self) -> None:
        # One column short of the width: a full line would wrap on some terminals.
        width = max(20, display.terminal_width(self._stream) or 80) - 1
        now = time.monotonic() - self._started
        # Fewer lines than the terminal has rows: more would scroll the screen
        # on every redraw. The tasks that do not fit are summed up in one line.
        rows = display.terminal_rows(self._stream) or 24
        shown = self._ids if len(self._ids) < rows else self._ids[: max(1, rows - 2)]
        tasks = [
            (task_id, self._items.get(task_id), self._settled_after.get(task_id, now))
            for task_id in shown
        ]
        lines = live_lines(tasks, width)
        hidden = self._ids[len(shown) :]
        if hidden:
            settled = sum(1 for task_id in hidden if task_id in self._settled_after)
            summary = "and {} more tasks ({} settled)".format(len(hidden), settled)
            lines.append(display.clip(summary, width))
        text = "\x1b[{}A".format(self._drawn) if self._drawn else ""
        for line in lines:
            text += "\r\x1b[2K" + line + "\n"
        self._stream.write(text)
        self._stream.flush()
        self._drawn = len(lines)


def live_lines(
    tasks: Sequence[Tuple[int, Optional[Mapping[str, Any]], float]], width: Optional[int]
) -> List[str]:
    """The live lines of ``(task_id, item or None, elapsed seconds)``, in aligned columns.

    Each line: id, status, frames bar, done/failed/total, elapsed. When the
    lines are wider than ``width``, the bar narrows (to :data:`SHORT_BAR_WIDTH`
    cells), then the words "done/failed/total" go, then the bar narrows again
    (to :data:`MIN_BAR_WIDTH`); only then are the lines cut.
    """
    rows: List[Tuple[str, str, Tuple[int, int, int], str, str]] = []
    for task_id, item, elapsed in tasks:
        if item is None:
            status, frames, numbers = "no reply yet", (0, 0, 0), "-/-/-"
        else:
            status = display.task_status(item.get("taskStatus"))
            frames, numbers = display.frame_counts(item), display.counts(item)
        rows.append((str(task_id), status, frames, numbers, display.duration(elapsed)))
    texts = [(row[0], row[1], row[3], row[4]) for row in rows]  # every column but the bar
    widths = [max(display.text_width(text[column]) for text in texts) for column in range(4)]
    # Four gaps, and the bar's two brackets.
    fixed = sum(widths) + 4 * len(display.COLUMN_GAP) + 2
    label, bar_width = COUNTS_LABEL, BAR_WIDTH
    if width is not None:
        room = width - fixed
        if room - len(label) >= SHORT_BAR_WIDTH:
            bar_width = min(BAR_WIDTH, room - len(label))
        else:
            label = ""
            bar_width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, room))
    lines = []
    for task_id_text, status, frames, numbers, elapsed_text in rows:
        line = display.COLUMN_GAP.join(
            [
                task_id_text.rjust(widths[0]),
                status.ljust(widths[1]),
                display.frames_bar(*frames, width=bar_width),
                numbers.ljust(widths[2]) + label,
                elapsed_text,
            ]
        )
        lines.append(line if width is None else display.clip(line, width))
    return lines


def live_display_possible(stdout: TextIO, stderr: TextIO) -> bool:
    """Whether to redraw lines in place: both streams are terminals that understand it."""
    if not (_isatty(stdout) and _isatty(stderr)):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    # A plain Windows console needs VT mode switched on; Windows Terminal has it.
    return os.name != "nt" or "WT_SESSION" in os.environ


def _isatty(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def reporter_for(context: Context, task_ids: Sequence[int]) -> Any:
    if context.json:
        return JsonLines(context.stdout)
    if live_display_possible(context.stdout, context.stderr):
        return LiveLines(context.stderr, task_ids)
    return PlainLines(context.stdout)


def watch(
    context: Context, task_ids: List[int], interval: Optional[float], timeout: Optional[float]
) -> int:
    """Poll until every task settles; the exit status (0, 1 or 4)."""
    api = context.api  # credentials first: a live display is not started for nothing
    deadline = None if timeout is None else time.monotonic() + timeout
    # One request before watching: wait_for_task retries a failed poll until
    # --timeout (right for a blip during a long render), so a wrong --domain
    # or a service that is down would otherwise be a silent wait, not status 3.
    # It is part of the --timeout, which ends it (status 4) if it runs late.
    try:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        with api.connect.deadline(left):
            api.query.task_info(task_ids[:MAX_TASK_IDS_PER_REQUEST])
    except RayvisionTimeoutError:
        if deadline is None or time.monotonic() < deadline:
            raise
        return _timed_out(context, timeout)
    reporter = reporter_for(context, task_ids)
    note = getattr(reporter, "note", context.note)
    items: Optional[Sequence[Mapping[str, Any]]] = None
    try:
        with warnings.catch_warnings():
            # Polls that keep failing: said as a dayan message (above the live
            # lines on a terminal), not as Python's "file:line: Warning" text,
            # and whatever the warning filters (the SDK warns once per wait).
            warnings.simplefilter("always", RayvisionPollWarning)
            warnings.showwarning = lambda message, *rest: note("dayan: warning: {}".format(message))
            items = api.query.wait_for_task(
                task_ids,
                interval=DEFAULT_INTERVAL if interval is None else interval,
                timeout=None if deadline is None else max(0.001, deadline - time.monotonic()),
                on_update=reporter.update,
            )
    except RayvisionWaitTimeoutError:
        pass  # items stays None
    finally:
        reporter.close()  # before any message, so that the live lines stay whole
    if items is None:
        return _timed_out(context, timeout)
    unfinished = [item for item in items if item.get("taskStatus") not in DONE_STATUSES]
    for item in unfinished:
        status = display.task_status(item.get("taskStatus"))
        context.note("dayan: task {} ended {}".format(item.get("id"), status))
    return 1 if unfinished else 0


def _timed_out(context: Context, timeout: Optional[float]) -> int:
    context.note("dayan: --timeout: not every task settled within {:g} s".format(timeout or 0))
    return 4
