"""Fixtures of the command-line tests: an emulator, and ``dayan`` run as users run it."""

import json
import os
import shutil
import subprocess
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from dayan_api import RayvisionAPI
from dayan_api.cli import app
from dayan_api.emulator import Emulator, serve

ACCESS_ID = "AKID-CLI-TESTS"
# Distinctive, so that a test can prove it never shows up in any output.
ACCESS_KEY = "cli-secret-Zq8v1Lx"
TIMEOUT = 60  # seconds: every subprocess is bounded


def dayan_script() -> str:
    """The installed console script, next to this interpreter."""
    folder = os.path.dirname(sys.executable)
    found = shutil.which("dayan", path=folder)
    assert found, "no `dayan` script in {}: install the package (pip install -e .)".format(folder)
    return found


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with serve(accounts={ACCESS_ID: ACCESS_KEY}, speed=0.0) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _no_credential_store(monkeypatch: pytest.MonkeyPatch) -> None:
    # `dayan configure` uses the keyring package when it can import it: a test
    # must never write to the credential store of the machine it runs on.
    monkeypatch.setitem(sys.modules, "keyring", None)


@pytest.fixture(autouse=True)
def _clean_faults(emu: Emulator) -> Iterator[None]:
    yield
    emu.clear_faults()


@pytest.fixture
def api(emu: Emulator) -> Iterator[RayvisionAPI]:
    with emu.client(ACCESS_ID) as client:
        yield client


def cli_env(tmp_path: Any, credentials: bool = True, **extra: str) -> Dict[str, str]:
    """The environment of a ``dayan`` run: the test's credentials, a config file of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("RAYVISION_API_ACCESS_ID", "RAYVISION_API_KEY", "DAYAN_CONFIG")
    }
    env["DAYAN_CONFIG"] = str(tmp_path / "no-config.ini")
    if credentials:
        env["RAYVISION_API_ACCESS_ID"] = ACCESS_ID
        env["RAYVISION_API_KEY"] = ACCESS_KEY
    env.update(extra)
    return env


class Dayan:
    """Runs the installed ``dayan`` against one emulator."""

    def __init__(self, emu: Emulator, tmp_path: Any) -> None:
        self.script = dayan_script()
        self.target = ["--domain", emu.domain, "--protocol", "http"]
        self.tmp_path = tmp_path

    def command(self, args: List[str], target: bool = True) -> List[str]:
        return [self.script] + (self.target if target else []) + list(args)

    def run(
        self,
        *args: str,
        input: Optional[str] = None,
        env: Optional[Dict[str, str]] = None,
        target: bool = True,
    ) -> "subprocess.CompletedProcess[str]":
        done = subprocess.run(
            self.command(list(args), target),
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env if env is not None else cli_env(self.tmp_path),
            timeout=TIMEOUT,
        )
        assert ACCESS_KEY not in done.stdout + done.stderr  # never, whatever the command
        return done

    def json(self, *args: str) -> Any:
        """``dayan -v --json ARGS``'s output, parsed; the run must succeed.

        With ``-v`` each request is logged to stderr, so every command run
        this way also shows that the log never holds the key.
        """
        done = self.run("-v", "--json", *args)
        assert done.returncode == 0, done.stderr
        assert "requestId" in done.stderr and "Traceback" not in done.stderr
        return json.loads(done.stdout)

    def popen(self, *args: str, env: Optional[Dict[str, str]] = None) -> "subprocess.Popen[str]":
        return subprocess.Popen(
            self.command(list(args)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env if env is not None else cli_env(self.tmp_path),
        )


@pytest.fixture
def dayan(emu: Emulator, tmp_path: Any) -> Dayan:
    return Dayan(emu, tmp_path)


def task_json(**task_info: Any) -> Dict[str, Any]:
    info: Dict[str, Any] = {"input_cg_file": "D:/shots/镜头010.mb", "frames": "1-4[1]"}
    emulator_knobs = task_info.pop("emulator", None)
    info.update(task_info)
    content: Dict[str, Any] = {"task_info": info}
    if emulator_knobs:
        content["emulator"] = emulator_knobs
    return content


def submitted(api: RayvisionAPI, **task_info: Any) -> int:
    """A task submitted through the SDK."""
    return int(api.submit_by_data(task_json(**task_info)))


@pytest.fixture
def host(emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Callable[..., int]:
    """``dayan_api.cli.main(argv)`` called in-process, as a DCC host's script does.

    The config file is ``tmp_path / "none.ini"``.
    """
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", ACCESS_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", ACCESS_KEY)
    monkeypatch.setenv("DAYAN_CONFIG", str(tmp_path / "none.ini"))

    def run(*argv: str) -> int:
        return app.main(["--domain", emu.domain, "--protocol", "http"] + list(argv))

    return run


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.name`` says Windows; the account is STUDIO\\artist."""
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setenv("USERNAME", "artist")
    monkeypatch.setenv("USERDOMAIN", "STUDIO")
    monkeypatch.setenv("SystemRoot", "C:\\Windows")
