"""The signer against protocol.md: every test vector, then each flattening rule."""

import copy
import time
from collections import OrderedDict

import pytest

from dayan_api import signature

from .support import hmac_b64, string_to_sign

DOMAIN = "task.dayancloud.com"
KEY = "SECRETKEYEXAMPLE"
RECOMMIT_FAIL_FRAME = "/api/rendering/task/renderingTask/recommitFailFrame"
CREATE_TASK = "/api/render/task/createTask"
QUERY_TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"


def vector_headers():
    return {
        "accessId": "AKIDEXAMPLE",
        "channel": "4",
        "platform": "54",
        "UTCTimestamp": "1700000000",
        "nonce": "123456",
        "signature": "",
        "version": "2.0.0",
        "Content-Type": "",
    }


VECTOR_3 = (
    RECOMMIT_FAIL_FRAME,
    {"taskIds": [13798105, 13798106], "status": [1, 5, 11]},
    "[POST]task.dayancloud.com:/api/rendering/task/renderingTask/recommitFailFrame"
    "&UTCTimestamp=1700000000&accessId=AKIDEXAMPLE&channel=4&nonce=123456&platform=54"
    "&status0=1&status1=5&status2=11&taskIds0=13798105&taskIds1=13798106&version=2.0.0",
    "zz3AX8XgzMc7Q5ykt0EyCGXTe2qhwSURp+vaFCoW/jc=",
)
VECTOR_4 = (
    CREATE_TASK,
    {
        "count": 1,
        "taskUserLevel": 50,
        "labels": ["镜头A", "label_test2"],
        "artist": None,
        "param": {"a": {"b": True}},
        "empty": [],
    },
    "[POST]task.dayancloud.com:/api/render/task/createTask&UTCTimestamp=1700000000"
    "&accessId=AKIDEXAMPLE&artist=None&channel=4&count=1&labels0=镜头A&labels1=label_test2"
    "&nonce=123456&param.a.b=True&platform=54&taskUserLevel=50&version=2.0.0",
    "chuNn++9OlBl7ceV79ZynbYw1YN4ITCRTdDuKnBWgaE=",
)
VECTOR_5 = (
    QUERY_TASK_INFO,
    {"taskIds": [14400249]},
    "[POST]task.dayancloud.com:/api/rendering/task/renderingTask/queryTaskInfo"
    "&UTCTimestamp=1700000000&accessId=AKIDEXAMPLE&bFilterOsgb=0&channel=4&nonce=123456"
    "&platform=54&taskIds0=14400249&version=2.0.0",
    "tNLC0PzbrHndtipirMLJrsUbjvyZfvLAXIAsn3TGRGs=",
)
VECTORS = pytest.mark.parametrize(
    "path, body, expected_string, expected_signature",
    [VECTOR_3, VECTOR_4, VECTOR_5],
    ids=["vector3-lists", "vector4-nesting", "vector5-queryTaskInfo"],
)


# -- the protocol's test vectors ------------------------------------------------


def test_vector_1_hmac_alone():
    assert signature.generate_signature("test_key", "test_msg") == (
        b"TC9wro8movj4HGMphrpEdES3oBdPsq+y+2tAt6kM/Tw="
    )


def test_generate_signature_returns_bytes_and_takes_bytes():
    by_text = signature.generate_signature("test_key", "test_msg")
    assert isinstance(by_text, bytes)
    assert signature.generate_signature(b"test_key", b"test_msg") == by_text


def test_vector_2_string_to_sign():
    headers = {
        "accessId": "xxx",
        "channel": "4",
        "platform": "2",
        "UTCTimestamp": "32166266",
        "nonce": "1465",
        "version": "dev",
    }
    assert signature.generate_headers_body_str(
        "tests.com", "api_url", headers, {"key": "value"}
    ) == (
        "[POST]tests.com:api_url&UTCTimestamp=32166266&accessId=xxx&channel=4&key=value"
        "&nonce=1465&platform=2&version=dev"
    )


@VECTORS
def test_vectors_string_to_sign(path, body, expected_string, expected_signature):
    assert signature.generate_headers_body_str(DOMAIN, path, vector_headers(), body) == (
        expected_string
    )


@VECTORS
def test_vectors_signature(path, body, expected_string, expected_signature):
    assert signature.generate_signature(KEY, expected_string) == expected_signature.encode()
    assert signature.sign(KEY, DOMAIN, path, vector_headers(), body) == expected_signature


@VECTORS
def test_the_tests_own_signer_matches_the_vectors(path, body, expected_string, expected_signature):
    # support.py checks every request the SDK sends; it must itself be right.
    assert string_to_sign(DOMAIN, path, vector_headers(), body) == expected_string
    assert hmac_b64(KEY, expected_string) == expected_signature


def test_vector_5_bfilterosgb_is_signed_but_not_added_to_the_body():
    body = {"taskIds": [14400249]}
    signature.generate_headers_body_str(DOMAIN, QUERY_TASK_INFO, vector_headers(), body)
    assert body == {"taskIds": [14400249]}
    # Without the pair the signature would differ: the pair really is signed.
    without = VECTOR_5[2].replace("&bFilterOsgb=0", "")
    assert signature.generate_signature(KEY, without).decode() != VECTOR_5[3]


def test_vector_6_the_services_published_example():
    # Its own domain, channel, platform, version and key: nothing of Dayan's defaults.
    headers = {
        "accessId": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "channel": "7",
        "platform": "1",
        "UTCTimestamp": "1535957371",
        "nonce": "11886",
        "version": "1.0.0",
    }
    path = "/api/render/common/queryPlatforms"
    expected = (
        "[POST]task.renderbus.com:/api/render/common/queryPlatforms&UTCTimestamp=1535957371"
        "&accessId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&channel=7&nonce=11886&platform=1"
        "&version=1.0.0&zone=2"
    )
    key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
    published = "6tvuz8bgDCz5vtS3amuMWVbOqzhaeWaOhNcWMqx9zcg="
    text = signature.generate_headers_body_str("task.renderbus.com", path, headers, {"zone": 2})
    assert text == expected == string_to_sign("task.renderbus.com", path, headers, {"zone": 2})
    assert signature.generate_signature(key, expected) == published.encode()
    assert signature.sign(key, "task.renderbus.com", path, headers, {"zone": 2}) == published
    assert hmac_b64(key, expected) == published


def test_bfilterosgb_only_on_query_task_info():
    other = signature.generate_headers_body_str(
        DOMAIN, "/api/rendering/task/renderingTask/stopTask", vector_headers(), {"taskIds": [1]}
    )
    assert "bFilterOsgb" not in other


# -- flattening ----------------------------------------------------------------


@pytest.mark.parametrize(
    "given, flat",
    [
        ({"param": {"a": {"b": 1}}}, {"param.a.b": 1}),
        ({"param": {"a": 1, "b": "x"}}, {"param.a": 1, "param.b": "x"}),
        ({"taskIds": [7, 8]}, {"taskIds0": 7, "taskIds1": 8}),
        ({"items": [{"name": "a"}, {"name": "b"}]}, {"items0.name": "a", "items1.name": "b"}),
        ({"grid": [[1, 2], [3]]}, {"grid00": 1, "grid01": 2, "grid10": 3}),
        ({"empty": [], "none": {}, "k": 1}, {"k": 1}),
        ({"deep": {"empty": [], "l": [{}]}}, {}),
        ({"artist": None}, {"artist": None}),
        ({"on": True, "off": False}, {"on": True, "off": False}),
        ({"ratio": 1.5}, {"ratio": 1.5}),
        ({"label": "镜头A"}, {"label": "镜头A"}),
    ],
    ids=[
        "nested-dict",
        "dict-children",
        "list",
        "dict-in-list",
        "list-in-list",
        "empty-list-and-dict",
        "empty-inside",
        "none",
        "bools",
        "float",
        "non-ascii",
    ],
)
def test_formatted_headers_flattens(given, flat):
    assert signature.formatted_headers(given) == flat


@pytest.mark.parametrize(
    "body, pair",
    [
        ({"artist": None}, "artist=None"),
        ({"flag": True}, "flag=True"),
        ({"flag": False}, "flag=False"),
        ({"ratio": 1.5}, "ratio=1.5"),
        ({"count": 50}, "count=50"),
        ({"label": "镜头A b&c=d"}, "label=镜头A b&c=d"),
    ],
)
def test_values_are_written_as_python_str_without_escaping(body, pair):
    text = signature.generate_headers_body_str(DOMAIN, "/p", {}, body)
    assert text == "[POST]task.dayancloud.com:/p&" + pair


def test_non_ascii_is_signed_as_utf8():
    text = signature.generate_headers_body_str(DOMAIN, "/p", {}, {"label": "镜头A"})
    assert signature.generate_signature(KEY, text) == signature.generate_signature(
        KEY.encode(), text.encode("utf-8")
    )


def test_sort_is_code_point_order():
    pairs = signature.headers_body_sort(
        {"accessId": "a", "UTCTimestamp": "1", "nonce": "2"}, {"Zeta": 1, "_x": 2, "beta": 3}
    )
    assert list(pairs) == ["UTCTimestamp", "Zeta", "_x", "accessId", "beta", "nonce"]


def test_list_index_sorts_as_text():
    pairs = signature.headers_body_sort({}, {"taskIds": list(range(12))})
    assert list(pairs)[:4] == ["taskIds0", "taskIds1", "taskIds10", "taskIds11"]
    assert list(pairs)[4] == "taskIds2"


def test_headers_body_sort_returns_an_ordered_dict_of_flat_pairs():
    pairs = signature.headers_body_sort(vector_headers(), VECTOR_3[1])
    assert isinstance(pairs, OrderedDict)
    assert list(pairs.items()) == [
        ("UTCTimestamp", "1700000000"),
        ("accessId", "AKIDEXAMPLE"),
        ("channel", "4"),
        ("nonce", "123456"),
        ("platform", "54"),
        ("status0", 1),
        ("status1", 5),
        ("status2", 11),
        ("taskIds0", 13798105),
        ("taskIds1", 13798106),
        ("version", "2.0.0"),
    ]


def test_signature_and_content_type_are_left_out():
    headers = dict(vector_headers(), signature="old", **{"Content-Type": "application/json"})
    pairs = signature.headers_body_sort(headers, {})
    assert "signature" not in pairs and "Content-Type" not in pairs
    text = signature.generate_headers_body_str(DOMAIN, "/p", headers, {})
    assert "signature" not in text and "Content-Type" not in text
    # ...so their values do not change the string to sign.
    assert text == signature.generate_headers_body_str(DOMAIN, "/p", vector_headers(), {})


def test_a_body_key_replaces_a_header():
    text = signature.generate_headers_body_str(DOMAIN, "/p", vector_headers(), {"version": "9"})
    assert "&version=9" in text
    assert text.count("version=") == 1


def test_no_body_signs_the_headers_alone():
    with_none = signature.generate_headers_body_str(DOMAIN, "/p", vector_headers(), None)
    assert with_none == signature.generate_headers_body_str(DOMAIN, "/p", vector_headers(), {})
    assert with_none.endswith("&platform=54&version=2.0.0")


@pytest.mark.parametrize("path", [CREATE_TASK, QUERY_TASK_INFO])
def test_inputs_are_not_mutated(path):
    headers = vector_headers()
    body = copy.deepcopy(VECTOR_4[1])
    headers_before, body_before = copy.deepcopy(headers), copy.deepcopy(body)
    signature.formatted_headers(body)
    signature.headers_body_sort(headers, body)
    signature.generate_headers_body_str(DOMAIN, path, headers, body)
    signature.sign(KEY, DOMAIN, path, headers, body)
    assert headers == headers_before
    assert body == body_before


# -- the other helpers ---------------------------------------------------------


def test_generate_nonce_is_six_digits_in_range():
    nonces = [signature.generate_nonce() for _ in range(500)]
    for nonce in nonces:
        assert isinstance(nonce, str)
        assert len(nonce) == 6 and nonce.isdigit()
        assert 100000 <= int(nonce) <= 999999
    assert len(set(nonces)) > 400  # fresh each time, not a constant


def test_generate_timestamp_is_whole_seconds_as_str(monkeypatch):
    now = signature.generate_timestamp()
    assert isinstance(now, str) and now.isdigit()
    assert abs(int(now) - time.time()) <= 2
    monkeypatch.setattr(time, "time", lambda: 1700000000.999)
    assert signature.generate_timestamp() == "1700000000"


@pytest.mark.parametrize(
    "hump, underline",
    [
        ("myKeyName", "my_key_name"),
        ("userId", "user_id"),
        ("taskOverTimeSec", "task_over_time_sec"),
        ("c4dFlag", "c4d_flag"),
        ("config_bid", "config_bid"),
        ("rmbbalance", "rmbbalance"),
    ],
)
def test_hump2underline(hump, underline):
    assert signature.hump2underline(hump) == underline
