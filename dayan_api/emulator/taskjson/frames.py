"""Frame strings as task.json files and the service write them: ``"1-10[2],15"``."""

import re
from typing import Any, List, Tuple

from dayan_api.emulator.taskjson.fields import invalid

MAX_FRAMES = 20000  # per task, all layers together: bounds the emulator's memory

# Numbers of at most 9 ASCII digits: int() takes them on every Python, and
# no task has frames past them.
_FRAME_PART = re.compile(
    r"^\s*(-?[0-9]{1,9})\s*(?:-\s*(-?[0-9]{1,9})\s*(?:\[\s*([0-9]{1,9})\s*\])?)?\s*$"
)


def parse_frames(spec: Any) -> Tuple[int, ...]:
    """Frame numbers of a frames string such as ``"1-10[2],15"``, in order, no repeats.

    Raises :class:`ApiError` for a malformed string or more than MAX_FRAMES frames.
    """
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = str(spec)
    if not isinstance(spec, str) or not spec.strip():
        raise invalid("frames must be a non-empty string like '1-10[1]', not {!r}".format(spec))
    frames: List[int] = []
    count = 0
    for part in spec.split(","):
        match = _FRAME_PART.match(part)
        if not match:
            raise invalid("frames {!r}: cannot read {!r}".format(spec, part))
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        step = int(match.group(3)) if match.group(3) is not None else 1
        if last < first or step < 1:
            raise invalid("frames {!r}: {!r} is an empty range".format(spec, part.strip()))
        count += (last - first) // step + 1
        if count > MAX_FRAMES:
            raise invalid("frames {!r}: more than {} frames".format(spec, MAX_FRAMES))
        frames.extend(range(first, last + 1, step))
    return tuple(dict.fromkeys(frames))
