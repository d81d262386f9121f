"""Commands run in-process (``main(argv)``) against the emulator: human output and errors.

Faster than a subprocess, so the variants live here; test_end_to_end.py runs
the installed script for each command once.
"""

import functools
import io
import json
import pathlib
import shlex
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


def test_frame_log_of_a_parent_that_lists_no_frames_reads_its_sub_tasks(run, api, emu, monkeypatch):
    # Frame calls take a sub-task's id; a service may list nothing under the
    # parent's own id, so the command looks in the parent's sub-tasks.
    from dayan_api.operators.query import QueryOperator

    one_layer = submitted(api, frames="1-2[1]", layers=["beauty"])
    two_layers = submitted(api, frames="1-2[1]", layers=["beauty", "shadow"])
    listing = QueryOperator.iter_frames

    def lists_nothing_for_parents(self, task_id, *args, **kwargs):
        return iter([]) if task_id in (one_layer, two_layers) else listing(self, task_id)

    monkeypatch.setattr(QueryOperator, "iter_frames", lists_nothing_for_parents)
    emu.advance(3600)
    code, out, _ = run("frame", "log", str(one_layer), "1")
    assert code == 0 and "Frame 1" in out
    code, _, err = run("frame", "log", str(two_layers), "1")
    assert code == 2 and "one per layer" in err


def test_task_limit_in_words(run, api, emu):
    task_id = submitted(api, frames="1-4[1]")
    code, out, _ = run("task", "limit", str(task_id), "2")
    assert (code, out) == (
        0,
        "task {}: at most 2 frames at once (in each sub-task, for a task with them)\n".format(
            task_id
        ),
    )
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


# -- what an empty result, a signature refusal and --help say ------------------------


def on_a_terminal(monkeypatch):
    """stdout (and stderr) as a terminal: what a person at a shell has.

    Called in the test's body: pytest's own capture replaces the streams
    after the fixtures have run.
    """
    out, screen = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", screen)
    return out, screen


@pytest.mark.parametrize(
    "argv, message",
    [
        (["task", "list", "--search", "no-such-scene"], "no tasks"),
        (["env", "list", "--software", "katana"], "no render environments for katana"),
    ],
)
def test_an_empty_list_on_a_terminal_says_so_on_stderr(run, monkeypatch, argv, message):
    out, screen = on_a_terminal(monkeypatch)
    assert run(*argv)[0] == 0
    assert out.getvalue() == ""
    assert screen.getvalue() == message + "\n"


def test_no_frames_with_a_status_on_a_terminal(run, api, emu, monkeypatch):
    out, screen = on_a_terminal(monkeypatch)
    task_id = submitted(api)
    emu.advance(3600)
    assert run("frame", "list", str(task_id), "--status", "5")[0] == 0
    assert run("frame", "list", str(task_id), "--status", "5", "11", "3")[0] == 0
    assert out.getvalue() == ""
    assert screen.getvalue() == "no frames with status 5\nno frames with status 5, 11 or 3\n"


def test_an_account_without_labels_or_environments_says_so(monkeypatch, tmp_path):
    from dayan_api.emulator import serve

    out, screen = on_a_terminal(monkeypatch)
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", ACCESS_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", ACCESS_KEY)
    monkeypatch.setenv("DAYAN_CONFIG", str(tmp_path / "none.ini"))
    with serve(accounts={ACCESS_ID: ACCESS_KEY}, speed=0.0) as fresh:
        target = ["--domain", fresh.domain, "--protocol", "http"]
        for argv in (["label", "list"], ["env", "list"], ["task", "list"]):
            assert app.main(target + argv) == 0
    assert out.getvalue() == ""
    assert screen.getvalue() == "no project labels\nno render environments\nno tasks\n"


def test_an_empty_list_in_a_pipe_prints_nothing_and_with_json_an_empty_array(run, api):
    task_id = submitted(api)
    assert run("task", "list", "--search", "no-such-scene") == (0, "", "")
    assert run("frame", "list", str(task_id), "--status", "5") == (0, "", "")
    assert run("--json", "task", "list", "--search", "no-such-scene") == (0, "[]\n", "")
    assert run("--json", "frame", "list", str(task_id), "--status", "5") == (0, "[]\n", "")


def test_a_wrong_key_611_hints_at_the_access_key(run, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_KEY", "not-the-key")
    code, out, err = run("task", "list")
    assert code == 1 and out == ""
    first, hint = err.splitlines()
    assert "code 611 SIGNATURE_INVALID" in first
    assert hint.startswith("check the access key")
    assert "not-the-key" not in err


def test_a_wrong_clock_610_hints_at_the_clock(run, monkeypatch):
    from dayan_api import signature

    monkeypatch.setattr(signature, "generate_timestamp", lambda: "1000000000")  # 2001
    code, out, err = run("task", "list")
    assert code == 1 and out == ""
    first, hint = err.splitlines()
    assert "code 610 SIGNATURE_EXPIRED" in first
    assert hint.startswith("check this machine's clock")


def test_another_refusal_has_no_hint(run):
    code, _, err = run("task", "show", "999999")
    assert code == 1 and len(err.splitlines()) == 1


def test_help_ends_with_the_documentation_address(capsys):
    assert app.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.split()[-1] == app.DOCS_URL
    assert app.DOCS_URL.startswith("https://")
    pyproject = (pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8")
    assert 'Documentation = "{}"'.format(app.DOCS_URL) in pyproject


def test_the_demo_of_cli_md_runs_as_written(monkeypatch, tmp_path, capsys):
    """docs/cli.md's render from start to end: a failed frame found, restarted, rendered."""
    from dayan_api.emulator import serve

    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    block = text.split("A render from start to end")[1].split("```sh\n")[1].split("```")[0]
    lines = [shlex.split(line, comments=True) for line in block.splitlines()]
    assert (
        lines[0][0].startswith("D=")
        and lines[1][0] == "echo"
        and lines[1][2:] == [">", "task.json"]
    )
    (tmp_path / "task.json").write_text(lines[1][1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", "dayan-emulator-id")
    monkeypatch.setenv("RAYVISION_API_KEY", "dayan-emulator-key")
    monkeypatch.setenv("DAYAN_CONFIG", str(tmp_path / "none.ini"))
    results = []
    with serve(speed=300) as demo:  # the first task id of a fresh emulator is the demo's
        target = ["--domain", demo.domain, "--protocol", "http"]
        for argv in lines[2:]:
            assert argv[0] == "$D"
            code = app.main(target + argv[1:])
            results.append((argv[1:3], code, capsys.readouterr()))
    statuses = [code for _, code, _ in results]
    assert statuses == [1, 0, 0, 0, 0, 0]  # the submit's watch ends with a failed frame
    submitted_out = results[0][2].out
    assert submitted_out.splitlines()[0] == "1000001"
    assert "done with failed frames (30)" in submitted_out
    failed = results[2][2].out.splitlines()
    assert len(failed) == 2 and failed[1].split()[1:3] == ["4", "failed"]  # the header, frame 4
    assert "restart requested for the failed frames" in results[3][2].out
    assert "done (25)" in results[4][2].out
    assert "sh010.0004.exr" in results[5][2].out


def test_a_watch_whose_polls_keep_failing_says_so_and_goes_on(run, api, emu, monkeypatch):
    from dayan_api import RayvisionAPI, endpoints
    from dayan_api.cli import context as context_module
    from dayan_api.operators.query import QueryOperator

    # No retries inside a poll, so that each injected 503 is one failed poll.
    monkeypatch.setattr(
        context_module, "RayvisionAPI", functools.partial(RayvisionAPI, max_retries=0)
    )
    probe = QueryOperator.task_info

    def task_info_then_an_outage(self, ids):
        monkeypatch.setattr(QueryOperator, "task_info", probe)
        reply = probe(self, ids)  # the watch's first request, which must succeed
        emu.inject(endpoints.QUERY_TASK_INFO, status=503, times=3)
        return reply

    monkeypatch.setattr(QueryOperator, "task_info", task_info_then_an_outage)
    task_id = submitted(api)
    emu.advance(3600)
    code, out, err = run("task", "watch", str(task_id), "--interval", "0.01")
    assert code == 0 and "done (25)" in out
    assert err.startswith("dayan: warning: wait_for_task: 3 polls in a row failed, over ")
    assert "HTTP 503" in err and err.count("\n") == 1 and ".py:" not in err


def test_no_frames_and_no_software_on_a_terminal(run, api, emu, monkeypatch):
    from dayan_api import endpoints

    out, screen = on_a_terminal(monkeypatch)
    created = api.task.create_task()["taskIdList"][0]  # never submitted: no frames
    assert run("frame", "list", str(created))[0] == 0
    empty = {"code": 200, "message": "success", "data": {"renderInfoList": []}}
    emu.inject(endpoints.QUERY_SOFTWARE_LIST, status=200, body=json.dumps(empty), times=1)
    assert run("software", "list")[0] == 0
    assert out.getvalue() == ""
    assert screen.getvalue() == "no frames\nno supported software\n"


def test_frame_log_escapes_control_characters_from_the_service(run, api, emu):
    task_id = submitted(api, frames="1", input_cg_file="D:/shots/red\x1b[31m.mb")
    emu.advance(3600)
    code, out, _ = run("frame", "log", str(task_id), "1")
    assert code == 0 and "\x1b" not in out
    assert "Scene: red\\x1b[31m.mb" in out
    code, out, _ = run("--json", "frame", "log", str(task_id), "1")
    assert code == 0 and any(line.endswith("Scene: red\x1b[31m.mb") for line in json.loads(out))
