"""Argument types and checks: bad input is refused before anything is sent.

The ``argparse`` types raise ``argparse.ArgumentTypeError`` (argparse then
names the argument and exits with status 2); the checks that run after
parsing raise :class:`UsageError`, which the command line turns into the same
status.
"""

import argparse
import codecs
import datetime
import json
import os
import re
from typing import Any, Dict, List

from dayan_api.constants import (
    FRAME_STATUS,
    MAX_INTERVAL,
    SERVICE_TIMEZONE,
    TASK_STATUS,
    TASK_USER_LEVELS,
    TIME_FORMAT,
)

# A frame index as the service shows it: ``10``, or a block ``2-4[1]``.
_FRAME_INDEX = re.compile(r"(\d+)(?:-(\d+)\[(\d+)\])?\Z")
_DIGITS = re.compile(r"\d+\Z")
_DATE_FORMAT = "%Y-%m-%d"


class UsageError(Exception):
    """Bad usage found after parsing: status 2, nothing sent.

    The message names the argument and what it accepts; it never holds a key.
    """


# The largest integer an option takes: the service's ids and counts are 64-bit
# (and a larger --limit would break the listing's slicing, not refuse).
MAX_INTEGER = 2**63 - 1


def _integer(text: str) -> int:
    # int() would also take " 12", "1_000" or "١٢" (Arabic-Indic digits).
    if not _DIGITS.match(text) or not text.isascii():
        raise ValueError(text)
    value = int(text)
    if value > MAX_INTEGER:
        raise ValueError(text)
    return value


def task_id(text: str) -> int:
    """A task id: a positive integer."""
    try:
        value = _integer(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(
            "a task id is a positive integer up to {}, not {!r}".format(MAX_INTEGER, text)
        )
    return value


def positive_int(text: str) -> int:
    try:
        value = _integer(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(
            "expected a positive integer up to {}, not {!r}".format(MAX_INTEGER, text)
        )
    return value


def non_negative_int(text: str) -> int:
    try:
        return _integer(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected an integer from 0 to {}, not {!r}".format(MAX_INTEGER, text)
        ) from None


def seconds(text: str) -> float:
    """A positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("expected a number of seconds > 0, not {!r}".format(text))
    return value


def poll_interval(text: str) -> float:
    """Seconds between polls: more than 0, up to a day (what ``wait_for_task`` takes)."""
    value = seconds(text)
    if value > MAX_INTERVAL:
        raise argparse.ArgumentTypeError(
            "expected at most {:g} seconds (a day), not {!r}".format(MAX_INTERVAL, text)
        )
    return value


def level(text: str) -> int:
    """A task user level: 50 or 60."""
    allowed = " or ".join(str(value) for value in TASK_USER_LEVELS)
    try:
        value = _integer(text)
    except ValueError:
        value = -1
    if value not in TASK_USER_LEVELS:
        raise argparse.ArgumentTypeError("expected {}, not {!r}".format(allowed, text))
    return value


def _code_in(text: str, table: Any, what: str) -> int:
    try:
        value = _integer(text)
    except ValueError:
        value = -1
    if value not in table:
        known = ", ".join("{} {}".format(code, word) for code, word in table.items())
        raise argparse.ArgumentTypeError(
            "not a {} code: {!r} (known: {})".format(what, text, known)
        )
    return value


def task_status(text: str) -> int:
    """A task status code from ``constants.TASK_STATUS``."""
    return _code_in(text, TASK_STATUS, "task status")


def frame_status(text: str) -> int:
    """A frame status code from ``constants.FRAME_STATUS``."""
    return _code_in(text, FRAME_STATUS, "frame status")


def frame_indexes(text: str) -> List[str]:
    """One FRAME argument: frame indexes joined by commas (``10``, ``2-4[1]``, ``1,3``)."""
    indexes = []
    for part in text.split(","):
        match = _FRAME_INDEX.match(part) if part.isascii() else None
        if match is None:
            raise argparse.ArgumentTypeError(
                "not a frame index: {!r} (a frame number such as 10, or a block such as "
                "2-4[1], as `dayan frame list` shows them)".format(part)
            )
        first, last, step = match.groups()
        if last is not None and (int(last) < int(first) or int(step) == 0):
            raise argparse.ArgumentTypeError(
                "not a frame index: {!r} (in FIRST-LAST[STEP], FIRST <= LAST and STEP >= 1)".format(
                    part
                )
            )
        indexes.append(part)
    return indexes


def frame_index(text: str) -> str:
    """One frame index (``10``, ``2-4[1]``), as `dayan frame list` shows it."""
    indexes = frame_indexes(text)
    if len(indexes) != 1:
        raise argparse.ArgumentTypeError(
            "one frame index, got {!r} (a frame number such as 10)".format(text)
        )
    return indexes[0]


def _local_time(text: str, end_of_day: bool) -> datetime.datetime:
    for pattern, date_only in ((TIME_FORMAT, False), (_DATE_FORMAT, True)):
        try:
            moment = datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
        if date_only and end_of_day:
            moment = datetime.datetime.combine(moment.date(), datetime.time(23, 59, 59))
        try:
            local = moment.astimezone()  # a naive datetime is taken as local time
        except (OSError, OverflowError, ValueError):
            # Windows' localtime() refuses times before 1970 or past 3000
            # (EINVAL); elsewhere the last day of 9999 can overflow.
            raise argparse.ArgumentTypeError(
                "{!r} is outside the times this system can convert to local time".format(text)
            ) from None
        try:
            local.astimezone(SERVICE_TIMEZONE)  # how the SDK sends it
        except (OverflowError, ValueError):
            raise argparse.ArgumentTypeError(
                "{!r} is past the last time the service's zone (UTC+8) can hold, "
                "9999-12-31 23:59:59 there".format(text)
            ) from None
        return local
    raise argparse.ArgumentTypeError(
        "expected a local time as YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not {!r}".format(text)
    )


def since(text: str) -> datetime.datetime:
    """A local time (aware); a date alone means its first second."""
    return _local_time(text, end_of_day=False)


def until(text: str) -> datetime.datetime:
    """A local time (aware); a date alone means its last second."""
    return _local_time(text, end_of_day=True)


def api_path(text: str) -> str:
    """A service path: it starts with ``/``."""
    if not text.startswith("/"):
        raise argparse.ArgumentTypeError(
            "a path starts with '/', such as /api/render/handle/getTaskList; got {!r}".format(text)
        )
    return text


def json_object(text: str, what: str) -> Dict[str, Any]:
    """``text`` parsed as JSON; it must be an object. Errors say where it fails."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise UsageError("{} is not JSON: {}".format(what, _json_problem(error))) from None
    if not isinstance(value, dict):
        raise UsageError(
            "{} must be a JSON object ({{...}}), not a JSON {}".format(what, _json_type(value))
        )
    return value


def _json_problem(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return "{} at line {} column {}".format(error.msg, error.lineno, error.colno)
    return str(error)


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def read_task_json(path: str) -> str:
    """The text of a task.json file, checked to be a JSON object.

    Raises :class:`UsageError` for a path that is not a file, a file that is
    not UTF-8 or not JSON (saying where it fails), or JSON that is not an object.
    """
    if not os.path.exists(path):
        raise UsageError("TASK_JSON: no such file: {}".format(path))
    if not os.path.isfile(path):
        raise UsageError("TASK_JSON: not a file: {}".format(path))
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as error:
        raise UsageError("TASK_JSON: cannot read {}: {}".format(path, error.strerror)) from None
    text = utf8_text(data, "TASK_JSON: {}".format(path))
    json_object(text, "TASK_JSON: {}".format(path))
    return text


def utf8_text(data: bytes, what: str) -> str:
    """``data`` decoded as UTF-8, with or without a BOM (editors on Windows often add one).

    Anything else is a :class:`UsageError` naming ``what``; text that looks
    like UTF-16 (what PowerShell 5.1's ``>`` and ``Out-File`` write) says so.
    """
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data:
        raise UsageError(
            "{} is UTF-16 text, not UTF-8 (PowerShell 5.1's `>` and Out-File write UTF-16: "
            "use `Set-Content -Encoding utf8` or `Out-File -Encoding utf8`)".format(what)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            "{} is not UTF-8 text (byte {} is not valid)".format(what, error.start)
        ) from None


class ExtendAction(argparse.Action):
    """``action="extend"``, which argparse has from Python 3.8 only.

    Each use of the option adds its values to one list: ``--status 1 2
    --status 3`` gives ``[1, 2, 3]``.
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: Any = None,
    ) -> None:
        items = list(getattr(namespace, self.dest, None) or [])
        items.extend(values)
        setattr(namespace, self.dest, items)


def add_command(
    groups: Any, name: str, summary: str, common: argparse.ArgumentParser, **options: Any
) -> argparse.ArgumentParser:
    """A (sub)command parser that also takes the global options."""
    return groups.add_parser(  # type: ignore[no-any-return]
        name,
        help=summary,
        description=options.pop("description", summary),
        parents=[common],
        allow_abbrev=False,
        **options,
    )
