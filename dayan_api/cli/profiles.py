"""Credentials and profiles: where the command line finds an account.

The config file is INI, one section per profile, with the keys ``access_id``,
``access_key`` and optionally ``domain`` and ``protocol``. Its path is
``$DAYAN_CONFIG``, else ``~/.config/dayan/config.ini`` (on Windows
``%APPDATA%\\dayan\\config.ini``). It is written atomically, readable by its
owner only (mode 0600 from its first byte). No message here ever holds a key.
"""

import configparser
import io
import os
import tempfile
from typing import Dict, Mapping, NamedTuple, Optional

from dayan_api.cli.args import UsageError
from dayan_api.constants import ACCESS_ID_ENV, ACCESS_KEY_ENV

CONFIG_ENV = "DAYAN_CONFIG"
DEFAULT_PROFILE = "default"
PROTOCOLS = ("https", "http")
HINT = "set {} and {}, or run `dayan configure`".format(ACCESS_ID_ENV, ACCESS_KEY_ENV)


class Account(NamedTuple):
    """Where requests go and as whom; ``source`` says where it was found."""

    access_id: str
    access_key: str
    domain: Optional[str]
    protocol: Optional[str]
    source: str

    def __repr__(self) -> str:
        return "Account(access_id={!r}, source={!r})".format(self.access_id, self.source)


def config_path(environ: Mapping[str, str] = os.environ) -> str:
    """The config file's path: ``$DAYAN_CONFIG``, else the per-user default."""
    explicit = environ.get(CONFIG_ENV)
    if explicit:
        return explicit
    if os.name == "nt" and environ.get("APPDATA"):
        return os.path.join(environ["APPDATA"], "dayan", "config.ini")
    return os.path.join(os.path.expanduser("~"), ".config", "dayan", "config.ini")


def _parser() -> configparser.ConfigParser:
    # No interpolation: a '%' in a key is just a character.
    return configparser.ConfigParser(interpolation=None, default_section="\x00none")


def read_config(path: str) -> configparser.ConfigParser:
    """The profiles in ``path`` (none when the file does not exist)."""
    parser = _parser()
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except FileNotFoundError:
        return parser
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError("cannot read the config file {}: {}".format(path, _why(error))) from None
    try:
        parser.read_string(text, source=path)
    except configparser.Error as error:
        # configparser's own messages quote the offending line, which may
        # hold a key: say only where the problem is.
        line = getattr(error, "lineno", None)
        where = " (line {})".format(line) if line else ""
        raise UsageError(
            "the config file {} is not a valid INI file{}: fix or remove it".format(path, where)
        ) from None
    return parser


def _why(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return getattr(error, "strerror", None) or type(error).__name__


def resolve(profile: Optional[str], environ: Mapping[str, str] = os.environ) -> Account:
    """The account to use: an explicit ``profile``, else the environment, else ``default``.

    Credentials always come as a pair from one place. Raises
    :class:`UsageError` naming both variables and ``dayan configure`` when
    there are none.
    """
    path = config_path(environ)
    if profile is not None:
        return _from_profile(read_config(path), profile, path, explicit=True)
    access_id = environ.get(ACCESS_ID_ENV)
    access_key = environ.get(ACCESS_KEY_ENV)
    if access_id and access_key:
        return Account(access_id, access_key, None, None, "the environment")
    config = read_config(path)
    if config.has_section(DEFAULT_PROFILE):
        return _from_profile(config, DEFAULT_PROFILE, path, explicit=False)
    only = [
        name for name, value in ((ACCESS_ID_ENV, access_id), (ACCESS_KEY_ENV, access_key)) if value
    ]
    detail = " (only {} is set)".format(only[0]) if only else ""
    raise UsageError("no credentials{}: {}".format(detail, HINT))


def _from_profile(
    config: configparser.ConfigParser, name: str, path: str, explicit: bool
) -> Account:
    if not config.has_section(name):
        raise UsageError(
            "no profile {!r} in {}: run `dayan --profile {} configure`".format(name, path, name)
        )
    section = config[name]
    for key in ("access_id", "access_key"):
        if not section.get(key):
            raise UsageError(
                "profile {!r} in {} has no {}: run `dayan --profile {} configure`".format(
                    name, path, key, name
                )
            )
    protocol = section.get("protocol") or None
    if protocol is not None and protocol not in PROTOCOLS:
        raise UsageError(
            "profile {!r} in {}: protocol must be https or http, not {!r}".format(
                name, path, protocol
            )
        )
    source = "profile {!r} ({})".format(name, path)
    return Account(
        section["access_id"], section["access_key"], section.get("domain") or None, protocol, source
    )


def save_profile(path: str, name: str, values: Dict[str, str]) -> None:
    """Set ``values`` in profile ``name`` of the file at ``path``, keeping the rest.

    The folder is created (mode 0700) when missing. The new file is written
    beside the old one, readable by its owner only from its first byte, and
    then moved over it, so that a reader never sees half a file.
    """
    config = read_config(path)
    if not config.has_section(name):
        config.add_section(name)
    for key, value in values.items():
        config.set(name, key, value)
    text = io.StringIO()
    config.write(text)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder, mode=0o700)
        _write_private(path, folder, text.getvalue().encode("utf-8"))
    except OSError as error:
        raise UsageError("cannot write the config file {}: {}".format(path, _why(error))) from None


def _write_private(path: str, folder: str, data: bytes) -> None:
    # mkstemp creates the file with mode 0600 (O_EXCL, owner only).
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
