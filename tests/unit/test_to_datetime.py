"""dayan_api.to_datetime: each form a reply carries, and each input it refuses."""

import datetime
import json
import pathlib

import pytest

import dayan_api
from dayan_api import RayvisionArgumentTypeError, to_datetime

UTC = datetime.timezone.utc
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def test_epoch_milliseconds_give_an_aware_utc_datetime():
    moment = to_datetime(1534387709123)  # a frame's startTime, as in the reference's samples
    assert moment == datetime.datetime(2018, 8, 16, 2, 48, 29, 123000, tzinfo=UTC)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    "value, expected",
    [
        (1, datetime.datetime(1970, 1, 1, 0, 0, 0, 1000, tzinfo=UTC)),
        (-1000, datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),  # no OSError on Windows
        (253402300799999, datetime.datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    ],
)
def test_epoch_milliseconds_at_the_edges(value, expected):
    assert to_datetime(value) == expected


def test_a_service_string_is_read_in_utc_plus_8():
    moment = to_datetime("2024-05-01 14:02:11")  # an output file's lastModify
    assert moment == datetime.datetime(2024, 5, 1, 6, 2, 11, tzinfo=UTC)
    assert moment.utcoffset() == datetime.timedelta(hours=8)
    assert (moment.hour, moment.minute) == (14, 2)  # the wall-clock time as written


def test_the_two_forms_of_one_moment_are_equal():
    assert to_datetime("2018-08-16 10:48:29") == to_datetime(1534387709000)


def test_none_gives_none():
    assert to_datetime(None) is None


def test_zero_ms_is_a_time_not_yet_known():
    # The published frame samples show startTime and endTime 0 before a frame starts.
    assert to_datetime(0) is None
    assert to_datetime(1) is not None
    with pytest.raises(RayvisionArgumentTypeError):
        to_datetime(False)


def test_the_published_frames_not_started_have_no_times():
    # The family's sample of get_all_frames: frames waiting, startTime and endTime 0.
    sample = pathlib.Path(__file__).parents[1] / "fixtures" / "published" / "get_all_frames.json"
    frames = json.loads(sample.read_text(encoding="utf-8"))
    times = [(frame["startTime"], frame["endTime"]) for frame in frames.values()]
    assert times and all(pair == (0, 0) for pair in times)
    assert all(to_datetime(start) is to_datetime(end) is None for start, end in times)


def test_only_zero_itself_is_not_a_time_the_moments_beside_it_are():
    assert to_datetime(-1) == datetime.datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)
    assert to_datetime(1) == datetime.datetime(1970, 1, 1, 0, 0, 0, 1000, tzinfo=UTC)
    with pytest.raises(RayvisionArgumentTypeError):
        to_datetime(0.0)  # a float is refused, 0.0 too


def test_it_is_exported_and_documented():
    assert "to_datetime" in dayan_api.__all__
    assert to_datetime.__doc__ and "UTC+8" in to_datetime.__doc__


@pytest.mark.parametrize(
    "value",
    [
        "2024-5-1 14:02:11",  # strptime alone would take it
        "2024-05-01 14:02",
        "2024-05-01T14:02:11",
        "2024-05-01 14:02:11+08:00",
        " 2024-05-01 14:02:11",
        "2024-02-30 00:00:00",  # no such day
        "2024-05-01 24:00:00",
        "",
        "1534387709000",  # digits as text: not guessed
    ],
)
def test_text_in_another_form_is_refused(value):
    with pytest.raises(RayvisionArgumentTypeError) as raised:
        to_datetime(value)
    assert raised.value.parameter == "value"
    assert repr(value) in str(raised.value)
    assert "'yyyy-MM-dd HH:mm:ss'" in str(raised.value)


@pytest.mark.parametrize(
    "value, shown",
    [
        (True, "True"),
        (1534387709.5, "1534387709.5"),
        (b"2024-05-01 14:02:11", "a bytes"),
        (datetime.datetime(2024, 5, 1), "a datetime"),
        ([1534387709000], "a list"),
    ],
)
def test_other_types_are_refused(value, shown):
    with pytest.raises(RayvisionArgumentTypeError) as raised:
        to_datetime(value)
    assert raised.value.parameter == "value"
    assert str(raised.value).endswith("got " + shown)
    assert isinstance(raised.value, TypeError)


@pytest.mark.parametrize("value", [253402300800000, -62135596800001, 10**30])
def test_milliseconds_outside_years_1_to_9999_are_refused(value):
    with pytest.raises(RayvisionArgumentTypeError, match="outside years 1 to 9999"):
        to_datetime(value)
