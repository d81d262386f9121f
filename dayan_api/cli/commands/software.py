"""``dayan software list``: the DCC software the farm supports."""

import argparse
from typing import Any, Dict, List

from dayan_api.cli import display
from dayan_api.cli.args import add_command
from dayan_api.cli.context import Context


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    software = add_command(groups, "software", "supported software", common)
    verbs = software.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True
    listing = add_command(verbs, "list", "the supported DCC software", common)
    listing.set_defaults(handler=list_command)


def list_command(context: Context) -> int:
    data = context.api.query.supported_software()
    context.result(data, lambda: _text(context, data or {}), empty="no supported software")
    return 0


def _text(context: Context, data: Dict[str, Any]) -> str:
    default = data.get("defaultCgId")
    rows: List[List[str]] = [
        [
            display.cell(entry.get("cgId")),
            display.cell(entry.get("cgName")),
            display.cell(entry.get("cgType")),
            "yes" if entry.get("cgId") == default else "",
        ]
        for entry in data.get("renderInfoList") or []
    ]
    return context.table(("CG ID", "NAME", "TYPE", "DEFAULT"), rows, right=(0,))
