"""RayvisionAPI: construction, credentials, user_info, accounts side by side,
headers, the task_id property and submit_by_data."""

import copy
import json
import platform
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import responses

from dayan_api import Connect, RayvisionAPI
from dayan_api.core import RayvisionAPI as CoreRayvisionAPI
from dayan_api.exception import RayvisionArgumentError, RayvisionError, RayvisionResponseError

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    OTHER_ID,
    OTHER_KEY,
    SIGNED_HEADERS,
    check_request,
    envelope,
    hmac_b64,
    load_fixture,
    request_body,
    string_to_sign,
    url,
)

PROFILE = "/api/render/setUp/queryUserProfile"
SETTING = "/api/rendering/user/client/queryUserSetting"
BID = "/api/rendering/task/plugin/getPluginTransferBid"
CREATE_TASK = "/api/render/task/createTask"
SUBMIT = "/api/rendering/task/plugin/pluginSubmitTask"
STOP_TASK = "/api/rendering/task/renderingTask/stopTask"
TASK_JSON_FILE = "/api/render/submit/taskJsonFile"


def test_public_imports():
    assert RayvisionAPI is CoreRayvisionAPI
    from dayan_api.connect import Connect as ConnectFromModule
    from dayan_api.exception import RayvisionAPIError, RayvisonTaskIdError  # noqa: F401
    from dayan_api.operators import (  # noqa: F401
        QueryOperator,
        TaskOperator,
        TransmitOperator,
        UserOperator,
    )

    assert Connect is ConnectFromModule


# -- construction -------------------------------------------------------------------


def test_construction_sends_nothing(rsps):
    # No reply is registered: any request would fail the construction.
    api = RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY)
    try:
        assert len(rsps.calls) == 0
        assert isinstance(api.connect, Connect)
        assert api.user._connect is api.task._connect is api.connect
        assert api.query._connect is api.transmit._connect is api.connect
        assert api.connect.domain == "task.dayancloud.com"
        assert api.connect.platform == "54"
        assert api.connect.base_url == "https://task.dayancloud.com"
    finally:
        api.close()
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    "kwargs, parameter, env_name",
    [
        ({"access_key": ACCESS_KEY}, "access_id", "RAYVISION_API_ACCESS_ID"),
        ({"access_id": ACCESS_ID}, "access_key", "RAYVISION_API_KEY"),
        ({"access_id": "", "access_key": ACCESS_KEY}, "access_id", "RAYVISION_API_ACCESS_ID"),
        ({"access_id": ACCESS_ID, "access_key": ""}, "access_key", "RAYVISION_API_KEY"),
        ({}, "access_id", "RAYVISION_API_ACCESS_ID"),
    ],
)
def test_a_missing_credential_is_a_clear_error(rsps, kwargs, parameter, env_name):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(**kwargs)
    assert caught.value.parameter == parameter
    assert parameter in str(caught.value) and env_name in str(caught.value)
    assert len(rsps.calls) == 0


def test_credentials_fall_back_to_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", OTHER_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api(access_id=None, access_key=None)
    rsps.add(responses.POST, url(PROFILE), json=envelope({"userId": 2}))
    assert api.user.query_user_profile() == {"userId": 2}
    check_request(rsps.calls[0], PROFILE, {}, access_id=OTHER_ID, key=OTHER_KEY)


def test_arguments_win_over_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", OTHER_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api()
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    check_request(rsps.calls[0], PROFILE, {})


@pytest.mark.parametrize("access_id", [12345, b"AKID"])
def test_a_non_str_access_id_is_a_type_error(rsps, access_id):
    with pytest.raises(TypeError) as caught:
        RayvisionAPI(access_id=access_id, access_key=ACCESS_KEY)
    assert isinstance(caught.value, RayvisionError)
    assert "access_id" in str(caught.value)


def test_only_the_key_from_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api(access_key=None)
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    check_request(rsps.calls[0], PROFILE, {}, key=OTHER_KEY)


def test_domain_platform_protocol_are_used(make_api, rsps):
    api = make_api(domain="task.renderbus.com", platform="2", protocol="http")
    rsps.add(responses.POST, "http://task.renderbus.com" + PROFILE, json=envelope({}))
    api.user.query_user_profile()
    check_request_http(rsps.calls[0])


def check_request_http(call):
    request = call.request
    assert request.url == "http://task.renderbus.com" + PROFILE
    assert request.headers["platform"] == "2"
    signed = {name: request.headers[name] for name in SIGNED_HEADERS}
    assert request.headers["signature"] == hmac_b64(
        ACCESS_KEY, string_to_sign("task.renderbus.com", PROFILE, signed, {})
    )


@pytest.mark.parametrize(
    "kwargs, parameter",
    [
        ({"domain": "https://task.dayancloud.com"}, "domain"),
        ({"domain": "task.dayancloud.com/api"}, "domain"),
        ({"domain": ""}, "domain"),
        ({"protocol": "ftp"}, "protocol"),
        ({"platform": 54}, "platform"),
        ({"platform": " "}, "platform"),
        ({"log_level": "LOUD"}, "log_level"),
        ({"log_name": "x.log"}, "log_name"),
        ({"logger": "dayan"}, "logger"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "10"}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"backoff": -1}, "backoff"),
        ({"headers": {"X-Trace": 5}}, "headers"),
        ({"headers": "version: 2"}, "headers"),
    ],
)
def test_bad_construction_arguments(rsps, kwargs, parameter):
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY, **kwargs)
    assert parameter in str(caught.value)
    assert len(rsps.calls) == 0


# -- user_info ------------------------------------------------------------------------


def register_user_info(rsps, profile=None, setting=None, bid=None):
    rsps.add(responses.POST, url(PROFILE), json=profile or load_fixture("user_profile.json"))
    rsps.add(responses.POST, url(SETTING), json=setting or load_fixture("user_setting.json"))
    rsps.add(responses.POST, url(BID), json=bid or load_fixture("transfer_bid.json"))


def test_user_info_is_fetched_on_first_use_with_three_calls_then_kept(api, rsps, monkeypatch):
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    register_user_info(rsps)

    info = api.user_info

    assert len(rsps.calls) == 3
    check_request(rsps.calls[0], PROFILE, {})
    check_request(rsps.calls[1], SETTING, {})
    check_request(rsps.calls[2], BID, {})
    assert api.user_info is info
    assert api.user.info is info
    assert api.get_user_id() == 10001136
    assert api.user.user_id == 10001136
    assert len(rsps.calls) == 3

    profile = load_fixture("user_profile.json")["data"]
    setting = load_fixture("user_setting.json")["data"]
    bid = load_fixture("transfer_bid.json")["data"]
    assert info["user_id"] == 10001136
    assert info["user_name"] == "rayvision"
    assert info["coupon"] == 49.93
    assert info["c4d_flag"] == 0
    assert info["task_over_time_sec"] == 3600
    assert info["single_node_render_frames"] == "1"
    assert info["config_bid"] == "30201"
    assert info["sub_user_output_bids"] == [{"userId": "119776", "outputBid": "10401"}]
    # later parts override earlier ones: the setting's null infoStatus beats the profile's 0
    assert profile["infoStatus"] == 0 and setting["infoStatus"] is None
    assert info["info_status"] is None
    assert info["local_os"] == "windows"
    assert info["domain"] == "task.dayancloud.com"
    assert info["platform"] == "54"
    assert "userId" not in info and "infoStatus" not in info
    expected_keys = {"local_os", "domain", "platform"}
    for part in (profile, setting, bid):
        expected_keys.update(_snake(key) for key in part)
    assert set(info) == expected_keys


def _snake(name):
    out = ""
    for index, char in enumerate(name):
        if char.isupper() and index and (name[index - 1].islower() or name[index - 1].isdigit()):
            out += "_"
        out += char.lower()
    return out


def test_user_info_later_parts_override_earlier(api, rsps, monkeypatch):
    monkeypatch.setattr(platform, "system", lambda: "Linux")
    register_user_info(
        rsps,
        profile=envelope({"userId": 1, "downloadDisable": 0, "zone": 1, "domain": "spoof"}),
        setting=envelope({"downloadDisable": 1, "zone": 2}),
        bid=envelope({"zone": 3, "config_bid": "9"}),
    )
    assert api.user_info == {
        "user_id": 1,
        "download_disable": 1,
        "zone": 3,
        "config_bid": "9",
        "local_os": "linux",
        "domain": "task.dayancloud.com",
        "platform": "54",
    }


def test_get_user_id_alone_fetches_user_info(api, rsps):
    register_user_info(rsps)
    assert api.get_user_id() == 10001136
    assert [call.request.url for call in rsps.calls] == [url(PROFILE), url(SETTING), url(BID)]
    assert api.get_user_id() == 10001136
    assert len(rsps.calls) == 3


def test_user_info_refresh(api, rsps):
    register_user_info(rsps)
    first = api.user_info
    fresh = api.user.refresh_info()
    assert len(rsps.calls) == 6
    assert fresh == first and api.user_info is fresh


def test_a_failed_user_info_fetch_is_not_kept(api, rsps):
    rsps.add(responses.POST, url(PROFILE), json=envelope(None, code=401, message="bad sign"))
    with pytest.raises(RayvisionError):
        api.user_info  # noqa: B018
    assert len(rsps.calls) == 1
    rsps.replace(responses.POST, url(PROFILE), json=load_fixture("user_profile.json"))
    rsps.add(responses.POST, url(SETTING), json=load_fixture("user_setting.json"))
    rsps.add(responses.POST, url(BID), json=load_fixture("transfer_bid.json"))
    assert api.get_user_id() == 10001136
    assert len(rsps.calls) == 4


def test_user_info_is_fetched_once_from_many_threads(api, rsps):
    register_user_info(rsps)
    with ThreadPoolExecutor(max_workers=8) as pool:
        infos = list(pool.map(lambda _: api.user_info, range(16)))
    assert len(rsps.calls) == 3
    assert all(info is infos[0] for info in infos)


# -- accounts side by side -------------------------------------------------------------


def two_clients(make_api):
    return make_api(), make_api(access_id=OTHER_ID, access_key=OTHER_KEY)


def _signed_by(call, key):
    request = call.request
    signed = {name: request.headers[name] for name in SIGNED_HEADERS}
    path = request.url[len("https://task.dayancloud.com") :]
    expected = hmac_b64(
        key, string_to_sign("task.dayancloud.com", path, signed, request_body(call))
    )
    return request.headers["signature"] == expected


def test_two_accounts_sign_with_their_own_id_and_key(make_api, rsps):
    first, second = two_clients(make_api)
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    first.task.stop_task([1])
    second.task.stop_task([2])
    first.task.stop_task([3])
    second.task.stop_task([4])
    check_request(rsps.calls[0], STOP_TASK, {"taskIds": [1]})
    check_request(rsps.calls[1], STOP_TASK, {"taskIds": [2]}, access_id=OTHER_ID, key=OTHER_KEY)
    check_request(rsps.calls[2], STOP_TASK, {"taskIds": [3]})
    check_request(rsps.calls[3], STOP_TASK, {"taskIds": [4]}, access_id=OTHER_ID, key=OTHER_KEY)
    assert not _signed_by(rsps.calls[0], OTHER_KEY)
    assert not _signed_by(rsps.calls[1], ACCESS_KEY)


def test_two_accounts_from_threads(make_api, rsps):
    first, second = two_clients(make_api)
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    barrier = threading.Barrier(8)

    def work(index):
        client = first if index % 2 == 0 else second
        barrier.wait(timeout=10)
        for round_number in range(5):
            client.task.stop_task([1000 * (index + 1) + round_number])

    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(work, index) for index in range(8)]:
            future.result()

    assert len(rsps.calls) == 40
    owners = {ACCESS_ID: ACCESS_KEY, OTHER_ID: OTHER_KEY}
    for call in rsps.calls:
        task = request_body(call)["taskIds"][0]
        worker = task // 1000 - 1
        access_id = ACCESS_ID if worker % 2 == 0 else OTHER_ID
        check_request(
            call, STOP_TASK, {"taskIds": [task]}, access_id=access_id, key=owners[access_id]
        )


def test_connect_headers_belong_to_one_client(make_api, rsps):
    first, second = two_clients(make_api)
    assert first.connect.headers is not second.connect.headers
    first.connect.headers["version"] = "9.9.9"
    first.connect.headers["X-Only-First"] = "1"
    assert second.connect.headers["version"] == "2.0.0"
    assert "X-Only-First" not in second.connect.headers
    assert second.connect.headers["accessId"] == OTHER_ID
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    second.user.query_user_profile()
    check_request(rsps.calls[0], PROFILE, {}, access_id=OTHER_ID, key=OTHER_KEY)
    assert "X-Only-First" not in rsps.calls[0].request.headers
    # a third client made afterwards starts from the defaults too
    third = make_api()
    assert third.connect.headers["version"] == "2.0.0"


def test_extra_headers_are_sent_and_signed(make_api, rsps):
    api = make_api(headers={"X-Trace-Id": "trace-7", "version": "2.1.0", "channel": "4"})
    rsps.add(responses.POST, url(STOP_TASK), json=envelope(None))
    api.task.stop_task([5])
    call = rsps.calls[0]
    check_request(
        call, STOP_TASK, {"taskIds": [5]}, extra_headers={"X-Trace-Id": "trace-7"}, version="2.1.0"
    )
    # the extra header really is part of the signature
    signed = {name: call.request.headers[name] for name in SIGNED_HEADERS}
    without = hmac_b64(
        ACCESS_KEY, string_to_sign("task.dayancloud.com", STOP_TASK, signed, {"taskIds": [5]})
    )
    assert call.request.headers["signature"] != without


def test_the_callers_headers_dict_is_not_kept(make_api, rsps):
    extra = {"X-Trace-Id": "a"}
    api = make_api(headers=extra)
    extra["X-Trace-Id"] = "changed"
    extra["X-New"] = "n"
    assert api.connect.headers["X-Trace-Id"] == "a" and "X-New" not in api.connect.headers


@pytest.mark.parametrize(
    "name",
    [
        "accessId",
        "platform",
        "UTCTimestamp",
        "nonce",
        "signature",
        "Content-Type",
        # HTTP header names ignore case: these would replace the SDK's own.
        "content-type",
        "Signature",
        "ACCESSID",
        "Nonce",
        "utctimestamp",
    ],
)
def test_reserved_header_overrides_are_refused(rsps, name):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY, headers={name: "x"})
    assert caught.value.parameter == "headers"
    assert name in str(caught.value)
    assert len(rsps.calls) == 0


# -- the task_id property ------------------------------------------------------------------


def test_task_id_is_created_on_first_use_and_kept(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=load_fixture("create_task.json"))
    assert len(rsps.calls) == 0
    assert api.task.task_id == 19097
    assert api.task.task_id == 19097
    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], CREATE_TASK, {"count": 1, "taskUserLevel": 50})


@pytest.mark.parametrize(
    "submit",
    [
        lambda api, task_id: api.task.submit_task(task_id),
        lambda api, task_id: api.task.submit_task_to_cc(task_id),
        lambda api, task_id: api.submit(task_id),
        lambda api, task_id: api.submit_cc(task_id),
    ],
    ids=["submit_task", "submit_task_to_cc", "api.submit", "api.submit_cc"],
)
def test_task_id_is_forgotten_after_its_submit(api, rsps, submit):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [101]}))
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [102]}))
    rsps.add(responses.POST, url(SUBMIT), json=load_fixture("submit_task.json"))
    first = api.task.task_id
    submit(api, 999)  # another task: the kept id stays
    assert api.task.task_id == first == 101
    submit(api, first)
    assert api.task.task_id == 102
    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(SUBMIT),
        url(SUBMIT),
        url(CREATE_TASK),
    ]


def test_task_id_is_kept_when_its_submit_fails(api, rsps):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [101]}))
    rsps.add(responses.POST, url(SUBMIT), json=envelope(None, code=500, message="no json"))
    task_id = api.task.task_id
    with pytest.raises(RayvisionError):
        api.task.submit_task(task_id)
    assert api.task.task_id == 101
    assert len(rsps.calls) == 2


@pytest.mark.parametrize(
    "data",
    [{}, {"taskIdList": []}, {"taskIdList": None}, None, [19097]],
    ids=["no-list", "empty-list", "null-list", "null-data", "data-list"],
)
def test_a_create_task_reply_without_an_id(api, rsps, data):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope(data))
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(None))
    with pytest.raises(RayvisionResponseError) as caught:
        api.task.task_id  # noqa: B018
    assert caught.value.url == url(CREATE_TASK)
    with pytest.raises(RayvisionResponseError):
        api.submit_by_data(task_json())
    # nothing uploaded for a task that has no id
    assert [call.request.url for call in rsps.calls] == [url(CREATE_TASK), url(CREATE_TASK)]


def test_user_id_when_the_profile_has_none(api, rsps):
    register_user_info(rsps, profile=envelope({"userName": "x"}))
    with pytest.raises(RayvisionResponseError) as caught:
        api.get_user_id()
    assert "user_id" in str(caught.value)


# -- submit_by_data --------------------------------------------------------------------------


def task_json(task_id=None):
    content = {
        "software_config": {"cg_name": "Houdini", "cg_version": "17.5", "plugins": {}},
        "task_info": {"input_cg_file": "D:/shots/镜头A.hip", "frames_per_task": "1"},
    }
    if task_id is not None:
        content["task_info"]["task_id"] = task_id
    return content


def register_submit(rsps, created=19097):
    rsps.add(responses.POST, url(CREATE_TASK), json=envelope({"taskIdList": [created]}))
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=load_fixture("task_json_file.json"))
    rsps.add(responses.POST, url(SUBMIT), json=load_fixture("submit_task.json"))


def test_submit_by_data_with_an_int_task_id(api, rsps):
    register_submit(rsps)
    content = task_json(task_id=1234)
    before = copy.deepcopy(content)
    assert api.submit_by_data(content) == 1234
    assert [call.request.url for call in rsps.calls] == [url(TASK_JSON_FILE), url(SUBMIT)]
    upload = request_body(rsps.calls[0])
    check_request(rsps.calls[0], TASK_JSON_FILE, upload)
    assert upload["taskId"] == 1234 and upload["fileName"] == "task.json"
    assert json.loads(upload["content"]) == before
    check_request(rsps.calls[1], SUBMIT, {"taskId": 1234})
    assert content == before


def test_submit_by_data_with_a_numeric_string_task_id(api, rsps):
    register_submit(rsps)
    content = task_json(task_id="1234")
    result = api.submit_by_data(content, file_name="upload.json", producer="丁玉涛")
    assert result == 1234 and type(result) is int
    upload = request_body(rsps.calls[0])
    assert upload["taskId"] == 1234 and upload["fileName"] == "upload.json"
    assert json.loads(upload["content"]) == content
    check_request(rsps.calls[1], SUBMIT, {"taskId": 1234, "producer": "丁玉涛"})
    assert len(rsps.calls) == 2


@pytest.mark.parametrize("missing", [None, ""], ids=["absent", "empty-string"])
def test_submit_by_data_without_a_task_id_creates_one(api, rsps, missing):
    register_submit(rsps, created=19097)
    content = task_json()
    if missing == "":
        content["task_info"]["task_id"] = ""
    before = copy.deepcopy(content)

    assert api.submit_by_data(content) == 19097

    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(TASK_JSON_FILE),
        url(SUBMIT),
    ]
    check_request(rsps.calls[0], CREATE_TASK, {"count": 1, "taskUserLevel": 50})
    upload = request_body(rsps.calls[1])
    check_request(rsps.calls[1], TASK_JSON_FILE, upload)
    sent = json.loads(upload["content"])
    assert sent["task_info"]["task_id"] == 19097
    expected = copy.deepcopy(before)
    expected["task_info"]["task_id"] = 19097
    assert sent == expected
    assert upload["taskId"] == 19097
    check_request(rsps.calls[2], SUBMIT, {"taskId": 19097})
    assert content == before  # the caller's dict is not modified


def test_submit_by_data_without_a_task_info_section(api, rsps):
    register_submit(rsps, created=555)
    content = {"software_config": {"cg_name": "Maya"}}
    assert api.submit_by_data(content) == 555
    sent = json.loads(request_body(rsps.calls[1])["content"])
    assert sent == {"software_config": {"cg_name": "Maya"}, "task_info": {"task_id": 555}}
    assert content == {"software_config": {"cg_name": "Maya"}}


def test_submit_by_data_with_json_text(api, rsps):
    register_submit(rsps)
    text = json.dumps(task_json(task_id=4321), ensure_ascii=False, indent=2)
    assert api.submit_by_data(text) == 4321
    upload = request_body(rsps.calls[0])
    assert upload == {"taskId": 4321, "fileName": "task.json", "content": text}
    assert len(rsps.calls) == 2


def test_submit_by_data_with_json_text_without_a_task_id(api, rsps):
    register_submit(rsps, created=777)
    text = json.dumps(task_json())
    assert api.submit_by_data(text) == 777
    assert [call.request.url for call in rsps.calls] == [
        url(CREATE_TASK),
        url(TASK_JSON_FILE),
        url(SUBMIT),
    ]
    assert json.loads(request_body(rsps.calls[1])["content"])["task_info"]["task_id"] == 777


def test_submit_by_data_stops_at_a_failed_upload(api, rsps):
    rsps.add(responses.POST, url(TASK_JSON_FILE), json=envelope(None, code=600, message="full"))
    with pytest.raises(RayvisionError):
        api.submit_by_data(task_json(task_id=1))
    assert [call.request.url for call in rsps.calls] == [url(TASK_JSON_FILE)]


# -- closing ----------------------------------------------------------------------------------


def test_a_client_is_a_context_manager(rsps):
    with RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY) as api:
        assert isinstance(api, RayvisionAPI)
    assert len(rsps.calls) == 0
