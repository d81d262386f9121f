"""``dayan emulator ...``: the built-in emulator, as ``python -m dayan_api.emulator``.

The command line hands everything after ``emulator`` to the emulator's own
parser (see ``dayan_api.cli.app``); this parser only lists it in ``--help``.
"""

import argparse
from typing import Any


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    groups.add_parser(
        "emulator",
        help="run the built-in emulator (its options: dayan emulator --help)",
        add_help=False,
    )
