"""Argument parsing, argument types, and profiles: no network."""

import argparse
import datetime
import os
import stat

import pytest

from dayan_api import __version__
from dayan_api.cli import app, args, profiles
from dayan_api.cli.args import UsageError
from dayan_api.exception import RayvisionAPIError

KEY = "profile-secret-Qw3"


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "--profile", "p", "--domain", "h:1", "--protocol", "http", "task", "show", "7"],
        ["task", "show", "7", "--json", "--profile", "p", "--domain", "h:1", "--protocol", "http"],
        ["--json", "task", "--profile", "p", "show", "--domain", "h:1", "7", "--protocol", "http"],
    ],
)
def test_global_options_before_or_after_the_command(argv):
    parsed = app.parse(argv)
    assert (parsed.json, parsed.profile, parsed.domain, parsed.protocol) == (
        True,
        "p",
        "h:1",
        "http",
    )
    assert parsed.ids == [7]


def test_global_defaults_when_absent():
    parsed = app.parse(["task", "list"])
    assert (parsed.json, parsed.profile, parsed.domain, parsed.protocol) == (
        False,
        None,
        None,
        None,
    )
    assert (parsed.request_timeout, parsed.verbose, parsed.limit) == (None, False, 50)


def test_an_option_before_the_command_is_not_reset_by_its_absence_after():
    assert app.parse(["-v", "--request-timeout", "2.5", "whoami"]).verbose is True
    assert app.parse(["--request-timeout", "2.5", "whoami"]).request_timeout == 2.5


def test_every_command_of_the_spec_parses():
    lines = [
        ["configure"],
        ["whoami"],
        [
            "task",
            "list",
            "--status",
            "5",
            "25",
            "--search",
            "sh010",
            "--since",
            "2024-01-01",
            "--until",
            "2024-01-31 18:00:00",
            "--limit",
            "0",
        ],
        ["task", "show", "1", "2"],
        ["task", "create", "--count", "3", "--level", "60", "--label", "a", "--label", "b"],
        [
            "task",
            "submit",
            "t.json",
            "--producer",
            "ada",
            "--watch",
            "--interval",
            "1",
            "--timeout",
            "9",
        ],
        ["task", "watch", "1", "2", "--interval", "0.5", "--timeout", "60"],
        ["task", "stop", "1", "2"],
        ["task", "start", "1"],
        ["task", "abandon", "1"],
        ["task", "delete", "1"],
        ["task", "priority", "1", "60"],
        ["frame", "list", "1", "--status", "5", "11"],
        ["frame", "restart", "1", "--failed"],
        ["frame", "restart", "1", "10", "2-4[1]"],
        ["frame", "stop", "1", "3,4"],
        ["output", "list", "1"],
        ["software", "list"],
        ["label", "list"],
        ["label", "add", "x"],
        ["label", "delete", "x"],
        ["env", "list", "--software", "maya"],
        ["api", "/api/x"],
        ["api", "/api/x", '{"a": 1}'],
    ]
    for argv in lines:
        assert callable(app.parse(argv).handler), argv


def test_values_are_parsed_into_what_the_sdk_takes():
    parsed = app.parse(["task", "list", "--status", "5", "--status", "25", "--since", "2024-01-31"])
    assert parsed.status == [5, 25]
    assert parsed.since == datetime.datetime(2024, 1, 31).astimezone()
    until = app.parse(["task", "list", "--until", "2024-01-31"]).until
    assert until == datetime.datetime(2024, 1, 31, 23, 59, 59).astimezone()
    assert until.tzinfo is not None
    assert app.parse(["frame", "stop", "1", "3,4", "2-4[1]"]).frames == [["3", "4"], ["2-4[1]"]]


@pytest.mark.parametrize(
    "argv, named",
    [
        (["task", "show", "0"], "argument ID"),
        (["task", "show", "-3"], "argument ID"),
        (["task", "show", "1.5"], "argument ID"),
        (["task", "show", "１２"], "argument ID"),  # full-width digits
        (["task", "priority", "1", "x"], "argument LEVEL"),
        (["task", "create", "--level", "70"], "argument --level"),
        (["task", "create", "--count", "0"], "argument --count"),
        (["task", "list", "--status", "99"], "argument --status"),
        (["task", "list", "--since", "31/01/2024"], "argument --since"),
        (["task", "list", "--limit", "-1"], "argument --limit"),
        (["task", "watch", "1", "--interval", "0"], "argument --interval"),
        (["task", "watch", "1", "--timeout", "nan"], "argument --timeout"),
        (["frame", "list", "1", "--status", "0"], "argument --status"),
        (["frame", "restart", "1", "x"], "argument FRAME"),
        (["frame", "restart", "1", "4-2[1]"], "argument FRAME"),
        (["frame", "restart", "1", "2-4[0]"], "argument FRAME"),
        (["frame", "restart", "1", "1,,2"], "argument FRAME"),
        (["frame", "restart", "1"], "--failed"),
        (["frame", "stop", "1"], "FRAME"),
        (["api", "api/x"], "argument PATH"),
        (["--protocol", "ftp", "whoami"], "argument --protocol"),
        (["--request-timeout", "-1", "whoami"], "argument --request-timeout"),
        (["task"], "VERB"),
        ([], "COMMAND"),
    ],
)
def test_bad_arguments_exit_2_naming_the_argument(argv, named, capsys):
    assert app.main(argv) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err


def test_version_and_help_exit_0(capsys):
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("dayan_api ")
    assert app.main(["task", "list", "--help"]) == 0
    assert "--limit" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, rest",
    [
        (["emulator", "--port", "1", "--help"], ["--port", "1", "--help"]),
        (["--profile", "emulator", "task", "list"], None),
        (["--domain", "h", "-v", "emulator"], []),
        (["--json", "emulator", "--chaos", "0.1"], ["--chaos", "0.1"]),
        (["--help", "emulator"], None),
        (["task", "emulator"], None),
        ([], None),
    ],
)
def test_the_emulator_gets_its_arguments_unparsed(argv, rest):
    assert app._passthrough(argv) == rest


def test_emulator_errors_are_its_own(capsys):
    assert app.main(["emulator", "--speed", "fast"]) == 2
    assert "expected a number >= 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["--version", "emulator", "--speed", "fast"], ["emulator", "--speed", "fast", "--version"]],
)
def test_version_before_or_after_emulator_prints_the_version(argv, capsys):
    # cli.md: --version before the command or after it prints the version
    # and exits 0; with `emulator` it used to start a server, or be refused.
    assert app.main(argv) == 0
    assert capsys.readouterr().out.strip() == "dayan_api " + __version__


@pytest.mark.parametrize(
    "argv, named",
    [
        (["--json", "emulator", "--speed", "fast"], "--json"),
        (["--domain", "h", "-v", "emulator", "--speed", "fast"], "--domain"),
        (["--profile", "p", "emulator", "--speed", "fast"], "--profile"),
    ],
)
def test_global_options_before_emulator_are_refused_not_dropped(argv, named, capsys):
    # The emulator takes none of them; dropping them silently would let
    # `dayan --domain 127.0.0.1:9000 emulator` serve on another port unnoticed.
    assert app.main(argv) == 2
    err = capsys.readouterr().err
    assert named in err and "dayan emulator --help" in err
    assert len(err.strip().splitlines()) <= 2


def test_frame_indexes():
    assert args.frame_indexes("10") == ["10"]
    assert args.frame_indexes("1,2-4[1]") == ["1", "2-4[1]"]
    for bad in ("", "1-", "-1", "2-4", "a", "1 ", "٣"):
        with pytest.raises(argparse.ArgumentTypeError):
            args.frame_indexes(bad)


def test_json_body_must_be_an_object_and_errors_say_where():
    assert args.json_object('{"a": [1]}', "BODY") == {"a": [1]}
    with pytest.raises(UsageError, match=r"BODY is not JSON: .* line 2 column 5"):
        args.json_object('{"a":\n  1 2}', "BODY")
    for text, kind in (("[1]", "array"), ('"x"', "string"), ("3", "number"), ("null", "null")):
        with pytest.raises(UsageError, match="JSON object.*not a JSON " + kind):
            args.json_object(text, "BODY")


def test_task_json_checks(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        args.read_task_json(str(tmp_path / "absent.json"))
    with pytest.raises(UsageError, match="not a file"):
        args.read_task_json(str(tmp_path))
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(UsageError, match="not UTF-8 text"):
        args.read_task_json(str(latin))
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "task_info": {\n    "frames": "1-5"\n  \n}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"broken.json is not JSON: .* line 5 column 2"):
        args.read_task_json(str(broken))
    good = tmp_path / "good.json"
    good.write_bytes(b'\xef\xbb\xbf{"task_info": {"frames": "1"}}')  # a BOM, as Notepad writes
    assert args.read_task_json(str(good)) == '{"task_info": {"frames": "1"}}'


# -- profiles ---------------------------------------------------------------------


def env(tmp_path, **values):
    base = {"DAYAN_CONFIG": str(tmp_path / "config.ini")}
    base.update(values)
    return base


def test_config_path(tmp_path):
    assert profiles.config_path({"DAYAN_CONFIG": "/x/c.ini"}) == "/x/c.ini"
    default = profiles.config_path({})
    if os.name != "nt":
        assert default == os.path.join(os.path.expanduser("~"), ".config", "dayan", "config.ini")


def test_credentials_come_as_a_pair_from_one_place(tmp_path):
    path = str(tmp_path / "config.ini")
    profiles.save_profile(path, "default", {"access_id": "file-id", "access_key": KEY})
    profiles.save_profile(
        path, "studio", {"access_id": "studio-id", "access_key": KEY, "domain": "h:1"}
    )
    both = env(tmp_path, RAYVISION_API_ACCESS_ID="env-id", RAYVISION_API_KEY="env-key")
    assert profiles.resolve(None, both)[:4] == ("env-id", "env-key", None, None)
    assert profiles.resolve("studio", both)[:4] == ("studio-id", KEY, "h:1", None)
    only_id = env(tmp_path, RAYVISION_API_ACCESS_ID="env-id")
    assert profiles.resolve(None, only_id).access_id == "file-id"  # never env id + file key
    assert KEY not in repr(profiles.resolve(None, only_id))


def test_missing_credentials_name_both_variables_and_configure(tmp_path):
    with pytest.raises(UsageError) as missing:
        profiles.resolve(None, env(tmp_path, RAYVISION_API_KEY=KEY))
    message = str(missing.value)
    for name in ("RAYVISION_API_ACCESS_ID", "RAYVISION_API_KEY", "dayan configure", "only"):
        assert name in message
    assert KEY not in message
    with pytest.raises(UsageError, match="no profile 'nope'.*dayan --profile nope configure"):
        profiles.resolve("nope", env(tmp_path))


def test_a_broken_config_file_is_reported_without_its_lines(tmp_path):
    path = tmp_path / "config.ini"
    path.write_text("access_key = {}\n[default]\n".format(KEY), encoding="utf-8")
    with pytest.raises(UsageError) as broken:
        profiles.resolve(None, env(tmp_path))
    assert "line 1" in str(broken.value) and KEY not in str(broken.value)
    path.write_text("[default]\naccess_id = a\naccess_key = {}\nprotocol = ftp\n".format(KEY))
    with pytest.raises(UsageError, match="protocol must be https or http"):
        profiles.resolve(None, env(tmp_path))
    path.write_text("[default]\naccess_id = a\n")
    with pytest.raises(UsageError, match="has no access_key"):
        profiles.resolve(None, env(tmp_path))


def test_save_keeps_other_profiles_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "dayan" / "config.ini"
    profiles.save_profile(str(path), "a", {"access_id": "1", "access_key": "k%1"})
    profiles.save_profile(str(path), "b", {"access_id": "2", "access_key": "k2"})
    profiles.save_profile(str(path), "a", {"access_id": "3", "access_key": "k3"})
    config = profiles.read_config(str(path))
    assert [(name, config[name]["access_id"]) for name in config.sections()] == [
        ("a", "3"),
        ("b", "2"),
    ]
    assert os.listdir(str(path.parent)) == ["config.ini"]
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_file_is_private_even_under_a_permissive_umask(tmp_path):
    previous = os.umask(0)
    try:
        path = tmp_path / "new" / "config.ini"
        profiles.save_profile(str(path), "a", {"access_id": "1", "access_key": "k"})
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_business_error_reads_with_its_code_and_the_code_s_name():
    class Named(RayvisionAPIError):
        code_name = "SIGNATURE_EXPIRED"

    assert app.api_error_text(Named(610, "expired", "https://h/p", "req-1")) == (
        "code 610 SIGNATURE_EXPIRED: expired (requestId req-1)"
    )
    assert app.api_error_text(RayvisionAPIError(99999, "", "https://h/p")) == (
        "code 99999: (no message)"
    )
