"""Every request is checked as the service checks it; bad requests never crash it."""

import http.client
import json
import time

import pytest
import requests

from dayan_api import Code, endpoints, signature
from dayan_api.codes import code_name
from dayan_api.emulator import errors

from .conftest import ACCESS_KEY, TIMEOUT

PROFILE = endpoints.QUERY_USER_PROFILE
PROTOCOL_HEADERS = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "version")


def still_serves(client):
    assert client.data(PROFILE)["userName"]


def raw_post(emu, path, headers, body=b""):
    """(status, parsed JSON) of a POST sent with exactly these headers (plus Host)."""
    connection = http.client.HTTPConnection(emu.host, emu.port, timeout=TIMEOUT)
    try:
        connection.putrequest("POST", path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        response = connection.getresponse()
        return response.status, json.loads(response.read().decode("utf-8"))
    finally:
        connection.close()


def test_success_envelope(client):
    reply = client.call(PROFILE)
    assert set(reply) == {"version", "result", "message", "code", "data", "serverTime", "requestId"}
    assert reply["version"] == "1.0.0"
    assert reply["result"] is True and reply["message"] == "success" and reply["code"] == 200
    assert abs(reply["serverTime"] / 1000 - time.time()) < 60
    assert isinstance(reply["requestId"], str) and reply["requestId"]


# The emulator's names and the service's documented codes they answer with
# (protocol.md, "Business codes"); the rest are the emulator's own, listed apart.
DOCUMENTED = {
    "SUCCESS": Code.SUCCESS,
    "HTTP_BAD_CONTENT_LENGTH": Code.BAD_REQUEST,
    "HTTP_UNKNOWN_PATH": Code.RESOURCE_NOT_FOUND,
    "HTTP_INTERNAL_ERROR": Code.INTERNAL_ERROR,
    "MISSING_HEADER": Code.PARAMETER_MISSING,
    "UNKNOWN_ACCESS_ID": Code.ACCOUNT_NOT_FOUND,
    "BAD_TIMESTAMP": Code.SIGNATURE_EXPIRED,
    "SIGNATURE_MISMATCH": Code.SIGNATURE_INVALID,
    "BODY_NOT_JSON": Code.BAD_REQUEST,
    "BODY_NOT_OBJECT": Code.BAD_REQUEST,
    "BAD_NONCE": Code.PARAMETER_INVALID,
    "INVALID_PARAMETER": Code.PARAMETER_INVALID,
    "MISSING_PARAMETER": Code.PARAMETER_MISSING,
    "TASK_NOT_FOUND": Code.TASK_NOT_FOUND,
    "RESOURCE_NOT_FOUND": Code.RESOURCE_NOT_FOUND,
    "FRAME_NOT_FOUND": Code.RESOURCE_NOT_FOUND,
    "CONFIG_FILE_MISSING": Code.TASK_JSON_EMPTY,
    "TASK_JSON_EMPTY": Code.TASK_JSON_EMPTY,
    "INVALID_CONFIG_FILE": Code.TASK_JSON_INVALID,
    "ALREADY_SUBMITTED": Code.ALREADY_SUBMITTING,
    "SUBMIT_NOT_ALLOWED": Code.SUBMIT_NOT_ALLOWED,
    "INJECTED_ERROR": Code.FAIL,
}
OWN = {
    "HTTP_METHOD_NOT_ALLOWED": 405,
    "HTTP_LENGTH_REQUIRED": 411,
    "HTTP_BODY_TOO_LARGE": 413,
    "INVALID_TASK_STATE": 90005,
    "NONCE_REUSED": 90006,
}


def test_reply_codes_are_the_documented_ones_where_one_fits():
    names = {name: value for name, value in vars(errors).items() if name.isupper()}
    assert set(names) >= set(DOCUMENTED) | set(OWN)
    for name, code in DOCUMENTED.items():
        assert names[name] == code, name
    for name, value in OWN.items():
        assert names[name] == value and code_name(value) is None, name
    # Every name is in one of the two lists (another helper's new names must be too).
    unlisted = set(names) - set(DOCUMENTED) - set(OWN)
    assert all(code_name(names[name]) for name in unlisted), unlisted
    assert 20004 not in names.values()  # the family SDK's own code for a failed upload


def test_wrong_key_is_a_signature_mismatch(client):
    reply = client.error(PROFILE, key="not-the-key")
    assert reply["code"] == errors.SIGNATURE_MISMATCH
    assert reply["message"] == "signature mismatch"
    assert "not-the-key" not in json.dumps(reply) and ACCESS_KEY not in json.dumps(reply)


def test_unknown_access_id(make_client):
    reply = make_client("nobody", "whatever").error(PROFILE)
    assert reply["code"] == errors.UNKNOWN_ACCESS_ID
    assert "unknown accessId" in reply["message"]


@pytest.mark.parametrize("offset", [-301, 301, -3600])
def test_stale_timestamp(client, offset):
    headers = client.headers(PROFILE.path, {})
    headers["UTCTimestamp"] = str(int(time.time()) + offset)
    del headers["signature"]
    headers["signature"] = signature.sign(ACCESS_KEY, client.emu.domain, PROFILE.path, headers, {})
    reply = client.error(PROFILE, {}, headers=headers)
    assert reply["code"] == errors.BAD_TIMESTAMP
    assert "UTCTimestamp outside the 300 s window" in reply["message"]


def test_timestamp_inside_the_window_passes(client):
    headers = client.headers(PROFILE.path, {})
    headers["UTCTimestamp"] = str(int(time.time()) - 250)
    del headers["signature"]
    headers["signature"] = signature.sign(ACCESS_KEY, client.emu.domain, PROFILE.path, headers, {})
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200


def test_timestamp_that_is_not_a_number(client):
    headers = client.headers(PROFILE.path, {})
    headers["UTCTimestamp"] = "yesterday"
    reply = client.error(PROFILE, {}, headers=headers)
    assert reply["code"] == errors.BAD_TIMESTAMP


@pytest.mark.parametrize("name", PROTOCOL_HEADERS + ("signature",))
def test_each_missing_header(client, name):
    headers = client.headers(PROFILE.path, {})
    del headers[name]
    reply = client.error(PROFILE, {}, headers=headers)
    assert reply["code"] == errors.MISSING_HEADER
    assert reply["message"] == "missing header: {}".format(name)
    still_serves(client)


def test_body_changed_after_signing(client):
    headers = client.headers(endpoints.QUERY_TASK_INFO.path, {"taskIds": [1]})
    reply = client.error(endpoints.QUERY_TASK_INFO, {"taskIds": [2]}, headers=headers)
    assert reply["code"] == errors.SIGNATURE_MISMATCH


def test_signed_for_another_domain(client):
    reply = client.error(PROFILE, domain="task.dayancloud.com")
    assert reply["code"] == errors.SIGNATURE_MISMATCH


def test_query_task_info_signs_b_filter_osgb(client):
    task_id = client.create()
    assert client.info(task_id)["id"] == task_id
    record = client.emu.requests[-1]
    assert record.signature_ok and "bFilterOsgb" not in record.body


def test_custom_header_takes_part_in_the_signature(client):
    headers = client.headers(PROFILE.path, {}, extra={"X-Studio": "north"})
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200
    headers = client.headers(PROFILE.path, {})
    headers["X-Studio"] = "north"  # sent but not signed
    assert client.error(PROFILE, {}, headers=headers)["code"] == errors.SIGNATURE_MISMATCH


def test_overridden_protocol_header_is_signed(client):
    headers = client.headers(PROFILE.path, {}, extra={"version": "1.0.0"})
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200


def test_body_not_json(client):
    headers = client.headers(PROFILE.path, {})
    response = client.session.post(
        client.emu.url + PROFILE.path, data=b"{not json", headers=headers, timeout=TIMEOUT
    )
    assert response.status_code == 200
    assert response.json()["code"] == errors.BODY_NOT_JSON
    still_serves(client)


def test_empty_body_is_not_json(client):
    headers = client.headers(PROFILE.path, {})
    response = client.session.post(
        client.emu.url + PROFILE.path, data=b"", headers=headers, timeout=TIMEOUT
    )
    assert response.json()["code"] == errors.BODY_NOT_JSON


@pytest.mark.parametrize("body", [[1, 2], "text", 5, None])
def test_body_not_an_object(client, body):
    headers = client.headers(PROFILE.path, {})
    response = client.session.post(
        client.emu.url + PROFILE.path, data=json.dumps(body), headers=headers, timeout=TIMEOUT
    )
    assert response.json()["code"] == errors.BODY_NOT_OBJECT


def test_unknown_path(client):
    response = client.post("/api/render/no/such/path", {})
    assert response.status_code == 404
    reply = response.json()
    assert reply["code"] == errors.HTTP_UNKNOWN_PATH and reply["result"] is False
    assert "/api/render/no/such/path" in reply["message"]
    still_serves(client)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_methods(client, method):
    response = client.session.request(method, client.emu.url + PROFILE.path, timeout=TIMEOUT)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json()["code"] == errors.HTTP_METHOD_NOT_ALLOWED
    still_serves(client)


def test_get_of_an_unknown_path(client):
    response = client.session.get(client.emu.url + "/", timeout=TIMEOUT)
    assert response.status_code == 404 and response.json()["code"] == 404


def test_head_has_no_body(client):
    response = client.session.head(client.emu.url + PROFILE.path, timeout=TIMEOUT)
    assert response.status_code == 405 and response.content == b""
    still_serves(client)


def test_body_over_10_mb(client):
    headers = client.headers(PROFILE.path, {})
    big = b"x" * (10 * 1024 * 1024 + 1)
    response = client.session.post(
        client.emu.url + PROFILE.path, data=big, headers=headers, timeout=TIMEOUT
    )
    assert response.status_code == 413
    assert response.json()["code"] == errors.HTTP_BODY_TOO_LARGE
    still_serves(client)


def test_huge_declared_length_is_refused_without_reading(client):
    status, reply = raw_post(client.emu, PROFILE.path, {"Content-Length": str(10**12)})
    assert status == 413 and reply["code"] == errors.HTTP_BODY_TOO_LARGE
    still_serves(client)


def test_missing_content_length(client):
    status, reply = raw_post(client.emu, PROFILE.path, {"accessId": "x"})
    assert status == 411 and reply["code"] == errors.HTTP_LENGTH_REQUIRED
    still_serves(client)


@pytest.mark.parametrize(
    "length", ["abc", "-1", "1.5", "", "\u00b2", "\u00b9", "9" * 5000, "1" * 21]
)
def test_invalid_content_length(client, length):
    status, reply = raw_post(client.emu, PROFILE.path, {"Content-Length": length})
    assert status == 400 and reply["code"] == errors.HTTP_BAD_CONTENT_LENGTH
    still_serves(client)


def test_chunked_body(client):
    status, reply = raw_post(
        client.emu, PROFILE.path, {"Transfer-Encoding": "chunked"}, b"2\r\n{}\r\n0\r\n\r\n"
    )
    assert status == 411 and reply["code"] == errors.HTTP_LENGTH_REQUIRED
    still_serves(client)


def test_garbage_request_line(client):
    import socket

    with socket.create_connection((client.emu.host, client.emu.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"\x00\x01 nonsense\r\n\r\n")
        assert sock.recv(1024)  # some error reply, then the server goes on
    still_serves(client)


def test_keep_alive_reuses_one_connection(client):
    connection = http.client.HTTPConnection(client.emu.host, client.emu.port, timeout=TIMEOUT)
    sockets = []
    try:
        for _ in range(3):
            body = json.dumps({}).encode()
            connection.request("POST", PROFILE.path, body, client.headers(PROFILE.path, {}))
            response = connection.getresponse()
            assert response.status == 200
            assert int(response.getheader("Content-Length")) == len(response.read())
            assert response.getheader("Connection") != "close"
            sockets.append(connection.sock)
        assert sockets[0] is not None and sockets[0] is sockets[1] is sockets[2]
    finally:
        connection.close()


def test_query_string_is_ignored(client):
    headers = client.headers(PROFILE.path, {})
    response = client.session.post(
        client.emu.url + PROFILE.path + "?x=1", data=b"{}", headers=headers, timeout=TIMEOUT
    )
    assert response.json()["code"] == 200


def test_records(client):
    client.emu.clear_requests()
    client.data(PROFILE)
    client.error(PROFILE, key="wrong")
    client.post("/nowhere", {"a": 1})
    first, second, third = client.emu.requests
    assert first.path == PROFILE.path and first.method == "POST"
    assert first.signature_ok is True and first.body == {} and first.code == 200
    assert first.headers["accessId"] == client.access_id and first.status == 200
    assert second.signature_ok is False and second.code == errors.SIGNATURE_MISMATCH
    assert third.status == 404 and third.signature_ok is False
    client.emu.clear_requests()
    assert client.emu.requests == []


def test_records_are_bounded():
    from dayan_api.emulator import serve

    from .conftest import Client

    with serve(max_records=3, speed=0) as emu:
        from dayan_api.emulator import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY

        client = Client(emu, DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY)
        try:
            for _ in range(5):
                client.data(PROFILE)
        finally:
            client.close()
        assert len(emu.requests) == 3


def test_the_key_is_never_shown(client):
    client.data(PROFILE)
    client.error(PROFILE, key="wrong")
    shown = repr(client.emu) + repr(client.emu.requests) + repr(client.emu.service._accounts)
    assert ACCESS_KEY not in shown


def test_quiet(client, capfd):
    client.data(PROFILE)
    client.error(PROFILE, key="wrong")
    client.post("/nowhere", {})
    client.session.get(client.emu.url + "/", timeout=TIMEOUT)
    raw_post(client.emu, PROFILE.path, {"Content-Length": "abc"})
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_requests_session_default_headers_are_not_signed(client):
    # requests adds User-Agent, Accept, Accept-Encoding and Connection itself.
    response = requests.post(
        client.emu.url + PROFILE.path,
        data=b"{}",
        headers=client.headers(PROFILE.path, {}),
        timeout=TIMEOUT,
    )
    assert response.json()["code"] == 200


def test_a_request_is_recorded_before_its_reply(client):
    big = b"x" * (10 * 1024 * 1024 + 1)
    for _ in range(20):
        client.data(PROFILE)
        client.emu.clear_requests()
        assert client.emu.requests == []  # no late record of the request just answered
    headers = client.headers(PROFILE.path, {})
    url = client.emu.url + PROFILE.path
    assert client.session.post(url, data=big, headers=headers, timeout=TIMEOUT).status_code == 413
    assert [record.status for record in client.emu.requests] == [413]


@pytest.mark.parametrize("depth", [150, 980, 5000, 100000])
def test_deeply_nested_body(client, depth):
    raw = b'{"a":' * depth + b"1" + b"}" * depth
    headers = client.headers(PROFILE.path, {})
    url = client.emu.url + PROFILE.path
    response = client.session.post(url, data=raw, headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200 and response.json()["code"] == errors.BODY_NOT_JSON
    still_serves(client)


def test_nesting_within_the_limit_is_fine(client):
    body = {"taskIds": [1]}
    for _ in range(50):
        body = {"wrap": body}
    assert client.call(PROFILE, body)["code"] == 200


def test_an_emulator_bug_is_a_500_envelope_and_serving_goes_on(client, monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(client.emu.service, "call", broken)
    response = client.post(PROFILE)
    assert response.status_code == 500
    assert response.json()["code"] == errors.HTTP_INTERNAL_ERROR
    assert "RuntimeError" in response.json()["message"]
    monkeypatch.undo()
    still_serves(client)


def test_a_lone_surrogate_escape_in_the_body_is_not_json(client):
    # JSON lets "\ud800" through as an escape; it is no Unicode text, and the
    # signature (and any reply echoing it) cannot be encoded.
    headers = client.headers(endpoints.ADD_PROJECT_LABEL.path, {"newName": "x"})
    response = client.session.post(
        client.emu.url + endpoints.ADD_PROJECT_LABEL.path,
        data=b'{"newName": "\\ud800x"}',
        headers=headers,
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.json()["code"] == errors.BODY_NOT_JSON
    still_serves(client)
