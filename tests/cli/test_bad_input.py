"""Input that used to end as "unexpected error" (status 1), or worse: status 2, naming it."""

import datetime
import io
import sys

import pytest

from dayan_api import RayvisionAPI, RayvisionArgumentError
from dayan_api.cli import app, profiles
from dayan_api.cli.args import UsageError

KEY = "bad-input-secret-Hq2"


@pytest.fixture
def config(monkeypatch, tmp_path):
    path = tmp_path / "dayan" / "config.ini"
    monkeypatch.setenv("DAYAN_CONFIG", str(path))
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", "AKID-BAD-INPUT")
    monkeypatch.setenv("RAYVISION_API_KEY", KEY)
    return path


@pytest.mark.parametrize(
    "argv, named",
    [
        (["task", "list", "--limit", "99999999999999999999"], "argument --limit"),
        (["task", "list", "--until", "9999-12-31"], "argument --until"),
        (["task", "show", "99999999999999999999"], "argument ID"),
        (["task", "create", "--count", "9" * 30], "argument --count"),
        (["--domain", "a..b", "task", "list"], "domain"),
        (["--domain", "x" * 64 + ".com", "whoami"], "domain"),
    ],
)
def test_bad_input_is_status_2_naming_it(config, capsys, argv, named):
    assert app.main(argv) == 2
    err = capsys.readouterr().err
    assert named in err
    assert "unexpected error" not in err and "Traceback" not in err


def test_an_end_time_the_service_zone_cannot_hold_is_an_argument_error():
    api = RayvisionAPI("AKID", "key")
    end = datetime.datetime(9999, 12, 31, 23, tzinfo=datetime.timezone.utc)
    with pytest.raises(RayvisionArgumentError) as refused:
        api.query.get_task_list(end_time=end)
    assert refused.value.parameter == "end_time"


def configure(monkeypatch, text, *options):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return app.main(list(options) + ["configure"])


@pytest.mark.parametrize(
    "key",
    ["key\udcff\udcfe", "key\x1bwith-escape", "key\x00"],
    ids=["bytes not UTF-8", "escape", "NUL"],
)
def test_configure_refuses_a_key_that_is_not_valid_text(config, monkeypatch, capsys, key):
    assert configure(monkeypatch, "AKID-1\n{}\n".format(key)) == 2
    err = capsys.readouterr().err
    assert "the access key is not valid text" in err and "nothing was saved" in err
    assert key not in err and "unexpected error" not in err
    assert not config.exists()


@pytest.mark.parametrize("name", ["ci\nbuild", "ci\rbuild", " ci", "ci]", "[ci", ""])
def test_a_profile_name_ini_cannot_hold_is_refused(config, monkeypatch, capsys, name):
    assert configure(monkeypatch, "AKID-1\n{}\n".format(KEY), "--profile", name) == 2
    assert "--profile: a profile name is printable text" in capsys.readouterr().err
    assert not config.exists()


def test_after_a_refused_profile_name_the_others_still_read(config, monkeypatch, capsys):
    assert configure(monkeypatch, "AKID-1\n{}\n".format(KEY), "--profile", "ci") == 0
    assert configure(monkeypatch, "AKID-2\n{}\n".format(KEY), "--profile", "ci\nbuild") == 2
    assert profiles.resolve("ci")[:2] == ("AKID-1", KEY)


def test_a_file_that_would_not_read_back_is_not_written(tmp_path):
    path = tmp_path / "config.ini"
    with pytest.raises(UsageError, match="--profile"):
        profiles.save_profile(str(path), "a\nb", {"access_id": "1"})
    with pytest.raises(UsageError, match="domain is not valid text"):
        profiles.save_profile(str(path), "a", {"domain": "h\n[x]"})
    assert not path.exists()
