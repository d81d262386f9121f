"""``start_time`` and ``end_time`` given as a ``datetime``: written as the service reads
them, and refused naming the parameter when their time zone cannot say where they are.

Windows' localtime() fails for moments before 1970 (or far ahead) with
``OSError(EINVAL)``: a naive datetime never asks it, and a time zone that does
(dateutil's ``tzlocal``) is stood in for here by one that raises what Windows raises.
"""

import datetime
import errno

import pytest
import responses

from dayan_api import RayvisionArgumentError

from .support import TASK_LIST, VALUE, check_refused_before_sending, envelope, request_body, url

PAGE = {"pageCount": 0, "pageNum": 1, "total": 0, "size": 100, "items": []}


class LocalClockZone(datetime.tzinfo):
    """A zone that asks the system clock for its offset, and fails as Windows does before 1970."""

    def __init__(self, error):
        self.error = error

    def utcoffset(self, moment):
        raise self.error

    def dst(self, moment):
        raise self.error

    def tzname(self, moment):
        return "local"


class NoLocalClock(datetime.datetime):
    """A naive datetime whose conversions through the local clock fail, as on Windows."""

    def astimezone(self, tz=None):
        raise OSError(errno.EINVAL, "Invalid argument")

    def timestamp(self):
        raise OSError(errno.EINVAL, "Invalid argument")


def sent_times(api, rsps, **times):
    rsps.add(responses.POST, url(TASK_LIST), json=envelope(PAGE))
    api.query.get_task_list(**times)
    body = request_body(rsps.calls[-1])
    return body.get("startTime"), body.get("endTime")


def test_a_naive_datetime_before_1970_is_written_as_it_reads_without_the_local_clock(api, rsps):
    start = NoLocalClock(1969, 12, 31, 23, 59, 59)
    end = NoLocalClock(1900, 1, 1)
    assert sent_times(api, rsps, start_time=start, end_time=end) == (
        "1969-12-31 23:59:59",
        "1900-01-01 00:00:00",
    )


@pytest.mark.parametrize(
    "error",
    [OSError(errno.EINVAL, "Invalid argument"), ValueError("year out of range")],
    ids=["windows-localtime", "value"],
)
@pytest.mark.parametrize("parameter", ["start_time", "end_time"])
def test_a_zone_that_cannot_give_its_offset_is_refused_naming_the_parameter(
    api, rsps, error, parameter
):
    moment = datetime.datetime(1969, 12, 31, tzinfo=LocalClockZone(error))
    check_refused_before_sending(
        api, rsps, lambda a: a.query.get_task_list(**{parameter: moment}), VALUE, parameter
    )
    with pytest.raises(RayvisionArgumentError) as raised:
        api.query.get_task_list(**{parameter: moment})
    assert raised.value.parameter == parameter
    assert type(error).__name__ in str(raised.value)


def test_a_year_before_1000_is_written_with_four_digits_and_read_back(api, rsps):
    # strftime("%Y") writes year 999 as "999" on Linux and as "0999" elsewhere.
    assert sent_times(
        api, rsps, start_time=datetime.datetime(999, 1, 2, 3, 4, 5), end_time="0999-12-31 00:00:00"
    ) == ("0999-01-02 03:04:05", "0999-12-31 00:00:00")


def test_a_moment_past_year_9999_in_the_services_zone_is_still_refused(api, rsps):
    late = datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.timezone.utc)
    check_refused_before_sending(
        api, rsps, lambda a: a.query.get_task_list(end_time=late), VALUE, "end_time"
    )
