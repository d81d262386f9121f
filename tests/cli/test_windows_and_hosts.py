"""``dayan`` on Windows and inside DCC hosts, simulated here on POSIX.

Each test stands in for one behaviour of the platform: a host's strict
``gbk``/``cp1252`` stream, no stream at all (``pythonw``), a pipe that Windows
reports closed with ``EINVAL``, stdin decoded in the ANSI code page, Windows'
``localtime`` refusing dates before 1970, ``os.name == "nt"`` for paths and
access lists, and an antivirus holding the config file for a moment.
"""

import datetime
import errno
import io
import json
import os
import subprocess
import sys
import types

import pytest

from dayan_api import endpoints, to_datetime
from dayan_api.cli import app, args, display, profiles, watch
from dayan_api.cli.args import UsageError

from .conftest import cli_env, dayan_script, submitted, task_json
from .test_display import Terminal

KOREAN = "장면"  # a scene name a strict GBK stream cannot carry


def strict(encoding):
    """A host's stream in ``encoding`` that raises on what it cannot encode."""
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict", write_through=True)


def written(stream):
    return stream.buffer.getvalue().decode(stream.encoding)


# -- streams ------------------------------------------------------------------


def test_a_strict_host_stream_gets_escapes_and_is_left_as_it_was(host, api, monkeypatch):
    with pytest.raises(UnicodeEncodeError):
        KOREAN.encode("gbk")
    task_id = submitted(api, input_cg_file="D:/shots/{}010.mb".format(KOREAN))
    out, err = strict("gbk"), strict("gbk")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)

    assert host("task", "show", str(task_id)) == 0
    assert "\\uc7a5\\uba74010.mb" in written(out)
    out = strict("gbk")
    monkeypatch.setattr(sys, "stdout", out)
    assert host("--json", "task", "show", str(task_id)) == 0
    shown = json.loads(written(out))  # an escape in a JSON string is the same text
    assert shown["items"][0]["sceneName"].endswith("{}010.mb".format(KOREAN))

    assert host("task", "show", "999999") == 1  # a message on stderr, in GBK
    assert "999999" in written(err)
    # The host's own objects are back, not reconfigured.
    assert sys.stdout is out and sys.stderr is err
    assert (out.encoding, out.errors) == ("gbk", "strict")


class HostConsole:
    """A DCC host's own output object: write() alone, no encoding, no flush, no fileno."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)


def test_a_host_console_with_write_alone_takes_the_output(host, api, monkeypatch):
    task_id = submitted(api, input_cg_file="D:/shots/{}010.mb".format(KOREAN))
    console = HostConsole()
    monkeypatch.setattr(sys, "stdout", console)
    assert host("task", "show", str(task_id)) == 0
    assert "{}010.mb".format(KOREAN) in "".join(console.parts)  # str as it is: no encoding
    assert sys.stdout is console


def test_no_stdout_and_no_stderr_are_no_false_failure(host, emu, monkeypatch, tmp_path):
    path = tmp_path / "task.json"
    path.write_text(json.dumps(task_json()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", None)  # pythonw, a GUI launcher
    monkeypatch.setattr(sys, "stderr", None)
    emu.clear_requests()

    assert host("task", "submit", str(path)) == 0
    assert [record.path for record in emu.requests].count(endpoints.SUBMIT_TASK.path) == 1
    assert host("task", "show", "999999") == 1  # the status still says what happened
    assert sys.stdout is None and sys.stderr is None


def test_no_stdout_in_a_process_of_its_own(emu, monkeypatch, tmp_path):
    for name, value in cli_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    argv = ["dayan", "--domain", emu.domain, "--protocol", "http", "whoami"]
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(sys, "stdout", None)
    assert app.main() == 0
    assert sys.stdout is None


class ClosedPipeOnWindows(io.TextIOBase):
    """A pipe whose reader went away, as Windows reports it (CPython #79935)."""

    def writable(self):
        return True

    def write(self, text):
        raise OSError(errno.EINVAL, "Invalid argument")

    def flush(self):
        raise OSError(errno.EINVAL, "Invalid argument")

    def close(self):
        pass  # not flushed when collected


def test_a_pipe_closed_by_its_reader_on_windows_is_status_0_quietly(host, api, monkeypatch, capsys):
    submitted(api)
    monkeypatch.setattr(sys, "stdout", ClosedPipeOnWindows())
    assert host("task", "list") == 0
    assert capsys.readouterr().err == ""


def test_a_pipe_closed_by_its_reader_in_a_process_of_its_own(emu, tmp_path):
    command = [dayan_script(), "--domain", emu.domain, "--protocol", "http", "whoami"]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=cli_env(tmp_path),
    )  # fmt: skip
    process.stdout.close()  # `| head -0`: gone before the first line
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0 and err == b""


# -- stdin --------------------------------------------------------------------


def windows_pipe(data, monkeypatch):
    # Windows decodes a pipe with the ANSI code page: cp1252 on a Western system.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="cp1252"))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_utf8_body_from_stdin_reaches_the_service_as_sent(host, emu, monkeypatch, capsys, bom):
    windows_pipe(bom + '{"searchKeyword": "镜头"}'.encode(), monkeypatch)
    emu.clear_requests()
    assert host("api", endpoints.GET_TASK_LIST.path, "-") == 0
    assert emu.requests[-1].body == {"searchKeyword": "镜头"}


@pytest.mark.parametrize(
    "data, message",
    [
        # PowerShell 5.1's `echo '{...}' > body.json` then `Get-Content -Raw -Encoding Byte`...
        ('{"pageSize": 1}'.encode("utf-16"), "JSON_BODY from stdin is UTF-16 text, not UTF-8"),
        ('{"pageSize": 1}'.encode("utf-16-le"), "PowerShell 5.1"),
        ('{"searchKeyword": "镜头"}'.encode("gbk"), "JSON_BODY from stdin is not UTF-8 text"),
    ],
)
def test_a_body_from_stdin_that_is_not_utf8_is_2(host, emu, monkeypatch, capsys, data, message):
    windows_pipe(data, monkeypatch)
    emu.clear_requests()
    assert host("api", endpoints.GET_TASK_LIST.path, "-") == 2
    assert message in capsys.readouterr().err
    assert emu.requests == []


def test_a_task_json_written_by_powershell_5_is_named_utf16(host, emu, tmp_path, capsys):
    path = tmp_path / "task.json"
    path.write_bytes(json.dumps(task_json()).encode("utf-16"))  # what `echo ... >` writes there
    emu.clear_requests()
    assert host("task", "submit", str(path)) == 2
    assert "is UTF-16 text, not UTF-8" in capsys.readouterr().err
    assert emu.requests == []


def test_no_stdin_reads_as_empty(host, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", None)
    assert host("api", endpoints.GET_TASK_LIST.path, "-") == 2
    assert "JSON_BODY is not JSON" in capsys.readouterr().err
    assert host("configure") == 2
    assert "no access id given" in capsys.readouterr().err


# -- dates Windows' clock refuses ------------------------------------------------------


class WindowsLocaltime(datetime.datetime):
    """Windows' localtime() refuses times before 1970 or past 3000 with EINVAL."""

    def astimezone(self, tz=None):
        raise OSError(errno.EINVAL, "Invalid argument")


def windows_to_datetime(value):
    """``to_datetime`` whose datetimes convert to local time as Windows' do."""
    moment = to_datetime(value)
    if moment is None:
        return None
    return WindowsLocaltime(*moment.timetuple()[:6], tzinfo=moment.tzinfo)


@pytest.fixture
def windows_clock(monkeypatch):
    clock = types.SimpleNamespace(datetime=WindowsLocaltime, time=datetime.time)
    monkeypatch.setattr(args, "datetime", clock)
    monkeypatch.setattr(display, "to_datetime", windows_to_datetime)  # how the CLI shows times


@pytest.mark.parametrize(
    "option, value",
    [("--since", "1970-01-01"), ("--since", "1969-12-31"), ("--until", "3001-01-01")],
)
def test_a_date_the_clock_cannot_convert_is_2_naming_the_option(
    host, emu, windows_clock, capsys, option, value
):
    emu.clear_requests()
    assert host("task", "list", option, value) == 2
    err = capsys.readouterr().err
    assert "argument {}".format(option) in err and value in err and "Traceback" not in err
    assert emu.requests == []


def test_a_service_time_the_clock_cannot_convert_is_shown_as_it_is(windows_clock):
    assert display.service_time("1970-01-01 00:00:00") == "1970-01-01 00:00:00"


def test_an_epoch_the_clock_cannot_convert_is_shown_as_a_number():
    assert display.epoch_ms(10**18) == str(10**18)  # year 31 million


# -- config: paths, encoding, access lists, replacing ---------------------------------


def test_windows_config_path_is_in_appdata_and_never_relative(windows):
    roaming = "/Users/artist/AppData/Roaming"
    assert profiles.config_path({"APPDATA": roaming}) == os.path.join(
        roaming, "dayan", "config.ini"
    )
    for environ in ({}, {"APPDATA": ""}, {"APPDATA": "AppData"}, {"USERPROFILE": "/Users/a"}):
        with pytest.raises(UsageError, match="APPDATA is not set.*set APPDATA, or DAYAN_CONFIG"):
            profiles.config_path(environ)
    assert profiles.config_path({"DAYAN_CONFIG": "/share/dayan.ini"}) == "/share/dayan.ini"


def test_credentials_from_the_environment_need_no_config_path(windows):
    both = {"RAYVISION_API_ACCESS_ID": "id", "RAYVISION_API_KEY": "key"}
    assert profiles.resolve(None, both).source == "the environment"
    with pytest.raises(UsageError, match="APPDATA"):
        profiles.resolve(None, {})


def test_posix_config_path_without_a_home_is_refused(monkeypatch):
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # HOME unset, no passwd entry
    with pytest.raises(UsageError, match="HOME is not set.*DAYAN_CONFIG"):
        profiles.config_path({})


def test_a_config_file_saved_by_notepad_with_a_bom_is_read_and_repaired(tmp_path):
    path = tmp_path / "config.ini"
    path.write_bytes(b"\xef\xbb\xbf[default]\r\naccess_id = id-1\r\naccess_key = key-1\r\n")
    environ = {"DAYAN_CONFIG": str(path)}
    assert profiles.resolve(None, environ)[:2] == ("id-1", "key-1")
    profiles.save_profile(str(path), "studio", {"access_id": "id-2", "access_key": "key-2"})
    assert profiles.resolve(None, environ)[:2] == ("id-1", "key-1")
    assert profiles.resolve("studio", environ)[:2] == ("id-2", "key-2")


class Icacls:
    """Stands in for subprocess.run: records each command; answers ``returncode``."""

    def __init__(self, returncode=0, output=b"processed file", error=None):
        self.returncode, self.output, self.error = returncode, output, error
        self.calls = []

    def __call__(self, command, **options):
        # The access list is set while the file is still empty: before the key is in.
        self.calls.append((command, options, os.path.getsize(command[1])))
        if self.error is not None:
            raise self.error
        return subprocess.CompletedProcess(command, self.returncode, self.output)


def test_on_windows_the_file_is_restricted_to_its_owner_before_the_key_is_written(
    windows, tmp_path
):
    path = tmp_path / "dayan" / "config.ini"
    icacls = Icacls()
    said = profiles.save_profile(
        str(path), "default", {"access_id": "a", "access_key": "k"}, icacls
    )
    assert said == "an access list that lets only STUDIO\\artist read it"
    [(command, options, size)] = icacls.calls
    temporary = command[1]
    assert os.path.dirname(temporary) == str(path.parent)
    assert os.path.basename(temporary).startswith(".config-")
    assert command == [
        "C:\\Windows\\System32\\icacls.exe",
        temporary,
        "/inheritance:r",
        "/grant:r",
        "STUDIO\\artist:(F)",
    ]
    assert size == 0
    assert options["stdin"] == subprocess.DEVNULL and options["timeout"] > 0
    assert options["creationflags"] == 0x08000000  # CREATE_NO_WINDOW: no console in a GUI host
    assert profiles.read_config(str(path))["default"]["access_key"] == "k"
    assert os.listdir(str(path.parent)) == ["config.ini"]


@pytest.mark.parametrize(
    "icacls, why",
    [
        (
            Icacls(1332, b"No mapping between account names and security IDs was done.\r\n"),
            "icacls exited with status 1332: No mapping between account names",
        ),
        (Icacls(error=FileNotFoundError(errno.ENOENT, "No such file")), "icacls failed"),
        (Icacls(error=subprocess.TimeoutExpired("icacls", 30)), "icacls failed"),
    ],
)
def test_on_windows_no_key_is_written_where_the_file_cannot_be_restricted(
    windows, tmp_path, icacls, why
):
    path = tmp_path / "config.ini"
    with pytest.raises(UsageError) as refused:
        profiles.save_profile(str(path), "default", {"access_id": "a", "access_key": "k"}, icacls)
    message = str(refused.value)
    assert (
        why in message and "the key was not saved" in message and "readable by you only" in message
    )
    assert os.listdir(str(tmp_path)) == []


def test_on_windows_without_a_user_name_no_key_is_written(windows, monkeypatch, tmp_path):
    monkeypatch.delenv("USERNAME")
    icacls = Icacls()
    with pytest.raises(UsageError, match="USERNAME is not set.*the key was not saved"):
        profiles.save_profile(str(tmp_path / "c.ini"), "p", {"access_key": "k"}, icacls)
    assert icacls.calls == [] and os.listdir(str(tmp_path)) == []


def test_configure_says_what_protects_the_key(host, windows, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(subprocess, "run", Icacls())
    monkeypatch.setattr(sys, "stdin", io.StringIO("id-1\nkey-1\n"))
    assert host("configure") == 0
    assert "an access list that lets only STUDIO\\artist read it" in capsys.readouterr().out
    monkeypatch.setattr(subprocess, "run", Icacls(5, b"Access is denied.\r\n"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("id-1\nkey-2\n"))
    assert host("configure") == 2
    assert "Access is denied" in capsys.readouterr().err
    assert profiles.resolve("default")[:2] == ("id-1", "key-1")


def test_configure_on_posix_says_mode_0600(host, monkeypatch, capsys):
    if os.name == "nt":
        pytest.skip("POSIX file modes")
    monkeypatch.setattr(sys, "stdin", io.StringIO("id-1\nkey-1\n"))
    assert host("configure") == 0
    assert "(mode 0600: readable by you only)" in capsys.readouterr().out


def test_replacing_the_file_waits_out_an_antivirus_holding_it(monkeypatch, tmp_path):
    real_replace = os.replace
    attempts = []

    def held_twice(source, target):
        attempts.append(target)
        if len(attempts) <= 2:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_twice)
    path = tmp_path / "config.ini"
    profiles.save_profile(str(path), "p", {"access_id": "a", "access_key": "k"})
    assert len(attempts) == 3 and profiles.read_config(str(path))["p"]["access_id"] == "a"


def test_a_file_held_for_longer_is_reported_and_nothing_is_left(monkeypatch, tmp_path):
    def held(source, target):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(profiles, "REPLACE_PATIENCE", 0.2)
    with pytest.raises(UsageError, match="cannot write the config file .*Access is denied"):
        profiles.save_profile(str(tmp_path / "c.ini"), "p", {"access_id": "a", "access_key": "k"})
    assert os.listdir(str(tmp_path)) == []


# -- the live display -------------------------------------------------------------


@pytest.mark.parametrize(
    "environ, expected",
    [({}, False), ({"WT_SESSION": "1"}, True), ({"WT_SESSION": "1", "TERM": "dumb"}, False)],
)
def test_on_windows_lines_are_redrawn_only_where_the_terminal_understands_it(
    monkeypatch, environ, expected
):
    monkeypatch.setattr(os, "name", "nt")
    for name in ("WT_SESSION", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert watch.live_display_possible(Terminal(), Terminal()) is expected
    assert watch.live_display_possible(Terminal(), io.StringIO()) is False
