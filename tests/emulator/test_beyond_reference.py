"""The calls beyond the API reference in the emulator: render logs, status counts,
output sizes, the node limit, the AT report's address and the report itself.
"""

import json
from typing import Any, Dict, List

import pytest
import requests

from dayan_api import Code, endpoints
from dayan_api.emulator import errors, render_log

from .conftest import ANALYSE, FRAME, TIMEOUT, statuses
from .test_contextcapture import sample
from .test_contextcapture import submit as submit_document

SHOW_LOG = endpoints.SHOW_LOG
PAGE = render_log.PAGE_CHARS


def log(client, frame_id: int, page_num: int = 0, page_size: int = 1) -> Dict[str, Any]:
    body = {"id": frame_id, "pageNum": page_num, "pageSize": page_size, "renderingType": "render"}
    page: Dict[str, Any] = client.data(SHOW_LOG, body)
    return page


def whole_log(client, frame_id: int) -> List[str]:
    first = log(client, frame_id)
    lines = list(first["items"])
    for number in range(1, first["pageCount"]):
        lines.extend(log(client, frame_id, number)["items"])
    return lines


def frame_id(client, task_id: int, number: int) -> int:
    found: int = client.frames(task_id)[number]["id"]
    return found


def user_id(client) -> int:
    found: int = client.data(endpoints.QUERY_USER_PROFILE)["userId"]
    return found


# -- render logs --------------------------------------------------------------------------


def test_a_frame_log_grows_as_it_renders_and_names_software_and_renderer(client, emu):
    task_id = client.create()
    document = {
        "task_info": {"frames": "1-2", "cg_id": "2000", "input_cg_file": "D:/s/shot_010.mb"},
        "software_config": {"cg_name": "Maya", "cg_version": "2022", "plugins": {"mtoa": "5.1"}},
        "scene_info_render": {"defaultRenderLayer": {"common": {"renderer": "arnold"}}},
        "emulator": {"log_lines": 5},
    }
    client.upload(task_id, document)
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    frame = frame_id(client, task_id, 1)
    assert log(client, frame) == {
        "pageCount": 0,
        "pageNum": 0,
        "total": 0,
        "size": PAGE,
        "items": [],
    }

    emu.advance(ANALYSE + FRAME / 2)
    halfway = log(client, frame)["items"]
    assert "Software: Maya 2022 (cg_id 2000)" in halfway[2]
    assert "Renderer: arnold" in halfway[3] and "Plugins: mtoa 5.1" in halfway[4]
    assert "Scene: shot_010.mb" in halfway[5]
    assert sum("Rendering frame 1:" in line for line in halfway) == 3  # at 1, 2 and 3 s of 6
    assert not any("done" in line for line in halfway)

    emu.advance(FRAME)
    done = log(client, frame)
    assert done["items"][: len(halfway)] == halfway
    assert sum("Rendering frame 1:" in line for line in done["items"]) == 5
    assert done["items"][-1].endswith("Frame 1 done in 6 s: output written")
    assert done["total"] == sum(len(line) + 1 for line in done["items"])
    assert all(line.startswith("[20") for line in done["items"])  # each line has its time


def test_a_failed_frame_log_ends_with_the_error_that_failed_it(client, emu):
    task_id = client.submit(frames="1-3", fail_frames=[2])
    emu.advance(100)
    assert statuses(client, task_id) == {1: 4, 2: 5, 3: 4}
    lines = whole_log(client, frame_id(client, task_id, 2))
    assert "ERROR: render of frame 2 failed" in lines[-2]
    assert "emulator.fail_frames" in lines[-2]
    assert lines[-1].endswith("Frame 2 failed after 6 s")
    assert not any("ERROR" in line for line in whole_log(client, frame_id(client, task_id, 1)))

    client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
    emu.advance(100)
    again = whole_log(client, frame_id(client, task_id, 2))
    assert "Render 2 of frame 2 started" in again[5]  # the log of the last render
    assert again[-1].endswith("done in 6 s: output written")


def test_a_timed_out_and_a_stopped_frame_say_so(client, emu):
    timed = client.create()
    client.upload(timed, {"task_info": {"frames": "1"}})
    client.data(endpoints.SET_TASK_OVERTIME_STOP, {"taskIds": [timed], "overTime": 4})
    client.data(endpoints.SUBMIT_TASK, {"taskId": timed})
    stopped = client.submit(frames="1")
    emu.advance(ANALYSE + 2)
    client.data(endpoints.STOP_TASK, {"taskIds": [stopped]})
    emu.advance(100)
    assert (
        "past the task's time limit (overTimeStop 4 s)"
        in whole_log(client, frame_id(client, timed, 1))[-1]
    )
    assert whole_log(client, frame_id(client, stopped, 1))[-1].endswith(
        "Frame 1 stopped by the user after 2 s"
    )


def test_a_log_longer_than_a_page_is_cut_between_lines(client, emu):
    task_id = client.submit(frames="1", log_lines=2000)
    emu.advance(100)
    frame = frame_id(client, task_id, 1)
    first = log(client, frame)
    assert first["pageCount"] >= 3 and first["size"] == PAGE and first["pageNum"] == 0
    lines = whole_log(client, frame)
    assert len(lines) == 6 + 2000 + 1  # the header, the progress, the end
    assert first["total"] == sum(len(line) + 1 for line in lines) > 2 * PAGE
    for number in range(first["pageCount"]):
        page = log(client, frame, number)
        assert page["pageNum"] == number and page["total"] == first["total"]
        assert sum(len(line) + 1 for line in page["items"]) <= PAGE
    assert log(client, frame, first["pageCount"])["items"] == []  # past the end: empty
    double = log(client, frame, page_size=2)
    assert double["size"] == 2 * PAGE and double["pageCount"] == (first["pageCount"] + 1) // 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"pageSize": render_log.MAX_PAGE_SIZE + 1}, Code.PARAMETER_INVALID),
        ({"pageSize": 0}, Code.PARAMETER_INVALID),
        ({"pageNum": -1}, Code.PARAMETER_INVALID),
        ({"renderingType": "analyse"}, Code.PARAMETER_INVALID),
        ({"id": 1}, Code.PARAMETER_INVALID),  # no such frame
        ({"id": None}, Code.PARAMETER_MISSING),
    ],
)
def test_show_log_refusals(client, emu, change, code):
    task_id = client.submit(frames="1")
    body = {"id": frame_id(client, task_id, 1), "pageNum": 0, "pageSize": 1}
    body.update(change)
    assert client.error(SHOW_LOG, body)["code"] == code


def test_a_frame_of_another_account_is_refused_with_600(client, make_client, emu):
    from .conftest import OTHER_ID, OTHER_KEY

    task_id = client.submit(frames="1")
    emu.advance(100)
    other = make_client(OTHER_ID, OTHER_KEY)
    reply = other.error(SHOW_LOG, {"id": frame_id(client, task_id, 1)})
    assert reply["code"] == Code.PARAMETER_INVALID == errors.INVALID_PARAMETER


def test_an_emulator_log_lines_knob_out_of_range_fails_the_submit(client, emu):
    task_id = client.submit(frames="1", log_lines=-1)
    emu.advance(10)
    item = client.info(task_id)
    assert item["taskStatus"] == 65 and "log_lines" in item["remark"]


# -- status counts --------------------------------------------------------------------------


def test_status_counts_follow_the_accounts_tasks(client, emu):
    me = user_id(client)
    count = endpoints.GET_TASK_STATUS_COUNT
    nothing = {"waitingTask": 0, "renderingTask": 0, "doneTask": 0, "failureTask": 0}
    assert client.data(count, {"userId": me}) == nothing
    client.create()  # never submitted: not counted
    done = client.submit(frames="1")
    failing = client.submit(frames="1", fail_frames=[1])
    assert client.data(count, {"userId": me}) == dict(nothing, waitingTask=2)
    emu.advance(ANALYSE)
    assert client.data(count, {"userId": me}) == dict(nothing, renderingTask=2)
    emu.advance(100)
    assert client.info(done)["taskStatus"] == 25 and client.info(failing)["taskStatus"] == 30
    layered = client.submit(frames="1", layers=["a", "b"])  # one task, however many layers
    assert client.data(count, {"userId": me}) == dict(
        nothing, waitingTask=1, doneTask=1, failureTask=1
    )
    client.data(endpoints.ABANDON_TASK, {"taskIds": [layered]})
    client.data(endpoints.DELETE_TASK, {"taskIds": [done]})
    assert client.data(count, {"userId": me}) == dict(nothing, failureTask=1)


def test_status_counts_refuse_another_user_id(client):
    assert client.error(endpoints.GET_TASK_STATUS_COUNT, {"userId": 1})["code"] == 600
    assert client.error(endpoints.GET_TASK_STATUS_COUNT, {})["code"] == 601


# -- output sizes ----------------------------------------------------------------------------


def test_output_sizes_are_the_sums_of_the_listed_files(client, emu):
    task_id = client.submit(frames="1-3")
    layered = client.submit(frames="1-2", layers=["a", "b"])
    sizes = client.data(endpoints.GET_OUTPUT_SIZE, {"taskIds": [task_id, layered]})
    assert sizes["items"] == [{"taskId": task_id, "size": 0}, {"taskId": layered, "size": 0}]
    emu.advance(100)
    sizes = client.data(endpoints.GET_OUTPUT_SIZE, {"taskIds": [task_id, layered]})
    assert sizes["total"] == 2 and sizes["pageNum"] == 1

    def listed(task: int) -> int:
        body = {"treePath": "/", "taskId": task}
        folders = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
        total = 0
        pending = [entry["filePath"] for entry in folders]
        while pending:
            entries = client.data(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": pending.pop()})
            for entry in entries:
                if entry["directory"]:
                    pending.append(entry["filePath"])
                else:
                    total += entry["fileSize"]
        return total

    assert sizes["items"] == [
        {"taskId": task_id, "size": listed(task_id)},
        {"taskId": layered, "size": listed(layered)},
    ]
    assert listed(task_id) > 3 * 1048576


def test_output_sizes_refuse_an_unknown_task_and_no_ids(client):
    assert client.error(endpoints.GET_OUTPUT_SIZE, {"taskIds": [999]})["code"] == 937
    assert client.error(endpoints.GET_OUTPUT_SIZE, {"taskIds": []})["code"] == 600


# -- the node limit --------------------------------------------------------------------------


def test_a_task_limit_bounds_the_frames_rendering_at_once(client, emu):
    task_id = client.submit(frames="1-6")
    emu.advance(ANALYSE)
    assert client.info(task_id)["executingFrames"] == 2
    client.data(endpoints.UPDATE_TASK_LIMIT, {"taskId": task_id, "taskLimit": 1})
    item = client.info(task_id)
    assert item["taskLimit"] == 1 and item["executingFrames"] == 2  # both finish
    emu.advance(FRAME)
    assert client.info(task_id)["executingFrames"] == 1
    client.data(endpoints.UPDATE_TASK_LIMIT, {"taskId": task_id, "taskLimit": 4})
    item = client.info(task_id)
    assert item["taskLimit"] == 4 and item["executingFrames"] == 4
    emu.advance(FRAME)
    assert client.info(task_id)["taskStatus"] == 25


def test_a_limit_set_before_the_submit_holds_for_every_layer(client, emu):
    task_id = client.create()
    client.data(endpoints.UPDATE_TASK_LIMIT, {"taskId": task_id, "taskLimit": "1"})
    client.upload(task_id, {"task_info": {"frames": "1-3", "layers": ["a", "b"]}})
    client.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
    emu.advance(ANALYSE)
    item = client.info(task_id)
    assert item["taskLimit"] == 1
    assert [layer["executingFrames"] for layer in item["respRenderingTaskList"]] == [1, 1]
    assert [layer["taskLimit"] for layer in item["respRenderingTaskList"]] == [1, 1]
    client.data(endpoints.FULL_SPEED_RENDERING, {"taskIds": [task_id]})  # the latest wins
    layers = client.info(task_id)["respRenderingTaskList"]
    assert [layer["executingFrames"] for layer in layers] == [3, 3]


def test_a_parent_with_no_limit_shows_its_sub_tasks_limit_not_their_sum(client, emu):
    # The published getTaskList sample: a parent's taskLimit 200 beside sub-tasks of 200.
    task_id = client.submit(frames="1-3", layers=["a", "b"])
    emu.advance(ANALYSE)
    item = client.info(task_id)
    limits = [layer["taskLimit"] for layer in item["respRenderingTaskList"]]
    assert len(set(limits)) == 1 and item["taskLimit"] == limits[0]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"taskId": 999}, 937),
        ({"taskId": None}, 601),
        ({"taskLimit": None}, 601),
        ({"taskLimit": 0}, 600),
        ({"taskLimit": 1.5}, 600),
    ],
)
def test_task_limit_refusals(client, change, code):
    body = dict({"taskId": client.create(), "taskLimit": 2}, **change)
    assert client.error(endpoints.UPDATE_TASK_LIMIT, body)["code"] == code


def test_a_deleted_task_takes_no_limit(client):
    task_id = client.create()
    client.data(endpoints.DELETE_TASK, {"taskIds": [task_id]})
    body = {"taskId": task_id, "taskLimit": 2}
    assert client.error(endpoints.UPDATE_TASK_LIMIT, body)["code"] == errors.INVALID_TASK_STATE


# -- the AT report ------------------------------------------------------------------------------


def test_the_at_report_address_then_the_report_by_a_plain_get(client, emu):
    me = user_id(client)
    task_id = submit_document(client, sample())
    url_of = endpoints.LOAD_AT_TASK_REPORT_DATA_URL
    assert client.data(url_of, {"userId": me, "taskId": task_id}) == ""  # not yet
    emu.advance(7 * 86400)
    path = client.data(url_of, {"userId": me, "taskId": task_id})
    assert path == "/report/{}/{}/at_result/report.json".format(me, task_id)
    stage = client.info(task_id)["respRenderingTaskList"][0]["id"]
    assert client.data(url_of, {"userId": me, "taskId": stage}) == path

    response = requests.get(emu.url + path, timeout=TIMEOUT)  # no signature, no headers
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert emu.requests[-1].method == "GET" and emu.requests[-1].status == 200
    assert response.json() == emu.at_report(task_id)
    listed = client.data(
        endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": "/{}/at_result".format(task_id)}
    )
    assert listed[0]["fileSize"] == len(response.content)


def test_a_render_task_has_no_report_and_unknown_reports_are_404(client, emu):
    me = user_id(client)
    task_id = client.submit(frames="1")
    emu.advance(100)
    body = {"userId": me, "taskId": task_id}
    assert client.data(endpoints.LOAD_AT_TASK_REPORT_DATA_URL, body) == ""
    for path in (
        "/report/{}/{}/at_result/report.json".format(me, task_id),
        "/report/{}/99999999999999999999999/at_result/report.json".format(me),
        "/report/1/2/x",
    ):
        assert requests.get(emu.url + path, timeout=TIMEOUT).status_code == 404


@pytest.mark.parametrize(("body", "code"), [({"taskId": 999}, 937), ({"userId": 1}, 600)])
def test_at_report_address_refusals(client, body, code):
    request = dict({"userId": user_id(client), "taskId": client.create()}, **body)
    assert client.error(endpoints.LOAD_AT_TASK_REPORT_DATA_URL, request)["code"] == code


def test_the_report_file_is_json_of_the_report(client, emu):
    task_id = submit_document(client, sample())
    emu.advance(7 * 86400)
    report = emu.service.report_file(
        "/report/{}/{}/at_result/report.json".format(user_id(client), task_id)
    )
    assert report is not None and json.loads(report) == emu.at_report(task_id)
