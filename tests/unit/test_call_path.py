"""The call path checks the headers once per client, and again whenever they change.

The client's ``headers`` and its session's headers are public, mutable
mappings: a change made between two calls must be sent, signed and checked on
the next call exactly as a header given at construction is (issue 21 made the
checks run once per client instead of once per call). The signature is made
with the key's hash states kept from one call to the next; it must equal the
signature module's own.
"""

import base64
import pickle

import pytest
import requests
import responses

from dayan_api import signature
from dayan_api._secret import _Secret
from dayan_api.exception import RayvisionArgumentError

from .support import envelope, url
from .test_signature import vector_headers
from .test_wire import signed_as_sent

PROFILE = "/api/render/setUp/queryUserProfile"


@pytest.mark.parametrize(
    "key",
    [
        "k",
        "a-typical-access-key-0123456789",
        "x" * 64,  # one SHA-256 block: used as it is
        "x" * 65,  # longer than a block: hashed first
        "y" * 200,
        "密钥-ключ-🔑",  # several bytes a character
        "é" * 40,  # 80 bytes of UTF-8 from 40 characters
    ],
)
@pytest.mark.parametrize(
    "message", ["", "[POST]task.dayancloud.com:/p&a=1", "镜头=一&x=" + "z" * 300]
)
def test_the_kept_key_signs_as_the_signature_module_does(key, message):
    expected = base64.b64decode(signature.generate_signature(key, message))
    secret = _Secret(key)
    assert secret.mac(message.encode("utf-8")) == expected
    assert secret.mac(message.encode("utf-8")) == expected  # again, from the kept states


def test_the_kept_key_is_still_hidden_and_unpicklable():
    secret = _Secret("a-secret-key")
    secret.mac(b"warm the kept states")
    assert "a-secret-key" not in repr(secret)
    with pytest.raises(TypeError):
        pickle.dumps(secret)


@pytest.fixture
def session():
    made = requests.Session()
    yield made
    made.close()


@pytest.fixture
def profile(rsps):
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))


def last(rsps):
    return rsps.calls[-1]


def test_a_session_header_changed_between_calls_is_sent_and_signed(
    make_api, rsps, session, profile
):
    session.headers["X-Studio"] = "north"
    api = make_api(session=session)
    api.user.query_user_profile()
    assert signed_as_sent(last(rsps), extra=["X-Studio"])
    session.headers["X-Studio"] = "south"
    api.user.query_user_profile()
    assert last(rsps).request.headers["X-Studio"] == "south"
    assert signed_as_sent(last(rsps), extra=["X-Studio"])


@pytest.mark.parametrize("renamed_to", [None, "x-studio"], ids=["removed", "renamed-in-lower-case"])
def test_a_session_header_removed_or_renamed_between_calls_is_signed_as_now_sent(
    make_api, rsps, session, profile, renamed_to
):
    # HTTP names ignore case, the signature does not: the new spelling is what is sent.
    session.headers["X-Studio"] = "north"
    api = make_api(session=session)
    api.user.query_user_profile()
    del session.headers["X-Studio"]
    if renamed_to is not None:
        session.headers[renamed_to] = "north"
    api.user.query_user_profile()
    sent = last(rsps).request.headers
    assert "X-Studio" not in sent if renamed_to is None else sent[renamed_to] == "north"
    assert signed_as_sent(last(rsps), extra=[] if renamed_to is None else [renamed_to])


def test_a_bad_session_header_set_after_a_call_is_refused_before_sending(
    make_api, rsps, session, profile
):
    api = make_api(session=session)
    api.user.query_user_profile()
    session.headers["X-Shot"] = "line\nbreak"
    with pytest.raises(RayvisionArgumentError) as caught:
        api.user.query_user_profile()
    assert caught.value.parameter == "session['X-Shot']"
    assert len(rsps.calls) == 1
    # ...every time, not only the first
    with pytest.raises(RayvisionArgumentError):
        api.user.query_user_profile()
    session.headers["X-Shot"] = "fine"
    api.user.query_user_profile()
    assert len(rsps.calls) == 2 and signed_as_sent(last(rsps), extra=["X-Shot"])


def set_session_host(api):
    api.connect.session.headers["Host"] = "elsewhere.example"


def set_client_header_to_an_int(api):
    api.connect.headers["X-Count"] = 3


@pytest.mark.parametrize(
    "change, error",
    [(set_session_host, RayvisionArgumentError), (set_client_header_to_an_int, TypeError)],
)
def test_a_header_made_unsendable_after_a_call_is_refused(make_api, rsps, profile, change, error):
    api = make_api()
    api.user.query_user_profile()
    change(api)
    with pytest.raises(error):
        api.user.query_user_profile()
    assert len(rsps.calls) == 1


def test_a_session_headers_object_replaced_after_a_call_is_read_anew(
    make_api, rsps, session, profile
):
    api = make_api(session=session)
    api.user.query_user_profile()
    session.headers = {"X-Pipeline": "comp", "User-Agent": "studio-tool/1"}
    api.user.query_user_profile()
    assert last(rsps).request.headers["X-Pipeline"] == "comp"
    assert signed_as_sent(last(rsps), extra=["X-Pipeline"])


def test_a_client_header_changed_between_calls_is_sent_and_signed(make_api, rsps, profile):
    api = make_api(headers={"X-Trace-Id": "a"})
    api.user.query_user_profile()
    api.connect.headers["X-Trace-Id"] = "b"
    api.connect.headers["X-New"] = "1"
    api.user.query_user_profile()
    sent = last(rsps).request.headers
    assert sent["X-Trace-Id"] == "b" and sent["X-New"] == "1"
    assert signed_as_sent(last(rsps), extra=["X-Trace-Id", "X-New"])
    del api.connect.headers["X-New"]
    api.user.query_user_profile()
    assert "X-New" not in last(rsps).request.headers
    assert signed_as_sent(last(rsps), extra=["X-Trace-Id"])


def test_an_accept_encoding_chosen_on_the_session_after_a_call_is_kept(
    make_api, rsps, session, profile
):
    api = make_api(session=session)
    api.user.query_user_profile()
    assert last(rsps).request.headers["Accept-Encoding"] == "gzip, deflate"
    session.headers["Accept-Encoding"] = "identity"
    api.user.query_user_profile()
    assert last(rsps).request.headers["Accept-Encoding"] == "identity"
    assert signed_as_sent(last(rsps))


def test_every_request_has_its_own_timestamp_nonce_and_signature(make_api, rsps, profile):
    api = make_api()
    for _ in range(5):
        api.user.query_user_profile()
    sent = [call.request.headers for call in rsps.calls]
    assert len({headers["nonce"] + headers["UTCTimestamp"] for headers in sent}) == 5
    assert len({headers["signature"] for headers in sent}) == 5
    assert all(signed_as_sent(call) for call in rsps.calls)


# -- the string to sign from the headers' texts made once -----------------------------

QUERY_TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"  # with a signed-only pair


@pytest.mark.parametrize(
    "path, body",
    [
        (PROFILE, {}),
        (QUERY_TASK_INFO, {}),
        (QUERY_TASK_INFO, {"taskIds": [14400249]}),
        (QUERY_TASK_INFO, {"bFilterOsgb": "1"}),  # the body's replaces the signed-only pair
        (PROFILE, {"taskIds": [13798105, 13798106], "status": [1, 5, 11]}),
        (PROFILE, {"labels": ["镜头A", ""], "artist": None, "param": {"a": {"b": True}}}),
        (PROFILE, {"empty": [], "nothing": {}, "ratio": 0.5, "flag": False}),
        (PROFILE, {"channel": 9}),  # a body key replaces the header of that name
        (PROFILE, {"X-Pipeline": {"stage": "comp"}}),  # ...even flattened to other keys
        (PROFILE, {"X-Shot": "body"}),  # a flattened body key meets a header's name
        (PROFILE, {"Content-Type": "text/plain", "signature": "x"}),  # not headers: signed
        (PROFILE, {"z" * 3: 1, "A": 2, "_": 3, "é": 4}),  # code point order
    ],
)
def test_the_string_to_sign_from_header_texts_is_the_signature_modules(path, body):
    headers = dict(vector_headers(), **{"X-Pipeline": "shot", "X-Shot.stage": "lighting"})
    headers["X-Shot"] = "header"
    texts = signature._header_texts(headers)
    expected = signature.generate_headers_body_str("task.dayancloud.com", path, headers, body)
    assert signature._string_to_sign("task.dayancloud.com", path, texts, body) == expected


def test_a_sessions_header_pairs_are_read_as_its_items():
    # Read from a CaseInsensitiveDict's store: a requests whose store held
    # anything else would fail here, not sign the wrong headers.
    from dayan_api._http_request import header_items

    session = requests.Session()
    session.headers["X-Studio"] = "north"
    session.headers["x-studio"] = "south"  # the same header, respelt
    session.headers["X-None"] = None
    assert header_items(session.headers) == list(session.headers.items())
    plain = {"A": "1", "a": "2"}
    assert header_items(plain) == [("A", "1"), ("a", "2")]
    session.close()
