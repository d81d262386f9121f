"""``dayan label list|add NAME|delete NAME``: the account's project labels."""

import argparse
from typing import Any, List

from dayan_api.cli import display
from dayan_api.cli.args import add_command
from dayan_api.cli.context import Context


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    label = add_command(groups, "label", "project labels", common)
    verbs = label.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True
    add_command(verbs, "list", "the account's project labels", common).set_defaults(
        handler=list_labels
    )
    add = add_command(verbs, "add", "add a project label", common)
    add.add_argument("name", metavar="NAME")
    add.set_defaults(handler=add_label)
    delete = add_command(verbs, "delete", "delete a project label", common)
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(handler=delete_label)


def list_labels(context: Context) -> int:
    data = context.api.tag.get_label_list()
    labels = (data or {}).get("projectNameList") or []
    rows: List[List[str]] = [
        [display.cell(label.get("projectId")), display.cell(label.get("projectName"))]
        for label in labels
    ]
    context.result(
        data, lambda: context.table(("ID", "NAME"), rows, right=(0,)), empty="no project labels"
    )
    return 0


def add_label(context: Context) -> int:
    name = context.args.name
    data = context.api.tag.add_label(name)
    context.result(data, lambda: "label {!r} added".format(name))
    return 0


def delete_label(context: Context) -> int:
    name = context.args.name
    data = context.api.tag.delete_label(name)
    context.result(data, lambda: "label {!r} deleted".format(name))
    return 0
