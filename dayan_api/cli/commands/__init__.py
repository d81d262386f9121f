"""The command groups of ``dayan``, one module each, in the order ``--help`` lists them.

Each module has ``register(groups, common)``: it adds its parsers to the
``groups`` subparsers (each also taking the ``common`` global options) and
sets ``handler``, the function that runs the command with a ``Context``.
"""

from dayan_api.cli.commands import (
    account,
    api,
    emulator,
    env,
    frame,
    label,
    output,
    software,
    task,
)

MODULES = (account, task, frame, output, software, label, env, api, emulator)

__all__ = ["MODULES"]
