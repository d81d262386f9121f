"""``dayan frame ...``: list a task's frames, restart or stop some of them."""

import argparse
import contextlib
from typing import Any, Iterator, List, Mapping, Sequence, Union

from dayan_api.cli import args as types
from dayan_api.cli import display
from dayan_api.cli.args import UsageError, add_command
from dayan_api.cli.context import Context
from dayan_api.exception import RayvisionArgumentError, printable

FRAME_HEADERS = ("ID", "FRAME", "STATUS", "STARTED", "ENDED", "SECONDS", "COST")
# A task with sub-tasks (layers...): its sub-tasks' frames, each with its sub-task.
LAYERED_HEADERS = ("ID", "SUB-TASK") + FRAME_HEADERS[1:]


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    frame = add_command(groups, "frame", "a task's frames", common)
    verbs = frame.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True

    listing = add_command(verbs, "list", "the task's frames (all pages)", common)
    listing.add_argument("id", type=types.task_id, metavar="ID")
    listing.add_argument(
        "--status",
        type=types.frame_status,
        nargs="+",
        action=types.ExtendAction,
        metavar="N",
        help="only frames in these status codes",
    )
    listing.set_defaults(handler=list_command)

    restart = add_command(
        verbs,
        "restart",
        "restart the failed frames, or frames by index",
        common,
        description="Restart the task's failed (and timed-out) frames with --failed, or the "
        "frames named by frame index as `dayan frame list` shows them (10, 2-4[1]).",
    )
    restart.add_argument("id", type=types.task_id, metavar="ID")
    which = restart.add_mutually_exclusive_group(required=True)
    which.add_argument("--failed", action="store_true", help="every failed frame")
    which.add_argument("frames", type=types.frame_indexes, nargs="*", default=[], metavar="FRAME")
    restart.set_defaults(handler=restart_command)

    stop = add_command(verbs, "stop", "stop frames by index", common)
    stop.add_argument("id", type=types.task_id, metavar="ID")
    stop.add_argument("frames", type=types.frame_indexes, nargs="+", metavar="FRAME")
    stop.set_defaults(handler=stop_command)

    log = add_command(
        verbs,
        "log",
        "the render log of a frame",
        common,
        description="The render log of the task's frame with that frame index, as "
        "`dayan frame list` shows it (every page, a line per line). With --json: a JSON "
        "array of the lines.",
    )
    log.add_argument("id", type=types.task_id, metavar="ID")
    log.add_argument("frame", type=types.frame_index, metavar="FRAME")
    log.set_defaults(handler=log_command)


@contextlib.contextmanager
def _frame_errors(parameter: str) -> Iterator[None]:
    """The SDK's complaint about its frame list parameter, as one about FRAME."""
    try:
        yield
    except RayvisionArgumentError as error:
        if error.parameter != parameter:
            raise
        raise UsageError("FRAME: " + error.error.split(": ", 1)[-1]) from None


def _flat(groups: List[List[str]]) -> List[Union[str, int]]:
    return [index for group in groups for index in group]


def frame_rows(frames: Sequence[Mapping[str, Any]]) -> List[List[str]]:
    return [
        [
            display.cell(frame.get("id")),
            display.cell(frame.get("frameIndex")),
            display.frame_status(frame.get("frameStatus")),
            display.epoch_ms(frame.get("startTime")),
            display.epoch_ms(frame.get("endTime")),
            display.cell(frame.get("frameExecuteTime")),
            display.cell(frame.get("feeAmount")),
        ]
        for frame in frames
    ]


def list_command(context: Context) -> int:
    args = context.args
    task_ids = context.api.query.get_small_task_id(args.id)
    frames = [
        frame
        for frame in _frames_of(context, task_ids)
        if not args.status or frame.get("frameStatus") in args.status
    ]
    empty = no_frames(args.status)
    if task_ids == [args.id]:
        context.result(
            frames,
            lambda: context.table(FRAME_HEADERS, frame_rows(frames), right=(0, 1, 5, 6)),
            empty=empty,
        )
        return 0

    def layered_table() -> str:
        rows = [
            row[:1] + [display.cell(frame.get("taskId"))] + row[1:]
            for frame, row in zip(frames, frame_rows(frames))
        ]
        return context.table(LAYERED_HEADERS, rows, right=(0, 1, 2, 6, 7))

    context.result(frames, layered_table, empty=empty)
    return 0


def no_frames(statuses: Any) -> str:
    """``no frames``, or ``no frames with status 5`` (``4 or 5``) under ``--status``."""
    if not statuses:
        return "no frames"
    codes = [str(code) for code in dict.fromkeys(statuses)]
    shown = codes[0] if len(codes) == 1 else "{} or {}".format(", ".join(codes[:-1]), codes[-1])
    return "no frames with status {}".format(shown)


def restart_command(context: Context) -> int:
    args = context.args
    query = context.api.query
    if args.failed:
        data = query.restart_failed_frames([args.id])
        what = "the failed frames"
    else:
        frames = _flat(args.frames)
        with _frame_errors("restartframes"):
            data = query.get_custome_frames(args.id, frames)
        what = "frames " + " ".join(str(frame) for frame in frames)
    context.result(data, lambda: "task {}: restart requested for {}".format(args.id, what))
    return 0


def stop_command(context: Context) -> int:
    args = context.args
    frames = _flat(args.frames)
    with _frame_errors("stop_frame"):
        data = context.api.query.frame_number_to_stop(args.id, frames)
    named = " ".join(str(frame) for frame in frames)
    context.result(data, lambda: "task {}: stop requested for frames {}".format(args.id, named))
    return 0


def _frames_of(context: Context, task_ids: List[int]) -> Iterator[Any]:
    """The frames of ``task_ids`` (``get_small_task_id``'s): frame calls take a
    sub-task's id, so a parent's frames are its sub-tasks'."""
    for task_id in task_ids:
        yield from context.api.query.iter_frames(task_id)


def log_command(context: Context) -> int:
    args = context.args
    query = context.api.query
    task_ids = query.get_small_task_id(args.id)
    found = [
        frame for frame in _frames_of(context, task_ids) if frame.get("frameIndex") == args.frame
    ]
    if not found:
        raise UsageError(
            "FRAME: task {} has no frame {} (`dayan frame list {}` shows its frames)".format(
                args.id, args.frame, args.id
            )
        )
    if len(found) > 1:
        raise UsageError(
            "FRAME: task {} has {} frames {}, one per layer: give the layer's task id "
            "(`dayan task show {}` lists the layers)".format(
                args.id, len(found), args.frame, args.id
            )
        )
    lines = query.iter_render_log(found[0]["id"])
    if context.json:
        context.out(display.to_json(list(lines)))
        return 0
    empty = True
    for line in lines:
        context.out(printable(line))
        empty = False
    if empty:
        context.note(
            "frame {} of task {} has no log (it has not started)".format(args.frame, args.id)
        )
    return 0
