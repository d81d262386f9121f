"""dayan_api: the Python SDK for the Dayan cloud rendering service.

Start with :class:`RayvisionAPI`::

    from dayan_api import RayvisionAPI
    api = RayvisionAPI(access_id="...", access_key="...")
    print(api.user.query_user_profile())

``dayan_api.emulator`` serves the same API offline, for demos and tests.
"""

import logging
from typing import TYPE_CHECKING, Any, List

__version__ = "2.0.0"

# A library never configures logging; it only makes sure that an application
# without logging set up sees no "No handlers could be found" noise.
logging.getLogger("dayan_api").addHandler(logging.NullHandler())

from dayan_api.codes import Code  # noqa: E402
from dayan_api.exception import (  # noqa: E402
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionCompatibilityWarning,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionPollWarning,
    RayvisionResponseError,
    RayvisionTimeoutError,
    RayvisionWaitStoppedError,
    RayvisionWaitTimeoutError,
    RayvisonTaskIdError,
)
from dayan_api.times import to_datetime  # noqa: E402

if TYPE_CHECKING:
    from dayan_api.connect import Connect
    from dayan_api.core import RayvisionAPI

__all__ = [
    "Code",
    "Connect",
    "RayvisionAPI",
    "RayvisionAPIError",
    "RayvisionArgumentError",
    "RayvisionArgumentTypeError",
    "RayvisionCompatibilityWarning",
    "RayvisionConnectionError",
    "RayvisionError",
    "RayvisionHTTPError",
    "RayvisionPollWarning",
    "RayvisionResponseError",
    "RayvisionTimeoutError",
    "RayvisionWaitStoppedError",
    "RayvisionWaitTimeoutError",
    "RayvisonTaskIdError",
    "__version__",
    "to_datetime",
]

# The client and the transport bring requests with them: they are imported on
# first use, so that what needs neither (`dayan --help`, the exceptions, the
# constants) starts without it. So are the modules `import dayan_api` once
# imported with them, for code that reaches them as attributes of the package.
_LAZY = {"Connect": "dayan_api.connect", "RayvisionAPI": "dayan_api.core"}
_SUBMODULES = frozenset(
    {
        "codes",
        "connect",
        "constants",
        "core",
        "endpoints",
        "exception",
        "operators",
        "replies",
        "signature",
    }
)


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module("dayan_api." + name)
    else:
        raise AttributeError("module 'dayan_api' has no attribute {!r}".format(name))
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
