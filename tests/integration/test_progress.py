"""progress=True of wait_for_task, iter_frames and get_all_frames, with tqdm and without.

tqdm is in the test extra; its absence is simulated by blocking its import.
Either way the progress goes to stderr, so that a program's stdout stays its own.
"""

import sys

import pytest

from dayan_api import RayvisionArgumentTypeError

from .conftest import submitted_task


@pytest.fixture
def without_tqdm(monkeypatch):
    for name in [name for name in sys.modules if name == "tqdm" or name.startswith("tqdm.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm... raises ImportError


@pytest.fixture
def with_tqdm():
    return pytest.importorskip("tqdm.auto")


def test_without_tqdm_one_plain_line_per_change_on_stderr(api, sim, capsys, without_tqdm):
    task_id = submitted_task(api, frames="1-3[1]", emulator={"fail_frames": "2"})
    final = api.query.wait_for_task(task_id, interval=1, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[
        -1
    ] == "task {}: done with failed frames (30), 2/3 frames done, 1 failed, {} elapsed".format(
        task_id, _clock_text(sim.now)
    )
    assert final["taskStatus"] == 30
    assert len(lines) == len(set(lines))  # a line per change, not per poll
    assert len(lines) < len(sim.sleeps) + 1
    assert all(line.startswith("task {}: ".format(task_id)) for line in lines)


def test_with_tqdm_a_bar_per_task(api, sim, capsys, with_tqdm):
    first = submitted_task(api, frames="1-4[1]")
    second = submitted_task(api, frames="1-2[1]")
    api.query.wait_for_task([first, second], interval=30, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "task {}: 100%".format(first) in err
    assert "4/4" in err and "2/2" in err
    assert "done (25)" in err  # the status beside the bar
    assert "00:" in err  # tqdm's elapsed time


def test_progress_is_shown_even_when_the_wait_times_out(api, sim, capsys, without_tqdm):
    from dayan_api import RayvisionWaitTimeoutError

    task_id = submitted_task(api, frames="1-100[1]")
    with pytest.raises(RayvisionWaitTimeoutError):
        api.query.wait_for_task(task_id, interval=10, timeout=30, progress=True)
    assert "task {}: ".format(task_id) in capsys.readouterr().err


def test_iter_frames_without_tqdm_says_frames_read_per_page(api, capsys, without_tqdm):
    task_id = submitted_task(api, frames="1-5[1]")
    frames = list(api.query.iter_frames(task_id, page_size=2, progress=True))
    assert len(frames) == 5
    assert capsys.readouterr().err.splitlines() == [
        "task {}: {} of 5 frames read".format(task_id, count) for count in (2, 4, 5)
    ]


def test_iter_frames_with_tqdm(api, capsys, with_tqdm):
    task_id = submitted_task(api, frames="1-5[1]")
    assert len(list(api.query.iter_frames(task_id, page_size=2, progress=True))) == 5
    err = capsys.readouterr().err
    assert "task {} frames: 100%".format(task_id) in err and "5/5" in err


def test_get_all_frames_in_threads_counts_every_page(api, capsys, without_tqdm):
    task_id = submitted_task(api, frames="1-9[1]")
    frames = api.query.get_all_frames(task_id, page_size=2, workers=4, progress=True)
    assert len(frames) == 9
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 5  # one per page, in whatever order the threads finished
    assert lines[-1] == "task {}: 9 of 9 frames read".format(task_id)


def test_get_all_frames_with_tqdm(api, capsys, with_tqdm):
    task_id = submitted_task(api, frames="1-9[1]")
    api.query.get_all_frames(task_id, page_size=2, workers=4, progress=True)
    assert "9/9" in capsys.readouterr().err


def test_without_progress_nothing_is_shown(api, sim, capsys):
    task_id = submitted_task(api, frames="1-2[1]")
    api.query.wait_for_task(task_id, interval=30)
    list(api.query.iter_frames(task_id))
    api.query.get_all_frames(task_id)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("value", [1, "yes", None])
def test_progress_must_be_a_bool(api, emu, value):
    before = len(emu.requests)
    for call in (
        lambda: api.query.wait_for_task(1, progress=value),
        lambda: api.query.iter_frames(1, progress=value),
        lambda: api.query.get_all_frames(1, progress=value),
    ):
        with pytest.raises(RayvisionArgumentTypeError) as raised:
            call()
        assert raised.value.parameter == "progress"
    assert len(emu.requests) == before


def _clock_text(seconds):
    whole = int(seconds)
    return "{:d}:{:02d}:{:02d}".format(whole // 3600, whole // 60 % 60, whole % 60)


def test_a_task_with_sub_tasks_shows_their_frames_added_up(api, sim, capsys, without_tqdm):
    task_id = submitted_task(api, frames="1-3[1]", layers=["beauty", "shadow"])
    api.query.wait_for_task(task_id, interval=5, progress=True)
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("task {}: done (25), 6/6 frames done, 0 failed".format(task_id))
