"""Handlers of the env operator's endpoints: the account's render environments.

An environment is kept, per account and by its ``editName``, in the shape
``getUserPluginConfig`` shows it; ``renderSystem`` is shown as ``osName``
(0 Linux, 1 Windows). One environment per software and system can be the
default (``isDefault`` 1). Every environment shows ``projectPath`` (``""``
when saved without one) and ``isMainUserId``; adding one answers its name
alone (``{"editName": NAME}``), as the service family's samples show.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, List, Mapping

from dayan_api import endpoints
from dayan_api.emulator import samples
from dayan_api.emulator.errors import LABEL_EXISTS, RESOURCE_NOT_FOUND, ApiError
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.params import get_int, get_int_list, get_str, invalid

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service

RENDER_SYSTEMS = (0, 1)


def _edit_name(body: Dict[str, Any]) -> str:
    name = get_str(body, "editName")
    if not name.strip():
        raise invalid("editName must not be blank")
    return name


def _environment(body: Dict[str, Any], is_default: int) -> Dict[str, Any]:
    """The environment ``body`` describes, as it is shown."""
    cg_id = get_int(body, "cgId", minimum=1)
    render_system = get_int(body, "renderSystem")
    if render_system not in RENDER_SYSTEMS:
        raise invalid("renderSystem must be 0 (Linux) or 1 (Windows), not {}".format(render_system))
    plugin_ids = get_int_list(body, "pluginIds", allow_empty=True)
    return {
        "cgId": cg_id,
        "editName": _edit_name(body),
        "cgName": get_str(body, "cgName"),
        "cgVersion": get_str(body, "cgVersion"),
        "osName": render_system,
        "renderLayerType": get_int(body, "renderLayerType", default=0),
        "isDefault": is_default,
        "projectPath": get_str(body, "projectPath", default=""),
        "isMainUserId": 1,
        "respUserPluginInfoVos": [
            samples.plugin_info(cg_id, plugin_id) for plugin_id in plugin_ids
        ],
    }


def _existing(account: "Account", name: str) -> Dict[str, Any]:
    environment = account.render_envs.get(name)
    if environment is None:
        raise ApiError(RESOURCE_NOT_FOUND, "resource not found: render environment {}".format(name))
    return environment


def add_env(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    environment = _environment(body, is_default=0)
    name = environment["editName"]
    if name in account.render_envs:
        raise ApiError(LABEL_EXISTS, "render environment already exists: {}".format(name))
    account.render_envs[name] = environment
    return {"editName": name}


def edit_env(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    old = _existing(account, _edit_name(body))
    new = _environment(body, is_default=0)
    # The default stays the default while it keeps its software and system.
    if (new["cgId"], new["osName"]) == (old["cgId"], old["osName"]):
        new["isDefault"] = old["isDefault"]
    account.render_envs[new["editName"]] = new
    return None


def delete_env(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    name = _edit_name(body)
    _existing(account, name)
    del account.render_envs[name]
    return None


def set_default_env(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    chosen = _existing(account, _edit_name(body))
    for environment in account.render_envs.values():
        if (environment["cgId"], environment["osName"]) == (chosen["cgId"], chosen["osName"]):
            environment["isDefault"] = 0
    chosen["isDefault"] = 1
    return None


def get_envs(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    cg_id = get_int(body, "cgId", default=None)
    cg_ids = get_int_list(body, "cgIds", required=False, allow_empty=True)
    os_name = get_int(body, "osName", default=None)
    if os_name is not None and os_name not in RENDER_SYSTEMS:
        raise invalid("osName must be 0 (Linux) or 1 (Windows), not {}".format(os_name))
    found: List[Dict[str, Any]] = []
    for environment in account.render_envs.values():
        if cg_id is not None and environment["cgId"] != cg_id:
            continue
        if cg_ids is not None and environment["cgId"] not in cg_ids:
            continue
        if os_name is not None and environment["osName"] != os_name:
            continue
        found.append(dict(environment))
    return found


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.ADD_RENDER_ENV.path: add_env,
        endpoints.EDIT_RENDER_ENV.path: edit_env,
        endpoints.DELETE_RENDER_ENV.path: delete_env,
        endpoints.SET_DEFAULT_RENDER_ENV.path: set_default_env,
        endpoints.GET_RENDER_ENV.path: get_envs,
    }
)
