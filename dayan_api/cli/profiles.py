"""Credentials and profiles: where the command line finds an account.

The config file is INI, one section per profile, with the keys ``access_id``,
``access_key`` and optionally ``domain`` and ``protocol``. Its path is
``$DAYAN_CONFIG``, else ``~/.config/dayan/config.ini`` (on Windows
``%APPDATA%\\dayan\\config.ini``). It is written atomically, readable by its
owner only from its first byte: mode 0600 on POSIX; on Windows, where a mode
only sets the read-only flag, an access list naming the user alone (set with
``icacls``), or nothing is written. No message here ever holds a key.
"""

import configparser
import io
import ntpath
import os
import subprocess
import tempfile
import time
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from dayan_api.cli import keystore
from dayan_api.cli.args import UsageError
from dayan_api.constants import ACCESS_ID_ENV, ACCESS_KEY_ENV

CONFIG_ENV = "DAYAN_CONFIG"
DEFAULT_PROFILE = "default"
PROTOCOLS = ("https", "http")
HINT = "set {} and {}, or run `dayan configure`".format(ACCESS_ID_ENV, ACCESS_KEY_ENV)
# How long to retry moving the new file over the old one: on Windows an
# antivirus or a search indexer may hold the old one open for a moment.
REPLACE_PATIENCE = 1.0
_REPLACE_PAUSE = 0.05


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
    if os.name == "nt":
        folder, variable = environ.get("APPDATA", ""), "APPDATA"
        place = os.path.join(folder, "dayan", "config.ini")
    else:
        folder, variable = os.path.expanduser("~"), "HOME"
        place = os.path.join(folder, ".config", "dayan", "config.ini")
    # Never a path relative to the current folder (`~` left as it is, or an
    # empty variable): the key would land wherever the command was run.
    if not folder or not os.path.isabs(folder):
        raise UsageError(
            "{} is not set (or not an absolute path), so the config file has no place: "
            "set {}, or {} to the file's path".format(variable, variable, CONFIG_ENV)
        )
    return place


def _parser() -> configparser.ConfigParser:
    # No interpolation: a '%' in a key is just a character.
    return configparser.ConfigParser(interpolation=None, default_section="\x00none")


def read_config(path: str) -> configparser.ConfigParser:
    """The profiles in ``path`` (none when the file does not exist)."""
    parser = _parser()
    try:
        # utf-8-sig: Notepad and PowerShell 5.1 may start the file with a BOM.
        with open(path, encoding="utf-8-sig") as stream:
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
    if profile is not None:
        path = config_path(environ)
        return _from_profile(read_config(path), profile, path, explicit=True)
    access_id = environ.get(ACCESS_ID_ENV)
    access_key = environ.get(ACCESS_KEY_ENV)
    if access_id and access_key:
        return Account(access_id, access_key, None, None, "the environment")
    path = config_path(environ)
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
    store = section.get(keystore.OPTION)
    if store is not None and store != keystore.KEYRING:
        raise UsageError(
            "profile {!r} in {}: {} must be {}, not {!r}".format(
                name, path, keystore.OPTION, keystore.KEYRING, store
            )
        )
    for key in ("access_id",) if store else ("access_id", "access_key"):
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
    access_id = section["access_id"]
    access_key = keystore.get(access_id, name) if store else section["access_key"]
    return Account(access_id, access_key, section.get("domain") or None, protocol, source)


def save_credentials(
    path: str,
    name: str,
    access_id: str,
    access_key: str,
    settings: Mapping[str, str],
    run: Optional[Callable[..., Any]] = None,
) -> Tuple[str, Optional[str]]:
    """Save an account as profile ``name``, with ``settings`` (domain, protocol).

    With the ``keyring`` package installed, the key goes to the OS credential
    store and the file keeps the access id only; where the store does not
    keep it, the key goes to the file as without keyring. Returns what
    protects the key, in words, and a note when the store refused it.
    """
    values = dict(settings, access_id=access_id)
    # Checked before the key goes anywhere (the credential store included).
    check_profile_name(name)
    for key, value in dict(values, access_key=access_key).items():
        _check_value(key, value)
    note = None
    if keystore.installed():
        try:
            store = keystore.put(access_id, access_key)
        except keystore.StoreRefused as refused:
            note = (
                "the OS credential store did not keep the key ({}): it is kept in the file".format(
                    refused
                )
            )
        else:
            values[keystore.OPTION] = keystore.KEYRING
            save_profile(path, name, values, run, drop=("access_key",), secret=False)
            return "the key is in the OS credential store: {}".format(store), None
    values["access_key"] = access_key
    return save_profile(path, name, values, run, drop=(keystore.OPTION,)), note


def save_profile(
    path: str,
    name: str,
    values: Dict[str, str],
    run: Optional[Callable[..., Any]] = None,
    drop: Sequence[str] = (),
    secret: bool = True,
) -> str:
    """Set ``values`` in profile ``name`` of the file at ``path``, keeping the rest.

    The options named in ``drop`` are removed from the profile. ``secret``:
    the file holds a key (on Windows it is then restricted to its owner, or
    not written); without one, POSIX mode 0600 still applies.

    The folder is created (mode 0700) when missing. The new file is written
    beside the old one, readable by its owner only from its first byte, and
    then moved over it, so that a reader never sees half a file. Returns what
    keeps others from reading it, in words. ``run`` runs ``icacls`` on Windows
    (default :func:`subprocess.run`).
    """
    check_profile_name(name)
    for key, value in values.items():
        _check_value(key, value)
    config = read_config(path)
    if not config.has_section(name):
        config.add_section(name)
    for key, value in values.items():
        config.set(name, key, value)
    for key in drop:
        config.remove_option(name, key)
    text = io.StringIO()
    config.write(text)
    _check_reads_back(text.getvalue(), name, values)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder, mode=0o700)
        data = text.getvalue().encode("utf-8")
        return _write_private(path, folder, data, run or subprocess.run, secret)
    except OSError as error:
        raise UsageError("cannot write the config file {}: {}".format(path, _why(error))) from None


def check_profile_name(name: str) -> str:
    """``name`` if an INI file can hold it as a section, else a :class:`UsageError`."""
    if (
        not name
        or name != name.strip()
        or not name.isprintable()
        or "[" in name
        or "]" in name
        or name == _parser().default_section
    ):
        raise UsageError(
            "--profile: a profile name is printable text without [ or ], line breaks, "
            "or spaces at either end, got {!r}".format(name)
        )
    return name


# How the options are named in messages (never with their values: a key is secret).
_OPTION_WORDS = {"access_id": "the access id", "access_key": "the access key"}


def _check_value(option: str, value: str) -> None:
    # A control character (a line break above all) would end the line in the
    # file; a lone surrogate (bytes that were not UTF-8) cannot be written.
    if not value.isprintable():
        what = _OPTION_WORDS.get(option, option)
        raise UsageError(
            "{} is not valid text: it holds a control character, or bytes that are not "
            "UTF-8 (copy it again); nothing was saved".format(what)
        )


def _check_reads_back(text: str, name: str, values: Mapping[str, str]) -> None:
    """Refuse to write a file that the next read would refuse, or read otherwise."""
    parser = _parser()
    try:
        parser.read_string(text)
        same = all(parser.get(name, key) == value for key, value in values.items())
    except configparser.Error:
        same = False
    if not same:
        raise UsageError(
            "profile {!r} cannot be written as INI so that it reads back the same; "
            "nothing was saved".format(name)
        )


def _write_private(
    path: str, folder: str, data: bytes, run: Callable[..., Any], secret: bool
) -> str:
    # mkstemp creates the file with mode 0600 (O_EXCL, owner only). On
    # Windows that mode only sets the read-only flag and the file inherits
    # its folder's access list, so the list is replaced before the key is in.
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=folder)
    try:
        protection = "mode 0600: readable by you only"
        if os.name == "nt" and secret:
            os.close(handle)
            protection = _restrict_on_windows(temporary, run)
            handle = os.open(temporary, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _replace_patiently(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return protection


def windows_account(environ: Mapping[str, str] = os.environ) -> Optional[str]:
    """The signed-in Windows account as ``DOMAIN\\user`` (or ``user``), from the environment."""
    user = environ.get("USERNAME")
    if not user:
        return None
    domain = environ.get("USERDOMAIN")
    return "{}\\{}".format(domain, user) if domain else user


def icacls_command(path: str, account: str, environ: Mapping[str, str] = os.environ) -> List[str]:
    """Windows' own tool (from System32, not from PATH) setting the access list of ``path``.

    No inherited entries; full control for ``account`` alone.
    """
    system = environ.get("SystemRoot") or "C:\\Windows"
    icacls = ntpath.join(system, "System32", "icacls.exe")
    return [icacls, path, "/inheritance:r", "/grant:r", "{}:(F)".format(account)]


def _restrict_on_windows(path: str, run: Callable[..., Any]) -> str:
    account = windows_account()
    if account is None:
        raise UsageError(_unprotected(path, "USERNAME is not set, so the owner is unknown"))
    try:
        done = run(
            icacls_command(path, account),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=30,
            # No console window flashing up inside a GUI host.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000),
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(_unprotected(path, "icacls failed: {}".format(_why(error)))) from None
    if done.returncode != 0:
        said = _console_text(done.stdout).strip().splitlines()
        detail = ": {}".format(said[0]) if said else ""
        raise UsageError(
            _unprotected(path, "icacls exited with status {}{}".format(done.returncode, detail))
        )
    return "an access list that lets only {} read it".format(account)


def _unprotected(path: str, why: str) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    return "cannot make a file in {} readable by you only ({}): the key was not saved".format(
        folder, why
    )


def _console_text(data: Any) -> str:
    if not isinstance(data, bytes):
        return str(data or "")
    try:
        return data.decode("oem", "replace")  # the console code page icacls writes in
    except LookupError:  # there is an "oem" codec on Windows only
        return data.decode("utf-8", "replace")


def _replace_patiently(source: str, target: str) -> None:
    """``os.replace``, tried again for :data:`REPLACE_PATIENCE` seconds while access is denied."""
    deadline = time.monotonic() + REPLACE_PATIENCE
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(_REPLACE_PAUSE)
