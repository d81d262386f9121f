"""Over real loopback HTTP: where a signed request goes, and what the SDK reads back.

Small stand-in servers play a redirecting gateway, a broken gateway that never
stops sending, a TLS service and an HTTP proxy; the emulator is the service.
"""

import gzip
import os
import ssl
import threading
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator, List

import certifi
import pytest
import requests

from dayan_api import RayvisionAPI, connect
from dayan_api.emulator import Emulator
from dayan_api.exception import RayvisionConnectionError, RayvisionHTTPError, RayvisionResponseError

from .conftest import ACCOUNTS

TLS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "tls")
CERT = os.path.join(TLS_DIR, "loopback-cert.pem")
KEY = os.path.join(TLS_DIR, "loopback-key.pem")
PROFILE = "/api/render/setUp/queryUserProfile"


class _Server:
    """A loopback HTTP server whose POST handler is ``respond(handler)``; records paths."""

    def __init__(self, respond: Callable[[BaseHTTPRequestHandler], None], tls: bool = False):
        self.paths: List[str] = []
        self.ports: List[int] = []  # the client's, one per connection
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                owner.paths.append(self.path)
                owner.ports.append(self.client_address[1])
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                respond(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(CERT, KEY)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.domain = "127.0.0.1:{}".format(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,))
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def start_server() -> Iterator[Callable[..., _Server]]:
    servers: List[_Server] = []

    def start(respond: Callable[[BaseHTTPRequestHandler], None], tls: bool = False) -> _Server:
        server = _Server(respond, tls)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def client(domain: str, protocol: str = "http", **kwargs: Any) -> RayvisionAPI:
    access_id, access_key = next(iter(ACCOUNTS.items()))
    return RayvisionAPI(access_id, access_key, domain=domain, protocol=protocol, **kwargs)


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_the_service_itself_is_not_followed(emu: Emulator, start_server, status):
    # The gateway points at a real, working service: following would succeed.
    def redirect(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, status, b"", Location=emu.url + handler.path)

    gateway = start_server(redirect)
    emu.clear_requests()
    with client(gateway.domain, backoff=0) as api:
        with pytest.raises(RayvisionHTTPError) as caught:
            api.user.query_user_profile()
    assert caught.value.status_code == status
    assert caught.value.location == emu.url + PROFILE
    assert gateway.paths == [PROFILE]  # asked once, not retried
    assert emu.requests == []  # the signed request went nowhere else


def test_a_reply_that_never_ends_is_cut_off(start_server, monkeypatch):
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 1024 * 1024)
    sent = []

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b" " * 65536
        try:
            for _ in range(10000):  # 640 MB, if the client read it all
                handler.wfile.write(chunk)
                sent.append(len(chunk))
        except OSError:
            pass  # the client hung up: what this test wants

    broken = start_server(endless)
    with client(broken.domain) as api:
        with pytest.raises(RayvisionResponseError, match="larger than 1048576 bytes"):
            api.user.query_user_profile()
    broken.close()
    assert sum(sent) < 64 * 1024 * 1024
    assert broken.paths == [PROFILE]


def _tls_service(handler: BaseHTTPRequestHandler) -> None:
    body = b'{"code": 200, "message": "success", "data": {"userId": 1}}'
    reply(handler, 200, body, Content_Type="application/json")


def test_an_untrusted_certificate_is_a_tls_failure_and_nothing_is_sent(start_server):
    service = start_server(_tls_service, tls=True)
    with client(service.domain, protocol="https") as api:
        with pytest.raises(RayvisionConnectionError) as caught:
            api.user.query_user_profile()
    assert "TLS failure" in str(caught.value)
    assert service.paths == []  # no request went over the untrusted connection


def test_a_host_that_turns_off_pythons_default_tls_checks_does_not_turn_off_the_sdks(
    start_server, monkeypatch
):
    # DCC scripts sometimes do this to quiet certificate errors of urllib.
    monkeypatch.setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
    service = start_server(_tls_service, tls=True)
    with client(service.domain, protocol="https") as api:
        with pytest.raises(RayvisionConnectionError, match="TLS failure"):
            api.user.query_user_profile()
    assert service.paths == []


def test_a_session_that_trusts_the_certificate_talks_tls(start_server):
    service = start_server(_tls_service, tls=True)
    session = requests.Session()
    session.verify = CERT
    session.trust_env = False  # else REQUESTS_CA_BUNDLE, if set, wins over verify
    with client(service.domain, protocol="https", session=session) as api:
        assert api.user.query_user_profile() == {"userId": 1}
    session.close()
    assert service.paths == [PROFILE]


def test_a_ca_bundle_in_the_environment_wins_over_the_sessions_verify(start_server, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    service = start_server(_tls_service, tls=True)
    session = requests.Session()
    session.verify = CERT
    with client(service.domain, protocol="https", session=session) as api:
        with pytest.raises(RayvisionConnectionError, match="TLS failure"):
            api.user.query_user_profile()
    session.close()
    assert service.paths == []


def test_proxies_come_from_the_environment_unless_trust_env_is_off(
    emu: Emulator, start_server, monkeypatch
):
    def proxy(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 502, b"proxy says no", Content_Type="text/plain")

    station = start_server(proxy)
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://" + station.domain)
    monkeypatch.setenv("http_proxy", "http://" + station.domain)
    emu.clear_requests()

    with client(emu.domain, max_retries=0) as api:
        with pytest.raises(RayvisionHTTPError, match="proxy says no"):
            api.user.query_user_profile()
    assert station.paths == [emu.url + PROFILE]  # the proxy got the whole request
    assert emu.requests == []

    session = requests.Session()
    session.trust_env = False
    with client(emu.domain, session=session) as api:
        assert "userId" in api.user.query_user_profile()
    session.close()
    assert len(station.paths) == 1
    assert [record.path for record in emu.requests] == [PROFILE]


@pytest.mark.parametrize("length", ["\u00b2", "1\u00b2", "\u00b9\u00b2\u00b3"])
def test_a_content_length_of_non_ascii_digits_is_not_a_bare_error(start_server, length):
    # "²" is a digit to str.isdigit() but not to int(); the HTTP layers
    # ignore such a length, so the body is read to its end as usual.
    body = b'{"code": 200, "message": "success", "data": {"userId": 1}}'

    def odd_length(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", length)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)

    server = start_server(odd_length)
    with client(server.domain, max_retries=0) as api:
        assert api.user.query_user_profile() == {"userId": 1}


def _gzip(chunks: Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(packer.compress(chunk) for chunk in chunks) + packer.flush()


def test_a_compression_bomb_is_not_inflated_past_the_limit(start_server, monkeypatch):
    # 1.5 KB on the wire, 128 MB once both gzip layers are undone: the older
    # urllib3 the package supports undid them whole before the bound applied.
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 1024 * 1024)
    bomb = _gzip(iter([_gzip(b" " * 1024 * 1024 for _ in range(128))]))
    assert len(bomb) < 4096

    def compressed(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 200, bomb, Content_Type="application/json", Content_Encoding="gzip, gzip")

    server = start_server(compressed)
    tracemalloc.start()
    try:
        with client(server.domain, max_retries=0) as api:
            with pytest.raises(RayvisionResponseError):
                api.user.query_user_profile()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "raw deflate", "identity", ""])
def test_compressed_replies_are_read(start_server, encoding):
    body = b'{"code": 200, "message": "success", "data": {"userId": 1}}'
    packers = {
        "gzip": zlib.compressobj(wbits=16 + zlib.MAX_WBITS),
        "x-gzip": zlib.compressobj(wbits=16 + zlib.MAX_WBITS),
        "deflate": zlib.compressobj(wbits=zlib.MAX_WBITS),
        "raw deflate": zlib.compressobj(wbits=-zlib.MAX_WBITS),  # what some servers send
    }
    packer = packers.get(encoding)
    sent = body if packer is None else packer.compress(body) + packer.flush()
    asked = []

    def compressed(handler: BaseHTTPRequestHandler) -> None:
        asked.append(handler.headers.get("Accept-Encoding"))
        headers = {"Content_Encoding": encoding.replace("raw ", "")} if encoding else {}
        reply(handler, 200, sent, Content_Type="application/json", **headers)

    server = start_server(compressed)
    with client(server.domain, max_retries=0) as api:
        assert api.user.query_user_profile() == {"userId": 1}
    assert asked == ["gzip, deflate"]  # only what the SDK decodes itself


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_an_encoding_the_sdk_did_not_ask_for_is_refused(start_server, encoding):
    def compressed(handler: BaseHTTPRequestHandler) -> None:
        reply(
            handler,
            200,
            b"\x00\x01\x02",
            Content_Type="application/json",
            Content_Encoding=encoding,
        )

    server = start_server(compressed)
    with client(server.domain, max_retries=0) as api:
        with pytest.raises(RayvisionResponseError, match="encoded as"):
            api.user.query_user_profile()


def test_an_accept_encoding_set_on_a_users_session_is_kept(start_server):
    asked = []

    def plain(handler: BaseHTTPRequestHandler) -> None:
        asked.append(handler.headers.get("Accept-Encoding"))
        reply(handler, 200, b'{"code": 200, "data": 1}', Content_Type="application/json")

    server = start_server(plain)
    session = requests.Session()
    session.headers["Accept-Encoding"] = "identity"
    with client(server.domain, session=session) as api:
        assert api.user.query_user_profile() == 1
    session.close()
    assert asked == ["identity"]


# -- a reply read whole leaves its connection for the next call; one cut short closes it

ENVELOPE = b'{"code":200,"message":"success","data":{"ok":true}}'


def with_length(handler: BaseHTTPRequestHandler, body: bytes = ENVELOPE, status: int = 200) -> None:
    reply(handler, status, body, Content_Type="application/json")


def chunked(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for piece in (ENVELOPE[:10], ENVELOPE[10:]):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    handler.wfile.write(b"0\r\n\r\n")


def gzipped(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 200, gzip.compress(ENVELOPE), Content_Encoding="gzip")


@pytest.mark.parametrize("respond", [with_length, chunked, gzipped])
def test_replies_read_whole_share_one_connection(start_server, respond):
    server = start_server(respond)
    with client(server.domain, max_retries=0) as api:
        for _ in range(3):
            assert api.user.query_user_profile() == {"ok": True}
    assert len(server.ports) == 3 and len(set(server.ports)) == 1


def test_an_error_reply_read_whole_keeps_its_connection_too(start_server):
    server = start_server(lambda handler: with_length(handler, b"<html>busy</html>", 500))
    with client(server.domain, max_retries=0) as api:
        for _ in range(2):
            with pytest.raises(RayvisionHTTPError):
                api.user.query_user_profile()
    assert len(set(server.ports)) == 1


def test_a_reply_too_large_to_read_closes_its_connection(start_server, monkeypatch):
    monkeypatch.setattr(connect, "MAX_REPLY_BYTES", 20)  # the envelope is larger
    server = start_server(with_length)
    with client(server.domain, max_retries=0) as api:
        for _ in range(2):
            with pytest.raises(RayvisionResponseError, match="larger than"):
                api.user.query_user_profile()
    assert len(server.ports) == 2 and len(set(server.ports)) == 2
