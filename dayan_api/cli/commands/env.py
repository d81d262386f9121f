"""``dayan env list [--software NAME]``: the account's render environments."""

import argparse
from typing import Any, List, Mapping

from dayan_api.cli import display
from dayan_api.cli.args import add_command
from dayan_api.cli.context import Context
from dayan_api.constants import SOFTWARE_IDS, software_id

_OS_NAMES = {0: "Linux", 1: "Windows"}


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    env = add_command(groups, "env", "render environments", common)
    verbs = env.add_subparsers(dest="verb", metavar="VERB", title="verbs")
    verbs.required = True
    listing = add_command(verbs, "list", "the account's render environments", common)
    listing.add_argument(
        "--software",
        metavar="NAME",
        help="only this software's ({})".format(", ".join(SOFTWARE_IDS)),
    )
    listing.set_defaults(handler=list_command)


def list_command(context: Context) -> int:
    name = context.args.software
    if name is not None:
        software_id(name, "--software")  # said as the option, before anything is sent
    data = context.api.env.get_render_env(name=name)
    rows = [_row(entry) for entry in data or []]
    headers = ("NAME", "SOFTWARE", "OS", "DEFAULT", "PLUGINS")
    empty = "no render environments" + ("" if name is None else " for {}".format(name))
    context.result(data, lambda: context.table(headers, rows), empty=empty)
    return 0


def _row(entry: Mapping[str, Any]) -> List[str]:
    plugins = entry.get("respUserPluginInfoVos") or []
    os_name = entry.get("osName")
    software = "{} {}".format(
        display.cell(entry.get("cgName")), display.cell(entry.get("cgVersion"))
    )
    return [
        display.cell(entry.get("editName")),
        software,
        _OS_NAMES.get(os_name, display.cell(os_name)) if isinstance(os_name, int) else "-",
        "yes" if entry.get("isDefault") else "",
        ", ".join(display.cell(plugin.get("pluginVersion")) for plugin in plugins) or "-",
    ]
