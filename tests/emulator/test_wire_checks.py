"""The emulator keeps the protocol honest: timestamps, nonces, replays, the signed
headers and domain, and it stays bounded in memory and sane in its clock and faults."""

import hashlib
import json

import pytest

from dayan_api import endpoints, signature
from dayan_api.emulator import errors, serve
from dayan_api.emulator.auth import TIMESTAMP_WINDOW, ReplayGuard
from dayan_api.emulator.clock import MAX_ADVANCE
from dayan_api.emulator.server import MAX_RECORDED_BODY_BYTES

from .conftest import ACCESS_ID, ACCESS_KEY
from .test_checks import raw_post, still_serves

PROFILE = endpoints.QUERY_USER_PROFILE
PLATFORMS = endpoints.QUERY_PLATFORMS


def resigned(client, headers, body=None, domain=None):
    """``headers`` with a signature computed over the protocol's headers and ``extra`` ones."""
    headers = dict(headers)
    headers.pop("signature", None)
    headers.pop("Content-Type", None)
    headers["signature"] = signature.sign(
        ACCESS_KEY, domain or client.emu.domain, PROFILE.path, headers, body or {}
    )
    headers["Content-Type"] = "application/json"
    return headers


# -- UTCTimestamp and nonce ---------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp", ["\u00b2", "\u00b9\u00b2", "9" * 400, "9" * 5000, "-5", "1.7e9", "0x10", "1 7"]
)
def test_a_malformed_timestamp_gets_an_error_envelope(client, stamp):
    headers = client.headers(PROFILE.path, {})
    headers["UTCTimestamp"] = stamp
    reply = client.error(PROFILE, {}, headers=resigned(client, headers))  # HTTP 200 asserted
    assert reply["code"] == errors.BAD_TIMESTAMP
    still_serves(client)


def test_a_timestamp_with_leading_zeros_is_read_as_its_number(client):
    headers = client.headers(PROFILE.path, {})
    headers["UTCTimestamp"] = "000" + headers["UTCTimestamp"]
    assert client.call(PROFILE, {}, headers=resigned(client, headers))["code"] == 200


@pytest.mark.parametrize("nonce", ["abc", "12a", "\u00b9\u00b2\u00b3", "-1", "1.5", "\u00b2"])
def test_a_nonce_that_is_not_decimal_digits_is_refused(client, nonce):
    headers = client.headers(PROFILE.path, {})
    headers["nonce"] = nonce
    reply = client.error(PROFILE, {}, headers=resigned(client, headers))
    assert reply["code"] == errors.BAD_NONCE
    assert "nonce" in reply["message"]


@pytest.mark.parametrize("nonce", ["11886", "1", "123456", "0000001", "9" * 40])
def test_any_string_of_decimal_digits_is_a_nonce(client, nonce):
    headers = client.headers(PROFILE.path, {})
    headers["nonce"] = nonce
    assert client.call(PROFILE, {}, headers=resigned(client, headers))["code"] == 200


def test_a_replayed_request_is_refused(client):
    headers = client.headers(PROFILE.path, {})
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200
    reply = client.error(PROFILE, {}, headers=headers)
    assert reply["code"] == errors.NONCE_REUSED
    assert headers["nonce"] in reply["message"]
    assert client.emu.requests[-1].code == errors.NONCE_REUSED
    still_serves(client)  # a fresh nonce goes through


def test_a_replay_is_refused_for_its_account_only(make_client):
    alice, bob = make_client(), make_client("other-id", "other-key")
    headers = alice.headers(PROFILE.path, {})
    assert alice.call(PROFILE, {}, headers=headers)["code"] == 200
    # bob cannot send alice's signed headers anyway (wrong key): a mismatch, not a replay
    stolen = dict(headers, accessId="other-id")
    assert bob.error(PROFILE, {}, headers=stolen)["code"] == errors.SIGNATURE_MISMATCH


def test_a_refused_request_uses_up_no_nonce(client):
    headers = client.headers(PROFILE.path, {})
    bad = dict(headers, signature="AAAA")
    assert client.error(PROFILE, {}, headers=bad)["code"] == errors.SIGNATURE_MISMATCH
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200


def test_the_replay_guard_forgets_a_request_once_its_timestamp_left_the_window():
    guard = ReplayGuard()
    headers = {"UTCTimestamp": "1700000000", "nonce": "123456", "signature": "s"}
    guard.check("id", headers, now=1700000000)
    guard.check("other", headers, now=1700000000)  # another account's own
    with pytest.raises(errors.ApiError) as caught:
        guard.check("id", headers, now=1700000000 + TIMESTAMP_WINDOW)
    assert caught.value.code == errors.NONCE_REUSED
    guard.check("id", dict(headers, signature="t"), now=1700000000)  # another request
    assert len(guard) == 3
    guard.check("id", {**headers, "UTCTimestamp": "1700000400"}, now=1700000000 + 400)
    assert len(guard) == 1  # the three of 1700000000 expired at +300


# -- the signed headers and domain: the SDK's rule, shared ------------------------------


def test_transport_headers_are_not_signed_and_others_are(client):
    headers = client.headers(PROFILE.path, {}, extra={"X-Pipeline": "shot_010"})
    headers["Authorization"] = "Bearer t"  # added after signing: a transport header
    headers["Accept-Language"] = "en"
    assert client.call(PROFILE, {}, headers=headers)["code"] == 200
    headers = client.headers(PROFILE.path, {})
    headers["X-Pipeline"] = "shot_010"  # added after signing: not a transport header
    assert client.error(PROFILE, {}, headers=headers)["code"] == errors.SIGNATURE_MISMATCH


@pytest.mark.parametrize(
    "host, signed",
    [
        ("127.0.0.1:80", "127.0.0.1"),  # what a client sends through a proxy for port 80
        ("LOCALHOST:{port}", "localhost:{port}"),
    ],
)
def test_the_host_is_signed_as_normalised(emu, host, signed):
    host = host.format(port=emu.port)
    signed = signed.format(port=emu.port)
    headers = {
        "accessId": ACCESS_ID,
        "channel": "4",
        "platform": "54",
        "UTCTimestamp": signature.generate_timestamp(),
        "nonce": signature.generate_nonce(),
        "version": "2.0.0",
    }
    headers["signature"] = signature.sign(ACCESS_KEY, signed, PROFILE.path, headers, {})
    headers.update({"Host": host, "Content-Type": "application/json", "Content-Length": "2"})
    status, reply = raw_post(emu, PROFILE.path, headers, b"{}")
    assert (status, reply["code"]) == (200, 200), reply


# -- records: bounded by size as well as by count --------------------------------------


def test_a_large_body_is_recorded_by_its_length_and_digest(client):
    content = "x" * (MAX_RECORDED_BODY_BYTES + 1)
    body = {"taskId": client.create(), "fileName": "task.json", "content": content}
    client.call(endpoints.TASK_JSON_FILE, body)
    raw = json.dumps(body).encode("utf-8")
    record = client.emu.requests[-1]
    assert record.body is None
    assert record.body_size == len(raw)
    assert record.body_sha256 == hashlib.sha256(raw).hexdigest()
    assert record.signature_ok


def test_a_small_body_is_kept_with_its_digest(client):
    client.data(PLATFORMS, {"zone": 1})
    record = client.emu.requests[-1]
    assert record.body == {"zone": 1}
    assert record.body_size == len(b'{"zone": 1}')
    assert record.body_sha256 == hashlib.sha256(b'{"zone": 1}').hexdigest()


def test_records_are_bounded_by_size():
    from .conftest import Client

    with serve({ACCESS_ID: ACCESS_KEY}, speed=0, max_record_bytes=1_000_000) as emu:
        client = Client(emu)
        try:
            padding = "p" * 200_000  # kept: under the per-body limit
            for _ in range(12):
                client.data(PLATFORMS, {"pad": padding})
            client.data(PROFILE)
        finally:
            client.close()
        records = emu.requests
        kept = sum(record.body_size for record in records if record.body is not None)
        assert kept <= 1_000_000
        assert 3 <= len(records) < 13
        assert records[-1].path == PROFILE.path  # the newest are kept


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_record_limits_are_checked(value):
    with pytest.raises(ValueError):
        serve(max_records=value)
    with pytest.raises(ValueError):
        serve(max_record_bytes=value)


# -- clock and faults refuse what would break the emulator ------------------------------


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), 10**400, MAX_ADVANCE + 1, -1])
def test_advance_refuses_what_is_not_a_finite_jump(client, seconds):
    before = client.emu.now()
    with pytest.raises(ValueError):
        client.emu.advance(seconds)
    assert client.emu.now() == before
    client.submit()
    assert client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 10})["items"]


def test_advance_takes_a_century(client):
    task_id = client.submit()
    client.emu.advance(MAX_ADVANCE)
    assert client.info(task_id)["taskStatus"] == 25


@pytest.mark.parametrize(
    "kwargs",
    [
        {"retry_after": float("nan")},
        {"retry_after": float("inf")},
        {"retry_after": "abc"},
        {"retry_after": -1},
        {"retry_after": True},
        {"retry_after": 10**400},
        {"body": b"<html>"},
    ],
)
def test_inject_refuses_a_retry_after_or_body_it_cannot_send(emu, kwargs):
    with pytest.raises(ValueError):
        emu.inject(PROFILE, status=429, **kwargs)
    assert emu.faults.pending() == {}


def test_inject_refuses_a_message_that_is_not_text(emu):
    with pytest.raises(ValueError):
        emu.inject(PROFILE, code=10086, message=42)
