"""Waits that end when they promise to: wait_for_task's timeout and stop event.

Real time, measured: each test holds a reply past the client's read timeout
and checks that the wait still ends by its limit. The margins allow for a
loaded machine (2 cores shared by many test runs).
"""

import os
import signal
import socket
import threading
import time

import pytest

from dayan_api import (
    Connect,
    RayvisionHTTPError,
    RayvisionTimeoutError,
    RayvisionWaitStoppedError,
    RayvisionWaitTimeoutError,
    endpoints,
)

from .conftest import read_request_head, submitted_task

LATE = 10.0  # seconds a held reply waits: longer than any limit below
MARGIN = 1.0  # what a loaded machine may add to a measured time
LOAD = 0.4  # the same, for the promises of half a second (a thread's wake-up)


@pytest.fixture
def slow_client(emu):
    with emu.client(timeout=(1, 3), backoff=0.01) as client:
        yield client


def test_wait_timeout_bounds_polls_answered_late(api, slow_client, emu):
    task_id = submitted_task(api)
    emu.inject(endpoints.QUERY_TASK_INFO, delay=LATE)
    started = time.monotonic()
    with pytest.raises(RayvisionWaitTimeoutError) as raised:
        slow_client.query.wait_for_task(task_id, interval=0.5, timeout=2)
    elapsed = time.monotonic() - started
    # The poll that was late got the 2 s that were left, not 3 s per attempt
    # and its retries (9 s and more before); the deadline poll half a second.
    assert elapsed < 2 + 0.5 + MARGIN, elapsed
    assert raised.value.items == [None]


@pytest.mark.filterwarnings("ignore::dayan_api.RayvisionPollWarning")  # polls keep failing
def test_wait_timeout_starts_no_retry_past_it(api, emu):
    task_id = submitted_task(api)
    # Each poll breaks at once: the transport would retry it after its backoff.
    emu.inject(endpoints.QUERY_TASK_INFO, status=503)
    with emu.client(backoff=5.0, max_retries=5) as client:
        started = time.monotonic()
        with pytest.raises(RayvisionWaitTimeoutError):
            client.query.wait_for_task(task_id, interval=0.5, timeout=1.5)
        elapsed = time.monotonic() - started
    # A retry after 2.5 s to 5 s of backoff would end past the deadline: none starts.
    assert elapsed < 1.5 + 0.5 + MARGIN, elapsed


def run_in_thread(target):
    """``target()`` on a worker thread; the outcome (result or error) once it ends."""
    outcome = {}

    def work():
        try:
            outcome["result"] = target()
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    return worker, outcome


def stop_and_time(stop, worker):
    """Set ``stop``; the seconds until ``worker`` ended."""
    stopped_at = time.monotonic()
    stop.set()
    worker.join(LATE)
    assert not worker.is_alive(), "the wait did not end"
    return time.monotonic() - stopped_at


def test_stop_ends_the_pause_between_polls(api, emu):
    task_id = submitted_task(api)  # the emulator's clock is frozen: it never settles
    stop = threading.Event()
    seen = []
    worker, outcome = run_in_thread(
        lambda: api.query.wait_for_task(task_id, interval=60, stop=stop, on_update=seen.append)
    )
    deadline = time.monotonic() + LATE
    while not seen and time.monotonic() < deadline:  # the first poll answered
        time.sleep(0.02)
    assert seen, "the first poll never answered"
    emu.clear_requests()
    assert stop_and_time(stop, worker) < 0.5 + LOAD  # promised: half a second
    error = outcome["error"]
    assert isinstance(error, RayvisionWaitStoppedError)
    assert error.task_ids == [task_id] and error.items == [seen[-1]]
    assert "1 of 1 tasks not settled" in str(error)
    assert emu.requests == []  # no poll after the stop


def test_stop_ends_a_poll_in_flight(api, emu):
    task_id = submitted_task(api)
    emu.inject(endpoints.QUERY_TASK_INFO, delay=LATE)
    stop = threading.Event()
    worker, outcome = run_in_thread(lambda: api.query.wait_for_task(task_id, interval=1, stop=stop))
    time.sleep(0.5)  # the first poll waits for its reply
    assert stop_and_time(stop, worker) < 0.5 + LOAD  # promised: half a second
    error = outcome["error"]
    assert isinstance(error, RayvisionWaitStoppedError) and error.items == [None]


def test_a_wait_that_settles_ignores_an_unset_stop(api, emu):
    task_id = submitted_task(api)
    emu.advance(3600)  # long enough to render it
    item = api.query.wait_for_task(task_id, interval=1, stop=threading.Event())
    assert item["taskStatus"] == 25


def test_stop_must_be_an_event(api):
    with pytest.raises(TypeError, match="stop: a threading.Event"):
        api.query.wait_for_task(1, stop=True)


def page_threads():
    return [thread for thread in threading.enumerate() if thread.name.startswith("dayan_api-pages")]


def read_stalled_frames_interrupted(api, emu, send_sigint):
    """get_all_frames over stalled pages, interrupted by ``send_sigint()`` in a thread:
    the seconds from that signal to the KeyboardInterrupt; no page thread is left."""
    task_id = submitted_task(api, frames="1-40[1]")
    emu.inject(endpoints.QUERY_TASK_FRAMES, times=1)  # the first page answers at once
    emu.inject(endpoints.QUERY_TASK_FRAMES, delay=LATE)  # the others stall
    interrupted = []

    def interrupt():
        while not page_threads():
            time.sleep(0.02)
        interrupted.append(time.monotonic())
        send_sigint()

    threading.Thread(target=interrupt, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        api.query.get_all_frames(task_id, page_size=5, workers=4)
    raised_after = time.monotonic() - interrupted[0]
    # The threads were told to stop: they end without their replies.
    ended_by = time.monotonic() + 0.25 + MARGIN
    while page_threads() and time.monotonic() < ended_by:
        time.sleep(0.02)
    assert page_threads() == []
    return raised_after


@pytest.mark.skipif(os.name == "nt", reason="a real SIGINT")
def test_ctrl_c_in_get_all_frames_is_raised_at_once(api, emu):
    raised_after = read_stalled_frames_interrupted(
        api, emu, lambda: os.kill(os.getpid(), signal.SIGINT)
    )
    # Promised: within a second; not once the stalled pages answer (10 s).
    assert raised_after < 1.0, raised_after


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="a signal to one thread")
def test_ctrl_c_delivered_to_a_page_thread_is_raised_at_once(api, emu):
    # The system may hand a process's SIGINT to any of its threads; Python
    # raises it in the main thread, which must wake up to do so.
    raised_after = read_stalled_frames_interrupted(
        api, emu, lambda: signal.pthread_kill(page_threads()[0].ident, signal.SIGINT)
    )
    assert raised_after < 1.0, raised_after


class RawServer:
    """A loopback server that answers each request with ``reply(connection)``."""

    def __init__(self, reply):
        self._reply = reply
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.domain = "127.0.0.1:{}".format(self._listener.getsockname()[1])
        self.requests = 0
        self.closing = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.closing.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection):
        with connection:
            if b"\r\n\r\n" not in read_request_head(connection):
                return
            self.requests += 1
            try:
                self._reply(connection, self.closing)
            except OSError:
                pass  # the client gave up

    def close(self):
        self.closing.set()
        self._listener.close()


def drip(connection, closing, text):
    """Send ``text`` a byte every 0.4 s (each read well within any read timeout)."""
    for byte in text.encode("ascii"):
        if closing.wait(0.4):
            return
        connection.sendall(bytes([byte]))


ENVELOPE = '{"code":200,"message":"success","data":{"padding":"' + "x" * 100 + '"}}'
HEADERS = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n".format(
    len(ENVELOPE)
)


@pytest.mark.parametrize(
    "reply",
    [
        lambda connection, closing: drip(connection, closing, HEADERS + ENVELOPE),
        lambda connection, closing: (
            connection.sendall(HEADERS.encode()),
            drip(connection, closing, ENVELOPE),
        ),
    ],
    ids=["headers drip", "body drips"],
)
def test_the_read_timeout_bounds_a_reply_that_drips(reply):
    server = RawServer(reply)
    client = Connect(
        "AKID-DRIP", "drip-key", "http", server.domain, "54", timeout=(1, 2), max_retries=0
    )
    try:
        started = time.monotonic()
        with pytest.raises(RayvisionTimeoutError, match="timed out waiting for the reply"):
            client.post(endpoints.QUERY_PLATFORMS, {"zone": 1})
        elapsed = time.monotonic() - started
    finally:
        client.close()
        server.close()
    assert elapsed < 2 + MARGIN, elapsed  # the whole reply would take about 50 s
    assert server.requests == 1


def test_a_reply_in_time_is_read_whole_through_the_bounded_reads():
    def reply(connection, closing):
        connection.sendall(HEADERS.encode())
        time.sleep(0.3)
        connection.sendall(ENVELOPE.encode())

    server = RawServer(reply)
    client = Connect("AKID-DRIP", "drip-key", "http", server.domain, "54", timeout=(1, 2))
    try:
        assert client.post(endpoints.QUERY_PLATFORMS, {"zone": 1}) == {"padding": "x" * 100}
    finally:
        client.close()
        server.close()


@pytest.mark.parametrize(
    ("status", "path"),
    [(307, endpoints.QUERY_PLATFORMS), (302, endpoints.CREATE_TASK)],
    ids=["307 on a retry-safe call", "302 on one that is not"],
)
def test_a_redirect_with_a_body_is_an_http_error_asked_once(status, path):
    page = "<html>{} Redirect</html>".format(status)

    def reply(connection, closing):
        connection.sendall(
            "HTTP/1.1 {} Moved\r\nLocation: https://elsewhere.example/login\r\n"
            "Content-Type: text/html\r\nContent-Length: {}\r\n\r\n{}".format(
                status, len(page), page
            ).encode("ascii")
        )

    server = RawServer(reply)
    client = Connect("AKID-REDIRECT", "redirect-key", "http", server.domain, "54", backoff=0.01)
    try:
        with pytest.raises(RayvisionHTTPError) as raised:
            client.post(path, {})
    finally:
        client.close()
        server.close()
    assert raised.value.status_code == status
    assert raised.value.location == "https://elsewhere.example/login"
    assert raised.value.body == page
    assert server.requests == 1


@pytest.mark.parametrize("ending", ["stalls", "breaks off"])
def test_a_redirect_whose_body_stalls_or_breaks_off_is_an_http_error_asked_once(ending):
    def reply(connection, closing):
        connection.sendall(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: https://elsewhere.example/login\r\n"
            b"Content-Type: text/html\r\nContent-Length: 100\r\n\r\n<html>"
        )
        if ending == "stalls":
            closing.wait(30)

    server = RawServer(reply)
    client = Connect(
        "AKID-REDIRECT", "redirect-key", "http", server.domain, "54", timeout=(1, 1), backoff=0.01
    )
    try:
        with pytest.raises(RayvisionHTTPError) as raised:
            client.post(endpoints.QUERY_PLATFORMS, {"zone": 1})
    finally:
        client.close()
        server.close()
    assert (raised.value.status_code, raised.value.location) == (
        307,
        "https://elsewhere.example/login",
    )
    assert server.requests == 1


def test_polls_that_never_answer_warn_by_the_warning_bound(api, emu, monkeypatch):
    # A service that holds every reply: one poll's retries (three read timeouts,
    # 9 s here; 3 minutes with the defaults) would outlast the warning's bound;
    # the poll ends at the bound instead, and the warning comes then.
    import warnings

    from dayan_api import RayvisionPollWarning
    from dayan_api.operators import _watch

    monkeypatch.setattr(_watch, "WARN_AFTER_SECONDS", 2.0)
    task_id = submitted_task(api)
    emu.inject(endpoints.QUERY_TASK_INFO, delay=LATE)
    with emu.client(timeout=(1, 3), backoff=0.01, max_retries=2) as client:
        started = time.monotonic()
        with warnings.catch_warnings():
            warnings.simplefilter("error", RayvisionPollWarning)  # ends the wait when issued
            with pytest.raises(RayvisionPollWarning):
                client.query.wait_for_task(task_id, interval=0.5, timeout=8)
    elapsed = time.monotonic() - started
    assert elapsed < 2 + MARGIN, elapsed
