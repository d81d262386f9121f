"""Runs every Python block of README.md and docs/*.md as a test, with Sybil.

Each file's blocks run top to bottom in one namespace where ``emu`` (a fresh
emulator, default account, clock stopped: ``emu.advance(seconds)`` moves it)
and ``api`` (a ``RayvisionAPI`` on it) already exist, so examples that read
``api.query.task_info(...)`` run as written. A block that needs the real
service has ``<!-- skip: next -->`` on the line before it (the prose says why).

While a file runs, names resolve only to loopback (a block that would reach
the real service fails instead), the credential variables are unset, and the
home folder, the working folder and the logging set-up are scratch ones,
restored afterwards.
"""

import logging
import os
import socket
import tempfile
from typing import Any, Dict, List

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

import dayan_api
from dayan_api.emulator import serve

_SAVED_VARIABLES = ("RAYVISION_API_ACCESS_ID", "RAYVISION_API_KEY", "HOME", "USERPROFILE")
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _loopback_only(real: Any) -> Any:
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOOPBACK and host not in (b"127.0.0.1", b"::1", b"localhost"):
            raise OSError("a docs example tried to reach {!r}: mark it skip".format(host))
        return real(host, *args, **kwargs)

    return getaddrinfo


def _start(namespace: Dict[str, Any]) -> None:
    scratch = tempfile.TemporaryDirectory()
    root = logging.getLogger()
    saved = {
        "environment": {name: os.environ.pop(name, None) for name in _SAVED_VARIABLES},
        "cwd": os.getcwd(),
        "getaddrinfo": socket.getaddrinfo,
        "logging": (root.level, list(root.handlers), logging.getLogger("dayan_api").level),
    }
    os.environ["HOME"] = os.environ["USERPROFILE"] = scratch.name
    os.chdir(scratch.name)
    socket.getaddrinfo = _loopback_only(socket.getaddrinfo)  # type: ignore[assignment]
    emu = serve(speed=0)
    api = emu.client()
    # Kept apart too: a block may bind its own ``emu`` or ``api``.
    namespace.update(emu=emu, api=api, _docs_fixtures=(emu, api, saved, scratch))


def _stop(namespace: Dict[str, Any]) -> None:
    emu, api, saved, scratch = namespace["_docs_fixtures"]
    api.close()
    emu.close()
    socket.getaddrinfo = saved["getaddrinfo"]
    root = logging.getLogger()
    level, handlers, package_level = saved["logging"]
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.getLogger("dayan_api").setLevel(package_level)
    os.chdir(saved["cwd"])
    for name, value in saved["environment"].items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value
    scratch.cleanup()


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["README.md", "docs/*.md"],
    setup=_start,
    teardown=_stop,
).pytest()


def pytest_report_header() -> List[str]:
    # Says which copy is under test: the checkout, or an installed wheel.
    return ["dayan_api {} from {}".format(dayan_api.__version__, dayan_api.__file__)]
