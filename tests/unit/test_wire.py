"""What is signed is what is sent; what HTTP cannot carry is refused before sending.

Each test here is a finding of an independent review (issue 13): the request
a call sends is checked with the independent signer of ``support.py``, over
the body as sent and the headers as sent, so a value whose Python text differs
from its JSON, or a header signed by one side only, shows as a wrong signature.
"""

import email.utils
import enum
import json
import time

import pytest
import requests
import responses

from dayan_api import RayvisionAPI, signature
from dayan_api.connect import Connect
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionError,
    RayvisionHTTPError,
)

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    SIGNED_HEADERS,
    check_request,
    envelope,
    hmac_b64,
    request_body,
    string_to_sign,
    url,
)

PROFILE = "/api/render/setUp/queryUserProfile"
TASK_LIST = "/api/render/handle/getTaskList"
CREATE_TASK = "/api/render/task/createTask"
TASK_JSON_FILE = "/api/render/submit/taskJsonFile"
SUBMIT = "/api/rendering/task/plugin/pluginSubmitTask"
PLATFORMS = "/api/render/common/queryPlatforms"


class Status(enum.IntEnum):
    DONE = 25


class Keyword(str, enum.Enum):
    SHOT = "shot_010"


class Odd(int):
    """An int whose text is not its JSON (as NumPy's integers and many wrappers are)."""

    def __str__(self):
        return "odd"


def signed_as_sent(call, domain="task.dayancloud.com", extra=(), scheme="https"):
    """Whether ``call``'s signature is right over the body sent and the named headers."""
    request = call.request
    signed = {name: request.headers[name] for name in SIGNED_HEADERS + tuple(extra)}
    path = request.path_url
    expected = hmac_b64(ACCESS_KEY, string_to_sign(domain, path, signed, request_body(call)))
    return request.headers["signature"] == expected


# -- sign exactly the JSON that is sent ---------------------------------------------


@pytest.mark.parametrize(
    "kwargs, sent",
    [
        ({"status_list": [Status.DONE]}, {"statusList": [25]}),
        ({"search_keyword": Keyword.SHOT}, {"searchKeyword": "shot_010"}),
        ({"status_list": [Odd(25)]}, {"statusList": [25]}),
    ],
    ids=["IntEnum", "str-Enum", "int-subclass"],
)
def test_values_are_signed_as_their_json(api, rsps, kwargs, sent):
    rsps.add(responses.POST, url(TASK_LIST), json=envelope({"items": []}))
    api.query.get_task_list(**kwargs)
    body = request_body(rsps.calls[0])
    assert {key: body[key] for key in sent} == sent
    check_request(rsps.calls[0], TASK_LIST, body)


def test_dict_keys_true_and_none_are_signed_as_their_json(api, rsps):
    rsps.add(responses.POST, url(PLATFORMS), json=envelope([]))
    api.connect.post(PLATFORMS, {"m": {True: 1, None: 2, 3: "x"}, "f": 1.0})
    check_request(rsps.calls[0], PLATFORMS, {"m": {"true": 1, "null": 2, "3": "x"}, "f": 1.0})


# -- headers: one spelling, one rule for what is signed ---------------------------------


@pytest.mark.parametrize(
    "name, value, version",
    [("Version", "2.1.0", "2.1.0"), ("VERSION", "2.1.0", "2.1.0"), ("Channel", "4", "2.0.0")],
)
def test_protocol_header_overrides_fold_onto_the_protocols_spelling(
    make_api, rsps, name, value, version
):
    api = make_api(headers={name: value})
    assert name not in api.connect.headers and api.connect.headers[name.lower()] == value
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    call = rsps.calls[0]
    sent = [key for key in call.request.headers if key.lower() == name.lower()]
    assert sent == [name.lower()]
    check_request(call, PROFILE, {}, version=version)


def test_header_names_that_differ_only_by_case_are_refused(rsps):
    with pytest.raises(RayvisionArgumentError, match="same HTTP header") as caught:
        RayvisionAPI(ACCESS_ID, ACCESS_KEY, headers={"X-Shot": "a", "x-shot": "b"})
    assert caught.value.parameter == "headers"
    with pytest.raises(RayvisionArgumentError, match="same HTTP header"):
        RayvisionAPI(ACCESS_ID, ACCESS_KEY, headers={"version": "2.0.0", "Version": "2.1.0"})


def test_transport_headers_given_are_sent_but_not_signed(make_api, rsps):
    extra = {"Authorization": "Bearer t", "Accept-Language": "en", "X-Pipeline": "shot_010"}
    api = make_api(headers=extra)
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    call = rsps.calls[0]
    for name, value in extra.items():
        assert call.request.headers[name] == value
    assert signed_as_sent(call, extra=["X-Pipeline"])


def test_a_sessions_own_headers_are_signed_by_the_same_rule(make_api, rsps):
    session = requests.Session()
    session.headers.update({"X-Studio": "north", "Accept-Language": "fr", "Version": "9"})
    api = make_api(session=session)
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    call = rsps.calls[0]
    assert call.request.headers["X-Studio"] == "north"
    assert call.request.headers["version"] == "2.0.0"  # the SDK's own header wins, as sent
    assert signed_as_sent(call, extra=["X-Studio"])
    session.close()


def test_a_session_header_http_cannot_carry_is_refused_before_sending(make_api, rsps):
    session = requests.Session()
    session.headers["X-Shot"] = "镜头A"
    api = make_api(session=session)
    with pytest.raises(RayvisionArgumentError) as caught:
        api.user.query_user_profile()
    assert caught.value.parameter == "session['X-Shot']"
    assert len(rsps.calls) == 0
    session.close()


@pytest.mark.parametrize(
    "protocol, domain, signed",
    [
        ("http", "127.0.0.1:80", "127.0.0.1"),
        ("https", "Task.DayanCloud.com:443", "task.dayancloud.com"),
        ("http", "LocalHost:8765", "localhost:8765"),
        ("https", "task.dayancloud.com:80", "task.dayancloud.com:80"),
        ("http", "[::1]:80", "[::1]"),
    ],
)
def test_the_domain_is_signed_as_the_host_header_carries_it(
    make_api, rsps, protocol, domain, signed
):
    api = make_api(protocol=protocol, domain=domain)
    rsps.add(
        responses.POST, "{}://{}{}".format(protocol, domain.lower(), PROFILE), json=envelope({})
    )
    api.user.query_user_profile()
    assert signed_as_sent(rsps.calls[0], domain=signed)
    assert api.connect.domain == domain  # what the user gave, unchanged


# -- refuse at construction what HTTP cannot carry ------------------------------------


@pytest.mark.parametrize(
    "kwargs, parameter",
    [
        ({"headers": {"X-Pipeline": "镜头A"}}, "headers['X-Pipeline']"),
        ({"headers": {"X-Pipeline": "café"}}, "headers['X-Pipeline']"),
        ({"headers": {"X-Pipeline": "a\r\nX-Evil: 1"}}, "headers['X-Pipeline']"),
        ({"headers": {"X-Pipeline": "a\nb"}}, "headers['X-Pipeline']"),
        ({"headers": {"X-Pipeline": " shot"}}, "headers['X-Pipeline']"),
        ({"headers": {"X-Pipeline": "shot "}}, "headers['X-Pipeline']"),
        ({"headers": {"version": "2.0.0\t"}}, "headers['version']"),
        ({"headers": {"X Pipeline": "a"}}, "headers"),
        ({"headers": {"X-Pipeline:": "a"}}, "headers"),
        ({"headers": {"": "a"}}, "headers"),
        ({"headers": {"Host": "elsewhere.example"}}, "headers"),
        ({"access_id": "镜头"}, "access_id"),
        ({"access_id": " AKID"}, "access_id"),
        ({"access_id": "AKID\r\n"}, "access_id"),
        ({"platform": "54 "}, "platform"),
        ({"platform": "5\n4"}, "platform"),
        ({"domain": "bücher.example"}, "domain"),
        ({"domain": "task.dayancloud.com\t"}, "domain"),
        ({"domain": "user@task.dayancloud.com"}, "domain"),
    ],
)
def test_header_values_http_cannot_carry_are_refused_at_construction(rsps, kwargs, parameter):
    kwargs.setdefault("access_id", ACCESS_ID)
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(access_key=ACCESS_KEY, **kwargs)
    assert caught.value.parameter == parameter
    assert ACCESS_KEY not in str(caught.value)
    assert len(rsps.calls) == 0


def test_header_values_inner_spaces_and_empty_values_are_carried(make_api, rsps):
    api = make_api(headers={"X-Note": "shot 010\tlayer A", "X-Empty": ""})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    assert signed_as_sent(rsps.calls[0], extra=["X-Note", "X-Empty"])


@pytest.mark.parametrize(
    "timeout",
    [
        float("inf"),
        (1, float("inf")),
        (float("inf"), 1),
        10**400,
        (1, 10**400),
        float("nan"),
        (1, float("nan")),
        86401,
        -float("inf"),
    ],
)
def test_non_finite_or_absurd_timeouts_are_refused(rsps, timeout):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(ACCESS_ID, ACCESS_KEY, timeout=timeout)
    assert caught.value.parameter == "timeout"


@pytest.mark.parametrize("backoff", [float("inf"), 10**400, float("nan"), 86401])
def test_non_finite_or_absurd_backoffs_are_refused(rsps, backoff):
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(ACCESS_ID, ACCESS_KEY, backoff=backoff)
    assert caught.value.parameter == "backoff"


def test_a_day_is_the_longest_timeout(make_api):
    assert make_api(timeout=86400).connect.timeout == 86400
    assert make_api(timeout=(0.5, 86400.0)).connect.timeout == (0.5, 86400.0)


# -- text that is not Unicode ------------------------------------------------------------

LATIN1_NAME = "/proj/shot_\udce9.mb"  # os.fsdecode(b"/proj/shot_\xe9.mb") on Linux


def test_a_lone_surrogate_in_a_raw_body_is_an_argument_error(api, rsps):
    with pytest.raises(RayvisionArgumentError, match="U\\+DCE9") as caught:
        api.connect.post(PLATFORMS, {"scene": LATIN1_NAME})
    assert caught.value.parameter == "data"
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    "task_info, producer, parameter",
    [
        ({"task_info": {"input_cg_file": LATIN1_NAME}}, None, "task_info"),
        (
            json.dumps({"task_info": {"input_cg_file": LATIN1_NAME}}, ensure_ascii=False),
            None,
            "task_info",
        ),
        ({"task_info": {"task_id": 19097, "input_cg_file": LATIN1_NAME}}, None, "task_info"),
        ({"task_info": {}}, "Ada \udce9", "producer"),
    ],
    ids=["dict", "json-text", "dict-with-id", "producer"],
)
def test_submit_by_data_refuses_a_lone_surrogate_before_any_request(
    api, rsps, task_info, producer, parameter
):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.submit_by_data(task_info, producer=producer)
    assert caught.value.parameter == parameter
    assert len(rsps.calls) == 0  # no task id created, so none orphaned


def test_upload_json_content_refuses_a_lone_surrogate(api, rsps):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.transmit.upload_json_content(
            19097, json.dumps({"scene": LATIN1_NAME}, ensure_ascii=False)
        )
    assert caught.value.parameter == "content"
    assert len(rsps.calls) == 0


def test_a_local_log_folder_may_hold_what_the_os_gives(tmp_path, rsps):
    folder = str(tmp_path / "logs_\udce9")
    try:
        with RayvisionAPI(ACCESS_ID, ACCESS_KEY, log_folder=folder):
            pass
    except UnicodeEncodeError:  # a file system that cannot name it: nothing to check
        pytest.skip("this file system refuses undecodable names")


# -- submit_by_data: a created task id travels on the error ------------------------------


def test_submit_by_data_error_after_create_carries_the_task_id(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [19097]}))
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(code=10086, message="refused"))
    with pytest.raises(RayvisionAPIError) as caught:
        api.submit_by_data({"task_info": {"frames": "1-5"}})
    assert caught.value.task_id == 19097
    assert [call.request.path_url for call in rsps.calls] == [CREATE_TASK, TASK_JSON_FILE]


def test_submit_by_data_error_at_submit_carries_the_given_task_id(api, rsps):
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(None))
    rsps.add(responses.POST, url(SUBMIT), status=502, body="bad gateway")
    with pytest.raises(RayvisionHTTPError) as caught:
        api.submit_by_data({"task_info": {"task_id": "1234"}})
    assert caught.value.task_id == 1234


def test_an_error_before_any_task_id_carries_none(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope(code=10086, message="no balance"))
    with pytest.raises(RayvisionAPIError) as caught:
        api.submit_by_data({"task_info": {}})
    assert caught.value.task_id is None
    assert RayvisionError(None, "x").task_id is None


# -- Retry-After as an HTTP date ----------------------------------------------------------


def http_date(seconds_from_now):
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def test_a_retry_after_date_beyond_the_limit_is_raised_at_once(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=429, headers={"Retry-After": http_date(120)})
    with pytest.raises(RayvisionHTTPError) as caught:
        api.user.query_user_profile()
    assert 100 < caught.value.retry_after <= 121
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_a_retry_after_date_is_waited_for(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=503, headers={"Retry-After": http_date(30)})
    rsps.add(responses.POST, url(PROFILE), json=envelope({"userId": 1}))
    assert api.user.query_user_profile() == {"userId": 1}
    [delay] = api.connect._sleep.delays
    assert 25 < delay <= 31


def test_a_retry_after_date_in_the_past_retries_at_once(api, rsps):
    rsps.add(responses.POST, url(PROFILE), status=429, headers={"Retry-After": http_date(-600)})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    assert api.connect._sleep.delays == [0.0]


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "soon", "1e3", "Mon, 99 Foo 2024"])
def test_an_unreadable_retry_after_falls_back_to_the_backoff(api, rsps, value):
    rsps.add(responses.POST, url(PROFILE), status=429, headers={"Retry-After": value})
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    [delay] = api.connect._sleep.delays
    assert 0.25 <= delay <= 0.5  # backoff 0.5 s with its jitter


# -- a closed client stays closed ------------------------------------------------------------


def test_a_closed_client_refuses_calls(api, rsps):
    api.close()
    with pytest.raises(RayvisionError, match="closed"):
        api.user.query_user_profile()
    with pytest.raises(RayvisionError, match="closed"):
        api.submit_by_data({"task_info": {}})
    with pytest.raises(RayvisionError, match="closed"):
        with api:
            pass
    assert len(rsps.calls) == 0
    assert api.connect.closed


def test_leaving_with_closes_for_good_and_the_log_file_stays_closed(tmp_path, rsps):
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    with RayvisionAPI(ACCESS_ID, ACCESS_KEY, log_folder=str(tmp_path)) as api:
        api.user.query_user_profile()
    log_file = tmp_path / "dayan_api.log"
    assert log_file.exists()
    log_file.unlink()
    with pytest.raises(RayvisionError, match="closed"):
        api.user.query_user_profile()
    with pytest.raises(RayvisionError, match="closed"):
        api.get_user_id()
    assert not log_file.exists()  # the call logged nothing, so nothing reopened the file
    assert len(rsps.calls) == 1


def test_a_closed_connect_with_a_callers_session_refuses_calls(rsps):
    session = requests.Session()
    connect = Connect(ACCESS_ID, ACCESS_KEY, "https", "task.dayancloud.com", "54", session=session)
    connect.close()
    with pytest.raises(RayvisionError, match="closed"):
        connect.post(PROFILE, {})
    assert len(rsps.calls) == 0
    session.close()


def test_the_body_signed_is_the_json_sent_even_for_a_raw_post(api, rsps):
    rsps.add(responses.POST, url(PLATFORMS), json=envelope([]))
    api.connect.post(PLATFORMS, {"zone": Status.DONE, "name": Keyword.SHOT})
    assert json.loads(rsps.calls[0].request.body) == {"zone": 25, "name": "shot_010"}
    check_request(rsps.calls[0], PLATFORMS, {"zone": 25, "name": "shot_010"})


# -- nonces: fresh within a client ------------------------------------------------------------


def test_a_client_never_repeats_a_nonce_within_a_timestamp(api, rsps, monkeypatch):
    draws = iter(["111111", "111111", "222222", "111111", "333333"])
    monkeypatch.setattr(signature, "generate_nonce", lambda: next(draws))
    monkeypatch.setattr(signature, "generate_timestamp", lambda: "1700000000")
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    for _ in range(3):
        api.user.query_user_profile()
    assert [call.request.headers["nonce"] for call in rsps.calls] == ["111111", "222222", "333333"]


def test_a_broken_nonce_generator_repeats_rather_than_hangs(api, rsps, monkeypatch):
    monkeypatch.setattr(signature, "generate_nonce", lambda: "123456")
    monkeypatch.setattr(signature, "generate_timestamp", lambda: "1700000000")
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    api.user.query_user_profile()
    assert [call.request.headers["nonce"] for call in rsps.calls] == ["123456", "123456"]
