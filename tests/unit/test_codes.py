"""The business codes by name (protocol.md, "Business codes") and the errors that show them."""

import pickle

import pytest
import responses

import dayan_api
from dayan_api import Code, RayvisionAPIError
from dayan_api.codes import code_name

from .support import envelope, url

TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"

# protocol.md's lists, written out here so that a wrong entry in the package fails.
FAMILY_TABLE = {
    200: "success",
    100: "fail",
    400: "bad request",
    403: "forbidden",
    404: "resource not found",
    500: "internal error",
    503: "label already exists",
    600: "invalid parameter",
    601: "parameter missing",
    602: "login needed",
    603: "illegal request",
    605: "insufficient permissions",
    610: "signature expired",
    611: "signature invalid",
    700: "no more records",
    800: "account does not exist",
    804: "account locked",
    913: "sub-account in arrears",
}
DESKTOP_CLIENT = {507, 510, 511, 602, 718, 728, 740, 741, 748, 749, 753, 756, 937, 1206}


def test_every_documented_code_has_a_name_and_nothing_else_does():
    assert {int(code) for code in Code} == set(FAMILY_TABLE) | DESKTOP_CLIENT
    assert len(list(Code)) == len(set(FAMILY_TABLE) | DESKTOP_CLIENT)  # no aliases


@pytest.mark.parametrize(
    "number, name",
    [
        (610, "SIGNATURE_EXPIRED"),
        (611, "SIGNATURE_INVALID"),
        (600, "PARAMETER_INVALID"),
        (601, "PARAMETER_MISSING"),
        (503, "LABEL_EXISTS"),
        (404, "RESOURCE_NOT_FOUND"),
        (800, "ACCOUNT_NOT_FOUND"),
        (937, "TASK_NOT_FOUND"),
        (740, "TASK_JSON_INVALID"),
        (741, "TASK_JSON_EMPTY"),
        (749, "ALREADY_SUBMITTING"),
        (507, "BALANCE_TOO_LOW"),
    ],
)
def test_names(number, name):
    assert Code(number).name == name and Code[name] == number
    assert code_name(number) == code_name(str(number)) == name


@pytest.mark.parametrize("value", [12345, 20004, "abc", "6 10", "٦١٠", None, 610.0, True, [610]])
def test_code_name_of_anything_else_is_none(value):
    assert code_name(value) is None


def test_a_code_is_an_int_and_prints_as_one_on_every_python():
    assert Code.SIGNATURE_EXPIRED == 610 and isinstance(Code.SIGNATURE_EXPIRED, int)
    assert str(Code.SIGNATURE_EXPIRED) == "610"
    assert "{}|{:>5}|{:d}".format(Code.FAIL, Code.FAIL, Code.FAIL) == "100|  100|100"
    assert repr(Code.FAIL) == "<Code.FAIL: 100>"


def test_code_is_exported_from_the_package():
    assert dayan_api.Code is Code and "Code" in dayan_api.__all__


def test_an_api_error_says_the_name_of_its_code():
    error = RayvisionAPIError(610, "timestamp expired", "https://h/p", "r-1")
    assert error.code_name == "SIGNATURE_EXPIRED"
    text = "[610 SIGNATURE_EXPIRED] timestamp expired (url: https://h/p, requestId: r-1)"
    assert str(error) == text
    assert error.error_code == Code.SIGNATURE_EXPIRED and error.error_code == 610
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.code_name == "SIGNATURE_EXPIRED"


def test_an_api_error_with_an_unknown_code_shows_the_number_alone():
    error = RayvisionAPIError(100001, "signature error", "https://h/p")
    assert error.code_name is None
    assert str(error) == "[100001] signature error (url: https://h/p)"


def test_a_plugin_can_tell_a_clock_problem_from_a_reply(api, rsps):
    reply = envelope(None, code=610, message="signature expired", request_id="rq")
    rsps.add(responses.POST, url(TASK_INFO), json=reply)
    with pytest.raises(RayvisionAPIError) as caught:
        api.query.task_info([7])
    error = caught.value
    assert error.error_code == Code.SIGNATURE_EXPIRED
    assert error.error_code != Code.SIGNATURE_INVALID
    assert "SIGNATURE_EXPIRED" in str(error)
