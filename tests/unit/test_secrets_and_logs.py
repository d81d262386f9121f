"""The access key is never shown, logged or sent; the log file is written."""

import logging
import os
import pathlib
import pickle
import traceback

import pytest
import requests
import responses

import dayan_api
from dayan_api import RayvisionAPI
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
)

from .support import ACCESS_ID, ACCESS_KEY, OTHER_ID, OTHER_KEY, envelope, load_fixture, url

PROFILE = "/api/render/setUp/queryUserProfile"
SETTING = "/api/rendering/user/client/queryUserSetting"
BID = "/api/rendering/task/plugin/getPluginTransferBid"
CREATE_TASK = "/api/render/task/createTask"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"
STOP_TASK = "/api/rendering/task/renderingTask/stopTask"


def run_a_session(api, rsps):
    """A full use of the client: success, retries, and each kind of failure.

    Returns the errors raised.
    """
    rsps.add(responses.POST, url(PROFILE), json=load_fixture("user_profile.json"))
    rsps.add(responses.POST, url(SETTING), status=503)  # retried, then fine
    rsps.add(responses.POST, url(SETTING), json=load_fixture("user_setting.json"))
    rsps.add(responses.POST, url(BID), json=load_fixture("transfer_bid.json"))
    rsps.add(
        responses.POST,
        url(TASK_INFO),
        json=envelope(None, code=100001, message="signature error", request_id="r-1"),
    )
    rsps.add(responses.POST, url(STOP_TASK), body="<html>proxy</html>")
    rsps.add(responses.POST, url(CREATE_TASK), status=502, body="bad gateway")
    rsps.add(
        responses.POST,
        url("/api/render/handle/queryAllFrameStats"),
        body=requests.exceptions.ReadTimeout("read timed out"),
    )
    rsps.add(
        responses.POST,
        url("/api/render/plugin/querySoftwareList"),
        body=requests.exceptions.ConnectionError("Connection refused"),
    )

    assert api.get_user_id() == 10001136
    errors = []
    for call in (
        lambda: api.query.task_info([7]),
        lambda: api.task.stop_task([7]),
        lambda: api.task.create_task(),
        lambda: api.query.all_frame_status(),
        lambda: api.query.supported_software(),
        lambda: api.task.create_task(task_user_level=55),
    ):
        with pytest.raises(RayvisionError) as caught:
            call()
        errors.append(caught.value)
    kinds = [type(error) for error in errors]
    assert kinds == [
        RayvisionAPIError,
        RayvisionResponseError,
        RayvisionHTTPError,
        RayvisionTimeoutError,
        RayvisionConnectionError,
        RayvisionArgumentError,
    ]
    return errors


def test_repr_hides_the_key(api):
    for text in (
        repr(api),
        str(api),
        repr(api.connect),
        str(api.connect),
        repr(vars(api.connect)),
        repr(vars(api)),
    ):
        assert ACCESS_KEY not in text
    assert ACCESS_ID in repr(api) and "task.dayancloud.com" in repr(api)
    assert ACCESS_ID in repr(api.connect)


def test_errors_never_hold_the_key(api, rsps):
    for error in run_a_session(api, rsps):
        shown = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        for text in (str(error), repr(error), shown, repr(vars(error))):
            assert ACCESS_KEY not in text


@pytest.mark.parametrize("bad_key", [b"SK-bytes-secret-123", 123456789123, ["SK-list-secret"]])
def test_a_refused_key_is_not_echoed(rsps, bad_key):
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=bad_key)
    shown = str(caught.value) + repr(caught.value)
    assert "access_key" in shown
    assert str(bad_key).strip("[]b'") not in shown


def test_debug_logs_never_hold_the_key(api, rsps, caplog):
    caplog.set_level(logging.DEBUG, logger="dayan_api")
    run_a_session(api, rsps)
    messages = [record.getMessage() for record in caplog.records]
    # The session was logged (requests, replies, retries)...
    assert any("POST " + url(PROFILE) in message for message in messages)
    assert any("requestId r-1" in message for message in messages)
    assert any(
        record.levelno == logging.WARNING and "retrying" in record.getMessage()
        for record in caplog.records
    )
    # ...and the key is in none of it.
    assert ACCESS_KEY not in caplog.text
    for record in caplog.records:
        assert ACCESS_KEY not in record.getMessage()
        assert ACCESS_KEY not in repr(record.args)
        assert ACCESS_KEY not in repr(vars(record))


def test_a_given_logger_is_used(make_api, rsps, caplog):
    caplog.set_level(logging.DEBUG, logger="my.plugin")
    api = make_api(logger=logging.getLogger("my.plugin"))
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    assert [record.name for record in caplog.records] == ["my.plugin", "my.plugin"]
    assert ACCESS_KEY not in caplog.text


def read_log(folder, name="dayan_api.log"):
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return handle.read()


def test_the_log_file_is_written_without_the_key(make_api, rsps, tmp_path):
    folder = str(tmp_path / "logs" / "nested")
    api = make_api(log_folder=folder)
    run_a_session(api, rsps)
    api.close()
    text = read_log(folder)
    assert "POST " + url(PROFILE) in text
    assert "code 100001, requestId r-1" in text
    assert "retrying " + SETTING in text
    assert "DEBUG" in text and "WARNING" in text
    assert ACCESS_KEY not in text


def test_the_log_folder_may_be_a_path(make_api, rsps, tmp_path):
    api = make_api(log_folder=tmp_path / "p", log_name=pathlib.Path("client.log"))
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    api.close()
    assert "POST " + url(PROFILE) in read_log(str(tmp_path / "p"), "client.log")


def test_the_log_file_name(make_api, rsps, tmp_path):
    api = make_api(log_folder=str(tmp_path), log_name="render.log")
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    api.close()
    assert os.listdir(str(tmp_path)) == ["render.log"]
    assert "POST " + url(PROFILE) in read_log(str(tmp_path), "render.log")


@pytest.mark.parametrize("level", ["WARNING", "warning", logging.WARNING])
def test_log_level_filters_the_file(make_api, rsps, tmp_path, level):
    api = make_api(log_folder=str(tmp_path), log_level=level)
    run_a_session(api, rsps)
    api.close()
    text = read_log(str(tmp_path))
    assert "retrying " + SETTING in text
    assert "POST " not in text and "DEBUG" not in text


def test_log_level_error_writes_nothing_here(make_api, rsps, tmp_path):
    api = make_api(log_folder=str(tmp_path), log_level="ERROR")
    run_a_session(api, rsps)
    api.close()
    path = os.path.join(str(tmp_path), "dayan_api.log")
    assert not os.path.exists(path) or read_log(str(tmp_path)) == ""


def test_the_file_level_does_not_change_what_the_application_logs(make_api, rsps, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="dayan_api")
    api = make_api(log_folder=str(tmp_path), log_level="ERROR")
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    api.user.query_user_profile()
    api.close()
    assert any("POST " + url(PROFILE) in record.getMessage() for record in caplog.records)


def test_each_client_writes_its_own_file(make_api, rsps, tmp_path):
    first = make_api(log_folder=str(tmp_path / "a"))
    second = make_api(access_id=OTHER_ID, access_key=OTHER_KEY, log_folder=str(tmp_path / "b"))
    rsps.add(responses.POST, url(PROFILE), json=envelope({}))
    rsps.add(responses.POST, url(SETTING), json=envelope({}))
    first.user.query_user_profile()
    second.user.query_user_setting()
    first.close()
    second.close()
    first_text, second_text = read_log(str(tmp_path / "a")), read_log(str(tmp_path / "b"))
    assert PROFILE in first_text and SETTING not in first_text
    assert SETTING in second_text and PROFILE not in second_text
    for text in (first_text, second_text):
        assert ACCESS_KEY not in text and OTHER_KEY not in text


def test_errors_survive_pickling_for_worker_processes(api, rsps):
    # Render-farm plugins often poll from multiprocessing workers; an error that
    # cannot cross the process boundary turns into a confusing pickling failure.
    errors = run_a_session(api, rsps)
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)


def test_a_key_that_cannot_be_encoded_is_refused_at_construction_without_being_shown(rsps):
    # A lone surrogate (os.fsdecode of a non-UTF-8 byte, a key read from a
    # badly decoded file) has no UTF-8 form, so no request could be signed:
    # refused at construction, not as a bare UnicodeEncodeError at the first
    # call whose .object attribute is the whole key.
    bad_key = "SK-Zq7-\udce9-Wv4"
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=bad_key)
    error = caught.value
    shown = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    assert error.parameter == "access_key"
    assert "Zq7" not in shown + repr(vars(error)) and "Wv4" not in shown
    assert error.__cause__ is None and error.__context__ is None
    assert len(rsps.calls) == 0


def test_the_key_holder_refuses_pickling_so_the_key_never_reaches_a_file():
    api = RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY)
    with pytest.raises(TypeError) as caught:
        pickle.dumps(api.connect._access_key)
    assert ACCESS_KEY not in str(caught.value)
    assert "not picklable" in str(caught.value)


def _package_frame_locals(error):
    """repr of every local of the package's own frames in the traceback of
    ``error`` and of its causes and contexts: what a crash reporter that
    captures locals (Sentry, pytest --showlocals, cgitb) records."""
    package = os.path.dirname(os.path.abspath(dayan_api.__file__))
    shown, seen = [], set()
    pending = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        pending += [current.__cause__, current.__context__]
        frame_info = current.__traceback__
        while frame_info is not None:
            frame = frame_info.tb_frame
            if os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
                shown += [f"{name}={_safe_repr(value)}" for name, value in frame.f_locals.items()]
            frame_info = frame_info.tb_next
    return "\n".join(shown)


def _safe_repr(value):
    try:
        return repr(value)
    except Exception:  # a half-built object: reporters show the str of its dict then
        return repr(getattr(value, "__dict__", None))


@pytest.mark.parametrize(
    "arguments",
    [
        {"domain": "task.dayancloud.com/api"},
        {"protocol": "ftp"},
        {"platform": "54\r\nX: 1"},
        {"headers": {"X-Trace": "a\nb"}},
        {"timeout": -1},
        {"log_level": "LOUD"},
        {"logger": "not a logger"},
    ],
)
def test_a_refused_argument_leaves_the_key_in_no_frame_of_the_traceback(rsps, arguments):
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY, **arguments)
    shown = _package_frame_locals(caught.value)
    assert "self=" in shown  # the package's frames were walked
    assert ACCESS_KEY not in shown


def test_a_refused_key_leaves_itself_in_no_frame_of_the_traceback(rsps):
    with pytest.raises(RayvisionError) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key="SK-Zq7-\udce9-Wv4")
    assert "Zq7" not in _package_frame_locals(caught.value)


def test_errors_of_calls_leave_the_key_in_no_frame_of_the_traceback(api, rsps):
    for error in run_a_session(api, rsps):
        assert ACCESS_KEY not in _package_frame_locals(error)
