"""The emulated service's endpoint handlers, one module per SDK operator.

Each module's ``ROUTES`` maps an endpoint's path to a handler
``(service, account, body, now) -> data``; a handler raises
:class:`~dayan_api.emulator.errors.ApiError` for a business error. The
service calls them under its lock, after syncing the account's tasks to ``now``.
"""

from typing import TYPE_CHECKING, Any, Callable, Dict

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service

Handler = Callable[["Service", "Account", Dict[str, Any], float], Any]
