"""Render environment calls: the account's saved software and plugin set-ups."""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, cast

from dayan_api import _validate, endpoints
from dayan_api.connect import Connect
from dayan_api.exception import RayvisionArgumentError

if TYPE_CHECKING:
    from dayan_api.replies import RenderEnv, RenderEnvName

RENDER_SYSTEMS = (0, 1)
"""``renderSystem`` and ``osName``: 0 Linux, 1 Windows."""


class RenderEnvOperator:
    """``api.env``: render environments, each a software version with plugins, by name."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def add_render_env(self, data: Dict[str, Any]) -> "RenderEnvName":
        """Save a new render environment; returns ``{"editName": NAME}``.

        ``data`` is sent as given. It needs ``cgId`` (int), ``cgName``,
        ``cgVersion``, ``editName`` (the environment's name, non-empty) (str),
        ``renderSystem`` (0 Linux, 1 Windows: an int, or a str of digits as
        the service family's example sends ``"0"``) and ``pluginIds`` (a list
        of int); ``renderLayerType`` (int) and ``projectPath`` (str) are
        optional. ``get_render_env`` shows the stored environment.
        """
        return cast("RenderEnvName", self._connect.post(endpoints.ADD_RENDER_ENV, _env_data(data)))

    def update_render_env(self, data: Dict[str, Any]) -> Any:
        """Change the render environment named ``data["editName"]``.

        ``data`` is sent as given, with the keys of :meth:`add_render_env`.
        """
        return self._connect.post(endpoints.EDIT_RENDER_ENV, _env_data(data))

    def delete_render_env(self, edit_name: str) -> Any:
        """Delete the render environment named ``edit_name``."""
        body = {"editName": _validate.text(edit_name, "edit_name", allow_empty=False)}
        return self._connect.post(endpoints.DELETE_RENDER_ENV, body)

    def set_default_render_env(self, edit_name: str) -> Any:
        """Make ``edit_name`` the default render environment of its software."""
        body = {"editName": _validate.text(edit_name, "edit_name", allow_empty=False)}
        return self._connect.post(endpoints.SET_DEFAULT_RENDER_ENV, body)

    def get_render_env(
        self, name: Optional[str] = None, cg_names: Optional[List[str]] = None, os_name: int = 1
    ) -> "List[RenderEnv]":
        """The account's render environments for ``os_name`` (0 Linux, 1 Windows).

        ``name`` keeps those of one software, ``cg_names`` those of several
        (software names as in ``dayan_api.constants.SOFTWARE_IDS``, any case,
        or their ``cgId``).
        """
        body: Dict[str, Any] = {}
        if name is not None:
            body["cgId"] = _validate.software_id(name, "name")
        if cg_names is not None:
            names = _validate.sequence(
                cg_names, "cg_names", "a non-empty list of software names", non_empty=True
            )
            body["cgIds"] = [
                _validate.software_id(item, f"cg_names[{index}]")
                for index, item in enumerate(names)
            ]
        body["osName"] = _validate.one_of(os_name, "os_name", RENDER_SYSTEMS)
        return cast("List[RenderEnv]", self._connect.post(endpoints.GET_RENDER_ENV, body))


def _env_data(data: Any) -> Dict[str, Any]:
    """``data`` itself, once its keys are checked."""
    checked: Dict[str, Any] = _validate.mapping(data, "data")
    for key, check in _REQUIRED.items():
        if key not in checked:
            raise RayvisionArgumentError(
                "data", "needs the keys {}; {!r} is missing".format(", ".join(_REQUIRED), key)
            )
        check(checked[key], f"data[{key!r}]")
    for key, check in _OPTIONAL.items():
        if key in checked:
            check(checked[key], f"data[{key!r}]")
    return checked


def _int(value: Any, parameter: str) -> None:
    _validate.integer(value, parameter)


def _str(value: Any, parameter: str) -> None:
    _validate.text(value, parameter)


def _name(value: Any, parameter: str) -> None:
    _validate.text(value, parameter, allow_empty=False)


def _render_system(value: Any, parameter: str) -> None:
    # The service family's own example sends "0": a decimal str is taken (and sent) as is.
    if isinstance(value, str):
        _validate.one_of(value, parameter, tuple(str(system) for system in RENDER_SYSTEMS))
        return
    _validate.integer(value, parameter)
    _validate.one_of(value, parameter, RENDER_SYSTEMS)


def _int_list(value: Any, parameter: str) -> None:
    items = _validate.sequence(value, parameter, "a list of plugin ids (ints)")
    for index, item in enumerate(items):
        _validate.integer(item, f"{parameter}[{index}]")


_Check = Callable[[Any, str], None]

_REQUIRED: Mapping[str, _Check] = MappingProxyType(
    {
        "cgId": _int,
        "cgName": _str,
        "cgVersion": _str,
        "editName": _name,
        "renderSystem": _render_system,
        "pluginIds": _int_list,
    }
)
_OPTIONAL: Mapping[str, _Check] = MappingProxyType({"renderLayerType": _int, "projectPath": _str})
