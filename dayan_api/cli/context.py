"""What a command runs with: its arguments, its account, and where to write."""

import argparse
import sys
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, TextIO

from dayan_api.cli import display, profiles
from dayan_api.cli.args import utf8_text
from dayan_api.constants import DEFAULT_DOMAIN, DEFAULT_PROTOCOL

if TYPE_CHECKING:
    from dayan_api.core import RayvisionAPI


def __getattr__(name: str) -> Any:
    # The client is imported when a command first needs it, not with this
    # module: --help, --version and the argument checks run without it (and
    # without requests).
    if name == "RayvisionAPI":
        from dayan_api.core import RayvisionAPI

        globals()[name] = RayvisionAPI
        return RayvisionAPI
    raise AttributeError("module {!r} has no attribute {!r}".format(__name__, name))


class Context:
    """One run of a command.

    ``args`` is the parsed command line (global options filled in);
    :attr:`api` is made on first use, so that a command checks its own
    arguments before credentials are looked for.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        stdout: Optional[TextIO] = None,
        stderr: Optional[TextIO] = None,
    ) -> None:
        self.args = args
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self._api: Optional[RayvisionAPI] = None

    @property
    def json(self) -> bool:
        return bool(self.args.json)

    @property
    def api(self) -> "RayvisionAPI":
        """The client for the account that the options and the environment name."""
        if self._api is None:
            # Read as the module's attribute, which imports it on first use.
            client_class = sys.modules[__name__].RayvisionAPI
            account = profiles.resolve(self.args.profile)
            options: Dict[str, Any] = {}
            if self.args.request_timeout is not None:
                options["timeout"] = self.args.request_timeout
            self._api = client_class(
                access_id=account.access_id,
                access_key=account.access_key,
                domain=self.args.domain or account.domain or DEFAULT_DOMAIN,
                protocol=self.args.protocol or account.protocol or DEFAULT_PROTOCOL,
                **options,
            )
        return self._api

    def close(self) -> None:
        if self._api is not None:
            self._api.close()

    def out(self, text: str) -> None:
        """A line (or lines) of the result, on stdout."""
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def stdin_is_terminal(self) -> bool:
        """Whether stdin is a terminal (False when there is no stdin, as under ``pythonw``)."""
        isatty = getattr(sys.stdin, "isatty", None)
        return bool(isatty and isatty())

    def stdin_line(self) -> str:
        """One line of stdin without its line end; empty when there is no stdin."""
        if sys.stdin is None:
            return ""
        return sys.stdin.readline().rstrip("\r\n")

    def stdin_text(self, what: str) -> str:
        """All of stdin as text (``what`` names it in errors); empty when there is no stdin.

        Read as bytes and decoded as UTF-8 (a BOM allowed), not in the code
        page that Windows decodes pipes with.
        """
        if sys.stdin is None:
            return ""
        binary = getattr(sys.stdin, "buffer", None)
        if binary is None:  # a host's own object: it hands out text already
            return str(sys.stdin.read())
        return utf8_text(binary.read(), what)

    def note(self, text: str) -> None:
        """A line of progress or explanation, on stderr."""
        self.stderr.write(text + "\n")
        self.stderr.flush()

    def result(self, data: Any, human: Callable[[], str], empty: Optional[str] = None) -> None:
        """The command's result: ``data`` as JSON with ``--json``, else ``human()``.

        When ``human()`` is empty and stdout is a terminal, ``empty`` (such as
        ``no tasks``) goes to stderr, so that nothing printed is not mistaken
        for nothing done; a pipe or a file gets nothing, as a script expects.
        """
        if self.json:
            self.out(display.to_json(data))
            return
        text = human()
        if text:
            self.out(text)
        elif empty is not None and display.is_terminal(self.stdout):
            self.note(empty)

    def table(self, headers: Any, rows: Any, right: Any = ()) -> str:
        """A table sized to the terminal (not cut when stdout is not a terminal)."""
        if not rows:
            return ""
        return display.table(headers, rows, display.terminal_width(self.stdout), right)
