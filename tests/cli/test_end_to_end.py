"""The installed ``dayan`` run as a subprocess against the emulator.

Every command once, its ``--json`` output compared with the SDK call it stands
for (the emulator's clock is frozen, so both see the same state), and every
exit status: 0, 1, 2, 3, 4 and 130.
"""

import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from dayan_api import __version__, endpoints
from dayan_api.codes import code_name
from dayan_api.constants import TASK_STATUS
from dayan_api.emulator import errors

from .conftest import ACCESS_ID, ACCESS_KEY, TIMEOUT, cli_env, submitted, task_json

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes and signals")


class Lines:
    """A subprocess's stdout, read line by line without blocking the test forever."""

    def __init__(self, stream):
        self._lines = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def next(self):
        try:
            return self._lines.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError("no line within {} s".format(TIMEOUT)) from None


def finish(process):
    try:
        _, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, err


def test_version_from_the_script_and_from_python_m(dayan):
    done = dayan.run("--version", target=False)
    assert (done.returncode, done.stdout.strip()) == (0, "dayan_api " + __version__)
    module = subprocess.run(
        [sys.executable, "-m", "dayan_api", "task", "--version"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert (module.returncode, module.stdout.strip()) == (0, "dayan_api " + __version__)


def test_whoami(dayan, api):
    shown = dayan.json("whoami")
    counts = shown.pop("taskStatusCount")
    assert shown == api.user_info
    assert counts == api.query.task_status_count()
    assert sorted(counts) == ["doneTask", "failureTask", "renderingTask", "waitingTask"]


def test_task_commands_print_what_the_sdk_returns(dayan, api, emu, tmp_path):
    created = dayan.json("task", "create", "--count", "2", "--level", "60", "--label", "night")
    assert sorted(created) == sorted(["taskIdList", "aliasTaskIdList", "userId"])
    assert len(created["taskIdList"]) == 2
    items = api.query.task_info(created["taskIdList"])["items"]
    assert [item["taskUserLevel"] for item in items] == [60, 60]

    path = tmp_path / "task.json"
    path.write_text(json.dumps(task_json(), ensure_ascii=False), encoding="utf-8")
    submitted_id = dayan.json("task", "submit", str(path), "--producer", "cli")["task_id"]
    assert emu.uploaded_config(submitted_id) is not None
    emu.advance(3600)

    assert dayan.json("task", "show", str(submitted_id)) == api.query.task_info([submitted_id])
    listed = dayan.json("task", "list", "--limit", "0")  # 0: every page
    assert listed == list(api.query.iter_tasks())

    assert dayan.json("task", "priority", str(submitted_id), "60") is None
    assert api.query.task_info([submitted_id])["items"][0]["taskUserLevel"] == 60


def test_state_changes(dayan, api, emu):
    first, second = submitted(api), submitted(api)
    assert dayan.json("task", "stop", str(first), str(second)) is None
    assert [item["taskStatus"] for item in api.query.task_info([first, second])["items"]] == [
        15,
        15,
    ]
    assert dayan.json("task", "start", str(first)) is None
    assert api.query.task_info([first])["items"][0]["taskStatus"] != 15
    assert dayan.json("task", "abandon", str(second)) is None
    assert api.query.task_info([second])["items"][0]["taskStatus"] == 35
    assert dayan.json("task", "delete", str(second)) is None
    assert api.query.task_info([second])["items"][0]["isDelete"] == 0


def test_frames_and_outputs(dayan, api, emu):
    task_id = submitted(api, frames="1-4[1]", emulator={"fail_frames": "2"})
    emu.advance(3600)
    assert dayan.json("frame", "list", str(task_id)) == list(api.query.iter_frames(task_id))
    assert dayan.json("output", "list", str(task_id)) == api.transmit.get_output_files(
        task_id=task_id
    )
    assert dayan.json("frame", "restart", str(task_id), "--failed") is None
    emu.advance(3600)
    assert api.query.task_info([task_id])["items"][0]["taskStatus"] == 25
    api.query.restart_frame(task_id)
    assert dayan.json("frame", "stop", str(task_id), "1", "3") is None
    statuses = {f["frameIndex"]: f["frameStatus"] for f in api.query.iter_frames(task_id)}
    assert [index for index, status in sorted(statuses.items()) if status == 3] == ["1", "3"]


def test_frame_log_and_task_limit(dayan, api, emu):
    task_id = submitted(api, frames="1-3[1]", emulator={"fail_frames": "2", "log_lines": 1200})
    assert dayan.json("task", "limit", str(task_id), "1") is None
    assert api.query.task_info([task_id])["items"][0]["taskLimit"] == 1
    emu.advance(3600)
    frames = {f["frameIndex"]: f["id"] for f in api.query.iter_frames(task_id)}
    lines = dayan.json("frame", "log", str(task_id), "2")
    assert lines == list(api.query.iter_render_log(frames["2"]))
    assert api.query.get_render_log(frames["2"])["pageCount"] >= 2  # every page was read
    done = dayan.run("frame", "log", str(task_id), "2")
    assert done.returncode == 0 and done.stdout.splitlines() == lines
    assert "ERROR: render of frame 2 failed: the renderer exited with code 1" in done.stdout


def test_software_labels_envs_and_any_path(dayan, api):
    assert dayan.json("software", "list") == api.query.supported_software()

    dayan.json("label", "add", "项目A")  # its data: whatever add_label returns
    listed = dayan.json("label", "list")
    assert listed == api.tag.get_label_list()
    assert "项目A" in [label["projectName"] for label in listed["projectNameList"]]
    dayan.json("label", "delete", "项目A")
    assert "项目A" not in [label["projectName"] for label in api.tag.get_project_list()]

    assert dayan.json("env", "list", "--software", "maya") == api.env.get_render_env(name="maya")

    path = "/api/render/handle/getTaskList"
    body = '{"pageNum": 1, "pageSize": 2}'
    assert dayan.json("api", path, body) == api.connect.post(path, json.loads(body))


def test_watch_prints_a_plain_line_per_change_then_exits_0(dayan, api, emu):
    task_id = submitted(api, frames="1-2[1]")
    process = dayan.popen("task", "watch", str(task_id), "--interval", "0.05")
    lines = Lines(process.stdout)
    first = lines.next()
    assert "task {}".format(task_id) in first and "frames 0/0/2 done/failed/total" in first
    emu.advance(3600)
    last = lines.next()
    assert "done (25)" in last and "2/0/2 done/failed/total" in last
    assert lines.next() is None
    code, err = finish(process)
    assert (code, err) == (0, "")
    for line in (first, last):
        assert all(char.isprintable() for char in line.rstrip("\n"))


def test_watch_json_lines_and_settled_statuses(dayan, api, emu):
    done_id = submitted(api)
    stopped_id = submitted(api)
    api.task.stop_task([stopped_id])
    emu.advance(3600)
    run = dayan.run("--json", "task", "watch", str(done_id), str(stopped_id), "--interval", "0.05")
    assert run.returncode == 1  # one task ended stopped, not done
    assert "task {} ended {} (15)".format(stopped_id, TASK_STATUS[15]) in run.stderr
    objects = [json.loads(line) for line in run.stdout.splitlines()]
    assert objects == api.query.task_info([done_id, stopped_id])["items"]


def test_submit_watch_and_timeout_exit_4(dayan, api, emu, tmp_path):
    path = tmp_path / "task.json"
    path.write_text(json.dumps(task_json()), encoding="utf-8")
    run = dayan.run(
        "--json", "task", "submit", str(path), "--watch", "--interval", "0.05", "--timeout", "0.3"
    )
    assert run.returncode == 4, run.stderr
    assert "--timeout" in run.stderr
    decoder = json.JSONDecoder()
    head, end = decoder.raw_decode(run.stdout)
    task_id = head["task_id"]
    assert json.loads(run.stdout[end:].strip().splitlines()[0])["id"] == task_id


@pytest.mark.parametrize("late_poll", [1, 2], ids=["first request", "later poll"])
def test_watch_timeout_holds_when_the_service_answers_late(dayan, api, emu, late_poll):
    task_id = submitted(api)
    if late_poll == 2:
        emu.inject(endpoints.QUERY_TASK_INFO, times=1)  # passes at once
    emu.inject(endpoints.QUERY_TASK_INFO, delay=30)
    started = time.monotonic()
    run = dayan.run(
        "--request-timeout", "20", "task", "watch", str(task_id), "--interval", "0.5",
        "--timeout", "2",
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert run.returncode == 4, run.stderr
    assert "--timeout: not every task settled within 2 s" in run.stderr
    # The command's start-up, then 2 s, the deadline poll's half second, and
    # a margin for a loaded machine; not 20 s per attempt with retries.
    assert elapsed < 2 + 0.5 + 3, elapsed


@POSIX_ONLY
def test_ctrl_c_while_pages_stall_ends_at_once_with_130(dayan, api, emu):
    task_id = submitted(api, frames="1-500[1]")  # five pages of frames
    emu.inject(endpoints.QUERY_TASK_FRAMES, times=1)  # the first page answers at once
    emu.inject(endpoints.QUERY_TASK_FRAMES, delay=30)  # the other four stall
    process = dayan.popen("frame", "restart", str(task_id), "3")
    time.sleep(2)  # started, the first page read, the others asked for and stalled
    assert process.poll() is None
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert finish(process) == (130, "")
    # The interrupt, the threads told to stop, and the interpreter's exit; not
    # the stalled pages' 30 s (and their retries).
    assert time.monotonic() - interrupted < 1 + 2, time.monotonic() - interrupted


@POSIX_ONLY
def test_ctrl_c_ends_quietly_with_130(dayan, api):
    task_id = submitted(api)
    process = dayan.popen("task", "watch", str(task_id), "--interval", "30")
    lines = Lines(process.stdout)
    assert "task {}".format(task_id) in lines.next()
    process.send_signal(signal.SIGINT)
    assert finish(process) == (130, "")


def test_refused_is_1_with_the_code(dayan):
    run = dayan.run("task", "show", "999999")
    assert run.returncode == 1
    assert run.stdout == ""
    name = code_name(errors.TASK_NOT_FOUND)
    assert name and "code {} {}: ".format(errors.TASK_NOT_FOUND, name) in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) <= 2


def test_bad_usage_is_2_and_sends_nothing(dayan, emu, tmp_path):
    emu.clear_requests()
    run = dayan.run("task", "list", env=cli_env(tmp_path, credentials=False))
    assert run.returncode == 2
    for name in ("RAYVISION_API_ACCESS_ID", "RAYVISION_API_KEY", "dayan configure"):
        assert name in run.stderr
    assert emu.requests == []


def test_unreachable_or_bad_replies_are_3(dayan, emu):
    run = dayan.run("api", "/api/render/no/such/path")
    assert run.returncode == 3 and "HTTP 404" in run.stderr
    assert "Traceback" not in run.stderr


@POSIX_ONLY
def test_configure_round_trip(dayan, api, emu, tmp_path):
    config = tmp_path / "fresh" / "dayan" / "config.ini"
    env = cli_env(tmp_path, credentials=False, DAYAN_CONFIG=str(config))
    run = dayan.run(
        "-v", "--json", "configure", input="{}\n{}\n".format(ACCESS_ID, ACCESS_KEY), env=env
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"profile": "default", "path": str(config)}
    assert stat.S_IMODE(os.stat(str(config)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(config.parent)).st_mode) == 0o700
    assert ACCESS_KEY in config.read_text(encoding="utf-8")
    # The profile keeps --domain and --protocol, so the next run needs neither.
    whoami = dayan.run("--json", "whoami", env=env, target=False)
    assert whoami.returncode == 0, whoami.stderr
    assert json.loads(whoami.stdout) == dict(
        api.user_info, taskStatusCount=api.query.task_status_count()
    )


@POSIX_ONLY
def test_emulator_command_serves_until_ctrl_c(dayan, tmp_path):
    process = subprocess.Popen(
        [dayan.script, "emulator", "--port", "0", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = Lines(process.stdout)
    first = lines.next()
    assert first.startswith("listening on http://127.0.0.1:"), first
    domain = first.split("//")[1].strip()
    env = cli_env(
        tmp_path,
        RAYVISION_API_ACCESS_ID="dayan-emulator-id",
        RAYVISION_API_KEY="dayan-emulator-key",
    )
    listing = subprocess.run(
        [dayan.script, "--domain", domain, "--protocol", "http", "--json", "task", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
    )
    assert (listing.returncode, json.loads(listing.stdout)) == (0, [])
    process.send_signal(signal.SIGINT)
    assert finish(process) == (0, "")


def test_service_text_in_tables_cannot_drive_the_terminal(dayan, api, emu):
    # task.json files travel with downloaded scenes: the scene's name is anyone's.
    hostile = "evil\x1b]0;pwned\x07\x1b[2J"
    task_id = submitted(api, input_cg_file="D:/shots/{}.mb".format(hostile), frames="1-2[1]")
    emu.advance(3600)
    outputs = [
        dayan.run("task", "show", str(task_id)),
        dayan.run("task", "list"),
        dayan.run("frame", "list", str(task_id)),
        dayan.run("output", "list", str(task_id)),
    ]
    for run in outputs:
        assert run.returncode == 0, run.stderr
        assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J" in outputs[0].stdout
