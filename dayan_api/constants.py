"""The service's documented codes and names (protocol.md, "Status codes")."""

import datetime
from types import MappingProxyType
from typing import Any, Mapping

DEFAULT_DOMAIN = "task.dayancloud.com"
DEFAULT_PLATFORM = "54"
DEFAULT_PROTOCOL = "https"
CHANNEL = "4"
PROTOCOL_VERSION = "2.0.0"

ACCESS_ID_ENV = "RAYVISION_API_ACCESS_ID"
"""The environment variable ``RayvisionAPI`` reads the access id from when none is given."""

ACCESS_KEY_ENV = "RAYVISION_API_KEY"
"""The environment variable ``RayvisionAPI`` reads the access key from when none is given."""

MAX_INTERVAL = 86400.0
"""The longest ``interval`` between the polls of ``query.wait_for_task``, in seconds (a day)."""

MAX_TASK_IDS_PER_REQUEST = 100
"""The most task ids ``query.wait_for_task`` asks about in one ``task_info`` request.

It polls more tasks than this with one request per this many; a caller that
sends ``task_info`` itself can split its ids the same way.
"""

MAX_WORKERS = 32
"""The most threads ``query.get_all_frames`` reads pages with (its ``workers``):
as many as the client's pool keeps connections."""

TASK_STATUS: Mapping[int, str] = MappingProxyType(
    {
        0: "waiting",
        5: "rendering",
        8: "pre-rendering",
        10: "stopped",
        15: "stopped by user",
        20: "stopped for arrears",
        23: "stopped on timeout",
        25: "done",
        30: "done with failed frames",
        35: "abandoned",
        40: "test done",
        45: "failed",
        50: "analysing",
        60: "submitting",
        65: "submit failed",
        70: "finished with stopped frames",
        100: "updating",
    }
)

# Statuses a task does not leave by itself (interface.md, "Beyond 1.x").
SETTLED_TASK_STATUSES = frozenset((10, 15, 20, 23, 25, 30, 35, 40, 45, 65, 70))

FRAME_STATUS: Mapping[int, str] = MappingProxyType(
    {
        1: "waiting",
        2: "started",
        3: "stopped",
        4: "done",
        5: "failed",
        6: "waiting for pre-processing",
        7: "waiting for the photon frame",
        8: "waiting for priority frames",
        9: "waiting for the photon job",
        10: "waiting for the simulation job",
        11: "timed out",
        12: "secondary frame",
    }
)

# Software names as 1.x accepted them, with their cgId; nuke, contextcapture
# and "unreal engine" are the service's ids that 1.x's table lacked.
SOFTWARE_IDS: Mapping[str, int] = MappingProxyType(
    {
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
        "nuke": 2015,
        "katana": 2016,
        "contextcapture": 2017,
        "unreal engine": 2020,
    }
)

_SOFTWARE_BY_LOWER_NAME: Mapping[str, int] = MappingProxyType(
    {name.lower(): cg_id for name, cg_id in SOFTWARE_IDS.items()}
)


def software_id(name: Any, parameter: str = "name") -> int:
    """The ``cgId`` of a software: ``name`` is a name of :data:`SOFTWARE_IDS`, in any
    case, or one of its ids (an int), returned as it is.

    Raises :class:`~dayan_api.exception.RayvisionArgumentError` naming
    ``parameter`` and listing the known names for anything else. The calls
    that take a software (``query.supported_plugin``, ``env.get_render_env``)
    check it this way before sending anything.

    >>> software_id("Houdini"), software_id(2017)
    (2004, 2017)
    """
    if isinstance(name, int) and not isinstance(name, bool) and name in SOFTWARE_IDS.values():
        return name
    if isinstance(name, str) and name.lower() in _SOFTWARE_BY_LOWER_NAME:
        return _SOFTWARE_BY_LOWER_NAME[name.lower()]
    # Here, not at the top: dayan_api.exception imports this module.
    from dayan_api.exception import RayvisionArgumentError

    raise RayvisionArgumentError(
        parameter,
        "a software name ({}) or its cgId, got {!r}".format(", ".join(SOFTWARE_IDS), name),
    )


TASK_USER_LEVELS = (50, 60)

CONFIG_FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")

# getTaskList's startTime and endTime, as strftime sees "yyyy-MM-dd HH:mm:ss".
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# The zone of those times: the service runs in China and shows Beijing time
# (the reference gives no zone; an aware datetime is converted to this one).
SERVICE_TIMEZONE = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
