"""The per-thread limits a caller puts on its requests (deadline, stop), and how the
transport's retry loop honours them."""

import threading
import time

import pytest
import responses

from dayan_api import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionHTTPError,
    RayvisionTimeoutError,
)
from dayan_api._call_limits import CallLimits, CallStopped

from .support import QUERY_TASK_INFO, url


def test_limits_nest_the_earlier_deadline_holds_and_are_restored():
    limits = CallLimits()
    outer_stop, inner_stop = threading.Event(), threading.Event()
    assert limits.current() == (None, None)
    with limits.applied(100.0, outer_stop):
        with limits.applied(200.0):
            assert limits.current() == (100.0, outer_stop)
        with limits.applied(50.0, inner_stop):
            assert limits.current() == (50.0, inner_stop)
        assert limits.current() == (100.0, outer_stop)
    assert limits.current() == (None, None)


def test_limits_are_per_thread():
    limits = CallLimits()
    seen = []
    with limits.applied(1.0):
        worker = threading.Thread(target=lambda: seen.append(limits.current()))
        worker.start()
        worker.join()
    assert seen == [(None, None)]


@pytest.mark.parametrize(
    "no_time_left",
    [
        lambda connect: connect._limits.applied(time.monotonic() - 1),
        lambda connect: connect.deadline(0),  # the public way, below
    ],
    ids=["past-deadline", "connect-deadline-0"],
)
def test_no_time_left_sends_nothing(api, rsps, no_time_left):
    with no_time_left(api.connect):
        with pytest.raises(RayvisionTimeoutError, match="no time left"):
            api.query.task_info([1])
    assert len(rsps.calls) == 0


def test_no_retry_starts_that_would_wait_past_the_deadline(make_api, rsps):
    api = make_api(backoff=5.0)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    with api.connect._limits.applied(time.monotonic() + 2):
        with pytest.raises(RayvisionHTTPError) as raised:
            api.query.task_info([1])
    assert raised.value.status_code == 503
    assert len(rsps.calls) == 1 and api.connect._sleep.delays == []


def test_a_set_stop_sends_nothing_and_ends_a_retry_wait(make_api, rsps):
    api = make_api(backoff=30.0)
    stop = threading.Event()
    stop.set()
    with api.connect._limits.applied(stop=stop), pytest.raises(CallStopped):
        api.query.task_info([1])
    assert len(rsps.calls) == 0

    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with api.connect._limits.applied(stop=stop), pytest.raises(CallStopped):
        api.query.task_info([1])  # a 503, then a retry's wait of 15 s to 30 s
    assert time.monotonic() - started < 0.2 + 1
    assert len(rsps.calls) == 1


# -- Connect.deadline: the public way to bound a block of calls ----------------------


def test_connect_deadline_bounds_retries_and_ends_with_its_block(make_api, rsps):
    api = make_api(backoff=5.0)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    with api.connect.deadline(2):
        assert api.connect._limits.current()[0] <= time.monotonic() + 2
        with pytest.raises(RayvisionHTTPError):
            api.query.task_info([1])
    assert len(rsps.calls) == 1 and api.connect._sleep.delays == []
    assert api.connect._limits.current() == (None, None)


def test_connect_deadline_nests_the_earlier_holding_and_none_adds_no_limit(api):
    with api.connect.deadline(100):
        outer = api.connect._limits.current()[0]
        with api.connect.deadline(1000), api.connect.deadline(None):
            assert api.connect._limits.current()[0] == outer
        with api.connect.deadline(1):
            assert api.connect._limits.current()[0] < outer
    with api.connect.deadline(None):
        assert api.connect._limits.current() == (None, None)


@pytest.mark.parametrize(
    "seconds, error",
    [
        (-1, RayvisionArgumentError),
        (float("nan"), RayvisionArgumentError),
        (float("inf"), RayvisionArgumentError),
        (10**400, RayvisionArgumentError),
        (True, RayvisionArgumentTypeError),
        ("5", RayvisionArgumentTypeError),
    ],
)
def test_connect_deadline_refuses_anything_but_seconds_naming_the_parameter(api, seconds, error):
    with pytest.raises(error) as raised:
        with api.connect.deadline(seconds):
            pass  # pragma: no cover
    assert type(raised.value) is error and raised.value.parameter == "seconds"
