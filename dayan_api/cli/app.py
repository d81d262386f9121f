"""The ``dayan`` command: its parser, its global options, and its exit statuses.

Exit statuses (docs/cli.md): 0 success; 1 the service refused, or a watched
task did not end done; 2 bad usage, nothing sent; 3 the service could not be
reached or answered badly; 4 a watch timed out; 130 interrupted (Ctrl-C).
"""

import argparse
import logging
import sys
import traceback
from typing import Any, Dict, List, Optional, Sequence, Tuple

from dayan_api import __version__
from dayan_api.cli import args as types
from dayan_api.cli import commands, streams
from dayan_api.cli.args import UsageError
from dayan_api.cli.context import Context
from dayan_api.cli.profiles import PROTOCOLS
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
    RayvisionError,
    RayvisionHTTPError,
)

OK = 0
REFUSED = 1
USAGE = 2
UNREACHABLE = 3
TIMED_OUT = 4
INTERRUPTED = 130

PROG = "dayan"
# The docs site (mkdocs.yml builds it from docs/); pyproject.toml's
# [project.urls] Documentation is the same address (a test checks).
DOCS_URL = "https://dayan-api.readthedocs.io/"
VERSION = "dayan_api {}".format(__version__)
EMULATOR = "emulator"  # the command whose arguments are handed over unparsed
# Global options taking a value: needed to find the command in argv before
# parsing (``dayan emulator`` hands the rest of the line over as it is).
_VALUE_OPTIONS = ("--profile", "--domain", "--protocol", "--request-timeout")
# Global options as they are when not given anywhere on the line.
_GLOBAL_DEFAULTS: Dict[str, Any] = {
    "profile": None,
    "domain": None,
    "protocol": None,
    "json": False,
    "request_timeout": None,
    "verbose": False,
}


def global_options() -> argparse.ArgumentParser:
    """The options accepted before the command and after it.

    Their defaults are ``SUPPRESS`` so that a value given before the command
    is not overwritten by the subcommand's parser; :func:`parse` fills in the
    real defaults afterwards.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    group = parser.add_argument_group("global options")
    suppress = argparse.SUPPRESS
    group.add_argument(
        "--profile",
        metavar="NAME",
        default=suppress,
        help="the account saved under NAME by `dayan configure` (default: the environment, "
        "else the profile 'default')",
    )
    group.add_argument(
        "--domain",
        metavar="HOST",
        default=suppress,
        help="the service's host, HOST or HOST:PORT (default task.dayancloud.com)",
    )
    group.add_argument(
        "--protocol",
        choices=PROTOCOLS,
        default=suppress,
        help="default https; http for the emulator",
    )
    group.add_argument(
        "--json", action="store_true", default=suppress, help="print the result as JSON"
    )
    group.add_argument(
        "--request-timeout",
        metavar="SECONDS",
        type=types.seconds,
        default=suppress,
        help="timeout of each request (default: the SDK's)",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=suppress,
        help="log each request to stderr (never the key); tracebacks on errors",
    )
    group.add_argument(
        "--version",
        action="version",
        version=VERSION,
        help="print the version and exit",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    common = global_options()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The Dayan render service from a shell: tasks, frames, outputs, and more.",
        epilog="Run `dayan COMMAND --help` for a command's options. Documentation: {}".format(
            DOCS_URL
        ),
        parents=[common],
        allow_abbrev=False,
    )
    groups = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    groups.required = True
    for module in commands.MODULES:
        module.register(groups, common)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse a command line (argparse errors exit with status 2)."""
    args = build_parser().parse_args(argv)
    for name, default in _GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


def _passthrough(argv: Sequence[str]) -> Optional[List[str]]:
    """The arguments after ``emulator`` when that is the command, else None."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in _VALUE_OPTIONS:
            index += 2
        elif token.startswith("-"):
            if token in ("-h", "--help"):
                return None
            index += 1
        else:
            return list(argv[index + 1 :]) if token == EMULATOR else None
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one ``dayan`` command line; returns its exit status.

    Without ``argv``, the process's own command line (the ``dayan`` script,
    ``python -m dayan_api``). Called in-process (a DCC host), the host's
    ``sys.stdout`` and ``sys.stderr`` are used as they are and left as they
    were; what they cannot encode is escaped, and a missing one is skipped.
    """
    own_process = argv is None
    with streams.prepared(own_process):
        return _main(sys.argv[1:] if argv is None else argv, own_process)


def _main(argv: Sequence[str], own_process: bool) -> int:
    rest = _passthrough(argv)
    if rest is not None:
        return _run_emulator(list(argv[: len(argv) - len(rest) - 1]), rest)
    try:
        args = parse(argv)
    except SystemExit as stop:  # --help, --version, and argparse's errors (status 2)
        return stop.code if isinstance(stop.code, int) else USAGE
    except KeyboardInterrupt:
        return INTERRUPTED
    logger = logging.getLogger("dayan_api")
    level = logger.level
    log_handler = _log_to_stderr(logger) if args.verbose else None
    context = Context(args)
    try:
        return int(args.handler(context))
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # `dayan task list | head -1`: the reader has what it wanted.
        streams.quiet_after_broken_pipe(own_process)
        return OK
    except Exception as error:  # noqa: BLE001 (every error becomes a status and a message)
        return _report(context, error)
    finally:
        context.close()
        if log_handler is not None:
            logger.removeHandler(log_handler)
            logger.setLevel(level)


def _run_emulator(before: List[str], argv: List[str]) -> int:
    """``dayan emulator``: ``before`` are the options given before ``emulator``."""
    if "--version" in before or "--version" in argv:
        print(VERSION)
        return OK
    if before:
        # None of the global options applies to the emulator: refuse them
        # rather than serve while ignoring what the user asked for.
        sys.stderr.write(
            "dayan: error: {} does not apply to `dayan emulator`; its options: "
            "dayan emulator --help\n".format(before[0])
        )
        return USAGE
    from dayan_api.emulator import main as emulator_main

    try:
        return emulator_main(argv, prog="{} {}".format(PROG, EMULATOR))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else USAGE
    except KeyboardInterrupt:
        return OK  # Ctrl-C is how the emulator is stopped


def _report(context: Context, error: Exception) -> int:
    """Say what failed on stderr (and what to do); return the exit status."""
    status, message, hint = _describe(error)
    context.note("dayan: {}".format(message))
    if hint:
        context.note(hint)
    if context.args.verbose and not isinstance(error, UsageError):
        context.stderr.write(
            "".join(traceback.format_exception(type(error), error, error.__traceback__))
        )
    return status


# What to check when the service refuses the signature (by Code name).
_CODE_HINTS = {
    "SIGNATURE_INVALID": "check the access key: it must be the one issued with this access id "
    "(RAYVISION_API_KEY, or the profile's; `dayan configure` saves a new pair)",
    "SIGNATURE_EXPIRED": "check this machine's clock: the request's time is too far from the "
    "service's (set the clock, or turn on network time)",
}


def _describe(error: Exception) -> Tuple[int, str, str]:
    if isinstance(error, UsageError):
        return USAGE, "error: {}".format(error), ""
    if isinstance(error, (RayvisionArgumentError, RayvisionArgumentTypeError)):
        return USAGE, "error: {}".format(error.error), ""
    if isinstance(error, RayvisionAPIError):
        hint = _CODE_HINTS.get(error.code_name or "", "")
        return REFUSED, "the service refused: {}".format(api_error_text(error)), hint
    if isinstance(error, RayvisionConnectionError):
        return (
            UNREACHABLE,
            "cannot reach the service: {}".format(error.error),
            "check --domain and --protocol, and the network",
        )
    if isinstance(error, RayvisionHTTPError):
        return UNREACHABLE, "the service answered {}".format(error.error), ""
    if isinstance(error, RayvisionError):
        return UNREACHABLE, "the service answered badly: {}".format(error.error), ""
    return (
        REFUSED,
        "unexpected error: {}: {}".format(type(error).__name__, error),
        "run again with -v for the details",
    )


def api_error_text(error: RayvisionAPIError) -> str:
    """``code 937 TASK_NOT_FOUND: the message (requestId ...)``."""
    code = "code {}".format(error.error_code)
    # The code's documented name (dayan_api.Code), where the SDK knows one:
    # "code 610 SIGNATURE_EXPIRED" reads as a clock problem.
    if error.code_name:
        code += " " + error.code_name
    text = "{}: {}".format(code, error.error or "(no message)")
    if error.request_id:
        text += " (requestId {})".format(error.request_id)
    return text


def _log_to_stderr(logger: logging.Logger) -> logging.Handler:
    """Each request (path, status, time, requestId) and retry notices, on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler
