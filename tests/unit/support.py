"""Helpers for the unit tests: an independent signer, request checks, replies,
and the paths and checks of the operator call tables (``test_calls_*.py``).

The signer here is written from protocol.md alone and does not import
``dayan_api.signature``: a test that checks the SDK's signature against the
SDK's own signer would pass whatever the signer did. ``test_signature.py``
checks this copy against the protocol's test vectors too.
"""

import base64
import hashlib
import hmac
import json
import os
import time

import pytest
import responses

from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionError,
    RayvisonTaskIdError,
)

DOMAIN = "task.dayancloud.com"
BASE_URL = "https://" + DOMAIN
ACCESS_ID = "AKIDunitTestAccount01"
ACCESS_KEY = "SK-unit-secret-7f3a9c2e5b1d"
OTHER_ID = "AKIDunitTestAccount02"
OTHER_KEY = "SK-unit-other-secret-0c4e8a"

# The headers that take part in the signature (protocol.md, "Request").
SIGNED_HEADERS = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "version")
QUERY_TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")


# -- the independent signer -------------------------------------------------


def _flatten(key, value, pairs):
    if isinstance(value, dict):
        for child_key, child in value.items():
            _flatten(key + "." + str(child_key), child, pairs)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(key + str(index), item, pairs)
    else:
        pairs[key] = value


def string_to_sign(domain, path, headers, body):
    """protocol.md steps 1-6; ``headers`` holds only the headers to sign."""
    merged = {k: v for k, v in headers.items() if k not in ("signature", "Content-Type")}
    merged.update(body)
    pairs = {}
    for key, value in merged.items():
        _flatten(key, value, pairs)
    if path == QUERY_TASK_INFO:
        pairs["bFilterOsgb"] = "0"
    joined = "&".join("{}={}".format(key, pairs[key]) for key in sorted(pairs))
    return "[POST]" + domain + ":" + path + "&" + joined


def hmac_b64(key, message):
    """protocol.md step 7, as text."""
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


# -- replies -------------------------------------------------------------------


def envelope(data=None, code=200, message="success", request_id="req-unit-0001"):
    reply = {
        "version": "1.0.0",
        "result": code == 200,
        "message": message,
        "code": code,
        "data": data,
        "serverTime": 1700000000000,
    }
    if request_id is not None:
        reply["requestId"] = request_id
    return reply


def load_fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


def url(path):
    return BASE_URL + path


# -- request checks --------------------------------------------------------------


def request_text(call):
    body = call.request.body
    return body.decode("utf-8") if isinstance(body, bytes) else body


def request_body(call):
    return json.loads(request_text(call))


def check_request(
    call,
    path,
    body,
    access_id=ACCESS_ID,
    key=ACCESS_KEY,
    domain=DOMAIN,
    platform="54",
    extra_headers=None,
    version="2.0.0",
):
    """Assert everything protocol.md says of one sent request.

    ``extra_headers``: the headers the user added, which must be sent and signed.
    Returns the request's headers that were signed.
    """
    request = call.request
    assert request.method == "POST"
    assert request.url == "https://" + domain + path
    sent_body = request_body(call)
    assert sent_body == body
    headers = request.headers
    names = list(headers.keys())
    for name in SIGNED_HEADERS + ("signature", "Content-Type"):
        assert name in names, "header {} missing (or sent in another case): {}".format(name, names)
    assert headers["accessId"] == access_id
    assert headers["channel"] == "4"
    assert headers["platform"] == platform
    assert headers["version"] == version
    assert headers["Content-Type"] == "application/json"
    timestamp = headers["UTCTimestamp"]
    assert timestamp.isdigit() and abs(int(timestamp) - time.time()) < 120, timestamp
    nonce = headers["nonce"]
    assert len(nonce) == 6 and nonce.isdigit() and 100000 <= int(nonce) <= 999999, nonce
    signed = {name: headers[name] for name in SIGNED_HEADERS}
    for name, value in (extra_headers or {}).items():
        assert headers[name] == value
        signed[name] = value
    expected = hmac_b64(key, string_to_sign(domain, path, signed, sent_body))
    assert headers["signature"] == expected
    # The key itself is never sent.
    assert key not in request_text(call)
    assert all(key not in str(value) for value in headers.values())
    return signed


# -- operator calls, as interface.md gives them -----------------------------------

USER_PROFILE = "/api/render/setUp/queryUserProfile"
USER_SETTING = "/api/rendering/user/client/queryUserSetting"
UPDATE_SETTING = "/api/render/user/updateUserSetting"
TRANSFER_BID = "/api/rendering/task/plugin/getPluginTransferBid"
HARDWARE = "/api/render/hardwareConfig/list"
CREATE_TASK = "/api/render/task/createTask"
SUBMIT = "/api/rendering/task/plugin/pluginSubmitTask"
STOP_TASK = "/api/rendering/task/renderingTask/stopTask"
START_TASK = "/api/rendering/task/renderingTask/startTask"
ABANDON = "/api/render/handle/abandonTask"
DELETE = "/api/render/handle/deleteTask"
PRIORITY = "/api/rendering/task/renderingTask/updateTaskUserLevel"
OVERTIME = "/api/render/handle/setTaskOverTimeStop"
FULL_SPEED = "/api/render/handle/fullSpeedRendering"
PLATFORMS = "/api/render/common/queryPlatforms"
ERROR_DETAIL = "/api/render/submit/queryAnalyseErrorDetail"
TASK_LIST = "/api/render/handle/getTaskList"
TASK_FRAMES = "/api/render/handle/queryTaskFrames"
ALL_FRAME_STATS = "/api/render/handle/queryAllFrameStats"
RECOMMIT_FAIL = "/api/rendering/task/renderingTask/recommitFailFrame"
RECOMMIT_FRAME = "/api/rendering/task/renderingTask/recommitTaskFrame"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"
SOFTWARE_LIST = "/api/render/plugin/querySoftwareList"
SOFTWARE_DETAIL = "/api/render/plugin/querySoftwareDetail"
SERVER_INFO = "/api/render/transfer/getServerInfo"
RAYSYNC_KEY = "/api/render/transfer/getRaySyncUserKey"
PROCESS_IMG = "/api/render/handle/loadTaskProcessImg"
THUMBNAIL = "/api/render/handle/loadingFrameThumbnail"
STOP_FRAMES = "/api/render/handle/stopTaskFrames"
TRANSFER_CONFIG = "/api/render/transfer/getConfig"
TASK_JSON_FILE = "/api/render/submit/taskJsonFile"
OUTPUT_FILES = "/api/render/file/operate/getOutputUserDirFile"
ADD_LABEL = "/api/render/project/add"
DELETE_LABEL = "/api/render/project/delete"
LABEL_LIST = "/api/render/project/getList"
PROJECT_LIST = "/api/render/project/list"
ADD_TASK_LABEL = "/api/render/handle/addTaskLabel"
DELETE_TASK_LABEL = "/api/render/handle/deleteTaskLabel"
ADD_ENV = "/api/render/plugin/addUserPluginConfig"
EDIT_ENV = "/api/render/plugin/editUserPluginConfig"
DELETE_ENV = "/api/render/plugin/deleteUserPluginConfig"
DEFAULT_ENV = "/api/render/plugin/setDefaultUserPluginConfig"
GET_ENV = "/api/render/plugin/getUserPluginConfig"

# Replies from the reference (tests/fixtures) where it gives one.
FIXTURE_FOR = {
    USER_PROFILE: "user_profile.json",
    USER_SETTING: "user_setting.json",
    TRANSFER_BID: "transfer_bid.json",
    CREATE_TASK: "create_task.json",
    SUBMIT: "submit_task.json",
    STOP_TASK: "stop_task.json",
    RECOMMIT_FAIL: "recommit_fail_frame.json",
    TASK_INFO: "query_task_info.json",
    TRANSFER_CONFIG: "transfer_config.json",
    TASK_JSON_FILE: "task_json_file.json",
    OUTPUT_FILES: "output_user_dir_file.json",
}

RETURNS_DATA = object()


def case(name, call, path, body, returns=RETURNS_DATA, variant=""):
    """One row: ``name`` is the public method, ``call(api)`` calls it."""
    return pytest.param(
        name, call, path, body, returns, id=name + (":" + variant if variant else "")
    )


def check_operator_call(api, rsps, call, path, body, returns):
    """Assert that ``call(api)`` sends one request, exactly ``body`` to ``path``,
    and returns the reply's ``data`` (or ``returns``, value and type).

    The reply is the reference's sample (tests/fixtures) where it gives one.
    """
    if path in FIXTURE_FOR:
        reply = load_fixture(FIXTURE_FOR[path])
    else:
        reply = envelope({"from": path, "items": [1, "二"]})
    rsps.add(responses.POST, url(path), json=reply)

    result = call(api)

    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], path, body)
    if returns is RETURNS_DATA:
        assert result == reply["data"]
    else:
        assert result == returns and type(result) is type(returns)


# -- calls by whether a retry is safe (the transport's tests) ---------------------

# The render environment the add_render_env rows send.
_RETRY_TABLE_ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "e",
    "renderSystem": 1,
    "pluginIds": [],
}

# Calls that must never be sent twice once the service may have acted.
NOT_RETRY_SAFE = [
    pytest.param(
        CREATE_TASK,
        lambda a: a.task.create_task(),
        {"count": 1, "taskUserLevel": 50},
        id="createTask",
    ),
    pytest.param(SUBMIT, lambda a: a.task.submit_task(7), {"taskId": 7}, id="pluginSubmitTask"),
    pytest.param(
        RECOMMIT_FAIL,
        lambda a: a.query.restart_failed_frames([7]),
        {"taskIds": [7]},
        id="recommitFailFrame",
    ),
    pytest.param(
        RECOMMIT_FRAME,
        lambda a: a.query.restart_frame(7),
        {"taskId": 7, "taskIds": 7, "selectAll": 1},
        id="recommitTaskFrame",
    ),
    pytest.param(
        ADD_LABEL,
        lambda a: a.tag.add_label("p"),
        {"newName": "p", "status": 1},
        id="project/add",
    ),
    pytest.param(
        ADD_TASK_LABEL,
        lambda a: a.tag.add_task_tag("t", [7]),
        {"label": "t", "taskIds": [7]},
        id="addTaskLabel",
    ),
    pytest.param(
        ADD_ENV,
        lambda a: a.env.add_render_env(_RETRY_TABLE_ENV),
        _RETRY_TABLE_ENV,
        id="addUserPluginConfig",
    ),
]
RETRY_SAFE = [
    pytest.param(
        DELETE_LABEL, lambda a: a.tag.delete_label("p"), {"delName": "p"}, id="project/delete"
    ),
    pytest.param(
        DEFAULT_ENV,
        lambda a: a.env.set_default_render_env("e"),
        {"editName": "e"},
        id="setDefaultUserPluginConfig",
    ),
    pytest.param(USER_PROFILE, lambda a: a.user.query_user_profile(), {}, id="queryUserProfile"),
    pytest.param(TASK_INFO, lambda a: a.query.task_info([7]), {"taskIds": [7]}, id="queryTaskInfo"),
    pytest.param(
        STOP_TASK,
        lambda a: a.task.stop_task([7]),
        {"taskIds": [7]},
        id="stopTask",
    ),
]


# -- bad arguments (the test_validation_*.py tables) --------------------------------

VALUE = RayvisionArgumentError  # also a ValueError
TYPE = RayvisionArgumentTypeError  # also a TypeError
TASK_ID = RayvisonTaskIdError  # also a TypeError


def bad(call, error, parameter, case_id):
    return pytest.param(call, error, parameter, id=case_id)


def check_refused_before_sending(api, rsps, call, error, parameter):
    """Assert that ``call(api)`` raises ``error`` naming ``parameter``, sending nothing."""
    with pytest.raises(RayvisionError) as caught:
        call(api)
    raised = caught.value
    assert isinstance(raised, error), repr(raised)
    assert parameter in str(raised), str(raised)
    assert len(rsps.calls) == 0
    if error is VALUE:
        assert isinstance(raised, ValueError) and not isinstance(raised, TypeError)
    else:
        assert isinstance(raised, TypeError) and not isinstance(raised, ValueError)
    if hasattr(raised, "parameter"):
        assert raised.parameter.split("[")[0] in parameter or parameter in raised.parameter


class SleepRecorder:
    """Stands in for ``Connect._sleep``: records the delays, never sleeps."""

    def __init__(self):
        self.delays = []

    def __call__(self, seconds):
        self.delays.append(seconds)


def never_platform_system():
    # From Python 3.12 on Windows platform.system() asks WMI, which can take
    # seconds or hang inside a DCC host; sys.platform answers at once.
    raise AssertionError("platform.system() was called: sys.platform answers at once")
