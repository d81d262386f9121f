"""``dayan api PATH [JSON_BODY]``: sign and POST any path, like ``gh api``."""

import argparse
from typing import Any

from dayan_api.cli import args as types
from dayan_api.cli import display
from dayan_api.cli.args import add_command
from dayan_api.cli.context import Context


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    api = add_command(
        groups,
        "api",
        "sign and POST any path; print the reply's data",
        common,
        description="Sign and POST JSON_BODY (default {}; - reads it from stdin) to PATH, "
        "for calls this tool has no command for. Prints the reply's data as JSON.",
    )
    api.add_argument(
        "path", type=types.api_path, metavar="PATH", help="e.g. /api/render/handle/getTaskList"
    )
    api.add_argument("body", nargs="?", default="{}", metavar="JSON_BODY", help="a JSON object")
    api.set_defaults(handler=api_command)


def api_command(context: Context) -> int:
    args = context.args
    text = context.stdin_text("JSON_BODY from stdin") if args.body == "-" else args.body
    body = types.json_object(text, "JSON_BODY")
    data = context.api.connect.post(args.path, body)
    context.out(display.to_json(data))
    return 0
