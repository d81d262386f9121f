"""A reply read whole leaves its connection for the next call; one cut short closes it.

Over real loopback HTTP/1.1 with keep-alive: the server records the client
port of each request, so a new connection shows as a new port.
"""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator, List

import pytest

from dayan_api import RayvisionAPI
from dayan_api.exception import RayvisionHTTPError, RayvisionResponseError

from .conftest import ACCOUNTS

ENVELOPE = b'{"code":200,"message":"success","data":{"ok":true}}'


class _Server:
    def __init__(self, respond: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.ports: List[int] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                owner.ports.append(self.client_address[1])
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                respond(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.domain = "127.0.0.1:{}".format(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,))
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], _Server]]:
    servers: List[_Server] = []

    def start(respond: Callable[[BaseHTTPRequestHandler], None]) -> _Server:
        servers.append(_Server(respond))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def client(server: _Server) -> RayvisionAPI:
    access_id, access_key = next(iter(ACCOUNTS.items()))
    return RayvisionAPI(access_id, access_key, domain=server.domain, protocol="http", max_retries=0)


def with_length(handler: BaseHTTPRequestHandler, body: bytes = ENVELOPE, status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def chunked(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for piece in (ENVELOPE[:10], ENVELOPE[10:]):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    handler.wfile.write(b"0\r\n\r\n")


def gzipped(handler: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(ENVELOPE)
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.mark.parametrize("respond", [with_length, chunked, gzipped])
def test_replies_read_whole_share_one_connection(serve, respond):
    server = serve(respond)
    with client(server) as api:
        for _ in range(3):
            assert api.user.query_user_profile() == {"ok": True}
    assert len(server.ports) == 3 and len(set(server.ports)) == 1


def test_an_error_reply_read_whole_keeps_its_connection_too(serve):
    server = serve(lambda handler: with_length(handler, b"<html>busy</html>", 500))
    with client(server) as api:
        for _ in range(2):
            with pytest.raises(RayvisionHTTPError):
                api.user.query_user_profile()
    assert len(set(server.ports)) == 1


def test_a_reply_too_large_to_read_closes_its_connection(serve, monkeypatch):
    from dayan_api import connect

    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 20)  # the envelope is larger
    server = serve(with_length)
    with client(server) as api:
        for _ in range(2):
            with pytest.raises(RayvisionResponseError, match="larger than"):
                api.user.query_user_profile()
    assert len(server.ports) == 2 and len(set(server.ports)) == 2
