"""The per-thread limits a caller puts on its requests (deadline, stop), and how the
transport's retry loop honours them."""

import threading
import time

import pytest
import responses

from dayan_api import RayvisionHTTPError, RayvisionTimeoutError
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


def test_a_past_deadline_sends_nothing(api, rsps):
    with api.connect._limits.applied(time.monotonic() - 1):
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
