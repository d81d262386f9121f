"""An embedded emulator of the Dayan service, for demos and tests that run offline.

It is a real HTTP server on loopback that checks each request as the service
does (headers, timestamp, signature) and keeps accounts and tasks in memory;
tasks render on a simulated clock. Standard library only.

::

    from dayan_api.emulator import serve

    with serve() as emu:                 # the default account, a free port
        api = emu.client()               # a RayvisionAPI pointed at it
        emu.advance(60)                  # a minute of simulated rendering

From a shell: ``python -m dayan_api.emulator --port 8000`` (or
``dayan-emulator``, or ``dayan emulator``), which :func:`main` runs. See
docs/emulator.md.
"""

from typing import Optional, Sequence

from dayan_api.emulator.chaos import Chaos
from dayan_api.emulator.clock import SimClock
from dayan_api.emulator.control import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY, Emulator, serve
from dayan_api.emulator.errors import ApiError
from dayan_api.emulator.faults import Fault
from dayan_api.emulator.server import RequestRecord

__all__ = [
    "DEFAULT_ACCESS_ID",
    "DEFAULT_ACCESS_KEY",
    "ApiError",
    "Chaos",
    "Emulator",
    "Fault",
    "RequestRecord",
    "SimClock",
    "main",
    "serve",
]


def main(argv: Optional[Sequence[str]] = None, prog: Optional[str] = None) -> int:
    """Run the emulator as its command line does, until Ctrl-C or SIGTERM; the exit code.

    ``argv``: the command line's arguments (default ``sys.argv[1:]``), such
    as ``["--port", "0", "--speed", "10"]``; ``prog``: the program name that
    usage and error lines show (default: the name it was run as). Bad
    arguments raise ``SystemExit`` with code 2, as argparse does.
    """
    from dayan_api.emulator.__main__ import main as run_command_line

    return run_command_line(argv, prog)
