"""RayvisionAPI.user_info and get_user_id: fetched once, merged, refreshed, from many threads."""

import platform
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import responses

from dayan_api.exception import RayvisionError, RayvisionResponseError

from .support import (
    TRANSFER_BID,
    USER_PROFILE,
    USER_SETTING,
    check_request,
    envelope,
    load_fixture,
    never_platform_system,
    url,
)

# -- user_info ------------------------------------------------------------------------


def register_user_info(rsps, profile=None, setting=None, bid=None):
    rsps.add(responses.POST, url(USER_PROFILE), json=profile or load_fixture("user_profile.json"))
    rsps.add(responses.POST, url(USER_SETTING), json=setting or load_fixture("user_setting.json"))
    rsps.add(responses.POST, url(TRANSFER_BID), json=bid or load_fixture("transfer_bid.json"))


def test_user_info_is_fetched_on_first_use_with_three_calls_then_kept(api, rsps, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platform, "system", never_platform_system)
    register_user_info(rsps)

    info = api.user_info

    assert len(rsps.calls) == 3
    check_request(rsps.calls[0], USER_PROFILE, {})
    check_request(rsps.calls[1], USER_SETTING, {})
    check_request(rsps.calls[2], TRANSFER_BID, {})
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
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platform, "system", never_platform_system)
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
    assert [call.request.url for call in rsps.calls] == [
        url(USER_PROFILE),
        url(USER_SETTING),
        url(TRANSFER_BID),
    ]
    assert api.get_user_id() == 10001136
    assert len(rsps.calls) == 3


def test_user_info_refresh(api, rsps):
    register_user_info(rsps)
    first = api.user_info
    fresh = api.user.refresh_info()
    assert len(rsps.calls) == 6
    assert fresh == first and api.user_info is fresh


def test_a_failed_user_info_fetch_is_not_kept(api, rsps):
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope(None, code=401, message="bad sign"))
    with pytest.raises(RayvisionError):
        api.user_info  # noqa: B018
    assert len(rsps.calls) == 1
    rsps.replace(responses.POST, url(USER_PROFILE), json=load_fixture("user_profile.json"))
    rsps.add(responses.POST, url(USER_SETTING), json=load_fixture("user_setting.json"))
    rsps.add(responses.POST, url(TRANSFER_BID), json=load_fixture("transfer_bid.json"))
    assert api.get_user_id() == 10001136
    assert len(rsps.calls) == 4


def test_user_info_is_fetched_once_from_many_threads(api, rsps):
    register_user_info(rsps)
    with ThreadPoolExecutor(max_workers=8) as pool:
        infos = list(pool.map(lambda _: api.user_info, range(16)))
    assert len(rsps.calls) == 3
    assert all(info is infos[0] for info in infos)


def test_user_id_when_the_profile_has_none(api, rsps):
    register_user_info(rsps, profile=envelope({"userName": "x"}))
    with pytest.raises(RayvisionResponseError) as caught:
        api.get_user_id()
    assert "user_id" in str(caught.value)
