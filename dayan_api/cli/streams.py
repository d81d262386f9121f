"""Standard streams that never fail a command line: every entry point runs inside :func:`prepared`.

The entry points: ``dayan`` (and ``python -m dayan_api``, and
``dayan_api.cli.main(argv)`` in-process), ``dayan-emulator`` and
``python -m dayan_api.emulator``.

A DCC host or a GUI launcher hands the command line streams of every kind: none
at all (``pythonw`` sets ``sys.stdout`` to None), a strict ``gbk`` or
``cp1252`` one, its own console object, a pipe that Windows reports closed with
``EINVAL`` rather than ``EPIPE``. For the length of a run, :func:`prepared`
puts a :class:`SafeStream` in place of ``sys.stdout`` and ``sys.stderr``, and
puts the host's own objects back afterwards, unchanged.
"""

import codecs
import contextlib
import errno
import io
import os
import sys
from typing import IO, Any, Iterable, Iterator, List, TextIO, Tuple, cast

# A write that fails with one of these means that the reader went away:
# EPIPE on POSIX; EINVAL on Windows, for a pipe whose reader has closed it
# (https://github.com/python/cpython/issues/79935).
_READER_GONE = (errno.EPIPE, errno.EINVAL)


class SafeStream(io.TextIOBase):
    """Writes to ``target``, escaping (``\\uXXXX``) what its encoding cannot carry.

    A write that fails because the reader went away raises
    :class:`BrokenPipeError` on every system.
    """

    def __init__(self, target: IO[str]) -> None:
        super().__init__()
        self.target = target
        self._encoder = _encoder_of(target)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "backslashreplace"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with _reader_gone_as_broken_pipe():
            self.target.write(self._escaped(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:  # type: ignore[override]
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        flush = getattr(self.target, "flush", None)  # a host's own object may have none
        if flush is not None:
            with _reader_gone_as_broken_pipe():
                flush()

    def isatty(self) -> bool:
        isatty = getattr(self.target, "isatty", None)
        return bool(isatty and isatty())

    def fileno(self) -> int:
        fileno = getattr(self.target, "fileno", None)
        if fileno is None:
            raise io.UnsupportedOperation("the stream has no file descriptor")
        return int(fileno())

    def close(self) -> None:
        pass  # the stream belongs to the process (or the host), not to this run

    def _escaped(self, text: str) -> str:
        if self._encoder is None:
            return text
        try:
            self._encoder(text)
        except UnicodeEncodeError:
            return "".join(_escaped_character(char, self._encoder) for char in text)
        return text


def _encoder_of(stream: Any) -> Any:
    """The strict encoder of ``stream``'s encoding; None when it takes any text."""
    name = getattr(stream, "encoding", None)
    if not isinstance(name, str):
        return None  # a host's own object: it takes str as it is
    try:
        return codecs.lookup(name).encode
    except LookupError:
        return None


def _escaped_character(char: str, encode: Any) -> str:
    try:
        encode(char)
    except UnicodeEncodeError:
        return char.encode("ascii", "backslashreplace").decode("ascii")
    return char


@contextlib.contextmanager
def _reader_gone_as_broken_pipe() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        if error.errno in _READER_GONE:
            raise BrokenPipeError(errno.EPIPE, "the reader closed the pipe") from error
        raise


@contextlib.contextmanager
def prepared(own_process: bool) -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` made safe for one run, then put back.

    A missing stream is written to as if it were ``os.devnull``. With
    ``own_process`` (the ``dayan`` script, ``python -m``), pipes and files
    are also switched to UTF-8, so that ``| jq`` reads UTF-8 JSON whatever
    the code page; a stream called in-process belongs to its host and keeps
    its encoding. Nested runs (``dayan emulator``) reuse the outer streams.
    """
    saved: List[Tuple[str, Any]] = []
    opened: List[IO[str]] = []
    try:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if isinstance(stream, SafeStream):
                continue
            if stream is None:
                stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
                opened.append(stream)
            elif own_process:
                _utf8_into_pipes(stream)
            saved.append((name, getattr(sys, name)))
            setattr(sys, name, cast(TextIO, SafeStream(stream)))
        yield
    finally:
        for name, stream in saved:
            setattr(sys, name, stream)
        for stream in opened:
            stream.close()


def _utf8_into_pipes(stream: Any) -> None:
    if not isinstance(stream, io.TextIOWrapper):
        return
    if stream.isatty():
        stream.reconfigure(errors="backslashreplace")
    else:
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def quiet_after_broken_pipe(own_process: bool) -> None:
    """After the reader of stdout went away: make the interpreter's last flush quiet.

    Only for the process's own stdout (its descriptor is pointed at
    ``os.devnull``, as the Python docs advise); a host's stream is the host's.
    """
    if not own_process:
        return
    stream = sys.stdout
    if isinstance(stream, SafeStream):
        stream = stream.target
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass
