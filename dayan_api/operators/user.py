"""Account calls: profile, settings, transfer ids, hardware."""

import sys
import threading
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union, cast

from dayan_api import _validate, endpoints
from dayan_api.connect import Connect
from dayan_api.operators._reply import field
from dayan_api.signature import hump2underline

if TYPE_CHECKING:
    from dayan_api.replies import TransferBid, UserInfo, UserProfile, UserSettings


def local_os() -> str:
    """``"windows"`` on Windows, else ``"linux"`` (the service knows only these two)."""
    # Not platform.system(): from Python 3.12 on Windows it asks WMI, which
    # can take seconds or hang inside a DCC host.
    return "windows" if sys.platform == "win32" else "linux"


class UserOperator:
    """``api.user``: the account's profile and settings."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._info: Optional[UserInfo] = None
        self._info_lock = threading.Lock()

    def query_user_profile(self) -> "UserProfile":
        """The account's profile (``userId``, ``userName``, balances, prices...)."""
        return cast("UserProfile", self._connect.post(endpoints.QUERY_USER_PROFILE, {}))

    def query_user_setting(self) -> "UserSettings":
        """The account's settings (``taskOverTimeSec``, ``downloadDisable``...)."""
        return cast("UserSettings", self._connect.post(endpoints.QUERY_USER_SETTING, {}))

    def update_user_settings(self, task_over_time: int) -> Any:
        """Set the account's task timeout reminder, in seconds (an int > 0)."""
        seconds = _validate.integer(task_over_time, "task_over_time", minimum=1)
        return self._connect.post(endpoints.UPDATE_USER_SETTING, {"taskOverTimeSec": seconds})

    def get_transfer_bid(self) -> "TransferBid":
        """The account's transfer ids (``config_bid``, ``input_bid``, ``output_bid``...)."""
        return cast("TransferBid", self._connect.post(endpoints.GET_TRANSFER_BID, {}))

    def get_hardware_config(self, task_ids: Optional[List[Union[int, str]]] = None) -> Any:
        """The render hardware configurations, optionally for the given tasks.

        ``task_ids`` holds ints, or strs of digits as the service family's own
        example sends them (``["6306543"]``); they are sent as given. With
        them, the tasks' configuration is the one marked ``current``.
        """
        body: Dict[str, Any] = {"cloneTask": "false"}
        if task_ids is not None:
            body["taskIds"] = _validate.task_ids_or_digits(task_ids, "task_ids")
        return self._connect.post(endpoints.HARDWARE_CONFIG_LIST, body)

    @property
    def info(self) -> "UserInfo":
        """Profile, settings and transfer ids merged, keys in snake_case.

        Also holds ``local_os``, ``domain`` and ``platform``. Fetched with
        three calls on first use, then kept; :meth:`refresh_info` fetches it
        again.
        """
        with self._info_lock:
            if self._info is None:
                self._info = self._fetch_info()
            return self._info

    def refresh_info(self) -> "UserInfo":
        """Fetch :attr:`info` again (after a settings change, say) and return it."""
        fresh = self._fetch_info()
        with self._info_lock:
            self._info = fresh
        return fresh

    @property
    def user_id(self) -> int:
        """The account's user id (from :attr:`info`)."""
        user_id: int = field(
            self.info, self._connect.base_url + endpoints.QUERY_USER_PROFILE.path, "user_id"
        )
        return user_id

    def _fetch_info(self) -> "UserInfo":
        info: Dict[str, Any] = {}
        for part in (self.query_user_profile(), self.query_user_setting(), self.get_transfer_bid()):
            info.update((hump2underline(key), value) for key, value in (part or {}).items())
        info["local_os"] = local_os()
        info["domain"] = self._connect.domain
        info["platform"] = self._connect.platform
        return cast("UserInfo", info)
