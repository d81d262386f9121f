"""python -m dayan_api.emulator: the first line is the address; Ctrl-C and SIGTERM exit 0."""

import io
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import types

import pytest

from dayan_api import endpoints
from dayan_api.cli import main as dayan_main
from dayan_api.emulator import __main__ as module
from dayan_api.emulator import serve
from dayan_api.emulator.__main__ import main, program_name

from .conftest import Client

STARTUP_TIMEOUT = 15


MODULE = [sys.executable, "-m", "dayan_api.emulator"]


def start(*args, command=MODULE, env=None):
    process = subprocess.Popen(
        command + ["--port", "0"] + list(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP_TIMEOUT)
    except queue.Empty:
        process.kill()
        process.communicate()
        message = "the emulator printed nothing within {} s".format(STARTUP_TIMEOUT)
        raise AssertionError(message) from None
    return process, first


class Address:
    def __init__(self, line):
        assert line.startswith("listening on http://127.0.0.1:"), line
        self.url = line.split()[-1]
        self.domain = self.url[len("http://") :]
        self.host, port = self.domain.split(":")
        self.port = int(port)


def stop(process, how):
    process.send_signal(how)
    out, err = process.communicate(timeout=STARTUP_TIMEOUT)
    return process.returncode, out, err


POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="sends POSIX signals")


@POSIX_ONLY
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_signed_requests_then_stops_cleanly(how):
    process, first = start("--account", "cli-id:cli-key", "--speed", "10")
    try:
        address = Address(first)
        client = Client(address, "cli-id", "cli-key")
        try:
            assert client.data(endpoints.QUERY_USER_PROFILE)["userId"]
            assert client.error(endpoints.QUERY_USER_PROFILE, key="wrong")["code"] != 200
        finally:
            client.close()
    finally:
        code, out, err = stop(process, how)
    assert code == 0
    assert "Traceback" not in err and err == ""
    assert "cli-key" not in out + err


@POSIX_ONLY
def test_cli_default_account():
    process, first = start()
    try:
        from dayan_api.emulator import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY

        client = Client(Address(first), DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY)
        try:
            assert client.data(endpoints.QUERY_USER_SETTING)
        finally:
            client.close()
    finally:
        code, _, _ = stop(process, signal.SIGINT)
    assert code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--account", "no-colon"], "expected ID:KEY"),
        (["--account", ":key"], "neither part empty"),
        (["--account", "id:"], "neither part empty"),
        (["--account", "a:1", "--account", "a:2"], "given twice"),
        (["--speed", "-1"], "expected a number >= 0"),
        (["--speed", "fast"], "expected a number >= 0"),
        (["--port", "70000"], "expected a port"),
    ],
)
def test_bad_arguments_are_argparse_errors(args, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_secret_is_not_echoed_in_errors(capsys):
    with pytest.raises(SystemExit):
        main(["--account", "id=secret-value"])
    assert "secret-value" not in capsys.readouterr().err


def test_port_in_use_is_a_clear_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    assert "cannot listen on 127.0.0.1:{}".format(port) in capsys.readouterr().err


# -- the program name in usage lines ---------------------------------------------


def _help(command):
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def test_help_names_the_console_script_it_was_run_as():
    script = shutil.which("dayan-emulator", path=os.path.dirname(sys.executable))
    if script is None:  # not installed as a package here: run main() as its launcher does
        code = "import sys; from dayan_api.emulator.__main__ import main; sys.exit(main())"
        command = [sys.executable, "-c", code, "--help"]
        usage = "usage: python -m dayan_api.emulator "
    else:
        command = [script, "--help"]
        usage = "usage: dayan-emulator "
    assert _help(command).startswith(usage)


def test_help_of_python_dash_m_names_the_module():
    text = _help([sys.executable, "-m", "dayan_api.emulator", "--help"])
    assert text.startswith("usage: python -m dayan_api.emulator ")


@pytest.mark.parametrize(
    "argv0, name",
    [
        ("/venv/bin/dayan-emulator", "dayan-emulator"),
        ("dayan-emulator.exe", "dayan-emulator"),
        ("/site-packages/dayan_api/emulator/__main__.py", "python -m dayan_api.emulator"),
        ("-c", "python -m dayan_api.emulator"),
        ("", "python -m dayan_api.emulator"),
        ("my-emulator", "my-emulator"),
    ],
)
def test_the_program_name_comes_from_argv0(argv0, name):
    assert program_name(argv0) == name


def test_errors_name_the_program_they_were_run_as(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/venv/bin/dayan-emulator", "--port", "x"])
    with pytest.raises(SystemExit):
        main()
    assert capsys.readouterr().err.startswith("usage: dayan-emulator ")
    with pytest.raises(SystemExit):
        main(["--port", "x"], prog="dayan emulator")
    assert capsys.readouterr().err.startswith("usage: dayan emulator ")


def test_dayan_emulator_help_names_the_subcommand(capsys):
    assert dayan_main(["emulator", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: dayan emulator ")


# -- Windows, and hosts' streams ---------------------------------------------------


def _entry_points():
    found = [MODULE]
    script = shutil.which("dayan-emulator", path=os.path.dirname(sys.executable))
    if script is not None:
        found.append([script])
    return found


@POSIX_ONLY
@pytest.mark.parametrize(
    "command", _entry_points(), ids=lambda command: os.path.basename(command[-1])
)
def test_a_chinese_account_id_on_a_cp1252_pipe(command):
    # A Western Windows' pipes are cp1252; PYTHONIOENCODING makes one here.
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    process, first = start("--account", "账号:key", command=command, env=env)
    try:
        Address(first)
        second = process.stdout.readline()
    finally:
        code, _, err = stop(process, signal.SIGTERM)
    assert second == "accounts: 账号\n"  # UTF-8 into pipes, whatever the code page
    assert code == 0 and err == ""


def test_in_process_a_strict_host_stream_gets_escapes_and_is_left_as_it_was(monkeypatch):
    def ctrl_c(seconds):
        raise KeyboardInterrupt  # the user stops it at the first pause

    monkeypatch.setattr(module, "time", types.SimpleNamespace(sleep=ctrl_c))
    for entry in (lambda argv: module.main(argv), lambda argv: dayan_main(["emulator"] + argv)):
        out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", errors="strict", write_through=True)
        monkeypatch.setattr(sys, "stdout", out)
        assert entry(["--port", "0", "--account", "账号:key"]) == 0
        assert "accounts: \\u8d26\\u53f7\n" in out.buffer.getvalue().decode("cp1252")
        assert sys.stdout is out and (out.encoding, out.errors) == ("cp1252", "strict")


@POSIX_ONLY
def test_ctrl_break_stops_it_like_ctrl_c():
    # signal.SIGBREAK exists on Windows only: SIGUSR1 plays it here (unhandled,
    # it would kill the process instead of stopping it cleanly).
    code = (
        "import signal, sys; signal.SIGBREAK = signal.SIGUSR1; "
        "from dayan_api.emulator.__main__ import main; sys.exit(main())"
    )
    process, first = start(command=[sys.executable, "-c", code])
    Address(first)
    code, _, err = stop(process, signal.SIGUSR1)
    assert code == 0 and err == ""


def test_on_windows_the_port_is_bound_for_exclusive_use(monkeypatch):
    exclusive = -1234  # Windows' SO_EXCLUSIVEADDRUSE: any marker serves here
    monkeypatch.setattr(socket, "SO_EXCLUSIVEADDRUSE", exclusive, raising=False)
    calls = []
    setsockopt = socket.socket.setsockopt

    def record(self, level, option, value, *rest):
        calls.append((level, option, value))
        if option != exclusive:
            setsockopt(self, level, option, value, *rest)

    monkeypatch.setattr(socket.socket, "setsockopt", record)
    with serve():
        pass
    assert (socket.SOL_SOCKET, exclusive, 1) in calls
    # SO_REUSEADDR would let a second emulator take a port that one listens on.
    assert (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) not in calls
