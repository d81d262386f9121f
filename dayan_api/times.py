"""The service's times as ``datetime`` objects: :func:`to_datetime`.

Replies carry times in two forms: epoch milliseconds (``submitDate``,
``startTime`` and ``endTime`` of task and frame items) and
``"yyyy-MM-dd HH:mm:ss"`` text in the service's zone, Beijing time (output
listings' ``lastModify``, progress images' ``startTime``). Both become aware
datetimes, which compare, subtract and convert (``.astimezone()``) correctly.
"""

import datetime
from typing import Any, Optional

from dayan_api.constants import SERVICE_TIMEZONE, TIME_FORMAT
from dayan_api.exception import RayvisionArgumentTypeError

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_ACCEPTS = "epoch milliseconds (an int), a 'yyyy-MM-dd HH:mm:ss' str, or None"


def to_datetime(value: Any) -> Optional[datetime.datetime]:
    """A time from a reply as an aware ``datetime``.

    - an ``int``, epoch milliseconds: that moment, in UTC;
    - a ``"yyyy-MM-dd HH:mm:ss"`` ``str``: that wall-clock time read in the
      service's zone (UTC+8, China Standard Time), with that zone;
    - ``None`` or ``0``: ``None``, a time not known yet, never
      1970-01-01 00:00 UTC (a task not started has a ``null``
      ``startTime``; a frame not started, or still rendering, a
      ``startTime`` or ``endTime`` of 0, as the service's samples show).

    Anything else (a ``bool``, a ``float``, text in another form, a date that
    does not exist, a moment outside years 1 to 9999) raises
    :class:`~dayan_api.exception.RayvisionArgumentTypeError` naming ``value``.
    ``.astimezone()`` gives the local time.
    """
    if value is None or (value == 0 and type(value) is int):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return _EPOCH + datetime.timedelta(milliseconds=value)
        except OverflowError:
            raise RayvisionArgumentTypeError(
                "value", f"{_ACCEPTS}; {value!r} ms is outside years 1 to 9999"
            ) from None
    if isinstance(value, str):
        moment = _parse(value)
        if moment is None:
            raise RayvisionArgumentTypeError("value", f"{_ACCEPTS}, got {value!r}")
        return moment.replace(tzinfo=SERVICE_TIMEZONE)
    shown = repr(value) if isinstance(value, (bool, float)) else "a " + type(value).__name__
    raise RayvisionArgumentTypeError("value", f"{_ACCEPTS}, got {shown}")


def _parse(text: str) -> Optional[datetime.datetime]:
    """The naive wall-clock time a ``"yyyy-MM-dd HH:mm:ss"`` text names, or None.

    None as well for a date that does not exist, and for text in any other
    form: strptime also takes "2024-1-5 8:00:00", which the service never writes.
    """
    try:
        moment = datetime.datetime.strptime(text, TIME_FORMAT)
    except ValueError:
        return None
    return moment if _text(moment) == text else None


def _text(moment: datetime.datetime) -> str:
    # Not strftime: "%Y" writes year 999 as "999" on some systems, "0999" on others.
    return "{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second
    )
