"""Bursts of fresh connections: the listen backlog and the handler threads hold them."""

import http.client
import json
import socket
import threading

from dayan_api import endpoints
from dayan_api.emulator import server

from .conftest import ACCESS_ID, ACCESS_KEY, Client

BURST = 64
TIMEOUT = 20  # seconds: generous, for a loaded machine; a healthy run takes well under 1


def signed_request(emu, number: int) -> bytes:
    """One whole signed HTTP request for getTaskList, closing its connection after."""
    path = endpoints.GET_TASK_LIST.path
    body = {"pageNum": 1, "pageSize": 1, "searchKeyword": "burst-{}".format(number)}
    headers = Client(emu, ACCESS_ID, ACCESS_KEY).headers(path, body)
    payload = json.dumps(body).encode("utf-8")
    lines = ["POST {} HTTP/1.1".format(path), "Host: {}".format(emu.domain)]
    lines += ["{}: {}".format(name, value) for name, value in headers.items()]
    lines += ["Content-Length: {}".format(len(payload)), "Connection: close", "", ""]
    return "\r\n".join(lines).encode("utf-8") + payload


def read_reply(connection: socket.socket) -> http.client.HTTPResponse:
    reply = http.client.HTTPResponse(connection)
    reply.begin()
    return reply


def test_the_listen_backlog_holds_a_burst_while_nothing_is_accepted(emu):
    # Hold the accept loop, so every connection must wait in the backlog; with
    # socketserver's backlog of 5 the sixth connect stalls and times out.
    gate = threading.Event()
    accept = emu._server.handle_request

    def held_accept() -> None:
        gate.wait(TIMEOUT)
        accept()

    emu._server.handle_request = held_accept
    connections = []
    try:
        for _ in range(BURST):
            connections.append(socket.create_connection(("127.0.0.1", emu.port), timeout=5))
        for number, connection in enumerate(connections):
            connection.sendall(signed_request(emu, number))
        gate.set()
        for connection in connections:
            connection.settimeout(TIMEOUT)
            reply = read_reply(connection)
            assert reply.status == 200
            assert json.loads(reply.read())["code"] == 200
    finally:
        gate.set()
        for connection in connections:
            connection.close()
    assert len(emu.requests) == BURST


def test_threads_each_opening_fresh_connections_at_once(emu):
    rounds = 3
    barrier = threading.Barrier(BURST)
    failures = []
    statuses = []
    lock = threading.Lock()

    def work(number: int) -> None:
        try:
            for _ in range(rounds):
                barrier.wait(TIMEOUT)
                connection = socket.create_connection(("127.0.0.1", emu.port), timeout=TIMEOUT)
                with connection:
                    connection.sendall(signed_request(emu, number))
                    reply = read_reply(connection)
                    code = json.loads(reply.read())["code"]
                with lock:
                    statuses.append((reply.status, code))
        except Exception as error:  # reported below, in the test's thread
            with lock:
                failures.append(repr(error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * rounds)
    assert failures == []
    assert statuses == [(200, 200)] * (BURST * rounds)
    assert not any(thread.is_alive() for thread in threads)


def test_connections_past_the_limit_wait_their_turn(emu, monkeypatch):
    # With room for 4 at once, 16 connections opened together are all served.
    emu._server._slots = threading.BoundedSemaphore(4)
    connections = [
        socket.create_connection(("127.0.0.1", emu.port), timeout=TIMEOUT) for _ in range(16)
    ]
    try:
        for number, connection in enumerate(connections):
            connection.sendall(signed_request(emu, number))
        for connection in connections:
            reply = read_reply(connection)
            assert reply.status == 200
            reply.read()
    finally:
        for connection in connections:
            connection.close()


def test_the_server_listens_with_a_deep_backlog(emu):
    assert emu._server.request_queue_size == server.LISTEN_BACKLOG >= 4 * BURST
