"""Every path of dayan_api.endpoints is served, with replies shaped like the reference's."""

import json
from pathlib import Path

import pytest

from dayan_api import endpoints
from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.samples import FIRST_USER_ID

FIXTURES = Path(__file__).parent.parent / "fixtures"


def sample_data(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["data"]


ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2020",
    "editName": "seed_env",
    "renderSystem": 1,
    "pluginIds": [20001],
}


def seed_labels_and_envs(client, task_id):
    """A project label "seed", a task label on ``task_id``, an environment "seed_env".

    Returns the task label's id.
    """
    client.data(endpoints.ADD_PROJECT_LABEL, {"newName": "seed", "status": 1})
    client.data(endpoints.ADD_RENDER_ENV, ENV)
    client.data(endpoints.ADD_TASK_LABEL, {"label": "seed", "taskIds": [task_id]})
    item = client.data(endpoints.QUERY_TASK_INFO, {"taskIds": [task_id]})["items"][0]
    return int(next(iter(json.loads(item["labels"]))))


def body_for(endpoint, task_id, frame_id, label_id=0):
    """A valid body for each path (the service's own parameters)."""
    bodies = {
        endpoints.ADD_PROJECT_LABEL: {"newName": "fresh", "status": 0},
        endpoints.DELETE_PROJECT_LABEL: {"delName": "seed"},
        endpoints.LIST_PROJECT_LABELS: {"flag": 2},
        endpoints.ADD_TASK_LABEL: {"label": "shot", "taskIds": [task_id]},
        endpoints.DELETE_TASK_LABEL: {"labelIds": [label_id]},
        endpoints.ADD_RENDER_ENV: dict(ENV, editName="fresh_env"),
        endpoints.EDIT_RENDER_ENV: dict(ENV, cgVersion="2022"),
        endpoints.DELETE_RENDER_ENV: {"editName": "seed_env"},
        endpoints.SET_DEFAULT_RENDER_ENV: {"editName": "seed_env"},
        endpoints.GET_RENDER_ENV: {"cgId": 2000, "osName": 1},
        endpoints.UPDATE_USER_SETTING: {"taskOverTimeSec": 3600},
        endpoints.HARDWARE_CONFIG_LIST: {"cloneTask": "false", "taskIds": [task_id]},
        endpoints.CREATE_TASK: {"count": 1, "taskUserLevel": 50},
        endpoints.SUBMIT_TASK: None,  # covered by the lifecycle tests
        endpoints.STOP_TASK: {"taskIds": [task_id]},
        endpoints.START_TASK: {"taskIds": [task_id]},
        endpoints.ABANDON_TASK: {"taskIds": [task_id]},
        endpoints.DELETE_TASK: {"taskIds": [task_id]},
        endpoints.UPDATE_TASK_USER_LEVEL: {"taskId": task_id, "taskUserLevel": 60},
        endpoints.SET_TASK_OVERTIME_STOP: {"taskIds": [task_id], "overTime": 3600},
        endpoints.FULL_SPEED_RENDERING: {"taskIds": [task_id]},
        endpoints.QUERY_PLATFORMS: {"zone": 2},
        endpoints.QUERY_ANALYSE_ERROR_DETAIL: {"code": "15000", "language": 1},
        endpoints.GET_TASK_LIST: {"pageNum": 1, "pageSize": 100},
        endpoints.QUERY_TASK_FRAMES: {"taskId": task_id, "pageNum": 1, "pageSize": 100},
        endpoints.RECOMMIT_FAIL_FRAME: {"taskIds": [task_id], "status": [5]},
        endpoints.RECOMMIT_TASK_FRAME: {"taskId": task_id, "selectAll": 1},
        endpoints.QUERY_TASK_INFO: {"taskIds": [task_id]},
        endpoints.QUERY_SOFTWARE_DETAIL: {"cgId": 2004, "osName": "linux"},
        endpoints.GET_SERVER_INFO: {"zone": 1},
        endpoints.LOAD_TASK_PROCESS_IMG: {"taskId": task_id},
        endpoints.LOADING_FRAME_THUMBNAIL: {"id": frame_id, "frameStatus": 4},
        endpoints.STOP_TASK_FRAMES: {"taskId": task_id, "selectAll": 1},
        endpoints.TASK_JSON_FILE: {"taskId": task_id, "fileName": "tips.json", "content": "{}"},
        endpoints.GET_OUTPUT_USER_DIR_FILE: {"treePath": "/"},
        endpoints.UPDATE_TASK_LIMIT: {"taskId": task_id, "taskLimit": 3},
        endpoints.SHOW_LOG: {
            "id": frame_id,
            "pageNum": 0,
            "pageSize": 1,
            "renderingType": "render",
        },
        endpoints.GET_TASK_STATUS_COUNT: {"userId": FIRST_USER_ID},
        endpoints.LOAD_AT_TASK_REPORT_DATA_URL: {"userId": FIRST_USER_ID, "taskId": task_id},
        endpoints.GET_OUTPUT_SIZE: {"taskIds": [task_id]},
    }
    return bodies.get(endpoint, {})


@pytest.mark.parametrize("endpoint", endpoints.ALL, ids=lambda endpoint: endpoint.path)
def test_every_path_is_served(client, emu, endpoint):
    task_id = client.submit(frames="1")
    emu.advance(100)
    frame_id = next(iter(client.frames(task_id).values()))["id"]
    label_id = seed_labels_and_envs(client, task_id)
    body = body_for(endpoint, task_id, frame_id, label_id)
    if body is None:
        body = {"taskId": client.create()}
        client.upload(body["taskId"], {"task_info": {}})
    reply = client.call(endpoint, body)
    assert reply["code"] == 200, reply
    assert emu.requests[-1].signature_ok


def test_every_path_has_a_handler(emu):
    assert set(emu.service.handlers) == {endpoint.path for endpoint in endpoints.ALL}


def test_profile_is_shaped_like_the_sample(client, make_client):
    from .conftest import OTHER_ID, OTHER_KEY

    profile = client.data(endpoints.QUERY_USER_PROFILE)
    assert set(profile) == set(sample_data("user_profile.json"))
    other = make_client(OTHER_ID, OTHER_KEY).data(endpoints.QUERY_USER_PROFILE)
    assert other["userId"] != profile["userId"]


def test_settings_are_shaped_like_the_sample(client):
    assert set(sample_data("user_setting.json")) <= set(client.data(endpoints.QUERY_USER_SETTING))


def test_transfer_bid_is_shaped_like_the_sample(client):
    assert set(client.data(endpoints.GET_TRANSFER_BID)) == set(sample_data("transfer_bid.json"))


def test_transfer_config_is_shaped_like_the_sample_and_local(client):
    config = client.data(endpoints.GET_TRANSFER_CONFIG)
    sample = sample_data("transfer_config.json")
    assert set(config) == set(sample)
    assert set(config["resqEngines"][0]) == set(sample["resqEngines"][0])
    for engine in config["resqEngines"]:
        for line in engine["respTaskEngineLines"]:
            assert line["server"] == "127.0.0.1"


def test_create_task_is_shaped_like_the_sample(client):
    data = client.data(endpoints.CREATE_TASK, {"count": 1})
    assert set(data) == set(sample_data("create_task.json"))


def test_software_list_covers_every_software_id(client):
    listing = client.data(endpoints.QUERY_SOFTWARE_LIST)
    assert {entry["cgId"] for entry in listing["renderInfoList"]} == set(SOFTWARE_IDS.values())
    detail = client.data(endpoints.QUERY_SOFTWARE_DETAIL, {"cgId": 2005, "osName": "windows"})
    assert {version["cgId"] for version in detail["cgVersion"]} == {2005}
    assert detail["cgPlugin"]


def test_error_detail(client):
    one = client.data(endpoints.QUERY_ANALYSE_ERROR_DETAIL, {"code": "15000", "language": 0})
    assert [entry["code"] for entry in one] == ["15000"] and one[0]["languageFlag"] == 0
    english = client.data(
        endpoints.QUERY_ANALYSE_ERROR_DETAIL, {"codes": [10010, 15002, 99999], "language": 1}
    )
    assert [entry["code"] for entry in english] == ["10010", "15002"]
    assert english[0]["desDescriptionCn"].startswith("The scene file")


def test_small_replies(client):
    assert client.data(endpoints.QUERY_PLATFORMS, {"zone": 1})[0]["platform"] == 54
    assert "raysyncTransfer" in client.data(endpoints.GET_SERVER_INFO, {"zone": 1})
    key = client.data(endpoints.GET_RAYSYNC_USER_KEY)
    assert len(key["raySyncUserKey"]) == 40 and key["platform"] == 54
    assert client.data(endpoints.HARDWARE_CONFIG_LIST, {"cloneTask": "false"})
