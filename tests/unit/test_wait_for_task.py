"""query.wait_for_task: one request per poll, settled statuses, changes, failures, timeout.

The farm is scripted per poll; the client's clock and sleep are stand-ins, so
that hours of polling run at once and every wait is recorded.
"""

import json
import logging
import threading
import warnings

import pytest
import requests
import responses

from dayan_api import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionPollWarning,
    RayvisionResponseError,
    RayvisionWaitStoppedError,
    RayvisionWaitTimeoutError,
    RayvisonTaskIdError,
)
from dayan_api.constants import SETTLED_TASK_STATUSES, TASK_STATUS

from .support import QUERY_TASK_INFO, check_request, envelope, request_body, url

RENDERING, DONE, DONE_WITH_FAILED, STOPPED_BY_USER = 5, 25, 30, 15


class FakeTime:
    """The query operator's clock and sleep: sleeping moves the clock, at once."""

    def __init__(self):
        self.now = 5000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def poll(self):
        """The number of the poll under way, from 0: one poll per sleep."""
        return len(self.sleeps)


@pytest.fixture
def fake_time(api):
    fake = FakeTime()
    api.query._sleep = fake.sleep
    api.query._clock = fake.clock
    return fake


def item(task_id, status, done=0, total=10, failed=0):
    return {
        "id": task_id,
        "taskStatus": status,
        "totalFrames": total,
        "doneFrames": done,
        "failedFrames": failed,
        "executingFrames": 0,
        "abortFrames": 0,
        "renderConsume": 0.01 * done,  # changes on its own: not a reason for on_update
    }


class Farm:
    """Answers queryTaskInfo for the ids asked, from a script per task.

    ``script[task_id]`` lists ``(status, done)`` per poll; its last entry
    holds from then on.
    """

    def __init__(self, rsps, fake_time, script):
        self.fake_time = fake_time
        self.script = script
        self.requests = 0
        rsps.add_callback(
            responses.POST,
            url(QUERY_TASK_INFO),
            callback=self.answer,
            content_type="application/json",
        )

    def state(self, task_id):
        steps = self.script[task_id]
        return steps[min(self.fake_time.poll, len(steps) - 1)]

    def answer(self, request):
        self.requests += 1
        assert self.requests <= 1000, "polling without end"
        ids = json.loads(request.body)["taskIds"]
        items = [item(task_id, *self.state(task_id)) for task_id in ids]
        data = {"pageCount": 1, "pageNum": 1, "total": len(items), "size": 100, "items": items}
        return 200, {}, json.dumps(envelope(data))


def info_calls(rsps):
    return [call for call in rsps.calls if call.request.url.endswith(QUERY_TASK_INFO)]


# -- polling --------------------------------------------------------------------


def test_one_request_per_poll_carries_every_id(api, rsps, fake_time):
    Farm(
        rsps,
        fake_time,
        {
            101: [(0, 0), (RENDERING, 3), (DONE, 10)],
            102: [(RENDERING, 1), (RENDERING, 9), (RENDERING, 9), (DONE_WITH_FAILED, 9)],
            103: [(DONE, 10)],
        },
    )
    items = api.query.wait_for_task([102, 101, 103], interval=30)
    assert [i["id"] for i in items] == [102, 101, 103]  # the order given
    assert [i["taskStatus"] for i in items] == [DONE_WITH_FAILED, DONE, DONE]
    assert fake_time.sleeps == [30, 30, 30]
    calls = info_calls(rsps)
    assert len(calls) == 4 == len(fake_time.sleeps) + 1
    for call in calls:
        check_request(call, QUERY_TASK_INFO, {"taskIds": [102, 101, 103]})


def test_an_int_returns_the_one_item(api, rsps, fake_time):
    Farm(rsps, fake_time, {7: [(RENDERING, 2), (DONE, 10)]})
    final = api.query.wait_for_task(7)
    assert final == item(7, DONE, 10)
    assert fake_time.sleeps == [10.0]  # the default interval
    assert request_body(rsps.calls[0]) == {"taskIds": [7]}


def test_a_task_given_twice_is_asked_for_once_and_returned_twice(api, rsps, fake_time):
    Farm(rsps, fake_time, {1: [(DONE, 10)], 2: [(DONE, 10)]})
    items = api.query.wait_for_task((2, 1, 2), interval=1)
    assert [i["id"] for i in items] == [2, 1, 2]
    assert request_body(rsps.calls[0]) == {"taskIds": [2, 1]}


@pytest.mark.parametrize("count, chunks", [(100, [100]), (101, [100, 1]), (250, [100, 100, 50])])
def test_ids_are_split_only_past_100(api, rsps, fake_time, count, chunks):
    ids = list(range(1000, 1000 + count))
    Farm(rsps, fake_time, {task_id: [(RENDERING, 0), (DONE, 10)] for task_id in ids})
    items = api.query.wait_for_task(ids, interval=5)
    assert [i["id"] for i in items] == ids
    bodies = [request_body(call)["taskIds"] for call in info_calls(rsps)]
    assert [len(body) for body in bodies] == chunks * 2  # two polls
    assert bodies[: len(chunks)] == [ids[i : i + 100] for i in range(0, count, 100)]


def test_the_settled_statuses_are_interface_md_s():
    assert SETTLED_TASK_STATUSES == {10, 15, 20, 23, 25, 30, 35, 40, 45, 65, 70}


@pytest.mark.parametrize("status", sorted(SETTLED_TASK_STATUSES))
def test_a_settled_status_ends_the_wait(api, rsps, fake_time, status):
    Farm(rsps, fake_time, {9: [(status, 0)]})
    assert api.query.wait_for_task(9)["taskStatus"] == status
    assert fake_time.sleeps == [] and len(rsps.calls) == 1


@pytest.mark.parametrize("status", sorted(set(TASK_STATUS) - SETTLED_TASK_STATUSES))
def test_an_unsettled_status_keeps_polling(api, rsps, fake_time, status):
    assert status in (0, 5, 8, 50, 60, 100)
    Farm(rsps, fake_time, {9: [(status, 0)] * 5 + [(DONE, 10)]})
    assert api.query.wait_for_task(9, interval=60)["taskStatus"] == DONE
    assert fake_time.sleeps == [60] * 5


def test_a_stopped_task_settles(api, rsps, fake_time):
    Farm(rsps, fake_time, {9: [(RENDERING, 2), (STOPPED_BY_USER, 4)], 10: [(RENDERING, 1)]})
    with pytest.raises(RayvisionWaitTimeoutError) as raised:
        api.query.wait_for_task([9, 10], interval=10, timeout=35)
    assert [i["taskStatus"] for i in raised.value.items] == [STOPPED_BY_USER, RENDERING]
    assert "1 of 2 tasks not settled after 35 s: 10 (status 5)" in str(raised.value)


# -- on_update -------------------------------------------------------------------


def test_on_update_on_first_sight_and_on_changes_only(api, rsps, fake_time):
    Farm(
        rsps,
        fake_time,
        {
            1: [(0, 0), (0, 0), (RENDERING, 0), (RENDERING, 0), (RENDERING, 4), (DONE, 10)],
            2: [(RENDERING, 5), (RENDERING, 5), (RENDERING, 5), (DONE, 10)],
        },
    )
    seen = []
    api.query.wait_for_task([1, 2], interval=1, on_update=seen.append)
    assert [(i["id"], i["taskStatus"], i["doneFrames"]) for i in seen] == [
        (1, 0, 0),  # first sight
        (2, RENDERING, 5),  # first sight
        (1, RENDERING, 0),  # status
        (2, DONE, 10),
        (1, RENDERING, 4),  # frame count
        (1, DONE, 10),
    ]
    assert fake_time.sleeps == [1] * 5  # renderConsume changed every poll: no call for it


def test_on_update_sees_a_change_of_failed_frames(api, rsps, fake_time):
    rsps.add(
        responses.POST,
        url(QUERY_TASK_INFO),
        json=envelope({"items": [item(3, RENDERING, done=4)]}),
    )
    rsps.add(
        responses.POST,
        url(QUERY_TASK_INFO),
        json=envelope({"items": [item(3, RENDERING, done=4, failed=1)]}),
    )
    rsps.add(
        responses.POST,
        url(QUERY_TASK_INFO),
        json=envelope({"items": [item(3, 30, done=9, failed=1)]}),
    )
    seen = []
    api.query.wait_for_task(3, interval=2, on_update=seen.append)
    assert [i["failedFrames"] for i in seen] == [0, 1, 1]


def test_on_update_sees_a_sub_tasks_progress_through_its_parent(api, rsps, fake_time):
    # A parent's own counts are null (the published samples): its layers' move.
    def parent(done):
        layers = [item(6, RENDERING, done=done, total=5), item(7, RENDERING, done=0, total=5)]
        own = dict(item(5, RENDERING, total=10), doneFrames=None, executingFrames=None)
        return dict(own, abortFrames=None, respRenderingTaskList=layers)

    for done in (1, 1, 3):
        rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [parent(done)]}))
    rsps.add(
        responses.POST,
        url(QUERY_TASK_INFO),
        json=envelope({"items": [dict(parent(5), taskStatus=DONE)]}),
    )
    seen = []
    api.query.wait_for_task(5, interval=1, on_update=seen.append)
    assert [(i["taskStatus"], i["respRenderingTaskList"][0]["doneFrames"]) for i in seen] == [
        (RENDERING, 1),
        (RENDERING, 3),
        (DONE, 5),
    ]


def test_what_on_update_raises_propagates(api, rsps, fake_time):
    Farm(rsps, fake_time, {4: [(RENDERING, 1), (DONE, 10)]})

    def progress(info):
        if info["taskStatus"] == DONE:
            raise KeyError("the caller's bug")

    with pytest.raises(KeyError, match="the caller's bug"):
        api.query.wait_for_task(4, interval=1, on_update=progress)
    assert len(rsps.calls) == 2


# -- failures --------------------------------------------------------------------


def test_a_502_poll_is_logged_and_the_next_poll_goes_on(api, rsps, fake_time, caplog):
    for _ in range(3):  # the first attempt and the transport's two retries
        rsps.add(responses.POST, url(QUERY_TASK_INFO), status=502, body="<html>Bad Gateway</html>")
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, DONE, 10)]}))
    with caplog.at_level(logging.WARNING, logger="dayan_api"):
        final = api.query.wait_for_task(5, interval=20)
    assert final["taskStatus"] == DONE
    assert len(rsps.calls) == 4
    assert fake_time.sleeps == [20]
    assert len(api.connect._sleep.delays) == 2  # the transport's own retries came first
    warnings = [r for r in caplog.records if "wait_for_task" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert "HTTP 502" in warnings[0].getMessage()


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ConnectionError("connection reset by peer"),
        requests.exceptions.ReadTimeout("read timed out"),
    ],
)
def test_a_network_failure_is_survived(make_api, rsps, caplog, failure):
    api = make_api(max_retries=0)
    fake = FakeTime()
    api.query._sleep, api.query._clock = fake.sleep, fake.clock
    rsps.add(responses.POST, url(QUERY_TASK_INFO), body=failure)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, 45)]}))
    with caplog.at_level(logging.WARNING, logger="dayan_api"):
        assert api.query.wait_for_task(5, interval=3)["taskStatus"] == 45
    assert fake.sleeps == [3]
    assert any("wait_for_task" in r.getMessage() for r in caplog.records)


def test_a_429_that_outlasts_the_retries_is_survived(make_api, rsps):
    api = make_api(max_retries=0)
    fake = FakeTime()
    api.query._sleep, api.query._clock = fake.sleep, fake.clock
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=429)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, DONE)]}))
    assert api.query.wait_for_task(5, interval=3)["taskStatus"] == DONE


def test_a_business_error_raises_at_once(api, rsps, fake_time):
    rsps.add(
        responses.POST,
        url(QUERY_TASK_INFO),
        json=envelope(None, code=600026, message="task not found"),
    )
    with pytest.raises(RayvisionAPIError) as raised:
        api.query.wait_for_task([1, 2], interval=1)
    assert raised.value.code == 600026
    assert len(rsps.calls) == 1 and fake_time.sleeps == []


@pytest.mark.parametrize("status", [400, 403, 404])
def test_another_http_error_raises_at_once(api, rsps, fake_time, status):
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=status)
    with pytest.raises(RayvisionHTTPError):
        api.query.wait_for_task(1, interval=1)
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "data",
    [
        {"items": []},  # the task is not in the reply
        {"items": [{"id": 1}]},  # no taskStatus
        {"items": [{"taskStatus": 25}]},  # no id
        [1, 2],
    ],
)
def test_a_reply_without_what_is_needed_raises(api, rsps, fake_time, data):
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope(data))
    with pytest.raises(RayvisionResponseError):
        api.query.wait_for_task(1, interval=1)
    assert fake_time.sleeps == []


# -- timeout ---------------------------------------------------------------------


def test_the_timeout_error_carries_the_last_items(api, rsps, fake_time):
    Farm(rsps, fake_time, {1: [(RENDERING, 1), (RENDERING, 2), (RENDERING, 3)], 2: [(DONE, 10)]})
    with pytest.raises(RayvisionWaitTimeoutError) as raised:
        api.query.wait_for_task([2, 1], interval=10, timeout=25)
    error = raised.value
    assert isinstance(error, RayvisionError) and isinstance(error, TimeoutError)
    assert not isinstance(error, RayvisionConnectionError)
    assert fake_time.sleeps == [10, 10, 5]  # the last poll is at the deadline
    assert len(rsps.calls) == 4
    assert error.task_ids == [2, 1] and error.timeout == 25
    assert error.items == [item(2, DONE, 10), item(1, RENDERING, 3)]  # the last poll's
    assert error.error_code is None
    assert str(error) == "1 of 2 tasks not settled after 25 s: 1 (status 5)"


def test_the_timeout_error_of_an_int_and_of_polls_that_all_failed(make_api, rsps):
    api = make_api(max_retries=0)
    fake = FakeTime()
    api.query._sleep, api.query._clock = fake.sleep, fake.clock
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    with pytest.raises(RayvisionWaitTimeoutError) as raised, pytest.warns(RayvisionPollWarning):
        api.query.wait_for_task(8, interval=0.5, timeout=1.5)
    assert raised.value.task_ids == [8] and raised.value.items == [None]
    assert "8 (never read)" in str(raised.value)
    assert fake.sleeps == [0.5, 0.5, 0.5] and len(rsps.calls) == 4


def test_a_poll_slower_than_the_timeout_ends_the_wait_without_sleeping(api, rsps, fake_time):
    def slow(request):
        fake_time.now += 100  # this poll took 100 s
        return 200, {}, json.dumps(envelope({"items": [item(1, RENDERING)]}))

    rsps.add_callback(
        responses.POST, url(QUERY_TASK_INFO), callback=slow, content_type="application/json"
    )
    with pytest.raises(RayvisionWaitTimeoutError):
        api.query.wait_for_task(1, interval=10, timeout=60)
    assert fake_time.sleeps == [] and len(rsps.calls) == 1


def test_the_timeout_message_names_ten_tasks_at_most(api, rsps, fake_time):
    ids = list(range(1, 31))
    Farm(rsps, fake_time, {task_id: [(RENDERING, 0)] for task_id in ids})
    with pytest.raises(RayvisionWaitTimeoutError) as raised:
        api.query.wait_for_task(ids, interval=1, timeout=1)
    assert str(raised.value).endswith("10 (status 5) and 20 more")
    assert len(raised.value.items) == 30


# -- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, parameter",
    [
        ({"task_ids": []}, RayvisionArgumentError, "task_ids"),
        ({"task_ids": ()}, RayvisionArgumentError, "task_ids"),
        ({"task_ids": 0}, RayvisionArgumentError, "task_ids"),
        ({"task_ids": -3}, RayvisionArgumentError, "task_ids"),
        ({"task_ids": [1, 0]}, RayvisionArgumentError, "task_ids[1]"),
        ({"task_ids": "19097"}, RayvisionArgumentTypeError, "task_ids"),
        ({"task_ids": None}, RayvisionArgumentTypeError, "task_ids"),
        ({"task_ids": True}, RayvisionArgumentTypeError, "task_ids"),
        ({"task_ids": 1.0}, RayvisionArgumentTypeError, "task_ids"),
        ({"task_ids": {1, 2}}, RayvisionArgumentTypeError, "task_ids"),
        ({"task_ids": [1, "2"]}, RayvisonTaskIdError, "task_ids[1]"),
        ({"task_ids": [True]}, RayvisonTaskIdError, "task_ids[0]"),
        ({"task_ids": 1, "interval": 0}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": -5}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": float("nan")}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": float("inf")}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": "10"}, RayvisionArgumentTypeError, "interval"),
        ({"task_ids": 1, "interval": None}, RayvisionArgumentTypeError, "interval"),
        ({"task_ids": 1, "interval": True}, RayvisionArgumentTypeError, "interval"),
        # time.sleep cannot wait that long (OverflowError after the first poll)
        ({"task_ids": 1, "interval": 1e12}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": 86400.5}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "interval": 10**400}, RayvisionArgumentError, "interval"),
        ({"task_ids": 1, "timeout": 0}, RayvisionArgumentError, "timeout"),
        ({"task_ids": 1, "timeout": -1.5}, RayvisionArgumentError, "timeout"),
        ({"task_ids": 1, "timeout": float("inf")}, RayvisionArgumentError, "timeout"),
        ({"task_ids": 1, "timeout": 10**400}, RayvisionArgumentError, "timeout"),
        ({"task_ids": 1, "timeout": "60"}, RayvisionArgumentTypeError, "timeout"),
        ({"task_ids": 1, "on_update": "print"}, RayvisionArgumentTypeError, "on_update"),
        ({"task_ids": 1, "on_update": 3}, RayvisionArgumentTypeError, "on_update"),
        ({"task_ids": 1, "stop": True}, RayvisionArgumentTypeError, "stop"),
        ({"task_ids": 1, "stop": threading.Lock()}, RayvisionArgumentTypeError, "stop"),
    ],
)
def test_bad_input_is_refused_before_anything_is_sent(
    api, rsps, fake_time, kwargs, error, parameter
):
    def no_sleep(seconds):  # a wait that went ahead would otherwise poll forever
        pytest.fail(f"slept {seconds!r} s: the arguments were not refused")

    api.query._sleep = no_sleep
    with pytest.raises(error) as raised:
        api.query.wait_for_task(**kwargs)
    assert raised.value.parameter == parameter
    assert len(rsps.calls) == 0 and fake_time.sleeps == []


def test_a_sleep_that_wakes_early_adds_no_poll_at_the_deadline(api, rsps, fake_time):
    # time.sleep may return a little early by the monotonic clock (Windows'
    # timer resolution): the poll at the deadline is still the last one.
    fake_time.sleep = lambda seconds: FakeTime.sleep(fake_time, seconds * 0.999)
    api.query._sleep = fake_time.sleep
    Farm(rsps, fake_time, {1: [(RENDERING, 1)]})
    with pytest.raises(RayvisionWaitTimeoutError):
        api.query.wait_for_task(1, interval=10, timeout=15)
    assert len(rsps.calls) == 3


# -- RayvisionPollWarning ----------------------------------------------------------


def failing_then_done(rsps, failures):
    for _ in range(failures):
        rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, DONE)]}))


@pytest.fixture
def flaky_api(make_api):
    """A client without transport retries, on fake time: each failure is one poll."""
    api = make_api(max_retries=0)
    fake = FakeTime()
    api.query._sleep, api.query._clock = fake.sleep, fake.clock
    return api


def test_three_failed_polls_in_a_row_warn_once_at_the_callers_line(flaky_api, rsps):
    failing_then_done(rsps, 5)
    with pytest.warns(RayvisionPollWarning) as caught:
        final = flaky_api.query.wait_for_task(5, interval=2)
    assert final["taskStatus"] == DONE  # polling went on after the warning
    assert len(caught) == 1
    warning = caught[0]
    assert warning.filename == __file__  # the line that called wait_for_task
    assert str(warning.message) == (
        "wait_for_task: 3 polls in a row failed, over 4 s; the last: [503] HTTP 503 "
        "from https://task.dayancloud.com" + QUERY_TASK_INFO + ". Still polling."
    )
    assert issubclass(RayvisionPollWarning, UserWarning)


def test_polls_failing_for_60_seconds_warn_before_the_third(flaky_api, rsps):
    failing_then_done(rsps, 2)
    with pytest.warns(RayvisionPollWarning, match="2 polls in a row failed, over 90 s"):
        flaky_api.query.wait_for_task(5, interval=90)


def test_one_slow_failed_poll_counts_its_own_time(flaky_api, rsps):
    fake = FakeTime()
    flaky_api.query._clock = fake.clock

    def slow_503(request):
        fake.now += 61
        return 503, {}, ""

    rsps.add_callback(responses.POST, url(QUERY_TASK_INFO), callback=slow_503)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, DONE)]}))
    flaky_api.query._sleep = lambda seconds: None
    with pytest.warns(RayvisionPollWarning, match="1 poll in a row failed, over 61 s"):
        flaky_api.query.wait_for_task(5, interval=1)


def test_a_poll_that_succeeds_starts_the_count_again(flaky_api, rsps):
    for _ in range(2):
        rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
        rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
        rsps.add(
            responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, RENDERING)]})
        )
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope({"items": [item(5, DONE)]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert flaky_api.query.wait_for_task(5, interval=10)["taskStatus"] == DONE
    assert caught == []


def test_each_wait_warns_once_whatever_the_filter_says(flaky_api, rsps):
    failing_then_done(rsps, 8)
    failing_then_done(rsps, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # would show a second warning of the same wait
        flaky_api.query.wait_for_task(5, interval=1)
        flaky_api.query.wait_for_task(5, interval=1)
    assert [w.category for w in caught] == [RayvisionPollWarning, RayvisionPollWarning]


def test_a_warnings_filter_turns_it_into_an_error_that_ends_the_wait(flaky_api, rsps):
    failing_then_done(rsps, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RayvisionPollWarning)
        with pytest.raises(RayvisionPollWarning):
            flaky_api.query.wait_for_task(5, interval=1)
    assert len(rsps.calls) == 3


def test_a_business_error_does_not_count(flaky_api, rsps):
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    rsps.add(responses.POST, url(QUERY_TASK_INFO), json=envelope(None, code=600026, message="x"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RayvisionAPIError):
            flaky_api.query.wait_for_task(5, interval=1)
    assert caught == []


# -- stop --------------------------------------------------------------------------


def test_a_stop_set_during_a_poll_starts_no_other_with_a_stand_in_sleep(api, rsps, fake_time):
    # The stand-in sleep is kept (no real wait); the event is read after it.
    Farm(rsps, fake_time, {7: [(RENDERING, 1), (RENDERING, 2)]})
    stop = threading.Event()
    seen = []

    def on_update(task):
        seen.append(task)
        stop.set()  # as a Cancel button would, from another thread

    with pytest.raises(RayvisionWaitStoppedError) as raised:
        api.query.wait_for_task(7, interval=30, stop=stop, on_update=on_update)
    assert len(info_calls(rsps)) == 1 and fake_time.sleeps == [30]
    error = raised.value
    assert isinstance(error, RayvisionError) and not isinstance(error, TimeoutError)
    assert error.task_ids == [7] and error.items == seen == [item(7, RENDERING, 1)]
    assert str(error) == "wait stopped with 1 of 1 tasks not settled"


def test_a_stop_set_before_the_wait_sends_nothing(api, rsps, fake_time):
    stop = threading.Event()
    stop.set()
    with pytest.raises(RayvisionWaitStoppedError) as raised:
        api.query.wait_for_task([3, 4], stop=stop)
    assert raised.value.items == [None, None] and len(rsps.calls) == 0


def test_tasks_that_settle_are_returned_with_an_unset_stop(api, rsps, fake_time):
    Farm(rsps, fake_time, {5: [(RENDERING, 1), (DONE, 10)]})
    assert api.query.wait_for_task(5, interval=10, stop=threading.Event()) == item(5, DONE, 10)


def test_a_poll_that_fails_at_the_deadline_is_logged_as_the_last(flaky_api, rsps, caplog):
    rsps.add(responses.POST, url(QUERY_TASK_INFO), status=503)
    with caplog.at_level(logging.WARNING, logger="dayan_api"):
        with pytest.raises(RayvisionWaitTimeoutError), pytest.warns(RayvisionPollWarning):
            flaky_api.query.wait_for_task(8, interval=2, timeout=5)
    logged = [r.getMessage() for r in caplog.records if "wait_for_task" in r.getMessage()]
    assert len(logged) == 4  # polls at 0, 2, 4 and 5 s
    assert all("the next one tries again" in message for message in logged[:3])
    assert logged[3].startswith(
        "wait_for_task: a poll failed at the end of the timeout (5 s): no other poll follows: "
        "[503] HTTP 503"
    )


def test_a_poll_that_runs_past_the_deadline_and_fails_is_logged_as_the_last(make_api, rsps, caplog):
    api = make_api(max_retries=0)
    fake = FakeTime()
    api.query._sleep, api.query._clock = fake.sleep, fake.clock

    def slow_failure(request):
        fake.now += 100  # cut at the wait's deadline, 60 s away
        return 504, {}, "<html>Gateway Timeout</html>"

    rsps.add_callback(responses.POST, url(QUERY_TASK_INFO), callback=slow_failure)
    with caplog.at_level(logging.WARNING, logger="dayan_api"):
        with pytest.raises(RayvisionWaitTimeoutError), pytest.warns(RayvisionPollWarning):
            api.query.wait_for_task(8, interval=10, timeout=60)  # failing for 100 s: warned
    logged = [r.getMessage() for r in caplog.records if "wait_for_task" in r.getMessage()]
    assert fake.sleeps == [] and len(logged) == 1
    assert "(60 s): no other poll follows: [504] HTTP 504" in logged[0]
