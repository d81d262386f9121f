"""Commands run in-process (``main(argv)``) against the emulator: human output and errors.

Faster than a subprocess, so the variants live here; test_end_to_end.py runs
the installed script for each command once.
"""

import io
import json
import socket

import pytest

from dayan_api import endpoints
from dayan_api.cli import app
from dayan_api.emulator import errors

from .conftest import ACCESS_ID, ACCESS_KEY, submitted, task_json
from .test_display import Terminal


@pytest.fixture
def run(emu, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", ACCESS_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", ACCESS_KEY)
    monkeypatch.setenv("DAYAN_CONFIG", str(tmp_path / "none.ini"))

    def run(*argv, stdin=None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = app.main(["--domain", emu.domain, "--protocol", "http"] + list(argv))
        out, err = capsys.readouterr()
        assert ACCESS_KEY not in out + err
        return code, out, err

    return run


def test_whoami_shows_the_account(run, api):
    code, out, _ = run("whoami")
    assert code == 0
    assert "user name" in out and api.user_info["user_name"] in out
    assert "balance" in out and "coupons" in out
    counts = api.query.task_status_count()
    for label, key in (("waiting", "waitingTask"), ("failed", "failureTask")):
        (line,) = [line for line in out.splitlines() if line.startswith("tasks " + label)]
        assert line.split()[-1] == str(counts[key])


def test_whoami_without_the_status_counts_still_shows_the_account(run, api, emu):
    emu.inject(endpoints.GET_TASK_STATUS_COUNT, code=errors.INJECTED_ERROR)
    code, out, err = run("whoami")
    assert code == 0 and api.user_info["user_name"] in out and "tasks waiting" not in out
    assert "task counts unavailable" in err and str(errors.INJECTED_ERROR) in err
    emu.inject(endpoints.GET_TASK_STATUS_COUNT, code=errors.INJECTED_ERROR)
    code, out, _ = run("--json", "whoami")
    assert code == 0 and json.loads(out)["taskStatusCount"] is None


def test_task_tables(run, api, emu):
    layered = submitted(api, layers=["beauty", "shadow"])
    emu.advance(3600)
    code, out, _ = run("task", "show", str(layered))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == [
        "ID",
        "STATUS",
        "FRAMES",
        "d/f/t",
        "COST",
        "SUBMITTED",
        "SCENE",
    ]
    assert lines[1].startswith(str(layered)) and "done (25)" in lines[1]
    assert [line.split()[-1] for line in lines[2:]] == ["beauty", "shadow"]  # layers, indented
    assert all(line.startswith("  ") for line in lines[2:])

    code, out, _ = run("task", "list", "--limit", "1")
    tasks = [line for line in out.splitlines()[1:] if not line.startswith(" ")]
    assert code == 0 and len(tasks) == 1 and tasks[0].split()[0] == str(layered)
    code, out, _ = run("task", "list", "--search", "no such scene anywhere")
    assert (code, out) == (0, "")


def test_task_create_submit_and_changes_in_words(run, api, emu, tmp_path):
    code, out, _ = run("task", "create", "--count", "2")
    ids = [int(line) for line in out.split()]
    assert code == 0 and len(ids) == 2
    path = tmp_path / "task.json"
    path.write_text(json.dumps(task_json(task_id=ids[0])), encoding="utf-8")
    code, out, _ = run("task", "submit", str(path))
    assert (code, out) == (0, "{}\n".format(ids[0]))
    assert json.loads(emu.uploaded_config(ids[0])) == task_json(task_id=ids[0])
    assert run("task", "stop", str(ids[0]))[1] == "stop requested: {}\n".format(ids[0])
    assert run("task", "priority", str(ids[0]), "60")[1] == "task {}: priority set to 60\n".format(
        ids[0]
    )


def test_frames_in_words(run, api, emu):
    task_id = submitted(api, frames="1-3[1]", emulator={"fail_frames": [2]})
    emu.advance(3600)
    code, out, _ = run("frame", "list", str(task_id), "--status", "5")
    assert code == 0 and len(out.splitlines()) == 2 and "failed (5)" in out
    code, out, _ = run("frame", "restart", str(task_id), "2")
    assert (code, out) == (0, "task {}: restart requested for frames 2\n".format(task_id))
    code, out, err = run("frame", "stop", str(task_id), "9")
    assert code == 2 and out == ""
    assert "FRAME: task {} has no frame with index 9".format(task_id) in err


def test_frames_of_a_layered_task_are_its_layers_with_a_column_for_each(run, api, emu):
    task_id = submitted(api, frames="1-2[1]", layers=["beauty", "shadow"])
    emu.advance(3600)
    layers = api.query.get_small_task_id(task_id)
    code, out, _ = run("frame", "list", str(task_id))
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["ID", "SUB-TASK", "FRAME"]
    assert [line.split()[1:3] for line in lines[1:]] == [
        [str(layer), frame] for layer in layers for frame in ("1", "2")
    ]
    code, out, _ = run("--json", "frame", "list", str(task_id))
    assert [frame["taskId"] for frame in json.loads(out)] == [layers[0]] * 2 + [layers[1]] * 2
    code, out, _ = run("frame", "list", str(layers[1]))
    assert out.splitlines()[0].split()[:2] == ["ID", "FRAME"] and len(out.splitlines()) == 3


def test_output_tree(run, api, emu):
    task_id = submitted(api, frames="1-2[1]", input_cg_file="D:/shots/镜头.mb")
    code, out, err = run("output", "list", str(task_id))
    assert (code, out) == (0, "") and "no output files yet" in err
    emu.advance(3600)
    code, out, _ = run("output", "list", str(task_id))
    assert code == 0
    assert out.splitlines()[1:-1] == [
        line
        for line in out.splitlines()[1:-1]
        if line.startswith("{}_镜头/".format(task_id)) or line.startswith("  镜头.000")
    ]
    assert out.count("1.0 MiB") == 2
    assert out.splitlines()[-1] == "total: 2.0 MiB"  # 2,100,224 bytes
    assert api.transmit.get_output_size([task_id])["items"][0]["size"] == 2100224


def test_frame_log_in_words(run, api, emu):
    task_id = submitted(api, frames="1-3[1]", emulator={"fail_frames": [3]})
    code, out, err = run("frame", "log", str(task_id), "1")
    assert (code, out) == (0, "") and "has no log (it has not started)" in err
    emu.advance(3600)
    code, out, _ = run("frame", "log", str(task_id), "3")
    assert code == 0
    assert "ERROR: render of frame 3 failed" in out.splitlines()[-2]
    assert out.splitlines()[-1].endswith("Frame 3 failed after 6 s")
    code, out, err = run("frame", "log", str(task_id), "9")
    assert code == 2 and out == "" and "task {} has no frame 9".format(task_id) in err
    code, out, err = run("frame", "log", str(task_id), "1,2")
    assert code == 2 and "one frame index" in err


def test_frame_log_of_a_layered_task_asks_for_the_layer(run, api, emu):
    task_id = submitted(api, frames="1-2[1]", layers=["beauty", "shadow"])
    code, _, err = run("frame", "log", str(task_id), "1")
    assert code == 2 and "one per layer" in err
    layer = api.query.get_small_task_id(task_id)[0]
    assert run("frame", "log", str(layer), "1")[0] == 0


def test_task_limit_in_words(run, api, emu):
    task_id = submitted(api, frames="1-4[1]")
    code, out, _ = run("task", "limit", str(task_id), "2")
    assert (code, out) == (0, "task {}: at most 2 frames at once\n".format(task_id))
    code, out, err = run("task", "limit", str(task_id), "0")
    assert code == 2 and out == ""
    code, _, err = run("task", "limit", "987654", "2")
    assert code == 1 and "937" in err


def test_output_list_without_the_size_call_still_shows_the_tree(run, api, emu):
    task_id = submitted(api, frames="1")
    emu.advance(3600)
    emu.inject(endpoints.GET_OUTPUT_SIZE, code=errors.INJECTED_ERROR)
    code, out, _ = run("output", "list", str(task_id))
    assert code == 0 and ".0001.exr" in out
    assert out.splitlines()[-1].startswith("total: unavailable")


def test_software_labels_and_envs_in_words(run, api):
    code, out, _ = run("software", "list")
    assert code == 0 and "Maya" in out and "yes" in out
    assert run("label", "add", "north")[1] == "label 'north' added\n"
    assert "north" in run("label", "list")[1]
    assert run("label", "delete", "north")[1] == "label 'north' deleted\n"
    api.env.add_render_env(
        {
            "cgId": 2000,
            "cgName": "Maya",
            "cgVersion": "2022",
            "editName": "lookdev",
            "renderSystem": 1,
            "pluginIds": [20001],
        }
    )
    code, out, _ = run("env", "list", "--software", "maya")
    assert code == 0 and "lookdev" in out and "Maya 2022" in out


def test_api_reads_the_body_from_stdin(run, api):
    code, out, _ = run("api", "/api/render/handle/getTaskList", "-", stdin='{"pageSize": 1}')
    assert code == 0
    assert json.loads(out) == api.query.get_task_list(page_size=1)


def test_bad_input_is_refused_before_anything_is_sent(run, emu, tmp_path):
    not_json = tmp_path / "task.json"
    not_json.write_text('{"task_info": {"frames": 1-5}}', encoding="utf-8")
    emu.clear_requests()
    cases = [
        (("task", "submit", str(not_json)), "line 1 column 27"),
        (("task", "submit", str(tmp_path)), "not a file"),
        (("task", "submit", str(not_json), "--timeout", "5"), "--timeout goes with --watch"),
        (("api", "/api/x", "[]"), "JSON_BODY must be a JSON object"),
        (("api", "/api/x", "{"), "JSON_BODY is not JSON"),
        (("env", "list", "--software", "paint"), "--software: a software name"),
        # Longer than wait_for_task accepts (a day): said before the first poll.
        (("task", "watch", "1000001", "--interval", "86401"), "--interval"),
    ]
    for argv, message in cases:
        code, out, err = run(*argv)
        assert (code, out) == (2, ""), argv
        assert message in err and "Traceback" not in err
    assert emu.requests == []


def test_a_reply_that_is_not_the_protocol_is_3(run, emu):
    emu.inject(status=200, body="<html>gateway</html>")
    code, _, err = run("software", "list")
    assert code == 3 and "the service answered badly" in err and "<html>gateway" in err


def test_a_business_error_is_1_and_verbose_adds_the_traceback(run):
    code, _, err = run("task", "show", "999999")
    assert code == 1 and "code {}".format(errors.TASK_NOT_FOUND) in err
    assert "Traceback" not in err
    code, _, err = run("-v", "task", "show", "999999")
    assert code == 1 and "Traceback" in err and "RayvisionAPIError" in err


def test_watch_on_a_terminal_redraws_lines_on_stderr(run, api, emu, monkeypatch):
    task_id = submitted(api)
    emu.advance(3600)
    screen, out = Terminal(), Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.delenv("TERM", raising=False)
    assert run("task", "watch", str(task_id), "--interval", "0.05")[0] == 0
    assert out.getvalue() == ""
    assert "\x1b[2K{}  done (25)".format(task_id) in screen.getvalue()


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_watch_of_a_service_that_cannot_be_reached_is_3_not_a_silent_wait(run):
    # wait_for_task retries failed polls for ever (a blip during a long render
    # must not end the watch); a wrong --domain must still fail at once.
    domain = "127.0.0.1:{}".format(_closed_port())
    code, out, err = run(
        "task", "watch", "1000001", "--interval", "0.05", "--timeout", "10", "--domain", domain
    )
    assert code == 3 and out == ""
    assert "cannot reach the service" in err and "--timeout" not in err
