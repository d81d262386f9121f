"""Handlers of the user operator's endpoints: profile, settings, bids, hardware."""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, Mapping

from dayan_api import endpoints
from dayan_api.emulator import samples
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.params import get_int, get_int_list, invalid

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service


def query_user_profile(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.user_profile(account.user_id, account.user_name)


def query_user_setting(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return dict(account.settings)


def update_user_setting(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    seconds = get_int(body, "taskOverTimeSec", minimum=0)
    # The settings show the limit twice: in whole hours and in seconds.
    account.settings["taskOverTimeSec"] = seconds
    account.settings["taskOverTime"] = seconds // 3600
    return None


def get_transfer_bid(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.transfer_bid(account.user_id)


def hardware_config_list(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    if not isinstance(body.get("cloneTask", "false"), (str, bool)):
        raise invalid("cloneTask must be 'true' or 'false', not {!r}".format(body["cloneTask"]))
    task_ids = get_int_list(body, "taskIds", required=False) or []
    service.tasks_of(account, task_ids)
    return samples.hardware_configs(current=bool(task_ids))


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.QUERY_USER_PROFILE.path: query_user_profile,
        endpoints.QUERY_USER_SETTING.path: query_user_setting,
        endpoints.UPDATE_USER_SETTING.path: update_user_setting,
        endpoints.GET_TRANSFER_BID.path: get_transfer_bid,
        endpoints.HARDWARE_CONFIG_LIST.path: hardware_config_list,
    }
)
