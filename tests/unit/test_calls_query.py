"""The query operator's calls: each row checked like every operator call, then
the zone that follows the domain and the software names and ids it takes.
"""

import datetime
import platform
import sys

import pytest
import responses

from dayan_api import RayvisionArgumentError
from dayan_api.constants import SOFTWARE_IDS

from .support import (
    ALL_FRAME_STATS,
    ERROR_DETAIL,
    PLATFORMS,
    PROCESS_IMG,
    RAYSYNC_KEY,
    RECOMMIT_FAIL,
    RECOMMIT_FRAME,
    SERVER_INFO,
    SOFTWARE_DETAIL,
    SOFTWARE_LIST,
    STOP_FRAMES,
    TASK_FRAMES,
    TASK_INFO,
    TASK_LIST,
    THUMBNAIL,
    case,
    check_operator_call,
    check_request,
    envelope,
    never_platform_system,
    url,
)

T = 14400249

CASES = [
    case("query.platforms", lambda a: a.query.platforms(), PLATFORMS, {"zone": 2}),
    case(
        "query.error_detail",
        lambda a: a.query.error_detail(code="15000"),
        ERROR_DETAIL,
        {"language": 0, "code": "15000"},
    ),
    case(
        "query.error_detail",
        lambda a: a.query.error_detail(codes=["15000", 10010], language=1),
        ERROR_DETAIL,
        {"language": 1, "codes": ["15000", 10010]},
        variant="codes",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(),
        TASK_LIST,
        {"pageNum": 1, "pageSize": 100},
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(
            page_num=2,
            page_size=10,
            status_list=[0, 25],
            search_keyword="shot",
            start_time="2024-01-31 18:30:00",
            end_time=datetime.datetime(2024, 2, 1, 8, 5, 9),
        ),
        TASK_LIST,
        {
            "pageNum": 2,
            "pageSize": 10,
            "statusList": [0, 25],
            "searchKeyword": "shot",
            "startTime": "2024-01-31 18:30:00",
            "endTime": "2024-02-01 08:05:09",
        },
        variant="filters",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(
            start_time=datetime.datetime(2024, 1, 31, 23, 30, tzinfo=datetime.timezone.utc),
            end_time=datetime.datetime(
                2024, 2, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
            ),
        ),
        TASK_LIST,
        {
            "pageNum": 1,
            "pageSize": 100,
            "startTime": "2024-02-01 07:30:00",
            "endTime": "2024-02-01 08:00:00",
        },
        variant="aware-times-in-beijing-time",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(2, recycle_flag=True),
        TASK_LIST,
        {"pageNum": 2, "pageSize": 100, "recycleFlag": 1},
        variant="recycle-flag",
    ),
    case(
        "query.get_task_list",
        lambda a: a.query.get_task_list(recycle_flag=False),
        TASK_LIST,
        {"pageNum": 1, "pageSize": 100},
        variant="recycle-flag-false-sends-nothing",
    ),
    case(
        "query.task_frames",
        lambda a: a.query.task_frames(T),
        TASK_FRAMES,
        {"taskId": T, "pageNum": 1, "pageSize": 100},
    ),
    case(
        "query.task_frames",
        lambda a: a.query.task_frames(T, page_num=3, page_size=20, search_keyword="10"),
        TASK_FRAMES,
        {"taskId": T, "pageNum": 3, "pageSize": 20, "searchKeyword": "10"},
        variant="keyword",
    ),
    case("query.all_frame_status", lambda a: a.query.all_frame_status(), ALL_FRAME_STATS, {}),
    case(
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981]},
    ),
    case(
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981], status=[1, 2, 3, 4, 5, 11]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981], "status": [1, 2, 3, 4, 5, 11]},
        variant="status",
    ),
    case(  # the waiting states the service family documents (protocol.md)
        "query.restart_failed_frames",
        lambda a: a.query.restart_failed_frames([13788981], status=[6, 7, 8, 9, 10, 12]),
        RECOMMIT_FAIL,
        {"taskIds": [13788981], "status": [6, 7, 8, 9, 10, 12]},
        variant="waiting statuses",
    ),
    case(
        "query.restart_frame",
        lambda a: a.query.restart_frame(T),
        RECOMMIT_FRAME,
        {"taskId": T, "taskIds": T, "selectAll": 1},
    ),
    case(
        "query.restart_frame",
        lambda a: a.query.restart_frame(T, select_all=0, ids_list=[501, 502], status=[5]),
        RECOMMIT_FRAME,
        {"taskId": T, "taskIds": T, "selectAll": 0, "ids": [501, 502], "status": [5]},
        variant="ids",
    ),
    case("query.task_info", lambda a: a.query.task_info([T]), TASK_INFO, {"taskIds": [T]}),
    case("query.supported_software", lambda a: a.query.supported_software(), SOFTWARE_LIST, {}),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin("maya"),
        SOFTWARE_DETAIL,
        {"cgId": 2000, "osName": "linux"},
    ),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin("houdini", os_name="windows"),
        SOFTWARE_DETAIL,
        {"cgId": 2004, "osName": "windows"},
        variant="os-name",
    ),
    case(
        "query.supported_plugin",
        lambda a: a.query.supported_plugin(2000, os_name="linux"),
        SOFTWARE_DETAIL,
        {"cgId": 2000, "osName": "linux"},
        variant="os-name-linux",
    ),
    case(
        "query.get_transfer_server_msg",
        lambda a: a.query.get_transfer_server_msg(),
        SERVER_INFO,
        {"zone": 1},
    ),
    case("query.get_raysync_user_key", lambda a: a.query.get_raysync_user_key(), RAYSYNC_KEY, {}),
    case(
        "query.get_task_processing_img",
        lambda a: a.query.get_task_processing_img(T),
        PROCESS_IMG,
        {"taskId": T},
    ),
    case(
        "query.get_task_processing_img",
        lambda a: a.query.get_task_processing_img(T, frame_type=2),
        PROCESS_IMG,
        {"taskId": T, "frameType": 2},
        variant="frame_type",
    ),
    case(
        "query.get_frame_thumbnall",
        lambda a: a.query.get_frame_thumbnall(501),
        THUMBNAIL,
        {"id": 501, "frameStatus": 4},
    ),
    case(
        "query.get_frame_thumbnail",
        lambda a: a.query.get_frame_thumbnail(501, frame_status=5),
        THUMBNAIL,
        {"id": 501, "frameStatus": 5},
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 1},
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T, select_all=1, status=[1, 2]),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 1, "status": [1, 2]},
        variant="status",
    ),
    case(
        "query.stop_frame",
        lambda a: a.query.stop_frame(T, select_all=0, ids_list=[501]),
        STOP_FRAMES,
        {"taskId": T, "selectAll": 0, "ids": [501]},
        variant="ids",
    ),
]


@pytest.mark.parametrize("name, call, path, body, returns", CASES)
def test_operator_call(api, rsps, linux, name, call, path, body, returns):
    check_operator_call(api, rsps, call, path, body, returns)


@pytest.mark.parametrize(
    "domain, platforms_zone, server_zone",
    [
        ("task.dayancloud.com", 2, 1),
        ("task.renderbus.com", 1, 2),
        ("test.renderbus.example", 1, 2),
        ("127.0.0.1:8000", 2, 1),
    ],
)
def test_zones_follow_the_domain(make_api, rsps, domain, platforms_zone, server_zone):
    api = make_api(domain=domain)
    base = "https://" + domain
    rsps.add(responses.POST, base + PLATFORMS, json=envelope([{"zone": platforms_zone}]))
    rsps.add(responses.POST, base + SERVER_INFO, json=envelope({"server": "x"}))

    assert api.query.platforms() == [{"zone": platforms_zone}]
    assert api.query.get_transfer_server_msg() == {"server": "x"}

    check_request(rsps.calls[0], PLATFORMS, {"zone": platforms_zone}, domain=domain)
    check_request(rsps.calls[1], SERVER_INFO, {"zone": server_zone}, domain=domain)


@pytest.mark.parametrize(
    "system, os_name", [("win32", "windows"), ("linux", "linux"), ("darwin", "linux")]
)
@pytest.mark.parametrize(
    "name, cg_id",
    [
        ("maya", 2000),
        ("3ds Max", 2001),
        ("houdini", 2004),
        ("Katana", 2016),
        (2007, 2007),
        ("nuke", 2015),
        ("Nuke", 2015),
        ("contextcapture", 2017),
        ("ContextCapture", 2017),
        (2017, 2017),
        ("unreal engine", 2020),
        ("Unreal Engine", 2020),
    ],
)
def test_supported_plugin_sends_cg_id_and_local_os(
    api, rsps, monkeypatch, system, os_name, name, cg_id
):
    monkeypatch.setattr(sys, "platform", system)
    monkeypatch.setattr(platform, "system", never_platform_system)
    rsps.add(responses.POST, url(SOFTWARE_DETAIL), json=envelope({"cgId": cg_id}))

    assert api.query.supported_plugin(name) == {"cgId": cg_id}

    check_request(rsps.calls[0], SOFTWARE_DETAIL, {"cgId": cg_id, "osName": os_name})


def test_software_table_keeps_1x_names_and_adds_the_service_ids():
    one_x = {
        "maya": 2000,
        "3ds Max": 2001,
        "lightwave": 2002,
        "arnold": 2003,
        "houdini": 2004,
        "cinema4d": 2005,
        "softimage": 2006,
        "blender": 2007,
        "vr_standalone": 2008,
        "mr_standalone": 2009,
        "sketchup": 2010,
        "vue": 2011,
        "keyshot": 2012,
        "clarisse": 2013,
        "octane_render": 2014,
        "katana": 2016,
    }
    added = {"nuke": 2015, "contextcapture": 2017, "unreal engine": 2020}
    assert dict(SOFTWARE_IDS) == {**one_x, **added}


@pytest.mark.parametrize("name", ["unreal", "unreal_engine", "context capture", 2018, 2019])
def test_supported_plugin_refuses_names_and_ids_not_in_the_table(api, rsps, name):
    with pytest.raises(RayvisionArgumentError) as caught:
        api.query.supported_plugin(name)
    assert "contextcapture" in str(caught.value) and "unreal engine" in str(caught.value)
    assert not rsps.calls
