"""``dayan output list ID``: a task's output files, as a tree with sizes."""

import argparse
from typing import Any, List, Mapping

from dayan_api.cli import args as types
from dayan_api.cli import display
from dayan_api.cli.args import add_command
from dayan_api.cli.context import Context
from dayan_api.exception import RayvisionAPIError

# A task has one output folder per layer at most; the bound only guards
# against a listing that never ends (a folder that contains itself).
MAX_ENTRIES = 100000
INDENT = "  "


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    output = add_command(groups, "output", "a task's output files", common)
    verbs = output.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True
    listing = add_command(
        verbs,
        "list",
        "the task's output files as a tree with sizes",
        common,
        description="The task's output files as a tree with sizes, then their total "
        "(transmit.get_output_size). With --json: what transmit.get_output_files(task_id=ID) "
        "returns (the top of the tree).",
    )
    listing.add_argument("id", type=types.task_id, metavar="ID")
    listing.set_defaults(handler=list_command)


def list_command(context: Context) -> int:
    transmit = context.api.transmit
    top = transmit.get_output_files(task_id=context.args.id)
    if context.json:
        context.result(top, str)
        return 0
    rows: List[List[str]] = []
    pending = [(entry, 0) for entry in reversed(top or [])]
    while pending and len(rows) < MAX_ENTRIES:
        entry, depth = pending.pop()
        rows.append(_row(entry, depth))
        if entry.get("directory") and entry.get("filePath"):
            inside = transmit.get_output_files(tree_path=entry["filePath"]) or []
            pending.extend((child, depth + 1) for child in reversed(inside))
    if not rows:
        context.note("task {} has no output files yet".format(context.args.id))
        return 0
    context.out(context.table(("NAME", "SIZE", "MODIFIED"), rows, right=(1,)))
    context.out(_total(context))
    return 0


def _total(context: Context) -> str:
    """The task's total output size, as transmit.get_output_size gives it."""
    task_id = context.args.id
    try:
        page = context.api.transmit.get_output_size([task_id])
    except RayvisionAPIError as error:
        # A call the API reference does not list: the tree is still shown.
        return "total: unavailable ({})".format(error)
    sizes = [item.get("size") for item in page.get("items") or [] if item.get("taskId") == task_id]
    return "total: {}".format(display.size(sizes[0] if sizes else None))


def _row(entry: Mapping[str, Any], depth: int) -> List[str]:
    name = display.cell(entry.get("fileName"))
    if entry.get("directory"):
        name += "/"
    return [
        INDENT * depth + name,
        "" if entry.get("directory") else display.size(entry.get("fileSize")),
        display.service_time(entry.get("lastModify")),
    ]
