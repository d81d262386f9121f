"""The OS credential store, through the optional ``keyring`` package.

With ``keyring`` installed (the extra ``dayan_api[keyring]``), ``dayan
configure`` keeps the access key in the store the system provides (Windows
Credential Manager, the macOS Keychain, the Secret Service of a Linux desktop),
under the service name :data:`SERVICE` and the access id; the config file then
holds ``key_store = keyring`` in place of ``access_key``. No message here
ever holds a key: a store's errors are named by their type only.
"""

import importlib
from typing import Any, Optional

from dayan_api.cli.args import UsageError

SERVICE = "dayan_api"
OPTION = "key_store"  # the config file's option saying where the key is
KEYRING = "keyring"  # its one value
INSTALL = "pip install 'dayan_api[keyring]'"


class StoreRefused(Exception):
    """The store did not keep the key; ``str()`` says why, without the key."""


def _keyring() -> Any:
    # Through importlib: keyring is optional, and mypy need not find it.
    try:
        return importlib.import_module("keyring")
    except ImportError:
        return None


def installed() -> bool:
    """Whether the ``keyring`` package can be imported."""
    return _keyring() is not None


def put(access_id: str, access_key: str) -> str:
    """Keep ``access_key`` under ``access_id``; returns the store's name.

    The key is read back: a store that takes it and gives nothing back (the
    ``null`` backend) is refused like one that raises. Raises
    :class:`StoreRefused`.
    """
    keyring = _keyring()
    if keyring is None:
        raise StoreRefused("the keyring package is not installed")
    try:
        keyring.set_password(SERVICE, access_id, access_key)
        kept = keyring.get_password(SERVICE, access_id)
        backend = keyring.get_keyring()
    except Exception as error:  # noqa: BLE001 (each backend raises errors of its own)
        raise StoreRefused("it raised {}".format(type(error).__name__)) from None
    if kept != access_key:
        raise StoreRefused("it did not give the key back")
    return "{}.{}".format(type(backend).__module__, type(backend).__name__)


def get(access_id: str, profile: str) -> str:
    """The key kept under ``access_id``; :class:`UsageError` when there is none."""
    keyring = _keyring()
    again = "run `dayan --profile {} configure`".format(profile)
    if keyring is None:
        raise UsageError(
            "profile {!r} keeps its key in the OS credential store, which needs the keyring "
            "package: {}, or {}".format(profile, INSTALL, again)
        )
    try:
        key: Optional[str] = keyring.get_password(SERVICE, access_id)
    except Exception as error:  # noqa: BLE001 (each backend raises errors of its own)
        raise UsageError(
            "cannot read the key of profile {!r} from the OS credential store ({})".format(
                profile, type(error).__name__
            )
        ) from None
    if not key:
        raise UsageError(
            "the OS credential store has no key for profile {!r} (service {!r}, access id "
            "{!r}): {}".format(profile, SERVICE, access_id, again)
        )
    return key
