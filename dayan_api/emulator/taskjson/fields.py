"""Reading task.json fields, with errors that name the field (code INVALID_CONFIG_FILE)."""

import re
from typing import Any, Mapping, Optional

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.errors import INVALID_CONFIG_FILE, ApiError

# ASCII digits only, and few enough that int() takes them on every Python
# (str.isdigit() accepts "²"; Python 3.11+ refuses int() of 4300+ digits).
WHOLE_NUMBER = re.compile(r"^[0-9]{1,18}$")


def whole_number(text: str) -> Optional[int]:
    """``text`` (spaces around allowed) as an int >= 0, or None if it is not 1 to 18 digits."""
    text = text.strip()
    return int(text) if WHOLE_NUMBER.match(text) else None


def invalid(message: str) -> ApiError:
    return ApiError(INVALID_CONFIG_FILE, message)


def section(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    section = document.get(key, {})
    if not isinstance(section, dict):
        raise invalid("task.json: {} must be an object".format(key))
    return section


def string(section: Mapping[str, Any], name: str, key: str, default: str) -> str:
    value = section.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid("{} must be a string".format(name))
    return value


def switched_on(section: Mapping[str, Any], key: str) -> bool:
    """A task.json switch (``"1"``/``"0"``, also ``"True"``/``"False"``); on when absent."""
    return str(section.get(key, "1")).strip().lower() not in ("0", "false")


def cg_id(value: Any) -> int:
    number = whole_number(value) if isinstance(value, str) else None
    if number is not None:
        value = number
    if isinstance(value, bool) or value not in SOFTWARE_IDS.values():
        raise invalid(
            "task_info.cg_id {!r} is not a known software id ({})".format(
                value, ", ".join(str(cg_id) for cg_id in sorted(SOFTWARE_IDS.values()))
            )
        )
    return int(value)


def seconds(knobs: Mapping[str, Any], key: str, default: float) -> float:
    value = knobs.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e9:
        raise invalid("emulator.{} must be a number of seconds >= 0".format(key))
    return float(value)


def fail_attempts(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise invalid("emulator.fail_attempts must be an int >= 1")
    return value


MAX_LOG_LINES = 100000


def log_lines(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LOG_LINES:
        raise invalid("emulator.log_lines must be an int from 0 to {}".format(MAX_LOG_LINES))
    return value
