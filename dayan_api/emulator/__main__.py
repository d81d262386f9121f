"""``python -m dayan_api.emulator``: run the emulator until interrupted.

The first line printed is ``listening on http://HOST:PORT``, with the port
actually bound, so a script can start it with ``--port 0`` and read the address.
"""

import argparse
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any, Callable, List, Optional, Sequence, Tuple

from dayan_api.cli.streams import prepared as prepared_streams
from dayan_api.emulator.chaos import DEFAULT_DELAY, Chaos
from dayan_api.emulator.clock import check_speed
from dayan_api.emulator.control import DEFAULT_ACCESS_ID, MAX_LATENCY, Emulator, check_latency


class _Stop(Exception):
    """Raised in the main thread by SIGTERM or Ctrl-Break, to stop like Ctrl-C does."""


def _account(text: str) -> Tuple[str, str]:
    # The messages never repeat the text: it may hold a key.
    access_id, colon, access_key = text.partition(":")
    if not colon:
        raise argparse.ArgumentTypeError("expected ID:KEY (an access id, ':' and its key)")
    if not access_id.strip() or not access_key:
        raise argparse.ArgumentTypeError("expected ID:KEY with neither part empty")
    return access_id, access_key


def _speed(text: str) -> float:
    try:
        return check_speed(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected a number >= 0 (simulated seconds per real second), not {!r}".format(text)
        ) from None


def _latency_ms(text: str) -> float:
    try:
        return check_latency(float(text) / 1000)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected milliseconds from 0 to {:g}, not {!r}".format(MAX_LATENCY * 1000, text)
        ) from None


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("expected a number from 0 to 1, not {!r}".format(text))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 3600.0:
        raise argparse.ArgumentTypeError(
            "expected a number of seconds from 0 to 3600, not {!r}".format(text)
        )
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected an integer, not {!r}".format(text)) from None


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError("expected a port from 0 to 65535, not {!r}".format(text))
    return int(text)


MODULE_PROG = "python -m dayan_api.emulator"


def program_name(argv0: str) -> str:
    """The name the emulator was run as, for its usage and error lines.

    ``argv0`` is ``sys.argv[0]``: a console script's path (``dayan-emulator``)
    gives its file name; ``python -m`` (which puts the path of
    ``__main__.py`` there) gives ``python -m dayan_api.emulator``.
    """
    name = os.path.basename(argv0)
    if name.lower().endswith(".exe"):  # the launcher of a console script on Windows
        name = name[:-4]
    if not name or name.startswith("__main__.") or name == "-c":
        return MODULE_PROG
    return name


def build_parser(prog: str = MODULE_PROG) -> argparse.ArgumentParser:
    """The emulator's argument parser; ``prog`` is the name its messages show."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve an emulator of the Dayan render service on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=0, help="port (default 0: a free one)")
    parser.add_argument(
        "--account",
        type=_account,
        action="append",
        default=[],
        metavar="ID:KEY",
        help="an account to accept (repeatable; default: {} and its documented key)".format(
            DEFAULT_ACCESS_ID
        ),
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="how many times faster than real time tasks render (default 1; 0 stops the clock)",
    )
    parser.add_argument(
        "--latency",
        type=_latency_ms,
        default=0.0,
        metavar="MS",
        help="milliseconds every reply waits before it is sent, as over a real network (default 0)",
    )
    parser.add_argument(
        "--chaos",
        type=_share,
        metavar="P",
        help="fail this share of requests (0 to 1) on every path: 502 pages, 503 with "
        "Retry-After, connections closed after the request was carried out, late replies, "
        "replies whose body is cut short",
    )
    parser.add_argument(
        "--seed", type=_seed, metavar="N", help="seed of the chaos picks, for repeatable runs"
    )
    parser.add_argument(
        "--chaos-delay",
        type=_seconds,
        default=DEFAULT_DELAY,
        metavar="S",
        help="seconds a late reply is held: past the client's read timeout "
        "(default {:g}, past the SDK's default of 60)".format(DEFAULT_DELAY),
    )
    return parser


def main(argv: Optional[Sequence[str]] = None, prog: Optional[str] = None) -> int:
    """Run the emulator until Ctrl-C, SIGTERM or Ctrl-Break; returns the exit code.

    ``argv``: the arguments (default: the process's own command line).
    ``prog``: the name usage and error lines show (default: the name it was
    run as, from ``sys.argv[0]``). Called in-process, what the host's streams
    cannot encode is escaped, and the streams are left as they were.
    """
    with prepared_streams(own_process=argv is None):
        return _main(argv, prog)


def _main(argv: Optional[Sequence[str]], prog: Optional[str]) -> int:
    parser = build_parser(program_name(sys.argv[0]) if prog is None else prog)
    args = parser.parse_args(argv)
    ids: List[str] = [access_id for access_id, _ in args.account]
    if len(set(ids)) != len(ids):
        parser.error("argument --account: an access id is given twice")
    if args.chaos is None and args.seed is not None:
        parser.error("argument --seed: goes with --chaos")
    chaos = None
    if args.chaos is not None:
        chaos = Chaos(args.chaos, args.seed, delay=args.chaos_delay)
    try:
        emulator = Emulator(
            dict(args.account) or None,
            args.host,
            args.port,
            args.speed,
            chaos=chaos,
            latency=args.latency,
        )
    except OSError as error:
        print("cannot listen on {}:{}: {}".format(args.host, args.port, error), file=sys.stderr)
        return 1
    restore = _stop_on_signals()
    try:
        with emulator:
            print("listening on {}".format(emulator.url), flush=True)
            print("accounts: {}".format(", ".join(emulator.access_ids)), flush=True)
            if chaos is not None:
                print(
                    "chaos: {:g} of requests fail (seed {}, late replies held {:g} s)".format(
                        chaos.rate, chaos.seed, chaos.delay
                    ),
                    flush=True,
                )
            while emulator.running:
                time.sleep(0.2)
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        restore()
    return 0


def _stop_on_signals() -> Callable[[], Any]:
    """Make SIGTERM, and Ctrl-Break (SIGBREAK) where it exists, stop the loop cleanly.

    Main thread only (where Python runs signal handlers); returns an undo function.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum: int, frame: Optional[FrameType]) -> None:
        raise _Stop

    numbers: List[int] = [signal.SIGTERM]
    ctrl_break = getattr(signal, "SIGBREAK", None)  # Windows only
    if ctrl_break is not None:
        numbers.append(ctrl_break)
    previous = [(number, signal.signal(number, stop)) for number in numbers]

    def restore() -> None:
        for number, handler in previous:
            signal.signal(number, handler)

    return restore


if __name__ == "__main__":
    sys.exit(main())
