"""The calls beyond the API reference (interface.md, "the service's other calls"):
render logs, status counts, output sizes, the node limit, the AT report.

Each single-request call is a row checked like every operator call; the calls
that read the account's userId first, the log's pages, and the unsigned GET
of the AT report have tests of their own.
"""

import json

import pytest
import responses

from dayan_api import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionHTTPError,
    RayvisionResponseError,
)
from dayan_api.connect import MAX_REPLY_BYTES

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    TYPE,
    VALUE,
    bad,
    case,
    check_operator_call,
    check_refused_before_sending,
    check_request,
    envelope,
    request_body,
    url,
)
from .test_user_info import register_user_info

T = 14400249
FRAME = 521446373
USER = 10001136  # the user id of tests/fixtures/user_profile.json
SHOW_LOG = "/api/render/handle/showLog"
STATUS_COUNT = "/api/rendering/task/renderingTask/getTaskStatusCount"
OUTPUT_SIZE = "/api/rendering/task/output/getSize"
TASK_LIMIT = "/api/render/handle/updateTaskLimit"
AT_REPORT_URL = "/api/rendering/task/renderingTask/loadAtTaskReportDataUrl"
REPORT_PATH = "/report/10001136/14400249/at_result/report.json"
API_HEADERS = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "signature", "version")

CASES = [
    case(
        "query.get_render_log",
        lambda a: a.query.get_render_log(FRAME),
        SHOW_LOG,
        {"id": FRAME, "pageNum": 0, "pageSize": 1, "renderingType": "render"},
    ),
    case(
        "query.get_render_log",
        lambda a: a.query.get_render_log(FRAME, page_num=3, page_size=2, rendering_type="render"),
        SHOW_LOG,
        {"id": FRAME, "pageNum": 3, "pageSize": 2, "renderingType": "render"},
        variant="page",
    ),
    case(
        "transmit.get_output_size",
        lambda a: a.transmit.get_output_size([T, 7]),
        OUTPUT_SIZE,
        {"taskIds": [T, 7]},
    ),
    case(
        "task.update_task_limit",
        lambda a: a.task.update_task_limit(T, 4),
        TASK_LIMIT,
        {"taskId": T, "taskLimit": 4},
    ),
]

# Calls that send several requests, each tested below.
COMPOSITE = {
    "query.iter_render_log": "test_calls_beyond_reference.py",
    "query.task_status_count": "test_calls_beyond_reference.py",
    "query.get_at_report_url": "test_calls_beyond_reference.py",
    "query.get_at_report": "test_calls_beyond_reference.py",
}

REFUSED = [
    bad(lambda a: a.query.get_render_log(0), VALUE, "frame_id", "log-frame-zero"),
    bad(lambda a: a.query.get_render_log("521446373"), TYPE, "frame_id", "log-frame-str"),
    bad(lambda a: a.query.get_render_log(True), TYPE, "frame_id", "log-frame-bool"),
    bad(lambda a: a.query.get_render_log(FRAME, page_num=-1), VALUE, "page_num", "log-page"),
    bad(lambda a: a.query.get_render_log(FRAME, page_size=0), VALUE, "page_size", "log-size"),
    bad(
        lambda a: a.query.get_render_log(FRAME, rendering_type=""),
        VALUE,
        "rendering_type",
        "log-type-empty",
    ),
    bad(lambda a: a.query.iter_render_log(-5), VALUE, "frame_id", "iter-log-frame"),
    bad(lambda a: a.query.iter_render_log(FRAME, 0), VALUE, "page_size", "iter-log-size"),
    bad(lambda a: a.task.update_task_limit(T, 0), VALUE, "limit", "limit-zero"),
    bad(lambda a: a.task.update_task_limit(T, "4"), TYPE, "limit", "limit-str"),
    bad(lambda a: a.task.update_task_limit(T, 2.0), TYPE, "limit", "limit-float"),
    bad(lambda a: a.task.update_task_limit(0, 4), VALUE, "task_id", "limit-task"),
    bad(lambda a: a.transmit.get_output_size([]), VALUE, "task_ids", "size-empty"),
    bad(lambda a: a.transmit.get_output_size(T), TYPE, "task_ids", "size-int"),
    bad(lambda a: a.transmit.get_output_size(["7"]), TYPE, "task_ids[0]", "size-str-id"),
    bad(lambda a: a.query.get_at_report_url(-1), VALUE, "task_id", "report-url-task"),
    bad(lambda a: a.query.get_at_report(None), TYPE, "task_id", "report-task-none"),
]


@pytest.mark.parametrize(("name", "call", "path", "body", "returns"), CASES)
def test_operator_call(api, rsps, name, call, path, body, returns):
    check_operator_call(api, rsps, call, path, body, returns)


@pytest.mark.parametrize(("call", "error", "parameter"), REFUSED)
def test_bad_argument_is_refused_before_sending(api, rsps, call, error, parameter):
    check_refused_before_sending(api, rsps, call, error, parameter)


# -- the account's userId, read once from the profile ---------------------------------


def test_task_status_count_sends_the_profiles_user_id_read_once(api, rsps):
    register_user_info(rsps)
    counts = {"waitingTask": 1, "renderingTask": 2, "doneTask": 30, "failureTask": 4}
    rsps.add(responses.POST, url(STATUS_COUNT), json=envelope(counts))

    assert api.query.task_status_count() == counts
    assert api.query.task_status_count() == counts

    paths = [call.request.url for call in rsps.calls]
    assert paths.count(url(STATUS_COUNT)) == 2
    assert len(rsps.calls) == 5  # the profile, settings and transfer ids once
    check_request(rsps.calls[3], STATUS_COUNT, {"userId": USER})
    check_request(rsps.calls[4], STATUS_COUNT, {"userId": USER})
    assert api.user_info["user_id"] == USER
    assert len(rsps.calls) == 5


def test_a_query_operator_of_its_own_reads_the_profile_itself(api, rsps):
    from dayan_api.operators import QueryOperator

    register_user_info(rsps)
    rsps.add(responses.POST, url(AT_REPORT_URL), json=envelope(REPORT_PATH))
    query = QueryOperator(api.connect)
    assert query.get_at_report_url(T) == REPORT_PATH
    check_request(rsps.calls[-1], AT_REPORT_URL, {"userId": USER, "taskId": T})


def test_a_business_error_of_the_status_counts_is_raised_typed(api, rsps):
    register_user_info(rsps)
    rsps.add(responses.POST, url(STATUS_COUNT), json=envelope(None, code=600, message="参数错误"))
    with pytest.raises(RayvisionAPIError) as caught:
        api.query.task_status_count()
    assert caught.value.error_code == 600


# -- the render log, page after page ---------------------------------------------------


def log_pages(rsps, pages):
    """Answer showLog with ``pages`` (lists of lines), numbered from 0."""

    def answer(request):
        number = json.loads(request.body)["pageNum"]
        data = {
            "pageCount": len(pages),
            "pageNum": number,
            "total": sum(len("\n".join(page)) for page in pages),
            "size": 16384,
            "items": pages[number] if number < len(pages) else [],
        }
        return 200, {}, json.dumps(envelope(data))

    rsps.add_callback(
        responses.POST, url(SHOW_LOG), callback=answer, content_type="application/json"
    )


def test_iter_render_log_yields_every_line_reading_each_page_when_reached(api, rsps):
    log_pages(rsps, [["", "maxlog", "line 3"], ["line 4", "line 5"], ["last"]])

    lines = api.query.iter_render_log(FRAME)
    assert len(rsps.calls) == 0  # nothing is sent before the first line is asked for
    assert next(lines) == ""
    assert len(rsps.calls) == 1
    assert list(lines) == ["maxlog", "line 3", "line 4", "line 5", "last"]
    assert [request_body(call)["pageNum"] for call in rsps.calls] == [0, 1, 2]
    for call in rsps.calls:
        body = request_body(call)
        check_request(call, SHOW_LOG, dict(body, id=FRAME, pageSize=1, renderingType="render"))


def test_iter_render_log_of_a_frame_without_a_log_yields_nothing(api, rsps):
    log_pages(rsps, [])
    assert list(api.query.iter_render_log(FRAME, page_size=4)) == []
    assert len(rsps.calls) == 1
    assert request_body(rsps.calls[0])["pageSize"] == 4


def test_iter_render_log_raises_the_business_error_of_a_foreign_frame(api, rsps):
    rsps.add(responses.POST, url(SHOW_LOG), json=envelope(None, code=600, message="参数错误"))
    with pytest.raises(RayvisionAPIError) as caught:
        list(api.query.iter_render_log(FRAME))
    assert caught.value.error_code == 600


# -- the AT report: its address, then an unsigned GET on the same host ---------------------


def test_get_at_report_fetches_the_address_without_the_apis_headers(api, rsps):
    register_user_info(rsps)
    report = {"project": {"photo_num": 140}, "photo": [{"file_name": "a.jpg"}]}
    rsps.add(responses.POST, url(AT_REPORT_URL), json=envelope(REPORT_PATH))
    rsps.add(responses.GET, url(REPORT_PATH), json=report, content_type="application/json")

    assert api.query.get_at_report(T) == report

    check_request(rsps.calls[3], AT_REPORT_URL, {"userId": USER, "taskId": T})
    fetch = rsps.calls[4].request
    assert fetch.method == "GET"
    assert fetch.url == url(REPORT_PATH)
    assert not fetch.body
    for name in API_HEADERS:
        assert name not in fetch.headers, name
    assert all(
        ACCESS_KEY not in value and ACCESS_ID not in value for value in fetch.headers.values()
    )


@pytest.mark.parametrize("empty", [None, ""])
def test_no_report_yet_is_none_and_nothing_is_fetched(api, rsps, empty):
    register_user_info(rsps)
    rsps.add(responses.POST, url(AT_REPORT_URL), json=envelope(empty))
    assert api.query.get_at_report(T) is None
    assert len(rsps.calls) == 4


@pytest.mark.parametrize(
    "address",
    [
        "https://elsewhere.example/report.json",
        "//elsewhere.example/report.json",
        "http://task.dayancloud.com/report.json",
        "report.json",
        "/a\\..\\b",
        "/report.json\r\nX-Injected: 1",
    ],
)
def test_an_address_off_the_configured_host_is_refused_and_not_fetched(api, rsps, address):
    register_user_info(rsps)
    rsps.add(responses.POST, url(AT_REPORT_URL), json=envelope(address))
    with pytest.raises(RayvisionResponseError) as caught:
        api.query.get_at_report(T)
    assert "not a path on the configured host" in str(caught.value)
    assert len(rsps.calls) == 4  # no GET went anywhere


def test_a_report_that_is_not_an_object_is_an_error(api, rsps):
    register_user_info(rsps)
    rsps.add(responses.POST, url(AT_REPORT_URL), json=envelope(REPORT_PATH))
    rsps.add(responses.GET, url(REPORT_PATH), json=[1, 2])
    with pytest.raises(RayvisionResponseError, match="not a JSON object"):
        api.query.get_at_report(T)


# -- Connect.get_unsigned ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["https://elsewhere.example/x", "//elsewhere.example/x", "x.json", "/a b", "/a\\b", "/\x1b[2J"],
)
def test_get_unsigned_refuses_anything_but_a_path_on_the_host(api, rsps, path):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.connect.get_unsigned(path)
    assert caught.value.parameter == "path"
    assert "\x1b" not in str(caught.value)
    assert len(rsps.calls) == 0


def test_get_unsigned_follows_no_redirect(api, rsps):
    rsps.add(
        responses.GET,
        url(REPORT_PATH),
        status=302,
        headers={"Location": "https://elsewhere.example/report.json"},
    )
    with pytest.raises(RayvisionHTTPError) as caught:
        api.connect.get_unsigned(REPORT_PATH)
    assert caught.value.status_code == 302
    assert len(rsps.calls) == 1


def test_get_unsigned_retries_a_503_then_reads_the_json(api, rsps):
    rsps.add(responses.GET, url(REPORT_PATH), status=503)
    rsps.add(responses.GET, url(REPORT_PATH), body=b'{"ok": 1}', content_type="text/plain")
    assert api.connect.get_unsigned(REPORT_PATH) == {"ok": 1}
    assert len(rsps.calls) == 2
    assert len(api.connect._sleep.delays) == 1


def test_get_unsigned_refuses_a_body_that_is_not_json(api, rsps):
    rsps.add(responses.GET, url(REPORT_PATH), body="<html>login</html>", content_type="text/html")
    with pytest.raises(RayvisionResponseError, match="not JSON"):
        api.connect.get_unsigned(REPORT_PATH)


def test_get_unsigned_does_not_read_a_reply_past_the_bound(api, rsps):
    rsps.add(
        responses.GET,
        url(REPORT_PATH),
        body=b"{}",
        headers={"Content-Length": str(MAX_REPLY_BYTES + 1)},
        auto_calculate_content_length=False,
    )
    with pytest.raises(RayvisionResponseError, match="larger than"):
        api.connect.get_unsigned(REPORT_PATH)


def test_get_unsigned_of_a_closed_client_raises(api, rsps):
    api.close()
    with pytest.raises(Exception, match="closed"):
        api.connect.get_unsigned(REPORT_PATH)
    assert len(rsps.calls) == 0
