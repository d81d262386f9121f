"""Reading big listings: the lazy iterators, and get_all_frames' concurrent pages."""

import json
import threading

import pytest
import responses

from dayan_api import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisonTaskIdError,
)

from .support import check_request, envelope, request_body, url

TASK = 14400249
TASK_FRAMES = "/api/render/handle/queryTaskFrames"
TASK_LIST = "/api/render/handle/getTaskList"
WAIT = 10  # seconds a test thread waits for another at most: never reached when all is well


def frame(number):
    return {"id": 9000 + number, "frameIndex": str(number), "frameStatus": 4, "taskId": TASK}


class Pages:
    """Answers a paged path by its ``pageNum``, ``page_size`` items a page.

    ``count`` items in all; ``pageCount`` is sent unless ``page_count`` is
    False. ``hooks[page]`` runs before that page is answered and may return
    a reply of its own (status, body).
    """

    def __init__(self, rsps, path, count, page_size=100, make=frame, page_count=True):
        self.count = count
        self.page_size = page_size
        self.make = make
        self.page_count = page_count
        self.hooks = {}
        self.asked = []
        self.threads = set()
        self._lock = threading.Lock()
        rsps.add_callback(
            responses.POST, url(path), callback=self.answer, content_type="application/json"
        )

    def items(self, number):
        first = (number - 1) * self.page_size + 1
        last = min(self.count, number * self.page_size)
        return [self.make(n) for n in range(first, last + 1)]

    def answer(self, request):
        number = json.loads(request.body)["pageNum"]
        with self._lock:
            self.asked.append(number)
            self.threads.add(threading.current_thread().name)
        hook = self.hooks.get(number)
        reply = hook() if hook else None
        if reply is not None:
            return reply
        data = {"pageNum": number, "size": self.page_size, "total": self.count}
        data["items"] = self.items(number)
        if self.page_count:
            data["pageCount"] = (self.count + self.page_size - 1) // self.page_size
        return 200, {}, json.dumps(envelope(data))


def page_threads():
    return [t for t in threading.enumerate() if t.name.startswith("dayan_api-pages")]


# -- iter_frames -----------------------------------------------------------------


def test_iter_frames_fetches_a_page_only_when_reached(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=250)
    frames = api.query.iter_frames(TASK)
    assert pages.asked == []  # nothing sent until the first item is asked for
    assert next(frames) == frame(1)
    assert pages.asked == [1]
    for _ in range(99):
        next(frames)
    assert pages.asked == [1]
    assert next(frames) == frame(101)
    assert pages.asked == [1, 2]
    rest = list(frames)
    assert [f["frameIndex"] for f in rest] == [str(n) for n in range(102, 251)]
    assert pages.asked == [1, 2, 3]  # pageCount 3: no fourth request
    for number, call in enumerate(rsps.calls, start=1):
        check_request(call, TASK_FRAMES, {"taskId": TASK, "pageNum": number, "pageSize": 100})


def test_iter_frames_without_page_count_stops_at_an_empty_page(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=5, page_size=2, page_count=False)
    assert [f["frameIndex"] for f in api.query.iter_frames(TASK, page_size=2)] == list("12345")
    assert pages.asked == [1, 2, 3, 4]
    assert request_body(rsps.calls[0])["pageSize"] == 2


@pytest.mark.parametrize("data", [None, {}, {"items": None}, {"items": [], "pageCount": 0}])
def test_iter_frames_of_a_task_without_frames(api, rsps, data):
    rsps.add(responses.POST, url(TASK_FRAMES), json=envelope(data))
    assert list(api.query.iter_frames(TASK)) == []
    assert len(rsps.calls) == 1


def test_iter_frames_raises_a_failed_page_where_it_is_reached(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=300)
    pages.hooks[2] = lambda: (200, {}, json.dumps(envelope(None, code=600026, message="gone")))
    frames = api.query.iter_frames(TASK)
    assert len([next(frames) for _ in range(100)]) == 100
    with pytest.raises(RayvisionAPIError):
        next(frames)


@pytest.mark.parametrize(
    "kwargs, error, parameter",
    [
        ({"task_id": "1"}, RayvisonTaskIdError, "task_id"),
        ({"task_id": 0}, RayvisionArgumentError, "task_id"),
        ({"task_id": TASK, "page_size": 0}, RayvisionArgumentError, "page_size"),
        ({"task_id": TASK, "page_size": "100"}, RayvisionArgumentTypeError, "page_size"),
    ],
)
def test_iter_frames_refuses_bad_input_when_called(api, rsps, kwargs, error, parameter):
    with pytest.raises(error) as raised:
        api.query.iter_frames(**kwargs)  # not even iterated: checked at the call
    assert raised.value.parameter == parameter
    assert len(rsps.calls) == 0


# -- iter_tasks ---------------------------------------------------------------------


def task(number):
    return {"id": 100 + number, "taskStatus": 25}


def test_iter_tasks_pages_lazily_with_the_filters_on_every_page(api, rsps):
    pages = Pages(rsps, TASK_LIST, count=5, page_size=2, make=task)
    tasks = api.query.iter_tasks(
        status_list=[25, 30],
        search_keyword="sh010",
        start_time="2024-01-01 00:00:00",
        end_time="2024-01-31 23:59:59",
        page_size=2,
    )
    assert pages.asked == []
    assert next(tasks) == task(1) and pages.asked == [1]
    assert [t["id"] for t in tasks] == [102, 103, 104, 105]
    assert pages.asked == [1, 2, 3]
    for number, call in enumerate(rsps.calls, start=1):
        body = {
            "pageNum": number,
            "pageSize": 2,
            "statusList": [25, 30],
            "searchKeyword": "sh010",
            "startTime": "2024-01-01 00:00:00",
            "endTime": "2024-01-31 23:59:59",
        }
        check_request(call, TASK_LIST, body)


def test_iter_tasks_skips_what_the_page_before_gave_when_the_listing_shifts(api, rsps):
    # Newest first, 2 a page: [6, 5] [4, 3] [2, 1]. After the first page, two
    # tasks arrive (a whole page's shift) and then one more.
    listings = [[6, 5, 4, 3, 2, 1], [8, 7, 6, 5, 4, 3, 2, 1], [9, 8, 7, 6, 5, 4, 3, 2, 1]]

    def answer(request):
        number = json.loads(request.body)["pageNum"]
        ids = listings[min(number - 1, 2)]
        items = [{"id": task_id} for task_id in ids[(number - 1) * 2 : number * 2]]
        return 200, {}, json.dumps(envelope({"items": items}))

    rsps.add_callback(
        responses.POST, url(TASK_LIST), callback=answer, content_type="application/json"
    )
    assert [t["id"] for t in api.query.iter_tasks(page_size=2)] == [6, 5, 4, 3, 2, 1]


def test_iter_tasks_defaults(api, rsps):
    Pages(rsps, TASK_LIST, count=3, make=task)
    assert len(list(api.query.iter_tasks())) == 3
    assert request_body(rsps.calls[0]) == {"pageNum": 1, "pageSize": 100}


@pytest.mark.parametrize(
    "kwargs, error, parameter",
    [
        ({"status_list": []}, RayvisionArgumentError, "status_list"),
        ({"status_list": [26]}, RayvisionArgumentError, "status_list[0]"),
        ({"status_list": 25}, RayvisionArgumentTypeError, "status_list"),
        ({"search_keyword": 5}, RayvisionArgumentTypeError, "search_keyword"),
        ({"start_time": "2024-01-01"}, RayvisionArgumentError, "start_time"),
        ({"end_time": 1700000000}, RayvisionArgumentTypeError, "end_time"),
        ({"page_size": 0}, RayvisionArgumentError, "page_size"),
    ],
)
def test_iter_tasks_refuses_bad_input_when_called(api, rsps, kwargs, error, parameter):
    with pytest.raises(error) as raised:
        api.query.iter_tasks(**kwargs)
    assert raised.value.parameter == parameter
    assert len(rsps.calls) == 0


def test_iter_tasks_reply_that_is_not_an_object(api, rsps):
    rsps.add(responses.POST, url(TASK_LIST), json=envelope([1, 2]))
    with pytest.raises(RayvisionResponseError):
        list(api.query.iter_tasks())


# -- get_all_frames with workers ---------------------------------------------------


@pytest.mark.parametrize("count, page_size", [(1, 100), (200, 100), (1234, 100), (999, 7)])
def test_workers_give_the_sequential_result(make_api, rsps, count, page_size):
    pages = Pages(rsps, TASK_FRAMES, count=count, page_size=page_size)
    api = make_api()
    sequential = api.query.get_all_frames(TASK, page_size=page_size, workers=1)
    asked_sequentially = list(pages.asked)
    pages.asked.clear()
    concurrent = api.query.get_all_frames(TASK, page_size=page_size)
    assert concurrent == sequential
    assert list(concurrent) == list(sequential) == [str(n) for n in range(1, count + 1)]
    assert sorted(pages.asked) == asked_sequentially == list(range(1, len(asked_sequentially) + 1))
    assert page_threads() == []


def test_workers_fetch_pages_at_the_same_time(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=900)
    together = threading.Barrier(4, timeout=WAIT)

    def meet():
        together.wait()  # one page at a time would break the barrier

    for number in range(2, 6):
        pages.hooks[number] = meet
    frames = api.query.get_all_frames(TASK)  # workers=4
    assert len(frames) == 900
    assert len([name for name in pages.threads if name.startswith("dayan_api-pages")]) == 4
    assert page_threads() == []


def test_workers_1_uses_no_thread(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=500)
    assert len(api.query.get_all_frames(TASK, workers=1)) == 500
    assert pages.threads == {threading.current_thread().name}
    assert pages.asked == [1, 2, 3, 4, 5]


def test_workers_keep_the_page_range(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=1000, page_size=10)
    frames = api.query.get_all_frames(TASK, start_page=3, end_page=8, page_size=10, workers=3)
    assert list(frames) == [str(n) for n in range(21, 81)]
    assert sorted(pages.asked) == [3, 4, 5, 6, 7, 8]
    assert pages.asked[0] == 3  # the first page comes alone and tells pageCount


def test_an_empty_page_ends_the_result_as_one_page_at_a_time_would(make_api, rsps):
    # The service said 10 pages but page 4 comes back empty: pages after it
    # are not used, and page 6's error is not raised (one page at a time
    # would never have asked for it).
    pages = Pages(rsps, TASK_FRAMES, count=1000)
    pages.hooks[4] = lambda: (200, {}, json.dumps(envelope({"items": [], "pageCount": 10})))
    pages.hooks[6] = lambda: (502, {}, "<html>Bad Gateway</html>")
    api = make_api(max_retries=0)
    sequential = api.query.get_all_frames(TASK, workers=1)
    assert pages.asked == [1, 2, 3, 4]
    concurrent = api.query.get_all_frames(TASK, workers=4)
    assert list(concurrent) == list(sequential) == [str(n) for n in range(1, 301)]


def test_a_page_count_smaller_on_a_later_page_ends_there(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=1000)
    shrunk = {"items": [frame(201)], "pageCount": 3}
    pages.hooks[3] = lambda: (200, {}, json.dumps(envelope(shrunk)))
    frames = api.query.get_all_frames(TASK)
    assert list(frames) == [str(n) for n in range(1, 202)]
    assert api.query.get_all_frames(TASK, workers=1) == frames


def test_the_first_failure_in_page_order_is_raised(make_api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=2000)
    page_5_failed = threading.Event()

    def fail_5():
        page_5_failed.set()
        return 200, {}, json.dumps(envelope(None, code=605, message="page 5"))

    def fail_3_later():
        assert page_5_failed.wait(WAIT)  # page 3 fails second in time, first in page order
        return 503, {}, "<html>page 3</html>"

    def slow_after_5():
        # As in the next test: pages that returned at once would let the
        # workers run through all 20 before a loaded machine schedules the
        # caller's thread to cancel them (seen on 3.7 with the oldest deps,
        # and with 0.1 s here on a 2-core machine running several suites:
        # 15 pages by 3 threads gave the caller only half a second).
        page_5_failed.wait(WAIT)
        threading.Event().wait(0.5)

    pages.hooks[3] = fail_3_later
    pages.hooks[5] = fail_5
    for number in range(6, 21):
        pages.hooks[number] = slow_after_5
    api = make_api(max_retries=0)
    with pytest.raises(RayvisionHTTPError) as raised:
        api.query.get_all_frames(TASK)
    assert raised.value.status_code == 503 and "page 3" in raised.value.body
    assert page_threads() == []  # every thread has ended
    assert len(pages.asked) < 20  # pages after the failure were not started


def test_a_failure_stops_the_other_pages(make_api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=5000)
    first_failure = threading.Event()

    def fail():
        first_failure.set()
        return 200, {}, json.dumps(envelope(None, code=600026, message="gone"))

    def slow():
        first_failure.wait(WAIT)  # the others finish only once page 2 has failed,
        # and then not at once: a page that returned instantly would let the two
        # workers run through every page before a loaded machine schedules the
        # caller's thread to cancel them (seen once in CI-like runs). An Event
        # that nobody sets waits 0.1 s (time.sleep is forbidden in unit tests).
        threading.Event().wait(0.1)
        return None

    pages.hooks[2] = fail
    for number in range(3, 51):
        pages.hooks[number] = slow
    api = make_api(max_retries=0)
    with pytest.raises(RayvisionAPIError):
        api.query.get_all_frames(TASK, workers=2)
    assert page_threads() == []
    assert len(pages.asked) < 50


def test_a_malformed_frame_on_a_later_page_raises(api, rsps):
    pages = Pages(rsps, TASK_FRAMES, count=500)
    pages.hooks[4] = lambda: (200, {}, json.dumps(envelope({"items": [{"id": 1}], "pageCount": 5})))
    with pytest.raises(RayvisionResponseError, match="frameIndex"):
        api.query.get_all_frames(TASK)
    assert page_threads() == []


@pytest.mark.parametrize(
    "workers, error",
    [
        (0, RayvisionArgumentError),
        (-1, RayvisionArgumentError),
        (33, RayvisionArgumentError),
        ("4", RayvisionArgumentTypeError),
        (4.0, RayvisionArgumentTypeError),
        (True, RayvisionArgumentTypeError),
        (None, RayvisionArgumentTypeError),
    ],
)
def test_bad_workers_are_refused_before_anything_is_sent(api, rsps, workers, error):
    with pytest.raises(error) as raised:
        api.query.get_all_frames(TASK, workers=workers)
    assert raised.value.parameter == "workers"
    assert len(rsps.calls) == 0


def test_32_workers_are_accepted(api, rsps):
    Pages(rsps, TASK_FRAMES, count=4000)
    assert len(api.query.get_all_frames(TASK, workers=32)) == 4000
