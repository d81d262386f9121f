"""``dayan task ...``: list, show, create, submit, watch, stop/start/abandon/delete, priority."""

import argparse
import itertools
from typing import Any, List, Mapping, Sequence

from dayan_api.cli import args as types
from dayan_api.cli import display, watch
from dayan_api.cli.args import UsageError, add_command
from dayan_api.cli.context import Context

DEFAULT_LIMIT = 50
MAX_PAGE_SIZE = 100
TASK_HEADERS = ("ID", "STATUS", "FRAMES d/f/t", "COST", "SUBMITTED", "SCENE")

# command -> (TaskOperator method, what the human output says)
_STATE_CHANGES = {
    "stop": ("stop_task", "stop requested"),
    "start": ("start_task", "start requested"),
    "abandon": ("abort_task", "abandoned"),
    "delete": ("delete_task", "deleted"),
}


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    task = add_command(groups, "task", "render tasks", common)
    verbs = task.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True

    listing = add_command(verbs, "list", "the account's tasks, newest first", common)
    listing.add_argument(
        "--status",
        type=types.task_status,
        nargs="+",
        action=types.ExtendAction,
        metavar="N",
        help="only tasks in these status codes",
    )
    listing.add_argument("--search", metavar="TEXT", help="scene name, alias or id containing TEXT")
    listing.add_argument(
        "--since",
        type=types.since,
        metavar="TIME",
        help="submitted at or after TIME (local time, YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS')",
    )
    listing.add_argument(
        "--until",
        type=types.until,
        metavar="TIME",
        help="submitted at or before TIME (a date alone: until its end)",
    )
    listing.add_argument(
        "--limit",
        type=types.non_negative_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help="at most N tasks (default {}; 0: all)".format(DEFAULT_LIMIT),
    )
    listing.set_defaults(handler=list_command)

    show = add_command(verbs, "show", "status, frames, cost and scene of tasks", common)
    show.add_argument("ids", type=types.task_id, nargs="+", metavar="ID")
    show.set_defaults(handler=show_command)

    create = add_command(verbs, "create", "create task ids", common)
    create.add_argument("--count", type=types.positive_int, default=1, metavar="N")
    create.add_argument(
        "--level", type=types.level, default=50, metavar="50|60", help="task user level"
    )
    create.add_argument(
        "--label", action="append", metavar="L", help="a label for the task (repeatable)"
    )
    create.set_defaults(handler=create_command)

    submit = add_command(
        verbs,
        "submit",
        "upload a task.json and submit it",
        common,
        description="Submit a task from a task.json file: its task_info.task_id, or a new "
        "task id; upload the file; submit; print the id.",
    )
    submit.add_argument("task_json", metavar="TASK_JSON", help="the task.json file")
    submit.add_argument("--producer", metavar="NAME")
    submit.add_argument("--watch", action="store_true", help="then watch it as `task watch` does")
    watch.add_options(submit)
    submit.set_defaults(handler=submit_command)

    watching = add_command(
        verbs,
        "watch",
        "poll tasks until every one settles",
        common,
        description="Poll until every task settles. Status 0 when all ended done (25 or 40), "
        "1 when one ended otherwise, 4 when --timeout ran out.",
    )
    watching.add_argument("ids", type=types.task_id, nargs="+", metavar="ID")
    watch.add_options(watching)
    watching.set_defaults(handler=watch_command)

    for verb in _STATE_CHANGES:
        change = add_command(verbs, verb, "{} tasks (one request for all)".format(verb), common)
        change.add_argument("ids", type=types.task_id, nargs="+", metavar="ID")
        change.set_defaults(handler=state_command, change=verb)

    priority = add_command(verbs, "priority", "set a task's priority (task user level)", common)
    priority.add_argument("id", type=types.task_id, metavar="ID")
    priority.add_argument("level", type=types.non_negative_int, metavar="LEVEL")
    priority.set_defaults(handler=priority_command)

    limit = add_command(
        verbs,
        "limit",
        "render at most N frames of a task at once",
        common,
        description="Set the task's node limit (taskLimit): at most N of its frames render at "
        "once (task.update_task_limit; a call the API reference does not list).",
    )
    limit.add_argument("id", type=types.task_id, metavar="ID")
    limit.add_argument("limit", type=types.positive_int, metavar="N")
    limit.set_defaults(handler=limit_command)


def task_rows(items: Sequence[Mapping[str, Any]]) -> List[List[str]]:
    """Table rows of task items; a layered task's layers follow it, indented."""
    rows = []
    for item in items:
        rows.append(_task_row(item, str(item.get("id")), item.get("sceneName")))
        for layer in item.get("respRenderingTaskList") or []:
            rows.append(_task_row(layer, "  " + str(layer.get("id")), layer.get("layerName")))
    return rows


def _task_row(item: Mapping[str, Any], label: str, scene: Any) -> List[str]:
    return [
        label,
        display.task_status(item.get("taskStatus")),
        display.counts(item),
        display.cell(item.get("renderConsume")),
        display.epoch_ms(item.get("submitDate")),
        display.cell(scene),
    ]


def list_command(context: Context) -> int:
    args = context.args
    limit = args.limit
    page_size = limit if 0 < limit < MAX_PAGE_SIZE else MAX_PAGE_SIZE
    tasks = context.api.query.iter_tasks(
        status_list=args.status,
        search_keyword=args.search,
        start_time=args.since,
        end_time=args.until,
        page_size=page_size,
    )
    items = list(itertools.islice(tasks, limit) if limit else tasks)
    context.result(
        items, lambda: context.table(TASK_HEADERS, task_rows(items), right=(3,)), empty="no tasks"
    )
    return 0


def show_command(context: Context) -> int:
    ids = context.args.ids
    data = context.api.query.task_info(ids)
    items = (data or {}).get("items") or []
    context.result(data, lambda: context.table(TASK_HEADERS, task_rows(items), right=(3,)))
    found = {item.get("id") for item in items}
    missing = [task_id for task_id in ids if task_id not in found]
    for task_id in missing:
        context.note("dayan: no task {} in this account".format(task_id))
    return 1 if missing else 0


def create_command(context: Context) -> int:
    args = context.args
    data = context.api.task.create_task(
        count=args.count, task_user_level=args.level, labels=args.label
    )
    context.result(data, lambda: "\n".join(str(i) for i in (data or {}).get("taskIdList") or []))
    return 0


def submit_command(context: Context) -> int:
    args = context.args
    if not args.watch:
        for option, value in (("--interval", args.interval), ("--timeout", args.timeout)):
            if value is not None:
                raise UsageError("{} goes with --watch".format(option))
    content = types.read_task_json(args.task_json)
    task_id = context.api.submit_by_data(content, producer=args.producer)
    context.result({"task_id": task_id}, lambda: str(task_id))
    if args.watch:
        return watch.watch(context, [task_id], args.interval, args.timeout)
    return 0


def watch_command(context: Context) -> int:
    args = context.args
    return watch.watch(context, list(args.ids), args.interval, args.timeout)


def state_command(context: Context) -> int:
    ids = context.args.ids
    method, done = _STATE_CHANGES[context.args.change]
    data = getattr(context.api.task, method)(ids)
    context.result(data, lambda: "{}: {}".format(done, " ".join(str(i) for i in ids)))
    return 0


def priority_command(context: Context) -> int:
    args = context.args
    data = context.api.task.update_priority(args.id, args.level)
    context.result(data, lambda: "task {}: priority set to {}".format(args.id, args.level))
    return 0


def limit_command(context: Context) -> int:
    args = context.args
    data = context.api.task.update_task_limit(args.id, args.limit)
    context.result(
        data,
        lambda: (
            "task {}: at most {} frames at once (in each sub-task, for a task with them)".format(
                args.id, args.limit
            )
        ),
    )
    return 0
