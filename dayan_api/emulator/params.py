"""Reading request parameters: a wrong type is a business error, never a crash.

Whole numbers may come as JSON numbers or as decimal strings (the service's
JSON reader accepts both); booleans and fractions are refused.
"""

import json
import re
import sys
from typing import Any, List, Mapping, Optional, TypeVar, Union, overload

if sys.version_info >= (3, 8):
    from typing import Literal  # novermin (3.8+ branch)
else:  # Python 3.7: typing_extensions is a dependency there (pyproject.toml).
    from typing_extensions import Literal

from dayan_api.emulator.errors import INVALID_PARAMETER, MISSING_PARAMETER, ApiError

_T = TypeVar("_T")
_MISSING = object()
_WHOLE_NUMBER = re.compile(r"^-?\d{1,18}$")


def invalid(message: str) -> ApiError:
    return ApiError(INVALID_PARAMETER, message)


def missing(message: str) -> ApiError:
    return ApiError(MISSING_PARAMETER, message)


def is_unicode(value: Any) -> bool:
    """Whether parsed JSON ``value`` holds no lone surrogate (JSON's ``"\\ud800"``).

    Such a string is no Unicode text: it cannot be signed, stored or sent
    back as UTF-8, so a body or a task.json holding one is refused.
    """
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_int(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE_NUMBER.match(value.strip()):
        return int(value)
    return None


def _as_int_list(value: Any) -> Optional[List[int]]:
    """``value`` as a list of ints; None unless it is a list of whole numbers only."""
    if not isinstance(value, list):
        return None
    numbers = []
    for item in value:
        number = _as_int(item)
        if number is None:
            return None
        numbers.append(number)
    return numbers


@overload
def get_int(body: Mapping[str, Any], key: str, *, minimum: Optional[int] = None) -> int: ...


@overload
def get_int(
    body: Mapping[str, Any], key: str, default: _T, minimum: Optional[int] = None
) -> Union[int, _T]: ...


def get_int(
    body: Mapping[str, Any], key: str, default: Any = _MISSING, minimum: Optional[int] = None
) -> Any:
    """``body[key]`` as an int; ``default`` when absent or null (required without one)."""
    value = body.get(key)
    if value is None:
        if default is _MISSING:
            raise missing("{} is required".format(key))
        return default
    number = _as_int(value)
    if number is None:
        raise invalid("{} must be an integer, not {!r}".format(key, value))
    if minimum is not None and number < minimum:
        raise invalid("{} must be >= {}, not {}".format(key, minimum, number))
    return number


@overload
def get_int_list(
    body: Mapping[str, Any], key: str, required: Literal[True] = ..., allow_empty: bool = ...
) -> List[int]: ...


@overload
def get_int_list(
    body: Mapping[str, Any], key: str, required: bool, allow_empty: bool = ...
) -> Optional[List[int]]: ...


def get_int_list(
    body: Mapping[str, Any], key: str, required: bool = True, allow_empty: bool = False
) -> Optional[List[int]]:
    """``body[key]`` as a list of ints; None when absent and not required."""
    value = body.get(key)
    if value is None:
        if required:
            raise missing("{} is required: a list of integers".format(key))
        return None
    numbers = _as_int_list(value)
    if numbers is None:
        raise invalid("{} must be a list of integers, not {!r}".format(key, value))
    if not numbers and not allow_empty:
        raise invalid("{} must not be empty".format(key))
    return numbers


@overload
def get_str(body: Mapping[str, Any], key: str) -> str: ...


@overload
def get_str(body: Mapping[str, Any], key: str, default: _T) -> Union[str, _T]: ...


def get_str(body: Mapping[str, Any], key: str, default: Any = _MISSING) -> Any:
    """``body[key]`` as a string; ``default`` when absent or null (required without one)."""
    value = body.get(key)
    if value is None:
        if default is _MISSING:
            raise missing("{} is required".format(key))
        return default
    if not isinstance(value, str):
        raise invalid("{} must be a string, not {!r}".format(key, value))
    return value


def get_str_list(body: Mapping[str, Any], key: str) -> Optional[List[str]]:
    """``body[key]`` as a list of strings, or None when absent."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid("{} must be a list of strings, not {!r}".format(key, value))
    return value
