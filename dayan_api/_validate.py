"""Argument checks shared by the operators.

Each check returns the value to send, or raises before anything is sent with
an error naming the parameter and what it accepts. Values are never coerced
into something the caller did not write (a ``"12"`` is not taken for ``12``).
"""

import datetime
from typing import Any, Collection, Dict, List, Optional, Union

from dayan_api.constants import (
    FRAME_STATUS,
    SERVICE_TIMEZONE,
    TASK_STATUS,
)
from dayan_api.constants import software_id as software_id  # the operators' check, public
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisonTaskIdError,
)
from dayan_api.times import _parse as parse_service_time  # strict "yyyy-MM-dd HH:mm:ss"
from dayan_api.times import _text as service_time  # "yyyy-MM-dd HH:mm:ss", whatever the year


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def task_id(value: Any, parameter: str = "task_id") -> int:
    """A task id: a positive ``int``."""
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"{parameter}: a task id must be an int, got {_describe(value)}"
        raise RayvisonTaskIdError(None, message, parameter)
    if value <= 0:
        raise RayvisionArgumentError(parameter, f"a task id must be positive, got {value}")
    return value


def task_ids(value: Any, parameter: str) -> List[int]:
    """A non-empty list (or tuple) of task ids."""
    items = sequence(value, parameter, "a non-empty list of task ids (ints)", non_empty=True)
    return [task_id(item, f"{parameter}[{index}]") for index, item in enumerate(items)]


def task_ids_or_digits(value: Any, parameter: str) -> List[Any]:
    """A non-empty list of task ids, each an ``int`` or a ``str`` of ASCII digits, as given.

    For the calls whose published example sends ids as strings
    (``get_hardware_config(task_ids=["6306543"])``): nothing is converted.
    """
    items = sequence(
        value, parameter, "a non-empty list of task ids (ints, or strs of digits)", non_empty=True
    )
    for index, item in enumerate(items):
        where = f"{parameter}[{index}]"
        if not isinstance(item, str):
            task_id(item, where)
        elif not (item.isascii() and item.isdigit()) or int(item) <= 0:
            message = f"{where}: a task id must be an int or a str of digits, got {_describe(item)}"
            raise RayvisonTaskIdError(None, message, where)
    return items


def sequence(value: Any, parameter: str, accepts: str, non_empty: bool = False) -> List[Any]:
    """A list or tuple (a str is refused: it is a sequence of characters), as a list."""
    if not isinstance(value, (list, tuple)):
        raise RayvisionArgumentTypeError(parameter, f"{accepts}, got {_describe(value)}")
    if non_empty and not value:
        raise RayvisionArgumentError(parameter, f"{accepts}, got an empty list")
    return list(value)


def integer(value: Any, parameter: str, minimum: Optional[int] = None) -> int:
    """An ``int`` (not a bool), at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RayvisionArgumentTypeError(parameter, f"an int, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise RayvisionArgumentError(parameter, f"an int >= {minimum}, got {value}")
    return value


def int_list(value: Any, parameter: str, minimum: Optional[int] = None) -> List[int]:
    """A non-empty list of ints."""
    items = sequence(value, parameter, "a non-empty list of ints", non_empty=True)
    return [integer(item, f"{parameter}[{i}]", minimum) for i, item in enumerate(items)]


def one_of(value: Any, parameter: str, allowed: Collection[Any]) -> Any:
    """A value among ``allowed``, of its type (``2.0`` or a bool is not taken for an int)."""
    if isinstance(value, bool) or not any(
        isinstance(value, type(choice)) and value == choice for choice in allowed
    ):
        raise RayvisionArgumentError(
            parameter,
            "one of {}, got {}".format(", ".join(repr(a) for a in allowed), _describe(value)),
        )
    return value


def _codes(value: Any, parameter: str, table: Any, what: str) -> List[int]:
    accepts = "a non-empty list of {} codes ({})".format(what, ", ".join(str(c) for c in table))
    items = sequence(value, parameter, accepts, non_empty=True)
    return [one_of(item, f"{parameter}[{i}]", tuple(table)) for i, item in enumerate(items)]


def frame_statuses(value: Any, parameter: str = "status") -> List[int]:
    """A non-empty list of frame status codes (``FRAME_STATUS``: 1 to 12)."""
    return _codes(value, parameter, FRAME_STATUS, "frame status")


def task_statuses(value: Any, parameter: str = "status_list") -> List[int]:
    """A non-empty list of task status codes (0, 5, 8, ... 100)."""
    return _codes(value, parameter, TASK_STATUS, "task status")


def text(value: Any, parameter: str, allow_empty: bool = True) -> str:
    """A ``str`` that can be sent: valid Unicode (see :func:`unicode`)."""
    if not isinstance(value, str):
        raise RayvisionArgumentTypeError(parameter, f"a str, got {_describe(value)}")
    if not allow_empty and not value:
        raise RayvisionArgumentError(parameter, "a non-empty str")
    return unicode(value, parameter)


def unicode(value: str, parameter: str) -> str:
    """``value`` if it is valid Unicode, so that it can be sent as UTF-8.

    A str can hold lone surrogates, which no encoding carries: ``os.fsdecode``
    gives them for a file name whose bytes are not UTF-8 (``"shot_\\udce9.mb"``
    for a Latin-1 ``shot_é.mb`` on Linux).
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RayvisionArgumentError(parameter, not_unicode_message(value, error)) from None
    return value


def not_unicode_message(value: str, error: UnicodeEncodeError) -> str:
    """Why ``value`` cannot be sent, naming the first character UTF-8 refused and where."""
    start = max(0, error.start - 20)
    excerpt = value[start : error.start + 20]
    return (
        f"holds U+{ord(value[error.start]):04X}, a lone surrogate, at index {error.start} "
        f"({excerpt!r}): not valid Unicode, so it cannot be sent. A file name from "
        "os.fsdecode holds one when its bytes are not UTF-8: decode the bytes with "
        "their real encoding"
    )


def text_list(value: Any, parameter: str) -> List[str]:
    """A list of strings (may be empty)."""
    items = sequence(value, parameter, "a list of str")
    return [text(item, f"{parameter}[{i}]") for i, item in enumerate(items)]


def boolean(value: Any, parameter: str) -> bool:
    """A ``bool`` (``0`` and ``1`` are not taken for one)."""
    if not isinstance(value, bool):
        raise RayvisionArgumentTypeError(parameter, f"True or False, got {_describe(value)}")
    return value


def mapping(value: Any, parameter: str) -> Dict[str, Any]:
    """A ``dict``."""
    if not isinstance(value, dict):
        raise RayvisionArgumentTypeError(parameter, f"a dict, got {_describe(value)}")
    return value


def timestamp(value: Any, parameter: str) -> str:
    """A time as ``yyyy-MM-dd HH:mm:ss``: such a string, or a ``datetime``.

    A naive ``datetime`` is written as it reads (the local clock is never
    asked); an aware one is first converted to the service's zone (Beijing
    time, UTC+8). A year before 1000 is written with four digits.
    """
    if isinstance(value, datetime.datetime):
        moment: datetime.datetime = value
        try:
            if moment.tzinfo is not None and moment.utcoffset() is not None:
                moment = moment.astimezone(SERVICE_TIMEZONE)
        except OverflowError:  # past year 9999 (or before year 1) in UTC+8
            raise RayvisionArgumentError(
                parameter,
                f"a datetime that the service's zone (UTC+8) can hold, up to "
                f"9999-12-31 23:59:59 there, got {value!r}",
            ) from None
        except (OSError, ValueError) as error:
            # A tzinfo that asks the system clock (dateutil's tzlocal): on
            # Windows, localtime() fails before 1970 with EINVAL.
            raise RayvisionArgumentError(
                parameter,
                f"a datetime whose time zone can give its UTC offset, got {value!r} "
                f"({type(error).__name__}: {error})",
            ) from None
        return service_time(moment)
    accepts = "a datetime or a str like '2024-01-31 18:30:00'"
    if not isinstance(value, str):
        raise RayvisionArgumentTypeError(parameter, f"{accepts}, got {_describe(value)}")
    if parse_service_time(value) is None:
        raise RayvisionArgumentError(parameter, f"{accepts}, got {value!r}")
    return value


def frame_selection(
    task_id_value: Any, select_all: Any, ids_list: Any, status: Any
) -> Dict[str, Any]:
    """The body of a frame restart or a frame stop.

    ``select_all`` is 1 (every frame, or every frame in ``status``) or 0 (the
    frames whose ids are in ``ids_list``, which is then required).
    """
    body = {
        "taskId": task_id(task_id_value),
        "selectAll": one_of(select_all, "select_all", (0, 1)),
    }
    if ids_list is not None:
        body["ids"] = int_list(ids_list, "ids_list", minimum=1)
    elif select_all == 0:
        raise RayvisionArgumentError(
            "ids_list", "required when select_all is 0: the frame ids to act on"
        )
    if status is not None:
        body["status"] = frame_statuses(status)
    return body


def error_code(value: Any, parameter: str) -> Union[str, int]:
    """An analysis error code: a ``str`` or an ``int``, sent as it is."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RayvisionArgumentTypeError(
            parameter, f"an error code (str or int), got {type(value).__name__}"
        )
    return value
