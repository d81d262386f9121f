"""dayan_api: the Python SDK for the Dayan cloud rendering service.

Start with :class:`RayvisionAPI`::

    from dayan_api import RayvisionAPI
    api = RayvisionAPI(access_id="...", access_key="...")
    print(api.user.query_user_profile())

``dayan_api.emulator`` serves the same API offline, for demos and tests.
"""

import logging

__version__ = "2.0.0"

# A library never configures logging; it only makes sure that an application
# without logging set up sees no "No handlers could be found" noise.
logging.getLogger("dayan_api").addHandler(logging.NullHandler())

from dayan_api.codes import Code  # noqa: E402
from dayan_api.connect import Connect  # noqa: E402
from dayan_api.core import RayvisionAPI  # noqa: E402
from dayan_api.exception import (  # noqa: E402
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionCompatibilityWarning,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
    RayvisionResponseError,
    RayvisionTimeoutError,
    RayvisionWaitStoppedError,
    RayvisionWaitTimeoutError,
    RayvisonTaskIdError,
)

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
    "RayvisionResponseError",
    "RayvisionTimeoutError",
    "RayvisionWaitStoppedError",
    "RayvisionWaitTimeoutError",
    "RayvisonTaskIdError",
    "__version__",
]
