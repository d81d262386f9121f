"""How the command line shows things: JSON, tables, times, statuses, sizes.

Pure functions that return text, so that they are easy to test; the commands
write the text where it belongs (results to stdout, progress to stderr).
"""

import json
import shutil
import unicodedata
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

from dayan_api import to_datetime
from dayan_api.constants import FRAME_STATUS, TASK_STATUS, TIME_FORMAT
from dayan_api.exception import RayvisionArgumentTypeError, printable

ELLIPSIS = "~"
COLUMN_GAP = "  "
# Columns never shrink below this, so a header stays recognisable.
MIN_COLUMN_WIDTH = 6


def to_json(data: Any) -> str:
    """``data`` pretty-printed: two-space indents, non-ASCII kept as it is."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_json_line(data: Any) -> str:
    """``data`` on one line (for one JSON object per line)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``~`` when cut."""
    if text_width(text) <= width:
        return text
    kept = []
    used = 0
    for char in text:
        char_width = text_width(char)
        if used + char_width > width - len(ELLIPSIS):
            break
        kept.append(char)
        used += char_width
    return "".join(kept) + ELLIPSIS


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - text_width(text))
    return space + text if right else text + space


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    max_width: Optional[int] = None,
    right: Sequence[int] = (),
) -> str:
    """Rows aligned under their headers, as lines of text.

    ``right`` lists the columns aligned to the right (numbers). With
    ``max_width``, the widest columns are narrowed (their cells cut with ``~``)
    until a line fits; the last column is never padded.
    """
    # Service text as it is shown everywhere else: control characters escaped
    # (a scene named "\x1b]0;...\x07" must not retitle or clear the terminal).
    headers = [printable(header) for header in headers]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [text_width(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], text_width(cell))
    if max_width is not None:
        _narrow(widths, max_width)
    lines = []
    for row in [list(headers)] + [list(row) for row in rows]:
        cells = []
        for index, cell in enumerate(row):
            text = clip(cell, widths[index])
            last = index == len(row) - 1
            cells.append(
                text if last and index not in right else _pad(text, widths[index], index in right)
            )
        lines.append(COLUMN_GAP.join(cells).rstrip())
    return "\n".join(lines)


def fields(pairs: Iterable[Tuple[str, str]]) -> str:
    """``label  value`` lines, the values aligned (control characters escaped, as in tables)."""
    pairs = [(printable(label), printable(value)) for label, value in pairs]
    width = max((text_width(label) for label, _ in pairs), default=0)
    return "\n".join(_pad(label, width, False) + COLUMN_GAP + value for label, value in pairs)


def _narrow(widths: List[int], max_width: int) -> None:
    """Shrink the widest columns, one column at a time, until the line fits."""
    excess = sum(widths) + len(COLUMN_GAP) * (len(widths) - 1) - max_width
    while excess > 0:
        widest = max(range(len(widths)), key=lambda index: widths[index])
        if widths[widest] <= MIN_COLUMN_WIDTH:
            return  # cannot fit: let the terminal wrap rather than lose every column
        widths[widest] -= 1
        excess -= 1


def is_terminal(stream: Any) -> bool:
    """True when ``stream`` writes to a terminal (a person reads it)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def terminal_width(stream: Any) -> Optional[int]:
    """The width of the terminal ``stream`` writes to, or None when it is not one."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    return shutil.get_terminal_size().columns


def terminal_rows(stream: Any) -> Optional[int]:
    """The number of rows of the terminal ``stream`` writes to, or None when it is not one."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    return shutil.get_terminal_size().lines


def task_status(code: Any) -> str:
    """A task status as its word and code, e.g. ``done (25)``."""
    return _status(TASK_STATUS, code)


def frame_status(code: Any) -> str:
    """A frame status as its word and code, e.g. ``failed (5)``."""
    return _status(FRAME_STATUS, code)


def _status(table_: Mapping[int, str], code: Any) -> str:
    if code is None:
        return "-"
    known = isinstance(code, int) and not isinstance(code, bool)
    word = table_.get(code) if known else None
    return "{} ({})".format(word, code) if word else "status {}".format(printable(str(code)))


def epoch_ms(value: Any) -> str:
    """Epoch milliseconds (the service's dates) as local time, ``-`` when absent.

    0 and below, as the service sends for a time not yet set, are absent too.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return "-"
    return local_time(value, str(value))


def service_time(value: Any) -> str:
    """A ``yyyy-MM-dd HH:mm:ss`` text in the service's zone (Beijing) as local time.

    Text that is not in that form is shown as it is.
    """
    if not isinstance(value, str) or not value:
        return "-"
    return local_time(value, value)


def local_time(value: Any, otherwise: str) -> str:
    """``value`` read by :func:`dayan_api.to_datetime`, in the local zone; else ``otherwise``."""
    try:
        moment = to_datetime(value)
        local = moment.astimezone() if moment is not None else None
    except (RayvisionArgumentTypeError, OverflowError, OSError, ValueError):
        # A time the local zone cannot hold (year 1 or 9999 near an edge,
        # or before 1970 where the platform's localtime refuses it).
        return otherwise
    return local.strftime(TIME_FORMAT) if local is not None else otherwise


def size(value: Any) -> str:
    """A byte count, short: ``512 B``, ``1.5 KiB``, ``2.0 MiB``; ``-`` when absent."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "-"
    amount = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if amount < 1024 or unit == "TiB":
            return "{:d} B".format(int(amount)) if unit == "B" else "{:.1f} {}".format(amount, unit)
        amount /= 1024
    return "-"  # unreachable: the loop returns at TiB


def duration(seconds: float) -> str:
    """Seconds as ``H:MM:SS``."""
    whole = max(0, int(seconds))
    return "{:d}:{:02d}:{:02d}".format(whole // 3600, whole // 60 % 60, whole % 60)


def cell(value: Any) -> str:
    """Any reply value as table text (``-`` for null or empty)."""
    if value is None or value == "":
        return "-"
    return str(value)


def frames_bar(done: int, failed: int, total: int, width: int = 20) -> str:
    """``[####!!------]``: done frames ``#``, failed ``!``, the rest ``-``."""
    if total <= 0:
        return "[" + "-" * width + "]"
    done_cells = min(width, done * width // total)
    failed_cells = min(width - done_cells, (failed * width + total - 1) // total)
    rest = width - done_cells - failed_cells
    return "[" + "#" * done_cells + "!" * failed_cells + "-" * rest + "]"


def frame_counts(item: Mapping[str, Any]) -> Tuple[int, int, int]:
    """A task item's frames done, failed and in all (0 for what the reply lacks).

    A task with sub-tasks shows null counts (the service's samples do): its
    sub-tasks' counts are added up instead.
    """
    children = item.get("respRenderingTaskList")
    if item.get("doneFrames") is None and isinstance(children, list) and children:
        sums = [0, 0, 0]
        for child in children:
            if isinstance(child, Mapping):
                for index, count in enumerate(frame_counts(child)):
                    sums[index] += count
        return sums[0], sums[1], sums[2]
    done, failed, total = (
        _count(item.get(key)) for key in ("doneFrames", "failedFrames", "totalFrames")
    )
    return done, failed, total


def counts(item: Mapping[str, Any]) -> str:
    """A task item's frames as ``done/failed/total``."""
    return "{}/{}/{}".format(*frame_counts(item))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
