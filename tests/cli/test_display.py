"""Table rendering, times, statuses, sizes and the watch's lines: pure text, no network."""

import datetime
import io
import json
import re
import time

import pytest

from dayan_api.cli import display, watch
from dayan_api.constants import SERVICE_TIMEZONE


def test_table_aligns_columns_under_their_headers():
    text = display.table(
        ("ID", "STATUS", "SCENE"),
        [["7", "done (25)", "a.mb"], ["1000001", "rendering (5)", "long_scene_name.mb"]],
        right=(0,),
    )
    assert text.split("\n") == [
        "     ID  STATUS         SCENE",
        "      7  done (25)      a.mb",
        "1000001  rendering (5)  long_scene_name.mb",
    ]


def test_table_narrows_the_widest_column_to_fit_and_marks_the_cut():
    rows = [["1", "x" * 60, "done"]]
    text = display.table(("ID", "SCENE", "STATUS"), rows, max_width=30)
    lines = text.split("\n")
    assert all(len(line) <= 30 for line in lines)
    assert lines[1].startswith("1   xxx") and "~" in lines[1] and lines[1].endswith("done")


def test_table_counts_wide_characters_as_two_columns():
    text = display.table(("NAME", "SIZE"), [["镜头010.exr", "1 B"], ["a.exr", "2 B"]])
    lines = text.split("\n")
    for line, last in zip(lines, ("SIZE", "1 B", "2 B")):
        assert line.endswith(last) and display.text_width(line[: -len(last)]) == 13
    assert display.text_width("镜头") == 4
    assert display.clip("镜头镜头镜头", 7) == "镜头镜~"
    assert display.clip("short", 10) == "short"


def test_fields():
    assert display.fields([("user name", "ada"), ("id", "7")]) == "user name  ada\nid         7"


def test_json_keeps_non_ascii_and_prints_null():
    assert display.to_json({"名": None}) == '{\n  "名": null\n}'
    assert display.to_json(None) == "null"
    assert display.to_json_line({"a": [1, "é"]}) == '{"a":[1,"é"]}'


def test_statuses_are_words_with_their_codes():
    assert display.task_status(25) == "done (25)"
    assert display.task_status(70) == "finished with stopped frames (70)"
    assert display.task_status(999) == "status 999"
    assert display.task_status(None) == "-"
    assert display.frame_status(5) == "failed (5)"
    assert display.frame_status(True) == "status True"


def test_dates_are_local_times():
    moment = datetime.datetime(2024, 1, 31, 18, 30, 5)
    ms = int(moment.timestamp() * 1000)  # a naive datetime is local
    assert display.epoch_ms(ms) == "2024-01-31 18:30:05"
    assert display.epoch_ms(None) == display.epoch_ms(0) == "-"
    beijing = datetime.datetime(2024, 1, 31, 18, 30, 5, tzinfo=SERVICE_TIMEZONE)
    expected = beijing.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert display.service_time("2024-01-31 18:30:05") == expected
    assert display.service_time("yesterday") == "yesterday"
    assert display.service_time(None) == "-"


@pytest.fixture
def in_tokyo(monkeypatch):
    """The process's local zone set to UTC+9 (a POSIX TZ: no zone database needed)."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is Unix only")
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_both_forms_of_the_service_s_times_are_shown_in_the_local_zone(in_tokyo):
    # 09:30:05 UTC: 18:30:05 in Tokyo, written by the service as 17:30:05 (UTC+8).
    assert display.epoch_ms(1706693405000) == "2024-01-31 18:30:05"
    assert display.service_time("2024-01-31 17:30:05") == "2024-01-31 18:30:05"
    assert display.epoch_ms(-5) == display.epoch_ms(1.5e12) == "-"  # not an epoch-ms int
    assert display.service_time("2024-02-30 00:00:00") == "2024-02-30 00:00:00"  # as it is


def test_sizes_durations_cells():
    assert [display.size(v) for v in (0, 512, 1536, 1048576, 5 * 1024**4, None)] == [
        "0 B",
        "512 B",
        "1.5 KiB",
        "1.0 MiB",
        "5.0 TiB",
        "-",
    ]
    assert display.duration(3725.9) == "1:02:05"
    assert display.duration(-3) == "0:00:00"
    assert [display.cell(v) for v in (None, "", 0, "x")] == ["-", "-", "0", "x"]


def test_frames_bar_and_counts():
    assert display.frames_bar(0, 0, 0, 10) == "[----------]"
    assert display.frames_bar(5, 0, 10, 10) == "[#####-----]"
    assert display.frames_bar(5, 1, 10, 10) == "[#####!----]"
    assert display.frames_bar(1, 1, 1000, 10) == "[!---------]"  # a failure always shows
    assert display.frames_bar(10, 0, 10, 10) == "[##########]"
    assert display.counts({"doneFrames": 3, "failedFrames": 1, "totalFrames": 9}) == "3/1/9"
    assert display.counts({}) == "0/0/0"


def test_a_parents_counts_are_its_sub_tasks_sums():
    # A parent's own counts are null (the published samples); its layers' are numbers.
    layers = [
        {"doneFrames": 3, "failedFrames": 1, "totalFrames": 5},
        {"doneFrames": 2, "failedFrames": 0, "totalFrames": 4},
    ]
    parent = {"doneFrames": None, "failedFrames": 0, "totalFrames": 9}
    assert display.counts(dict(parent, respRenderingTaskList=layers)) == "5/1/9"
    assert display.counts(parent) == "0/0/9"  # no sub-tasks listed: nothing to add up
    assert display.counts(dict(parent, respRenderingTaskList=None)) == "0/0/9"


ITEM = {"id": 1000001, "taskStatus": 5, "doneFrames": 5, "failedFrames": 1, "totalFrames": 20}


def test_live_line():
    (line,) = watch.live_lines([(1000001, ITEM, 83)], None)
    assert line.startswith("1000001  rendering (5)")
    assert "[#####!--------------]" in line and "5/1/20 done/failed/total" in line
    assert line.endswith("0:01:23")
    assert "no reply yet" in watch.live_lines([(7, None, 0)], None)[0]


def test_live_lines_fit_an_80_column_terminal_and_stay_aligned():
    # "done with failed frames (30)" beside "rendering (5)": at 80 columns
    # the counts and the elapsed time must still show, in aligned columns.
    tasks = [
        (1000001, dict(ITEM, taskStatus=30, doneFrames=4, failedFrames=2, totalFrames=6), 83),
        (1000002, dict(ITEM, id=1000002, doneFrames=152, failedFrames=0, totalFrames=200), 5),
        (1000003, None, 5),
    ]
    lines = watch.live_lines(tasks, 79)
    assert all(display.text_width(line) <= 79 and "~" not in line for line in lines)
    assert lines[0].endswith("0:01:23") and " 4/2/6 " in lines[0]
    assert lines[1].endswith("0:00:05") and " 152/0/200 " in lines[1]
    assert len({line.index("[") for line in lines}) == 1  # the bars start in one column
    assert len({len(line) for line in lines}) == 1
    wide = watch.live_lines(tasks, 200)
    assert all("done/failed/total" in line for line in wide[:2])
    assert "[" + "#" * 13 + "!" * 7 + "]" in wide[0]  # the full 20-cell bar when there is room


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_note_goes_above_the_live_lines_which_are_drawn_again():
    screen = Terminal()
    lines = watch.LiveLines(screen, [1000001, 1000002])
    lines.update(ITEM)
    before = len(screen.getvalue())
    lines.note("dayan: warning: polls fail")
    lines.close()
    after = screen.getvalue()[before:]
    assert after.startswith("\x1b[2A\r\x1b[2Kdayan: warning: polls fail\n\r\x1b[2K")
    assert after.count("\x1b[2A") == 2  # over the old lines for the note, then the usual redraw


def test_live_lines_redraw_in_place_on_a_terminal():
    screen = Terminal()
    lines = watch.LiveLines(screen, [1000001, 1000002])
    lines.update(ITEM)
    lines.update(dict(ITEM, taskStatus=25, doneFrames=20, failedFrames=0))
    lines.close()
    text = screen.getvalue()
    assert "\x1b[2A" in text  # back up over the two lines before each redraw
    last = text.rsplit("\x1b[2A", 1)[1]
    assert "done (25)" in last and "no reply yet" in last
    assert last.count("\n") == 2


def test_live_lines_never_scroll_a_terminal_shorter_than_the_task_list(monkeypatch):
    # Redrawing more lines than the terminal has rows scrolls the screen on
    # every redraw and fills the scrollback with copies of the lines.
    monkeypatch.setenv("LINES", "5")
    monkeypatch.setenv("COLUMNS", "100")
    screen = Terminal()
    ids = list(range(1000001, 1000011))
    lines = watch.LiveLines(screen, ids)
    for task_id in ids:
        lines.update(dict(ITEM, id=task_id, taskStatus=25 if task_id % 2 else 5))
    lines.close()
    draws = re.split(r"\x1b\[(\d+)A", screen.getvalue())
    assert all(int(up) <= 4 for up in draws[1::2])
    for drawn in draws[::2]:
        assert drawn.count("\n") <= 4
    last = draws[-1].split("\n")[:-1]
    assert len(last) == 4 and "and 7 more tasks (3 settled)" in last[-1]


def test_plain_and_json_lines_have_no_control_characters():
    out = io.StringIO()
    plain = watch.PlainLines(out)
    plain.update(ITEM)
    line = out.getvalue()
    assert line.endswith("task 1000001  rendering (5)  frames 5/1/20 done/failed/total\n")
    assert all(char.isprintable() for char in line[:-1])
    out = io.StringIO()
    watch.JsonLines(out).update(dict(ITEM, sceneName="镜头"))
    assert json.loads(out.getvalue()) == dict(ITEM, sceneName="镜头")
    assert out.getvalue().count("\n") == 1


def test_live_display_needs_two_terminals():
    assert watch.live_display_possible(io.StringIO(), Terminal()) is False
    assert watch.live_display_possible(Terminal(), io.StringIO()) is False


def test_service_text_is_escaped_in_every_cell_field_status_and_plain_line():
    hostile = "evil\x1b]0;pwned\x07\x1b[2J"
    shown = "evil\\x1b]0;pwned\\x07\\x1b[2J"
    assert display.table(["NAME", "N"], [[hostile, "1"]]) == "NAME{}  N\n{}  1".format(
        " " * (len(shown) - 4), shown
    )
    assert display.fields([("scene", hostile)]) == "scene  " + shown
    assert display.task_status(hostile) == "status " + shown
    out = io.StringIO()
    watch.PlainLines(out).update({"id": hostile, "taskStatus": hostile})
    assert "\x1b" not in out.getvalue() and "task {}  status {}".format(shown, shown) in (
        out.getvalue()
    )
